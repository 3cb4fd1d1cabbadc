"""REST endpoints for KSB units, TAGANA members, trainings, deployments, availability search, duty rosters and
roster imports. Thin: they check the shape, call one selector or service, and render.

Personal data: read-only API clients and coordinators never receive NIK, phone or birth date; lists show a masked
NIK at most; the whole NIK is on the detail only, for roles allowed to see it, and every such read is audited.
"""

from datetime import datetime, timedelta

import django_filters
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404
from banten_dinsos.agencies.models import Agency
from banten_dinsos.core.exceptions import ApplicationError
from banten_dinsos.core.nik import nik_mask
from banten_dinsos.regions.models import Region
from clusters import selectors as cluster_selectors
from clusters.models import DisasterType
from shelters import selectors as shelter_selectors

from . import selectors, services
from .models import (
    Availability,
    Deployment,
    DeploymentRole,
    DeploymentStatus,
    ItemCondition,
    KsbOfficer,
    KsbOfficerRole,
    KsbStakeholder,
    KsbStatus,
    KsbUnit,
    LumbungItem,
    LumbungItemKind,
    MemberSkill,
    RosterImport,
    Sex,
    Skill,
    StakeholderKind,
    TaganaMember,
    Training,
    TrainingKind,
    TrainingParticipation,
)

# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------


