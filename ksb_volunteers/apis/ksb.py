"""KSB units with their officers, logistics store (lumbung), stakeholders and the provincial forum."""

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoped_fields import ScopedSlugRelatedField
from banten_dinsos.agencies.models import Agency
from clusters.models import DisasterType
from shelters import selectors as shelter_selectors
from shelters.apis.shelters import DESA_REFUSED

from .. import selectors, services
from ..filters import KsbUnitFilter
from ..models import (
    ItemCondition,
    KsbOfficer,
    KsbOfficerRole,
    KsbStakeholder,
    KsbStatus,
    KsbUnit,
    LumbungItem,
    LumbungItemKind,
    Sex,
    StakeholderKind,
)
from .common import PersonalFieldsMixin, schema_view


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
    desa = ScopedSlugRelatedField(slug_field="code", scoped=shelter_selectors.desa_choices, error_messages=DESA_REFUSED)
    decree_number = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    decree_date = serializers.DateField(required=False, allow_null=True, default=None)
    member_count = serializers.IntegerField(min_value=0, max_value=100_000, required=False, default=0)
    hazards = serializers.SlugRelatedField(
        slug_field="code", queryset=DisasterType.objects.all(), many=True, required=False, default=list
    )
    last_activity_on = serializers.DateField(required=False, allow_null=True, default=None)
    last_activity = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(choices=KsbStatus.choices, required=False, default=KsbStatus.ACTIVE)


class KsbUnitListCreateApi(generics.ListCreateAPIView):
    """KSB units in the caller's area; ``POST`` registers the KSB of a desa/kelurahan."""

    serializer_class = KsbUnitOutputSerializer
    filterset_class = KsbUnitFilter

    def get_queryset(self):
        if schema_view(self):
            return KsbUnit.objects.none()
        return selectors.ksb_unit_list(user=self.request.user).prefetch_related("hazards")

    @extend_schema(request=KsbUnitInputSerializer, responses={201: KsbUnitDetailSerializer})
    def post(self, request):
        require_perm(request.user, Perm.VOLUNTEER_CHANGE)
        serializer = KsbUnitInputSerializer(data=request.data, context={"request": request})
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
        serializer = KsbUnitInputSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        hazards = data.pop("hazards") if "hazards" in request.data else None
        data = {key: value for key, value in data.items() if key in request.data}
        services.ksb_unit_update(user=request.user, unit=unit, data=data, hazards=hazards)
        unit = selectors.ksb_unit_get(user=request.user, pk=pk)
        return Response(KsbUnitDetailSerializer(unit, context={"request": request}).data)


class _UnitPartCreateApi(APIView):
    """Adds one record (an officer, a store item, a stakeholder) to a unit in the caller's area."""

    InputSerializer: type[serializers.Serializer]
    output_serializer: type[serializers.Serializer]
    add = None  # a service taking user=, unit= and the input's fields

    def post(self, request, pk):
        require_perm(request.user, Perm.VOLUNTEER_CHANGE)
        unit = selectors.ksb_unit_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = type(self).add(user=request.user, unit=unit, **serializer.validated_data)
        return Response(self.output_serializer(record, context={"request": request}).data, status=201)


class _UnitPartDeleteApi(APIView):
    """Removes one record of a unit in the caller's area; another area's record answers 404 like a missing one."""

    model = None
    argument = ""
    remove = None  # a service taking user= and the record as ``argument``

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        require_perm(request.user, Perm.VOLUNTEER_CHANGE)
        record = selectors.ksb_unit_part_get(user=request.user, model=self.model, pk=pk)
        type(self).remove(user=request.user, **{self.argument: record})
        return Response(status=status.HTTP_204_NO_CONTENT)


class _OfficerInput(serializers.Serializer):
    class Meta:
        ref_name = "VolunteerKsbOfficerCreateInput"

    full_name = serializers.CharField(max_length=150)
    role = serializers.ChoiceField(choices=KsbOfficerRole.choices)
    section = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    in_forum = serializers.BooleanField(required=False, default=False)


@extend_schema_view(post=extend_schema(request=_OfficerInput, responses={201: KsbOfficerSerializer}))
class KsbOfficerCreateApi(_UnitPartCreateApi):
    """Add an officer (pengurus) to a unit."""

    InputSerializer = _OfficerInput
    output_serializer = KsbOfficerSerializer
    add = staticmethod(services.ksb_officer_add)


class KsbOfficerDetailApi(_UnitPartDeleteApi):
    model, argument, remove = KsbOfficer, "officer", staticmethod(services.ksb_officer_remove)


class _LumbungInput(serializers.Serializer):
    class Meta:
        ref_name = "VolunteerLumbungItemCreateInput"

    kind = serializers.ChoiceField(choices=LumbungItemKind.choices)
    description = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    quantity = serializers.IntegerField(min_value=0, max_value=1_000_000)
    condition = serializers.ChoiceField(choices=ItemCondition.choices)
    checked_on = serializers.DateField(required=False, allow_null=True, default=None)


@extend_schema_view(post=extend_schema(request=_LumbungInput, responses={201: LumbungItemSerializer}))
class LumbungItemCreateApi(_UnitPartCreateApi):
    """Record how many of an item the unit's store holds in one condition (the same item and condition is replaced)."""

    InputSerializer = _LumbungInput
    output_serializer = LumbungItemSerializer
    add = staticmethod(services.lumbung_item_save)


class LumbungItemDetailApi(_UnitPartDeleteApi):
    model, argument, remove = LumbungItem, "item", staticmethod(services.lumbung_item_remove)


class _StakeholderInput(serializers.Serializer):
    class Meta:
        ref_name = "VolunteerKsbStakeholderCreateInput"

    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=StakeholderKind.choices)
    agency = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), required=False, allow_null=True, default=None
    )
    provides = serializers.CharField(max_length=255)
    since = serializers.DateField(required=False, allow_null=True, default=None)


@extend_schema_view(post=extend_schema(request=_StakeholderInput, responses={201: KsbStakeholderSerializer}))
class KsbStakeholderCreateApi(_UnitPartCreateApi):
    """Record an organisation supporting the unit (CSR, PMI, media, NGO) and what it provides."""

    InputSerializer = _StakeholderInput
    output_serializer = KsbStakeholderSerializer
    add = staticmethod(services.ksb_stakeholder_add)


class KsbStakeholderDetailApi(_UnitPartDeleteApi):
    model, argument, remove = KsbStakeholder, "stakeholder", staticmethod(services.ksb_stakeholder_remove)


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
        if schema_view(self):
            return KsbOfficer.objects.none()
        return selectors.ksb_forum_officers(user=self.request.user)
