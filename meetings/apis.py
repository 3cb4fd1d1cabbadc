"""REST endpoints of the meetings app: thin, reading through the scoped selectors and writing through the services."""

from django.contrib.auth import get_user_model
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.scoped_fields import ScopedPrimaryKeyRelatedField
from banten_dinsos.agencies.models import Agency
from banten_dinsos.regions.models import Region, RegionLevel
from clusters.models import Cluster, Disaster
from clusters.selectors import disaster_list

from . import selectors, services
from .ical import meeting_ics
from .models import (
    ActionItem,
    ActionItemProgress,
    ActionItemStatus,
    AgendaItem,
    AttendanceStatus,
    Decision,
    DocumentInput,
    InputRound,
    Meeting,
    MeetingKind,
    Participant,
    ParticipantGroup,
)

User = get_user_model()


# ---------------------------------------------------------------------------------------------------------------
# Meetings
# ---------------------------------------------------------------------------------------------------------------


class AgendaItemSerializer(serializers.ModelSerializer):
    points = serializers.CharField(source="minutes_points")

    class Meta:
        model = AgendaItem
        fields = ["id", "position", "title", "presenter", "points"]


class DecisionOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "position", "text", "agenda_item"]
        ref_name = "MeetingDecision"


class ActionItemOutputSerializer(serializers.ModelSerializer):
    meeting_title = serializers.CharField(source="meeting.title")
    owner_agency = serializers.CharField(source="owner_agency.code")
    owner_agency_name = serializers.CharField(source="owner_agency.name")
    owner_user = serializers.CharField(source="owner_user.username", allow_null=True, default=None)
    is_overdue = serializers.BooleanField()

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "meeting",
            "meeting_title",
            "decision",
            "title",
            "description",
            "owner_agency",
            "owner_agency_name",
            "owner_person",
            "owner_user",
            "due_on",
            "status",
            "completed_on",
            "is_overdue",
            "updated_at",
        ]


class MeetingOutputSerializer(serializers.ModelSerializer):
    organizer = serializers.CharField(source="organizer.code")
    organizer_name = serializers.CharField(source="organizer.name")
    disaster_title = serializers.CharField(source="disaster.title", allow_null=True, default=None)
    overdue_action_items = serializers.IntegerField(source="overdue_count")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "chair",
            "organizer",
            "organizer_name",
            "disaster",
            "disaster_title",
            "status",
            "overdue_action_items",
        ]


class CountRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    invited = serializers.IntegerField()
    attended = serializers.IntegerField()
    absent = serializers.IntegerField()
    walk_ins = serializers.IntegerField()


class AttendanceSummarySerializer(serializers.Serializer):
    invited = serializers.IntegerField()
    walk_ins = serializers.IntegerField()
    present = serializers.IntegerField()
    represented = serializers.IntegerField()
    absent = serializers.IntegerField()
    not_recorded = serializers.IntegerField()
    attended = serializers.IntegerField()
    by_agency = CountRowSerializer(many=True)
    by_kabkota = CountRowSerializer(many=True)
    by_group = CountRowSerializer(many=True)
    sentences = serializers.ListField(child=serializers.CharField())