class PersonalFieldsMixin:
    """Drops ``Meta.personal_fields`` from the output unless the caller's role may see volunteers' personal data."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None or not has_perm(request.user, Perm.VOLUNTEER_VIEW_PERSONAL):
            for name in getattr(self.Meta, "personal_fields", ()):
                self.fields.pop(name, None)


def _schema_view(view) -> bool:
    return getattr(view, "swagger_fake_view", False)


class SkillCodesField(serializers.ListField):
    child = serializers.CharField(max_length=40)


def _skills(codes) -> list[Skill]:
    return services.skills_from_codes(codes)


# ---------------------------------------------------------------------------------------------------------------
# Skills
# ---------------------------------------------------------------------------------------------------------------


class SkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["code", "name", "description"]
        ref_name = "VolunteerSkill"


class SkillListApi(generics.ListAPIView):
    """The skill reference list (codes to use in members, trainings and the availability search)."""

    serializer_class = SkillSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.skill_list()


# ---------------------------------------------------------------------------------------------------------------
# TAGANA members
# ---------------------------------------------------------------------------------------------------------------


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
    kabkota = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.filter(level="kabkota"))
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
    kabkota = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.filter(level="kabkota"), required=False
    )
    joined_on = serializers.DateField(required=False, allow_null=True)
    skills = SkillCodesField(required=False)


class MemberFilter(django_filters.FilterSet):
    kabkota = django_filters.CharFilter(field_name="kabkota_id")
    availability = django_filters.ChoiceFilter(choices=Availability.choices)
    skill = django_filters.CharFilter(method="filter_skill", help_text="Skill code (valid today)")
    q = django_filters.CharFilter(method="filter_q", help_text="Name, or the exact member number")

    class Meta:
        model = TaganaMember
        fields = ["kabkota", "availability"]

    def filter_skill(self, queryset, name, value):
        return selectors.members_holding(queryset, skill_code=value)

    def filter_q(self, queryset, name, value):
        return selectors.members_matching(queryset, text=value)


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
        if _schema_view(self):
            return TaganaMember.objects.none()
        return selectors.members_with_valid_skills(selectors.member_list(user=self.request.user))

    @extend_schema(request=MemberInputSerializer, responses={201: MemberDetailOutputSerializer})
    def post(self, request):
        require_perm(request.user, Perm.VOLUNTEER_CHANGE)
        serializer = MemberInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        member = services.member_create(user=request.user, skills=_skills(data.pop("skills")), **data)
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
        serializer = MemberUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        skills = _skills(data.pop("skills")) if "skills" in data else None
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
        kabkota = serializers.SlugRelatedField(
            slug_field="code", queryset=Region.objects.filter(level="kabkota"), required=False, allow_null=True
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
        if _schema_view(self):
            return TaganaMember.objects.none()
        query = self.QuerySerializer(data=self.request.query_params)
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


# ---------------------------------------------------------------------------------------------------------------
# Roster imports
# ---------------------------------------------------------------------------------------------------------------


class RosterImportSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", allow_null=True, default=None)

    class Meta:
        model = RosterImport
        fields = [
            "id",
            "file_name",
            "rows_total",
            "rows_created",
            "rows_updated",
            "rows_failed",
            "errors",
            "created_by",
            "created_at",
        ]
        ref_name = "TaganaRosterImport"


class RosterImportListCreateApi(generics.ListCreateAPIView):
    """Upload a roster (CSV with comma or semicolon, UTF-8 with or without BOM, or XLSX) as ``file``.
    Valid rows are imported (a known member number updates that member), the rest are listed with the reason."""

    serializer_class = RosterImportSerializer
    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "VolunteerRosterImportListCreateInput"

        file = serializers.FileField()

    def get_queryset(self):
        if _schema_view(self):
            return RosterImport.objects.none()
        return selectors.roster_import_list(user=self.request.user)

    @extend_schema(request=InputSerializer, responses={201: RosterImportSerializer})
    def post(self, request):
        require_perm(request.user, Perm.VOLUNTEER_IMPORT)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        if upload.size > services.imports.MAX_BYTES:
            raise ApplicationError(
                _("The file is larger than 5 MB; split it into smaller files."),
                errors={"file": [_("The file is too large.")]},
            )
        record = services.roster_import(user=request.user, name=upload.name, data=upload.read())
        return Response(RosterImportSerializer(record).data, status=status.HTTP_201_CREATED)


class RosterImportDetailApi(generics.RetrieveAPIView):
    serializer_class = RosterImportSerializer

    def get_object(self):
        return selectors.roster_import_get(user=self.request.user, pk=self.kwargs["pk"])


# ---------------------------------------------------------------------------------------------------------------
# KSB units
# ---------------------------------------------------------------------------------------------------------------


class KsbOfficerSerializer(PersonalFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = KsbOfficer
        fields = ["id", "full_name", "role", "section", "sex", "phone", "in_forum"]
        personal_fields = ["phone"]
        ref_name = "KsbOfficer"


class LumbungItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = LumbungItem
        fields = ["id", "kind", "description", "quantity", "condition", "checked_on"]
        ref_name = "KsbLumbungItem"


class KsbStakeholderSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = KsbStakeholder
        fields = ["id", "name", "kind", "agency", "provides", "since"]
        ref_name = "KsbStakeholder"


class KsbUnitOutputSerializer(serializers.ModelSerializer):
    desa = serializers.CharField(source="desa_id")
    desa_name = serializers.CharField(source="desa.name")
    kabkota = serializers.CharField(source="kabkota_id")
    kabkota_name = serializers.CharField(source="kabkota.name")
    hazards = serializers.SerializerMethodField(help_text="BNPB disaster type codes")

    class Meta:
        model = KsbUnit
        fields = [
            "id",
            "name",
            "desa",
            "desa_name",
            "kabkota",
            "kabkota_name",
            "decree_number",
            "decree_date",
            "member_count",
            "hazards",
            "last_activity_on",
            "last_activity",
            "status",
            "updated_at",
        ]
        ref_name = "KsbUnit"

    def get_hazards(self, unit) -> list[str]:
        return [hazard.code for hazard in unit.hazards.all()]


class KsbUnitDetailSerializer(KsbUnitOutputSerializer):
    officers = serializers.SerializerMethodField()
    lumbung = LumbungItemSerializer(many=True, read_only=True)
    stakeholders = KsbStakeholderSerializer(many=True, read_only=True, source="stakeholder_list")

    class Meta(KsbUnitOutputSerializer.Meta):
        fields = [*KsbUnitOutputSerializer.Meta.fields, "officers", "lumbung", "stakeholders"]
        ref_name = "KsbUnitDetail"

    @extend_schema_field(KsbOfficerSerializer(many=True))
    def get_officers(self, unit) -> list[dict]:
        return KsbOfficerSerializer(unit.officers.all(), many=True, context=self.context).data


class KsbUnitInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    desa = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    decree_number = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    decree_date = serializers.DateField(required=False, allow_null=True, default=None)
    member_count = serializers.IntegerField(min_value=0, max_value=100_000, required=False, default=0)
    hazards = serializers.SlugRelatedField(
        slug_field="code", queryset=DisasterType.objects.all(), many=True, required=False, default=list
    )
    last_activity_on = serializers.DateField(required=False, allow_null=True, default=None)
    last_activity = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(choices=KsbStatus.choices, required=False, default=KsbStatus.ACTIVE)


class KsbUnitFilter(django_filters.FilterSet):
    kabkota = django_filters.CharFilter(field_name="kabkota_id")
    status = django_filters.ChoiceFilter(choices=KsbStatus.choices)
    hazard = django_filters.CharFilter(field_name="hazards__code", help_text="BNPB code, e.g. 101")
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = KsbUnit
        fields = ["kabkota", "status"]


class KsbUnitListCreateApi(generics.ListCreateAPIView):
    """KSB units in the caller's area; ``POST`` registers the KSB of a desa/kelurahan."""

    serializer_class = KsbUnitOutputSerializer
    filterset_class = KsbUnitFilter

    def get_queryset(self):
        if _schema_view(self):
            return KsbUnit.objects.none()
        return selectors.ksb_unit_list(user=self.request.user).prefetch_related("hazards")

    @extend_schema(request=KsbUnitInputSerializer, responses={201: KsbUnitDetailSerializer})
    def post(self, request):
        require_perm(request.user, Perm.VOLUNTEER_CHANGE)
        serializer = KsbUnitInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        unit = services.ksb_unit_create(user=request.user, **serializer.validated_data)
        unit = selectors.ksb_unit_get(user=request.user, pk=unit.pk)
        return Response(KsbUnitDetailSerializer(unit, context={"request": request}).data, status=201)


