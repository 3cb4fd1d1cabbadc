"""Meetings: the list (filtered by ``MeetingFilter``), scheduling, details, cancelling and the iCalendar file."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.scoped_fields import ScopedPrimaryKeyRelatedField
from banten_dinsos.agencies.models import Agency
from banten_dinsos.core.downloads import download_filename, name_download
from banten_dinsos.regions.models import Region, RegionLevel
from clusters.models import Cluster, Disaster
from clusters.selectors import disaster_list

from .. import selectors, services
from ..ical import meeting_ics
from ..models import (
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    MeetingKind,
)


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


# Meetings are held in this century. Dates far outside it are typing errors, and before 1932 Asia/Jakarta's
# offsets are not whole minutes (1727 would come back as +07:07:12, which no ISO 8601 reader accepts).
PLAUSIBLE_MOMENT = [
    MinValueValidator(datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)),
    MaxValueValidator(datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)),
]


class MeetingInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    starts_at = serializers.DateTimeField(validators=PLAUSIBLE_MOMENT)
    ends_at = serializers.DateTimeField(validators=PLAUSIBLE_MOMENT)
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


def meeting_detail_response(request, pk) -> Response:
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
        response = meeting_detail_response(request, meeting.pk)
        response.status_code = status.HTTP_201_CREATED
        return response


class MeetingDetailApi(APIView):
    """One meeting with its agenda, minutes, decisions, action items, attendance counts and minutes PDF state."""

    @extend_schema(responses={200: MeetingDetailOutputSerializer, 404: OpenApiResponse(description="Not in scope")})
    def get(self, request, pk):
        return meeting_detail_response(request, pk)

    @extend_schema(request=MeetingInputSerializer, responses={200: MeetingDetailOutputSerializer})
    def patch(self, request, pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        serializer = MeetingInputSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.meeting_update(user=request.user, meeting=meeting, **_split_meeting_input(serializer.validated_data))
        return meeting_detail_response(request, pk)


class MeetingCancelApi(APIView):
    @extend_schema(
        request=inline_serializer("MeetingCancelInput", {"reason": serializers.CharField()}),
        responses={200: MeetingDetailOutputSerializer},
    )
    def post(self, request, pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        services.meeting_cancel(user=request.user, meeting=meeting, reason=str(request.data.get("reason", "")))
        return meeting_detail_response(request, pk)


class MeetingIcsApi(APIView):
    """The meeting as an iCalendar (.ics) file, times in Asia/Jakarta."""

    @extend_schema(responses={(200, "text/calendar"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        return ics_response(meeting, url=request.build_absolute_uri(meeting.get_absolute_url()))


def ics_response(meeting: Meeting, *, url: str) -> HttpResponse:
    response = HttpResponse(meeting_ics(meeting, url=url), content_type="text/calendar; charset=utf-8")
    return name_download(response, download_filename("rapat", meeting.title, meeting.starts_at, "ics"))