class MeetingDetailOutputSerializer(MeetingOutputSerializer):
    clusters = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    concerned_kabkota = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)
    decisions = serializers.SerializerMethodField()
    action_items = serializers.SerializerMethodField()
    attendance = serializers.SerializerMethodField()
    minutes_pdf = serializers.SerializerMethodField()

    class Meta(MeetingOutputSerializer.Meta):
        fields = [
            *MeetingOutputSerializer.Meta.fields,
            "description",
            "cancel_reason",
            "sequence",
            "clusters",
            "concerned_kabkota",
            "agenda",
            "minutes_summary",
            "minutes_updated_at",
            "decisions",
            "action_items",
            "attendance",
            "minutes_pdf",
        ]

    @extend_schema_field(DecisionOutputSerializer(many=True))
    def get_decisions(self, meeting):
        return DecisionOutputSerializer(selectors.meeting_decisions(meeting=meeting), many=True).data

    @extend_schema_field(ActionItemOutputSerializer(many=True))
    def get_action_items(self, meeting):
        items = meeting.action_items.select_related("meeting", "owner_agency", "owner_user")
        return ActionItemOutputSerializer(items, many=True).data

    @extend_schema_field(AttendanceSummarySerializer())
    def get_attendance(self, meeting):
        return AttendanceSummarySerializer(selectors.attendance_summary(meeting=meeting)).data

    def get_minutes_pdf(self, meeting) -> dict:
        return {
            "available": bool(meeting.minutes_pdf),
            "sha256": meeting.minutes_pdf_sha256 or None,
            "built_at": serializers.DateTimeField().to_representation(meeting.minutes_pdf_built_at)
            if meeting.minutes_pdf_built_at
            else None,
            "pending": meeting.minutes_pdf_pending,
            "url": reverse("api-meeting-minutes-pdf", args=[meeting.pk]) if meeting.minutes_pdf else None,
        }


class AgendaInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    presenter = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class MeetingInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    online_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    chair = serializers.CharField(max_length=200)
    organizer = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.filter(is_active=True))
    # The queryset only types the field in the schema; the choices are the disasters the caller may see.
    disaster = ScopedPrimaryKeyRelatedField(
        scoped=disaster_list, queryset=Disaster.objects.none(), required=False, allow_null=True
    )
    clusters = serializers.SlugRelatedField(
        slug_field="code", queryset=Cluster.objects.filter(is_active=True), many=True, required=False
    )
    concerned_kabkota = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.filter(level=RegionLevel.KABKOTA), many=True, required=False
    )
    agenda = AgendaInputSerializer(many=True, required=False)


def _split_meeting_input(data: dict) -> dict:
    data = dict(data)
    extras = {}
    for name in ("clusters", "concerned_kabkota", "agenda"):
        if name in data:
            extras[name] = data.pop(name)
    return {"data": data, **extras}


def _meeting_detail(request, pk) -> Response:
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    return Response(MeetingDetailOutputSerializer(meeting).data)


class MeetingListCreateApi(generics.ListAPIView):
    """Meetings in the caller's scope, newest first; filter by kind, status, disaster, cluster, kabkota, period."""

    serializer_class = MeetingOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Meeting.objects.none()
        return selectors.meeting_list(user=self.request.user, filters=self.request.query_params)

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("kind", str, enum=MeetingKind.values),
            OpenApiParameter("status", str),
            OpenApiParameter("disaster", int),
            OpenApiParameter("cluster", str, description="Cluster code; a cluster includes its sub-clusters."),
            OpenApiParameter("kabkota", str, description="Kabupaten/kota code, e.g. 36.02"),
            OpenApiParameter("date_from", OpenApiTypes.DATE),
            OpenApiParameter("date_to", OpenApiTypes.DATE),
            OpenApiParameter("upcoming", bool),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=MeetingInputSerializer, responses={201: MeetingDetailOutputSerializer})
    def post(self, request):
        serializer = MeetingInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        parts = _split_meeting_input(serializer.validated_data)
        data = parts.pop("data")
        meeting = services.meeting_create(user=request.user, **data, **parts)
        response = _meeting_detail(request, meeting.pk)
        response.status_code = status.HTTP_201_CREATED
        return response