class KsbUnitDetailApi(APIView):
    """One KSB unit with its officers, logistics store (lumbung) and supporting stakeholders."""

    @extend_schema(responses={200: KsbUnitDetailSerializer, 404: OpenApiResponse(description="Not in scope")})
    def get(self, request, pk):
        unit = selectors.ksb_unit_get(user=request.user, pk=pk)
        return Response(KsbUnitDetailSerializer(unit, context={"request": request}).data)

    @extend_schema(request=KsbUnitInputSerializer, responses=KsbUnitDetailSerializer)
    def patch(self, request, pk):
        require_perm(request.user, Perm.VOLUNTEER_CHANGE)
        unit = selectors.ksb_unit_get(user=request.user, pk=pk)
        serializer = KsbUnitInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        hazards = data.pop("hazards") if "hazards" in request.data else None
        data = {key: value for key, value in data.items() if key in request.data}
        services.ksb_unit_update(user=request.user, unit=unit, data=data, hazards=hazards)
        unit = selectors.ksb_unit_get(user=request.user, pk=pk)
        return Response(KsbUnitDetailSerializer(unit, context={"request": request}).data)


class KsbOfficerCreateApi(APIView):
    """Add an officer (pengurus) to a unit."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "VolunteerKsbOfficerCreateInput"

        full_name = serializers.CharField(max_length=150)
        role = serializers.ChoiceField(choices=KsbOfficerRole.choices)
        section = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
        sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True, default="")
        phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
        in_forum = serializers.BooleanField(required=False, default=False)

    @extend_schema(request=InputSerializer, responses={201: KsbOfficerSerializer})
    def post(self, request, pk):
        require_perm(request.user, Perm.VOLUNTEER_CHANGE)
        unit = selectors.ksb_unit_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        officer = services.ksb_officer_add(user=request.user, unit=unit, **serializer.validated_data)
        return Response(KsbOfficerSerializer(officer, context={"request": request}).data, status=201)


class KsbOfficerDetailApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        require_perm(request.user, Perm.VOLUNTEER_CHANGE)
        units = selectors.ksb_unit_list(user=request.user)
        officer = get_scoped_or_404(KsbOfficer.objects.filter(unit__in=units).select_related("unit"), pk=pk)
        services.ksb_officer_remove(user=request.user, officer=officer)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LumbungItemCreateApi(APIView):
    """Record how many of an item the unit's store holds in one condition (the same item and condition is replaced)."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "VolunteerLumbungItemCreateInput"

        kind = serializers.ChoiceField(choices=LumbungItemKind.choices)
        description = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
        quantity = serializers.IntegerField(min_value=0, max_value=1_000_000)
        condition = serializers.ChoiceField(choices=ItemCondition.choices)
        checked_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: LumbungItemSerializer})
    def post(self, request, pk):
        require_perm(request.user, Perm.VOLUNTEER_CHANGE)
        unit = selectors.ksb_unit_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.lumbung_item_save(user=request.user, unit=unit, **serializer.validated_data)
        return Response(LumbungItemSerializer(item).data, status=201)


class LumbungItemDetailApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        require_perm(request.user, Perm.VOLUNTEER_CHANGE)
        units = selectors.ksb_unit_list(user=request.user)
        item = get_scoped_or_404(LumbungItem.objects.filter(unit__in=units).select_related("unit"), pk=pk)
        services.lumbung_item_remove(user=request.user, item=item)
        return Response(status=status.HTTP_204_NO_CONTENT)


class KsbStakeholderCreateApi(APIView):
    """Record an organisation supporting the unit (CSR, PMI, media, NGO) and what it provides."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "VolunteerKsbStakeholderCreateInput"

        name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        kind = serializers.ChoiceField(choices=StakeholderKind.choices)
        agency = serializers.SlugRelatedField(
            slug_field="code", queryset=Agency.objects.all(), required=False, allow_null=True, default=None
        )
        provides = serializers.CharField(max_length=255)
        since = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: KsbStakeholderSerializer})
    def post(self, request, pk):
        require_perm(request.user, Perm.VOLUNTEER_CHANGE)
        unit = selectors.ksb_unit_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        stakeholder = services.ksb_stakeholder_add(user=request.user, unit=unit, **serializer.validated_data)
        return Response(KsbStakeholderSerializer(stakeholder).data, status=201)


class KsbStakeholderDetailApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        require_perm(request.user, Perm.VOLUNTEER_CHANGE)
        units = selectors.ksb_unit_list(user=request.user)
        stakeholder = get_scoped_or_404(KsbStakeholder.objects.filter(unit__in=units).select_related("unit"), pk=pk)
        services.ksb_stakeholder_remove(user=request.user, stakeholder=stakeholder)
        return Response(status=status.HTTP_204_NO_CONTENT)


class KsbForumApi(generics.ListAPIView):
    """The officers who represent their KSB in the provincial KSB forum, by kabupaten/kota."""

    class OutputSerializer(KsbOfficerSerializer):
        unit = serializers.IntegerField(source="unit_id")
        unit_name = serializers.CharField(source="unit.name")
        kabkota = serializers.CharField(source="unit.kabkota_id")
        kabkota_name = serializers.CharField(source="unit.kabkota.name")

        class Meta(KsbOfficerSerializer.Meta):
            fields = [*KsbOfficerSerializer.Meta.fields, "unit", "unit_name", "kabkota", "kabkota_name"]
            ref_name = "KsbForumOfficer"

    serializer_class = OutputSerializer

    def get_queryset(self):
        if _schema_view(self):
            return KsbOfficer.objects.none()
        return selectors.ksb_forum_officers(user=self.request.user)


# ---------------------------------------------------------------------------------------------------------------
# Trainings
# ---------------------------------------------------------------------------------------------------------------


class TrainingOutputSerializer(serializers.ModelSerializer):
    kabkota = serializers.CharField(source="kabkota_id")
    skills = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    participant_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Training
        fields = [
            "id",
            "title",
            "kind",
            "starts_on",
            "ends_on",
            "place",
            "kabkota",
            "organiser",
            "skills",
            "certificate_months",
            "participant_count",
        ]
        ref_name = "VolunteerTraining"


class ParticipationSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member_id")
    member_number = serializers.CharField(source="member.member_number")
    full_name = serializers.CharField(source="member.full_name")
    kabkota = serializers.CharField(source="member.kabkota_id")

    class Meta:
        model = TrainingParticipation
        fields = [
            "id",
            "member",
            "member_number",
            "full_name",
            "kabkota",
            "passed",
            "certificate_number",
            "certificate_expires_on",
        ]
        ref_name = "VolunteerTrainingParticipant"


class TrainingDetailSerializer(TrainingOutputSerializer):
    participants = ParticipationSerializer(many=True, read_only=True, source="participant_list")

    class Meta(TrainingOutputSerializer.Meta):
        fields = [*TrainingOutputSerializer.Meta.fields, "participants"]
        ref_name = "VolunteerTrainingDetail"


class TrainingInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=TrainingKind.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    place = serializers.CharField(max_length=200)
    kabkota = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.filter(level="kabkota"))
    organiser = serializers.CharField(max_length=200)
    skills = SkillCodesField(required=False, default=list)
    certificate_months = serializers.IntegerField(required=False, allow_null=True, default=None)


class TrainingFilter(django_filters.FilterSet):
    kabkota = django_filters.CharFilter(field_name="kabkota_id")
    kind = django_filters.ChoiceFilter(choices=TrainingKind.choices)
    year = django_filters.NumberFilter(field_name="starts_on", lookup_expr="year")

    class Meta:
        model = Training
        fields = ["kabkota", "kind"]


def _training_detail(request, training: Training) -> dict:
    training.participant_list = selectors.training_participants(training=training)
    return TrainingDetailSerializer(training, context={"request": request}).data


class TrainingListCreateApi(generics.ListCreateAPIView):
    """Trainings, simulations and drills held in the caller's area; ``POST`` records one."""

    serializer_class = TrainingOutputSerializer
    filterset_class = TrainingFilter

    def get_queryset(self):
        if _schema_view(self):
            return Training.objects.none()
        return selectors.training_list(user=self.request.user).prefetch_related("skills")

    @extend_schema(request=TrainingInputSerializer, responses={201: TrainingDetailSerializer})
    def post(self, request):
        require_perm(request.user, Perm.TRAINING_MANAGE)
        serializer = TrainingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        training = services.training_create(user=request.user, skills=_skills(data.pop("skills")), **data)
        training = selectors.training_get(user=request.user, pk=training.pk)
        return Response(_training_detail(request, training), status=201)


