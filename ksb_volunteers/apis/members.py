"""TAGANA members: list, register, read and change one, availability, and the availability search.

Personal data: read-only API clients and coordinators never receive NIK, phone or birth date; lists show a masked
NIK at most; the whole NIK is on the detail only, for roles allowed to see it, and every such read is audited."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.accounts.scoped_fields import ScopedSlugRelatedField
from banten_dinsos.core.nik import nik_mask

from .. import selectors, services
from ..filters import MemberFilter
from ..models import (
    Availability,
    MemberSkill,
    Sex,
    Skill,
    TaganaMember,
)
from .common import KABKOTA_REFUSED, PersonalFieldsMixin, SkillCodesField, schema_view, skills_of


class MemberListOutputSerializer(PersonalFieldsMixin, serializers.ModelSerializer):
    kabkota = serializers.CharField(source="kabkota_id")
    kabkota_name = serializers.CharField(source="kabkota.name")
    nik_masked = serializers.SerializerMethodField()
    skills = serializers.SerializerMethodField(help_text="Codes of the skills that count today")

    class Meta:
        model = TaganaMember
        fields = [
            "id",
            "member_number",
            "full_name",
            "sex",
            "kabkota",
            "kabkota_name",
            "availability",
            "skills",
            "nik_masked",
        ]
        personal_fields = ["nik_masked"]
        ref_name = "TaganaMemberListItem"

    def get_nik_masked(self, member) -> str:
        return nik_mask(member.nik)

    def get_skills(self, member) -> list[str]:
        entries = getattr(member, "valid_skill_entries", None)
        skills = [entry.skill for entry in entries] if entries is not None else selectors.member_skills(member=member)
        return list(dict.fromkeys(skill.code for skill in skills))


class MemberSkillSerializer(serializers.ModelSerializer):
    skill = serializers.CharField(source="skill.code")
    skill_name = serializers.CharField(source="skill.name")
    training = serializers.CharField(source="participation.training.title", allow_null=True, default=None)
    valid = serializers.SerializerMethodField()

    class Meta:
        model = MemberSkill
        fields = ["skill", "skill_name", "valid_until", "training", "valid"]
        ref_name = "TaganaMemberSkill"

    def get_valid(self, entry) -> bool:
        return entry.valid_until is None or entry.valid_until >= timezone.localdate()


class MemberDetailOutputSerializer(MemberListOutputSerializer):
    nik = serializers.SerializerMethodField()
    skill_entries = MemberSkillSerializer(many=True, read_only=True, source="all_skill_entries")

    class Meta(MemberListOutputSerializer.Meta):
        fields = [
            *[name for name in MemberListOutputSerializer.Meta.fields if name != "nik_masked"],
            "nik",
            "birth_date",
            "phone",
            "joined_on",
            "skill_entries",
            "updated_at",
        ]
        personal_fields = ["nik", "birth_date", "phone"]
        ref_name = "TaganaMemberDetail"

    def get_nik(self, member) -> str:
        return member.nik


class MemberInputSerializer(serializers.Serializer):
    member_number = serializers.CharField(max_length=40)
    # Longer than 16 so that the service, not the length check, says what is wrong with a NIK.
    nik = serializers.CharField(max_length=30)
    full_name = serializers.CharField(max_length=150)
    sex = serializers.ChoiceField(choices=Sex.choices)
    birth_date = serializers.DateField()
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    kabkota = ScopedSlugRelatedField(
        slug_field="code", scoped=selectors.kabkota_choices, error_messages=KABKOTA_REFUSED
    )
    joined_on = serializers.DateField(required=False, allow_null=True, default=None)
    skills = SkillCodesField(required=False, default=list)
    # "deployed" is refused by the service with its reason: it follows from deployments only.
    availability = serializers.ChoiceField(choices=Availability.choices, required=False, default=Availability.STANDBY)


class MemberUpdateSerializer(serializers.Serializer):
    nik = serializers.CharField(max_length=30, required=False)
    full_name = serializers.CharField(max_length=150, required=False)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    birth_date = serializers.DateField(required=False)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    kabkota = ScopedSlugRelatedField(
        slug_field="code", scoped=selectors.kabkota_choices, required=False, error_messages=KABKOTA_REFUSED
    )
    joined_on = serializers.DateField(required=False, allow_null=True)
    skills = SkillCodesField(required=False)


def _member_detail(request, member: TaganaMember) -> dict:
    member.all_skill_entries = selectors.member_skill_entries(member=member)
    if has_perm(request.user, Perm.VOLUNTEER_VIEW_PERSONAL):
        services.member_detail_viewed(user=request.user, member=member)
    return MemberDetailOutputSerializer(member, context={"request": request}).data


class MemberListCreateApi(generics.ListCreateAPIView):
    """TAGANA members in the caller's area (NIK masked; no personal data at all for read-only clients).
    ``POST`` registers a member with the skills on their roster entry."""

    serializer_class = MemberListOutputSerializer
    filterset_class = MemberFilter

    def get_queryset(self):
        if schema_view(self):
            return TaganaMember.objects.none()
        return selectors.members_with_valid_skills(selectors.member_list(user=self.request.user))

    @extend_schema(request=MemberInputSerializer, responses={201: MemberDetailOutputSerializer})
    def post(self, request):
        require_perm(request.user, Perm.VOLUNTEER_CHANGE)
        serializer = MemberInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        member = services.member_create(user=request.user, skills=skills_of(data.pop("skills")), **data)
        member = selectors.member_get(user=request.user, pk=member.pk)
        return Response(_member_detail(request, member), status=status.HTTP_201_CREATED)


class MemberDetailApi(APIView):
    """One member with every skill entry (expired ones marked). Reads of personal data are audited."""

    @extend_schema(responses={200: MemberDetailOutputSerializer, 404: OpenApiResponse(description="Not in scope")})
    def get(self, request, pk):
        member = selectors.member_get(user=request.user, pk=pk)
        return Response(_member_detail(request, member))

    @extend_schema(request=MemberUpdateSerializer, responses={200: MemberDetailOutputSerializer})
    def patch(self, request, pk):
        require_perm(request.user, Perm.VOLUNTEER_CHANGE)
        member = selectors.member_get(user=request.user, pk=pk)
        serializer = MemberUpdateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        skills = skills_of(data.pop("skills")) if "skills" in data else None
        services.member_update(user=request.user, member=member, data=data, skills=skills)
        return Response(_member_detail(request, selectors.member_get(user=request.user, pk=pk)))


class MemberAvailabilityApi(APIView):
    """Mark a member on standby, unavailable or inactive ("deployed" follows from deployments)."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "VolunteerMemberAvailabilityInput"

        availability = serializers.ChoiceField(choices=Availability.choices)

    @extend_schema(request=InputSerializer, responses=MemberDetailOutputSerializer)
    def post(self, request, pk):
        require_perm(request.user, Perm.VOLUNTEER_CHANGE)
        member = selectors.member_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.member_set_availability(
            user=request.user, member=member, availability=serializer.validated_data["availability"]
        )
        return Response(_member_detail(request, selectors.member_get(user=request.user, pk=pk)))