class MeetingDetailApi(APIView):
    """One meeting with its agenda, minutes, decisions, action items, attendance counts and minutes PDF state."""

    @extend_schema(responses={200: MeetingDetailOutputSerializer, 404: OpenApiResponse(description="Not in scope")})
    def get(self, request, pk):
        return _meeting_detail(request, pk)

    @extend_schema(request=MeetingInputSerializer, responses={200: MeetingDetailOutputSerializer})
    def patch(self, request, pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        serializer = MeetingInputSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.meeting_update(user=request.user, meeting=meeting, **_split_meeting_input(serializer.validated_data))
        return _meeting_detail(request, pk)


class MeetingCancelApi(APIView):
    @extend_schema(
        request=inline_serializer("MeetingCancelInput", {"reason": serializers.CharField()}),
        responses={200: MeetingDetailOutputSerializer},
    )
    def post(self, request, pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        services.meeting_cancel(user=request.user, meeting=meeting, reason=str(request.data.get("reason", "")))
        return _meeting_detail(request, pk)


class MeetingIcsApi(APIView):
    """The meeting as an iCalendar (.ics) file, times in Asia/Jakarta."""

    @extend_schema(responses={(200, "text/calendar"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        return ics_response(meeting, url=request.build_absolute_uri(meeting.get_absolute_url()))


def ics_response(meeting: Meeting, *, url: str) -> HttpResponse:
    response = HttpResponse(meeting_ics(meeting, url=url), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rapat-{meeting.pk}.ics"'
    return response


# ---------------------------------------------------------------------------------------------------------------
# Participants and attendance
# ---------------------------------------------------------------------------------------------------------------


class ParticipantOutputSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField()
    user = serializers.CharField(source="user.username", allow_null=True, default=None)
    agency = serializers.CharField(source="agency.code", allow_null=True, default=None)
    organisation = serializers.CharField(source="organisation_label")
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = [
            "id",
            "display_name",
            "user",
            "agency",
            "organisation",
            "position",
            "kabkota",
            "phone",
            "group",
            "is_walk_in",
            "attendance",
            "represented_by",
            "attendance_recorded_at",
        ]

    def get_phone(self, participant) -> str | None:
        # Phone numbers are for the organisers only.
        return participant.phone if self.context.get("show_phone") else None


class PersonInputSerializer(serializers.Serializer):
    user = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    agency = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.filter(is_active=True), required=False, allow_null=True
    )
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    organisation = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    kabkota = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.filter(level=RegionLevel.KABKOTA), required=False, allow_null=True
    )
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    group = serializers.ChoiceField(choices=ParticipantGroup.choices, default=ParticipantGroup.GOVERNMENT)

    def service_kwargs(self) -> dict:
        data = dict(self.validated_data)
        data["person"] = data.pop("user", None)
        return data


class ParticipantListCreateApi(generics.ListAPIView):
    """Who is invited (agencies, portal users, people without an account) and their attendance.

    POST invites one: ``agency`` alone invites the agency; ``user`` a portal user; ``name`` someone without an
    account. Phone numbers are shown to the organisers only."""

    serializer_class = ParticipantOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Participant.objects.none()
        self.meeting = selectors.meeting_get(user=self.request.user, pk=self.kwargs["pk"])
        return selectors.participant_list(meeting=self.meeting)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        meeting = getattr(self, "meeting", None)
        context["show_phone"] = meeting is not None and selectors.meeting_can_manage(
            user=self.request.user, meeting=meeting
        )
        return context

    @extend_schema(request=PersonInputSerializer, responses={201: ParticipantOutputSerializer})
    def post(self, request, pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        serializer = PersonInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        participant = services.participant_invite(user=request.user, meeting=meeting, **serializer.service_kwargs())
        return Response(
            ParticipantOutputSerializer(participant, context={"show_phone": True}).data, status=status.HTTP_201_CREATED
        )


class ParticipantDetailApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk, participant_pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        participant = selectors.participant_get(meeting=meeting, pk=participant_pk)
        services.participant_remove(user=request.user, participant=participant)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AttendanceEntrySerializer(PersonInputSerializer):
    participant = serializers.IntegerField(required=False, allow_null=True)
    attendance = serializers.ChoiceField(choices=AttendanceStatus.choices)
    represented_by = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AttendanceInputSerializer(serializers.Serializer):
    entries = AttendanceEntrySerializer(many=True, allow_empty=False)


class AttendanceApi(APIView):
    """Attendance counts (GET) and attendance recording (POST).

    Each entry names an invited ``participant`` (id), or who someone is (``user``, ``agency``, or ``name`` with
    organisation, position, kabkota): someone not invited is accepted and flagged as a walk-in."""

    @extend_schema(responses={200: AttendanceSummarySerializer})
    def get(self, request, pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        return Response(AttendanceSummarySerializer(selectors.attendance_summary(meeting=meeting)).data)

    @extend_schema(
        request=AttendanceInputSerializer,
        responses={
            200: inline_serializer(
                "AttendanceResult",
                {
                    "changed": serializers.IntegerField(),
                    "walk_ins": ParticipantOutputSerializer(many=True),
                    "summary": AttendanceSummarySerializer(),
                },
            )
        },
    )
    def post(self, request, pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        serializer = AttendanceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entries, people = [], []
        participants = {participant.pk: participant for participant in selectors.participant_list(meeting=meeting)}
        for entry in serializer.validated_data["entries"]:
            if entry.get("participant"):
                participant = participants.get(entry["participant"])
                if participant is None:
                    raise ValidationError(
                        {
                            "participant": [
                                _("Participant %(id)s is not invited to this meeting.") % {"id": entry["participant"]}
                            ]
                        }
                    )
                entries.append(services.AttendanceEntry(participant, entry["attendance"], entry["represented_by"]))
            else:
                people.append(entry)
        changed = services.attendance_record(user=request.user, meeting=meeting, entries=entries)
        walk_ins = []
        for entry in people:
            kwargs = {name: entry[name] for name in PersonInputSerializer().fields if name in entry}
            kwargs["person"] = kwargs.pop("user", None)
            participant, walk_in = services.attendance_record_person(
                user=request.user,
                meeting=meeting,
                status=entry["attendance"],
                represented_by=entry["represented_by"],
                **kwargs,
            )
            changed += 1
            if walk_in:
                walk_ins.append(participant)
        return Response(
            {
                "changed": changed,
                "walk_ins": ParticipantOutputSerializer(walk_ins, many=True, context={"show_phone": True}).data,
                "summary": AttendanceSummarySerializer(selectors.attendance_summary(meeting=meeting)).data,
            }
        )


# ---------------------------------------------------------------------------------------------------------------
# Minutes, decisions and the minutes PDF
# ---------------------------------------------------------------------------------------------------------------


class PointsInputSerializer(serializers.Serializer):
    agenda_item = serializers.IntegerField()
    points = serializers.CharField(allow_blank=True)


class MinutesInputSerializer(serializers.Serializer):
    summary = serializers.CharField(allow_blank=True)
    points = PointsInputSerializer(many=True, required=False)


class MinutesApi(APIView):
    @extend_schema(request=MinutesInputSerializer, responses={200: MeetingDetailOutputSerializer})
    def put(self, request, pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        serializer = MinutesInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        points = {row["agenda_item"]: row["points"] for row in serializer.validated_data.get("points", [])}
        services.minutes_update(
            user=request.user,
            meeting=meeting,
            summary=serializer.validated_data["summary"],
            points=points,
        )
        return _meeting_detail(request, pk)


class DecisionInputSerializer(serializers.Serializer):
    text = serializers.CharField()
    agenda_item = serializers.IntegerField(required=False, allow_null=True)


def _agenda_item_of(meeting: Meeting, pk) -> AgendaItem | None:
    if pk is None:
        return None
    item = meeting.agenda_items.filter(pk=pk).first()
    if item is None:
        raise ValidationError({"agenda_item": [_("This agenda item is not on this meeting's agenda.")]})
    return item


class DecisionListCreateApi(APIView):
    @extend_schema(responses={200: DecisionOutputSerializer(many=True)})
    def get(self, request, pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        return Response(DecisionOutputSerializer(selectors.meeting_decisions(meeting=meeting), many=True).data)

    @extend_schema(request=DecisionInputSerializer, responses={201: DecisionOutputSerializer})
    def post(self, request, pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        serializer = DecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.decision_add(
            user=request.user,
            meeting=meeting,
            text=serializer.validated_data["text"],
            agenda_item=_agenda_item_of(meeting, serializer.validated_data.get("agenda_item")),
        )
        return Response(DecisionOutputSerializer(decision).data, status=status.HTTP_201_CREATED)


class DecisionDetailApi(APIView):
    def _decision(self, request, pk, decision_pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        decision = meeting.decisions.filter(pk=decision_pk).first()
        if decision is None:
            raise Http404
        return meeting, decision

    @extend_schema(request=DecisionInputSerializer, responses={200: DecisionOutputSerializer})
    def patch(self, request, pk, decision_pk):
        meeting, decision = self._decision(request, pk, decision_pk)
        serializer = DecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.decision_update(
            user=request.user,
            decision=decision,
            text=serializer.validated_data["text"],
            agenda_item=_agenda_item_of(meeting, serializer.validated_data.get("agenda_item")),
        )
        return Response(DecisionOutputSerializer(decision).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk, decision_pk):
        _meeting, decision = self._decision(request, pk, decision_pk)
        services.decision_delete(user=request.user, decision=decision)
        return Response(status=status.HTTP_204_NO_CONTENT)


def minutes_pdf_response(meeting: Meeting) -> FileResponse:
    if not meeting.minutes_pdf:
        raise Http404
    response = FileResponse(
        meeting.minutes_pdf.open("rb"),
        as_attachment=True,
        filename=services.minutes_pdf_filename(meeting),
        content_type="application/pdf",
    )
    response["X-Checksum-SHA256"] = meeting.minutes_pdf_sha256
    return response


class MinutesPdfApi(APIView):
    """GET downloads the minutes PDF (404 until it has been built); POST asks for it to be (re)built (202)."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: OpenApiResponse()})
    def get(self, request, pk):
        return minutes_pdf_response(selectors.meeting_get(user=request.user, pk=pk))

    @extend_schema(request=None, responses={202: OpenApiResponse(description="Queued")})
    def post(self, request, pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        services.minutes_pdf_request(user=request.user, meeting=meeting)
        return Response(
            {"message": _("The minutes PDF is being prepared."), "errors": {}}, status=status.HTTP_202_ACCEPTED
        )


# ---------------------------------------------------------------------------------------------------------------
# Action items
# ---------------------------------------------------------------------------------------------------------------


class ProgressOutputSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", allow_null=True, default=None)

    class Meta:
        model = ActionItemProgress
        fields = ["id", "noted_on", "note", "status", "author", "created_at"]


class ActionItemDetailOutputSerializer(ActionItemOutputSerializer):
    progress = ProgressOutputSerializer(source="progress_notes", many=True, read_only=True)

    class Meta(ActionItemOutputSerializer.Meta):
        fields = [*ActionItemOutputSerializer.Meta.fields, "progress"]


class ActionItemInputSerializer(serializers.Serializer):
    meeting = serializers.IntegerField()
    decision = serializers.IntegerField(required=False, allow_null=True)
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    owner_agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.filter(is_active=True))
    owner_person = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    owner_user = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    due_on = serializers.DateField()


def _decision_of(meeting: Meeting, pk) -> Decision | None:
    if pk is None:
        return None
    decision = meeting.decisions.filter(pk=pk).first()
    if decision is None:
        raise ValidationError({"decision": [_("This decision is not in this meeting's minutes.")]})
    return decision


class ActionItemListCreateApi(generics.ListAPIView):
    """Action items of the meetings in the caller's scope; ``overdue=true`` for those past due (WIB), ``mine=true``
    for those the caller's agency owns."""

    serializer_class = ActionItemOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ActionItem.objects.none()
        if self.request.query_params.get("meeting"):
            # A meeting out of scope answers 404, like one that does not exist.
            selectors.meeting_get(user=self.request.user, pk=self.request.query_params["meeting"])
        return selectors.action_item_list(user=self.request.user, filters=self.request.query_params)

    @extend_schema(
        parameters=[
            OpenApiParameter("meeting", int),
            OpenApiParameter("status", str, enum=ActionItemStatus.values),
            OpenApiParameter("owner_agency", str, description="Agency code"),
            OpenApiParameter("overdue", bool),
            OpenApiParameter("mine", bool),
            OpenApiParameter("open", bool),
            OpenApiParameter("q", str),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ActionItemInputSerializer, responses={201: ActionItemDetailOutputSerializer})
    def post(self, request):
        serializer = ActionItemInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        meeting = selectors.meeting_get(user=request.user, pk=data.pop("meeting"))
        data["decision"] = _decision_of(meeting, data.get("decision"))
        item = services.action_item_create(user=request.user, meeting=meeting, **data)
        item = selectors.action_item_get(user=request.user, pk=item.pk)
        return Response(ActionItemDetailOutputSerializer(item).data, status=status.HTTP_201_CREATED)


class ActionItemDetailApi(APIView):
    @extend_schema(responses={200: ActionItemDetailOutputSerializer})
    def get(self, request, pk):
        item = selectors.action_item_get(user=request.user, pk=pk)
        return Response(ActionItemDetailOutputSerializer(item).data)

    @extend_schema(request=ActionItemInputSerializer, responses={200: ActionItemDetailOutputSerializer})
    def patch(self, request, pk):
        item = selectors.action_item_get(user=request.user, pk=pk)
        serializer = ActionItemInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("meeting", None)
        if "decision" in data:
            data["decision"] = _decision_of(item.meeting, data["decision"])
        services.action_item_update(user=request.user, item=item, data=data)
        item = selectors.action_item_get(user=request.user, pk=pk)
        return Response(ActionItemDetailOutputSerializer(item).data)


class ProgressInputSerializer(serializers.Serializer):
    note = serializers.CharField()
    status = serializers.ChoiceField(choices=ActionItemStatus.choices, required=False)
    noted_on = serializers.DateField(required=False)


class ActionItemProgressApi(APIView):
    """Add a dated progress note (and a new status) to an action item: its owner agency or the organisers."""

    @extend_schema(request=ProgressInputSerializer, responses={201: ActionItemDetailOutputSerializer})
    def post(self, request, pk):
        item = selectors.action_item_get(user=request.user, pk=pk)
        serializer = ProgressInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.action_item_progress_add(user=request.user, item=item, **serializer.validated_data)
        item = selectors.action_item_get(user=request.user, pk=pk)
        return Response(ActionItemDetailOutputSerializer(item).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------------------------
# Document input rounds
# ---------------------------------------------------------------------------------------------------------------


class DocumentInputOutputSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    submitted_by = serializers.CharField(source="submitted_by.username", allow_null=True, default=None)

    class Meta:
        model = DocumentInput
        fields = ["id", "agency", "agency_name", "text", "submitted_by", "submitted_at", "is_late"]


class InputRoundOutputSerializer(serializers.ModelSerializer):
    agencies_total = serializers.IntegerField()
    agencies_given = serializers.IntegerField()
    has_document = serializers.SerializerMethodField()

    class Meta:
        model = InputRound
        fields = [
            "id",
            "meeting",
            "title",
            "description",
            "document_url",
            "has_document",
            "deadline",
            "closed_at",
            "agencies_total",
            "agencies_given",
        ]

    def get_has_document(self, input_round) -> bool:
        return bool(input_round.document)


class AgencyInputStateSerializer(serializers.Serializer):
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    state = serializers.ChoiceField(choices=["on_time", "late", "missing"])
    label = serializers.CharField()
    inputs = DocumentInputOutputSerializer(many=True)


class InputRoundDetailOutputSerializer(InputRoundOutputSerializer):
    overview = serializers.SerializerMethodField()

    class Meta(InputRoundOutputSerializer.Meta):
        fields = [*InputRoundOutputSerializer.Meta.fields, "overview"]

    @extend_schema_field(AgencyInputStateSerializer(many=True))
    def get_overview(self, input_round):
        return AgencyInputStateSerializer(selectors.input_round_overview(input_round=input_round), many=True).data


class InputRoundInputSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(required=False, allow_null=True)
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    document = serializers.FileField(required=False, allow_null=True)
    document_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    deadline = serializers.DateTimeField()
    agencies = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.filter(is_active=True), many=True, allow_empty=True
    )


class InputRoundListCreateApi(generics.ListAPIView):
    """Draft documents open for input; POST (JSON or multipart with ``document``) opens one."""

    serializer_class = InputRoundOutputSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InputRound.objects.none()
        filters = {}
        if self.request.query_params.get("meeting"):
            # A meeting out of scope answers 404, like one that does not exist.
            filters["meeting"] = selectors.meeting_get(
                user=self.request.user, pk=self.request.query_params["meeting"]
            ).pk
        return selectors.input_round_list(user=self.request.user, filters=filters)

    @extend_schema(request=InputRoundInputSerializer, responses={201: InputRoundDetailOutputSerializer})
    def post(self, request):
        serializer = InputRoundInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        meeting_pk = data.pop("meeting", None)
        meeting = selectors.meeting_get(user=request.user, pk=meeting_pk) if meeting_pk else None
        input_round = services.input_round_open(user=request.user, meeting=meeting, **data)
        input_round = selectors.input_round_get(user=request.user, pk=input_round.pk)
        return Response(InputRoundDetailOutputSerializer(input_round).data, status=status.HTTP_201_CREATED)


class InputRoundDetailApi(APIView):
    """A round with who has and has not given input, those still missing first."""

    @extend_schema(responses={200: InputRoundDetailOutputSerializer})
    def get(self, request, pk):
        input_round = selectors.input_round_get(user=request.user, pk=pk)
        return Response(InputRoundDetailOutputSerializer(input_round).data)

    @extend_schema(request=InputRoundInputSerializer, responses={200: InputRoundDetailOutputSerializer})
    def patch(self, request, pk):
        input_round = selectors.input_round_get(user=request.user, pk=pk)
        serializer = InputRoundInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("meeting", None)
        agencies = data.pop("agencies", None)
        services.input_round_update(user=request.user, input_round=input_round, data=data, agencies=agencies)
        input_round = selectors.input_round_get(user=request.user, pk=pk)
        return Response(InputRoundDetailOutputSerializer(input_round).data)


class InputRoundCloseApi(APIView):
    @extend_schema(request=None, responses={200: InputRoundDetailOutputSerializer})
    def post(self, request, pk):
        input_round = selectors.input_round_get(user=request.user, pk=pk)
        services.input_round_close(user=request.user, input_round=input_round)
        input_round = selectors.input_round_get(user=request.user, pk=pk)
        return Response(InputRoundDetailOutputSerializer(input_round).data)


class DocumentInputSerializer(serializers.Serializer):
    agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())
    text = serializers.CharField()


class DocumentInputListCreateApi(generics.ListAPIView):
    """Written input on the draft. After the deadline input is still accepted and comes back with ``is_late``."""

    serializer_class = DocumentInputOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DocumentInput.objects.none()
        input_round = selectors.input_round_get(user=self.request.user, pk=self.kwargs["pk"])
        return selectors.document_input_list(input_round=input_round)

    @extend_schema(request=DocumentInputSerializer, responses={201: DocumentInputOutputSerializer})
    def post(self, request, pk):
        input_round = selectors.input_round_get(user=request.user, pk=pk)
        serializer = DocumentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document_input = services.document_input_submit(
            user=request.user, input_round=input_round, **serializer.validated_data
        )
        return Response(DocumentInputOutputSerializer(document_input).data, status=status.HTTP_201_CREATED)


class InputRoundDocumentApi(APIView):
    """Download the draft file of a round."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        return draft_document_response(selectors.input_round_get(user=request.user, pk=pk))


def draft_document_response(input_round: InputRound) -> FileResponse:
    if not input_round.document:
        raise Http404
    return FileResponse(
        input_round.document.open("rb"), as_attachment=True, filename=input_round.document.name.rsplit("/", 1)[-1]
    )