class TrainingDetailApi(APIView):
    """One training with its participants and their certificates."""

    @extend_schema(responses={200: TrainingDetailSerializer, 404: OpenApiResponse(description="Not in scope")})
    def get(self, request, pk):
        return Response(_training_detail(request, selectors.training_get(user=request.user, pk=pk)))


class TrainingParticipantCreateApi(APIView):
    """Add a member; a certified participant holds the training's skills until the certificate expires (by default
    the training's last day plus its validity in months)."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "VolunteerTrainingParticipantCreateInput"

        member = serializers.IntegerField()
        passed = serializers.BooleanField(required=False, default=True)
        certificate_number = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
        certificate_expires_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: ParticipationSerializer})
    def post(self, request, pk):
        require_perm(request.user, Perm.TRAINING_MANAGE)
        training = selectors.training_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        member = selectors.member_get(user=request.user, pk=data.pop("member"))
        participation = services.training_participant_add(user=request.user, training=training, member=member, **data)
        return Response(ParticipationSerializer(participation).data, status=201)


class TrainingParticipantDetailApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk, participation_pk):
        require_perm(request.user, Perm.TRAINING_MANAGE)
        training = selectors.training_get(user=request.user, pk=pk)
        participation = get_scoped_or_404(
            selectors.training_participants(training=training).filter(
                member__in=selectors.member_list(user=request.user)
            ),
            pk=participation_pk,
        )
        services.training_participant_remove(user=request.user, participation=participation)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------------------------------------------------------
# Deployments
# ---------------------------------------------------------------------------------------------------------------


class DeploymentOutputSerializer(serializers.ModelSerializer):
    disaster_title = serializers.CharField(source="disaster.title")
    member_name = serializers.CharField(source="member.full_name", allow_null=True, default=None)
    member_number = serializers.CharField(source="member.member_number", allow_null=True, default=None)
    ksb_unit_name = serializers.CharField(source="ksb_unit.name", allow_null=True, default=None)
    shelter_name = serializers.CharField(source="shelter.name", allow_null=True, default=None)
    ldp_post_name = serializers.CharField(source="ldp_post.name", allow_null=True, default=None)
    kabkota = serializers.CharField(source="kabkota_id")
    site_kabkota = serializers.CharField(source="site_kabkota_id", allow_null=True)

    class Meta:
        model = Deployment
        fields = [
            "id",
            "disaster",
            "disaster_title",
            "member",
            "member_name",
            "member_number",
            "ksb_unit",
            "ksb_unit_name",
            "shelter",
            "shelter_name",
            "ldp_post",
            "ldp_post_name",
            "role",
            "start_at",
            "end_at",
            "status",
            "kabkota",
            "site_kabkota",
            "note",
            "report_submitted_at",
        ]
        ref_name = "VolunteerDeployment"


class DeploymentDetailSerializer(DeploymentOutputSerializer):
    class Meta(DeploymentOutputSerializer.Meta):
        fields = [*DeploymentOutputSerializer.Meta.fields, "report", "created_at"]
        ref_name = "VolunteerDeploymentDetail"


class DeploymentInputSerializer(serializers.Serializer):
    disaster = serializers.IntegerField()
    member = serializers.IntegerField(required=False, allow_null=True, default=None)
    ksb_unit = serializers.IntegerField(required=False, allow_null=True, default=None)
    shelter = serializers.IntegerField(required=False, allow_null=True, default=None)
    ldp_post = serializers.IntegerField(required=False, allow_null=True, default=None)
    role = serializers.ChoiceField(choices=DeploymentRole.choices)
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class DeploymentFilter(django_filters.FilterSet):
    kabkota = django_filters.CharFilter(field_name="kabkota_id", help_text="Home kabupaten/kota of the volunteer")
    status = django_filters.ChoiceFilter(choices=DeploymentStatus.choices)
    role = django_filters.ChoiceFilter(choices=DeploymentRole.choices)
    running = django_filters.BooleanFilter(method="filter_running", help_text="On assignment right now")

    class Meta:
        model = Deployment
        fields = ["disaster", "member", "ksb_unit", "shelter", "ldp_post", "kabkota", "status", "role"]

    def filter_running(self, queryset, name, value):
        running = selectors.deployment_list(user=self.request.user, filters={"running": True})
        return queryset.filter(pk__in=running.values("pk")) if value else queryset.exclude(pk__in=running.values("pk"))


def resolve_deployment_targets(user, data: dict) -> dict:
    """Fetch what a deployment points at through the user's scope (anything out of scope answers 404)."""
    resolved = {"disaster": cluster_selectors.disaster_get(user=user, pk=data["disaster"])}
    if data.get("member"):
        resolved["member"] = selectors.member_get(user=user, pk=data["member"])
    if data.get("ksb_unit"):
        resolved["ksb_unit"] = selectors.ksb_unit_get(user=user, pk=data["ksb_unit"])
    if data.get("shelter"):
        resolved["shelter"] = shelter_selectors.shelter_get(user=user, pk=data["shelter"])
    if data.get("ldp_post"):
        resolved["ldp_post"] = get_scoped_or_404(shelter_selectors.ldp_post_list(user=user), pk=data["ldp_post"])
    return resolved