class AvailabilitySearchApi(generics.ListAPIView):
    """Who with a skill is available in a kabupaten/kota during a window: holds the skill (roster entry or an
    unexpired certificate) through the window, is not marked unavailable or inactive, and has no overlapping
    assignment."""

    serializer_class = MemberListOutputSerializer

    class QuerySerializer(serializers.Serializer):
        class Meta:
            ref_name = "VolunteerAvailabilitySearchQuery"

        skill = serializers.SlugRelatedField(slug_field="code", queryset=Skill.objects.filter(is_active=True))
        kabkota = ScopedSlugRelatedField(
            slug_field="code",
            scoped=selectors.kabkota_choices,
            required=False,
            allow_null=True,
            error_messages=KABKOTA_REFUSED,
        )
        start = serializers.DateTimeField()
        end = serializers.DateTimeField()

        def validate(self, attrs):
            if attrs["end"] <= attrs["start"]:
                raise serializers.ValidationError({"end": _("The end of the window must be after its start.")})
            if attrs["end"] - attrs["start"] > timedelta(days=366):
                raise serializers.ValidationError({"end": _("Search a window of at most one year.")})
            return attrs

    @extend_schema(
        parameters=[
            OpenApiParameter("skill", str, required=True, description="Skill code, e.g. sar-air"),
            OpenApiParameter("kabkota", str, description="Kabupaten/kota code, e.g. 36.02"),
            OpenApiParameter("start", datetime, required=True),
            OpenApiParameter("end", datetime, required=True),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def filter_queryset(self, queryset):
        return queryset

    def get_queryset(self):
        if schema_view(self):
            return TaganaMember.objects.none()
        query = self.QuerySerializer(data=self.request.query_params, context={"request": self.request})
        query.is_valid(raise_exception=True)
        data = query.validated_data
        kabkota = data.get("kabkota")
        return selectors.members_with_valid_skills(
            selectors.availability_search(
                user=self.request.user,
                skill=data["skill"],
                kabkota_code=kabkota.code if kabkota else None,
                start_at=data["start"],
                end_at=data["end"],
            )
        )
