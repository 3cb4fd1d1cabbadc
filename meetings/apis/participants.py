"""Who is invited to a meeting, and attendance: recording it and the counts people quote."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    extend_schema,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.agencies.models import Agency
from banten_dinsos.regions.models import Region, RegionLevel

from .. import selectors, services
from ..models import (
    AttendanceStatus,
    Participant,
    ParticipantGroup,
)
from .meetings import AttendanceSummarySerializer

User = get_user_model()


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