class DeploymentListCreateApi(generics.ListCreateAPIView):
    """Assignments of the caller's volunteers and at places in the caller's area. ``POST`` assigns a member or a
    KSB unit; overlapping assignments of one person are refused (400, naming the other assignment)."""

    serializer_class = DeploymentOutputSerializer
    filterset_class = DeploymentFilter

    def get_queryset(self):
        if _schema_view(self):
            return Deployment.objects.none()
        return selectors.deployment_list(user=self.request.user)

    @extend_schema(request=DeploymentInputSerializer, responses={201: DeploymentDetailSerializer})
    def post(self, request):
        require_perm(request.user, Perm.DEPLOYMENT_MANAGE)
        serializer = DeploymentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        targets = resolve_deployment_targets(request.user, data)
        deployment = services.deployment_create(
            user=request.user,
            role=data["role"],
            start_at=data["start_at"],
            end_at=data["end_at"],
            note=data["note"],
            **targets,
        )
        deployment = selectors.deployment_get(user=request.user, pk=deployment.pk)
        return Response(DeploymentDetailSerializer(deployment).data, status=201)


class DeploymentDetailApi(APIView):
    """One assignment with the member's assignment report."""

    @extend_schema(responses={200: DeploymentDetailSerializer, 404: OpenApiResponse(description="Not in scope")})
    def get(self, request, pk):
        return Response(DeploymentDetailSerializer(selectors.deployment_get(user=request.user, pk=pk)).data)


class DeploymentEndApi(APIView):
    """End an assignment (now or at ``ended_at``), optionally with the report; the member is free again."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "VolunteerDeploymentEndInput"

        ended_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
        report = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=DeploymentDetailSerializer)
    def post(self, request, pk):
        require_perm(request.user, Perm.DEPLOYMENT_MANAGE)
        deployment = selectors.deployment_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.deployment_end(user=request.user, deployment=deployment, **serializer.validated_data)
        return Response(DeploymentDetailSerializer(selectors.deployment_get(user=request.user, pk=pk)).data)


class DeploymentCancelApi(APIView):
    """Cancel an assignment made by mistake; it no longer blocks the member's time."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "VolunteerDeploymentCancelInput"

        reason = serializers.CharField(max_length=255)

    @extend_schema(request=InputSerializer, responses=DeploymentDetailSerializer)
    def post(self, request, pk):
        require_perm(request.user, Perm.DEPLOYMENT_MANAGE)
        deployment = selectors.deployment_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.deployment_cancel(user=request.user, deployment=deployment, reason=serializer.validated_data["reason"])
        return Response(DeploymentDetailSerializer(selectors.deployment_get(user=request.user, pk=pk)).data)


class DeploymentReportApi(APIView):
    """Keep (or correct) the member's report on the assignment."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "VolunteerDeploymentReportInput"

        report = serializers.CharField()

    @extend_schema(request=InputSerializer, responses=DeploymentDetailSerializer)
    def put(self, request, pk):
        require_perm(request.user, Perm.DEPLOYMENT_MANAGE)
        deployment = selectors.deployment_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.deployment_report_submit(
            user=request.user, deployment=deployment, report=serializer.validated_data["report"]
        )
        return Response(DeploymentDetailSerializer(selectors.deployment_get(user=request.user, pk=pk)).data)


# ---------------------------------------------------------------------------------------------------------------
# Duty roster
# ---------------------------------------------------------------------------------------------------------------


class DutyLineSerializer(serializers.Serializer):
    deployment = serializers.IntegerField(source="deployment.pk")
    member_number = serializers.CharField(source="deployment.member.member_number", allow_null=True, default=None)
    name = serializers.SerializerMethodField()
    home_kabkota = serializers.CharField(source="deployment.kabkota_id")
    role = serializers.CharField(source="deployment.role")
    on_duty_from = serializers.DateTimeField()
    on_duty_until = serializers.DateTimeField()
    whole_day = serializers.BooleanField()

    def get_name(self, line) -> str:
        return str(line.deployment.member.full_name if line.deployment.member else line.deployment.ksb_unit.name)


def resolve_roster_place(user, *, shelter_pk=None, ldp_post_pk=None) -> dict:
    if shelter_pk:
        return {"shelter": shelter_selectors.shelter_get(user=user, pk=shelter_pk)}
    return {"ldp_post": get_scoped_or_404(shelter_selectors.ldp_post_list(user=user), pk=ldp_post_pk)}


class DutyRosterApi(APIView):
    """Who is on duty at a shelter or an LDP post on one day (WIB), with the hours each covers that day."""

    class QuerySerializer(serializers.Serializer):
        class Meta:
            ref_name = "VolunteerDutyRosterQuery"

        shelter = serializers.IntegerField(required=False)
        ldp_post = serializers.IntegerField(required=False)
        date = serializers.DateField(required=False)

        def validate(self, attrs):
            if bool(attrs.get("shelter")) == bool(attrs.get("ldp_post")):
                raise serializers.ValidationError({"shelter": _("Choose a shelter or an LDP post.")})
            return attrs

    @extend_schema(
        parameters=[
            OpenApiParameter("shelter", int),
            OpenApiParameter("ldp_post", int),
            OpenApiParameter("date", str, description="YYYY-MM-DD, today by default"),
        ],
        responses=inline_serializer(
            "DutyRoster",
            {
                "place": serializers.CharField(),
                "date": serializers.DateField(),
                "lines": DutyLineSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        place = resolve_roster_place(request.user, shelter_pk=data.get("shelter"), ldp_post_pk=data.get("ldp_post"))
        day = data.get("date") or timezone.localdate()
        lines = selectors.duty_roster(user=request.user, day=day, **place)
        return Response(
            {
                "place": str(next(iter(place.values()))),
                "date": day,
                "lines": DutyLineSerializer(lines, many=True).data,
            }
        )
