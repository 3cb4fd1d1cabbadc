"""Damage, loss and needs entries of an assessment (filtered by ``EntryFilter``); an officer enters and sees their
own kabupaten/kota only."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.scoped_fields import ScopedSlugRelatedField
from banten_dinsos.regions.models import Region

from .. import selectors, services
from ..models import (
    MONEY,
    UNITS,
    DamageEntry,
    LossEntry,
    NeedsEntry,
    Sector,
    SubSector,
)
from .common import AMOUNT, PERCENT

ENTRY_FILTERS = [
    OpenApiParameter("sector", str, description="Sector code, e.g. permukiman"),
    OpenApiParameter("kabkota", str, description="Kabupaten/kota code, e.g. 36.71"),
]


class DamageEntryOutputSerializer(serializers.ModelSerializer):
    sector = serializers.CharField(source="sub_sector.sector.code")
    sub_sector = serializers.CharField(source="sub_sector.code")
    damage = serializers.SerializerMethodField()

    class Meta:
        model = DamageEntry
        fields = [
            "id",
            "sector",
            "sub_sector",
            "kabkota",
            "kecamatan",
            "asset_kind",
            "unit_label",
            "total_stock",
            "units_heavy",
            "units_moderate",
            "units_light",
            "unit_cost",
            "damage",
            "source",
            "prefill_note",
            "edited_since_prefill",
            "note",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_damage(self, entry) -> str:
        return str(selectors.entry_damage(entry, self.context["assessment"]))


def _kabkota_field(**kwargs):
    return ScopedSlugRelatedField(
        slug_field="code", scoped=selectors.kabkota_choices, queryset=Region.objects.none(), **kwargs
    )


def _kecamatan_field(**kwargs):
    return ScopedSlugRelatedField(
        slug_field="code", scoped=selectors.kecamatan_choices, queryset=Region.objects.none(), **kwargs
    )


def _sub_sector_field(**kwargs):
    return serializers.SlugRelatedField(
        slug_field="code", queryset=SubSector.objects.select_related("sector"), **kwargs
    )


class DamageEntryInputSerializer(serializers.Serializer):
    sub_sector = _sub_sector_field()
    kabkota = _kabkota_field()
    kecamatan = _kecamatan_field(required=False, allow_null=True)
    asset_kind = serializers.CharField(max_length=200)
    unit_label = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    total_stock = serializers.DecimalField(**UNITS, required=False, allow_null=True, default=None)
    units_heavy = serializers.DecimalField(**UNITS, required=False, default=0)
    units_moderate = serializers.DecimalField(**UNITS, required=False, default=0)
    units_light = serializers.DecimalField(**UNITS, required=False, default=0)
    unit_cost = serializers.DecimalField(**MONEY, required=False, default=0)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class LossEntryOutputSerializer(serializers.ModelSerializer):
    sector = serializers.CharField(source="sub_sector.sector.code")
    sub_sector = serializers.CharField(source="sub_sector.code")
    loss = serializers.DecimalField(source="total", **AMOUNT)

    class Meta:
        model = LossEntry
        fields = [
            "id",
            "sector",
            "sub_sector",
            "kabkota",
            "kecamatan",
            "description",
            "lost_income",
            "extra_costs",
            "recovery_months",
            "loss",
            "note",
            "updated_at",
        ]


class LossEntryInputSerializer(serializers.Serializer):
    sub_sector = _sub_sector_field()
    kabkota = _kabkota_field()
    kecamatan = _kecamatan_field(required=False, allow_null=True)
    description = serializers.CharField(max_length=255)
    lost_income = serializers.DecimalField(**MONEY, required=False, default=0)
    extra_costs = serializers.DecimalField(**MONEY, required=False, default=0)
    recovery_months = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NeedsEntryOutputSerializer(serializers.ModelSerializer):
    sector = serializers.CharField(source="sector.code")

    class Meta:
        model = NeedsEntry
        fields = [
            "id",
            "sector",
            "kabkota",
            "bbb_uplift_percent",
            "loss_recovery",
            "access",
            "function",
            "risk",
            "description",
            "updated_at",
        ]


class NeedsEntryInputSerializer(serializers.Serializer):
    sector = serializers.SlugRelatedField(slug_field="code", queryset=Sector.objects.all())
    kabkota = _kabkota_field()
    bbb_uplift_percent = serializers.DecimalField(**PERCENT, required=False, allow_null=True, default=None)
    loss_recovery = serializers.DecimalField(**MONEY, required=False, default=0)
    access = serializers.DecimalField(**MONEY, required=False, default=0)
    function = serializers.DecimalField(**MONEY, required=False, default=0)
    risk = serializers.DecimalField(**MONEY, required=False, default=0)
    description = serializers.CharField(required=False, allow_blank=True, default="")


ENTRY_APIS = {
    "damage": (
        selectors.damage_entry_list,
        selectors.damage_entry_get,
        services.damage_entry_create,
        services.damage_entry_update,
        services.damage_entry_delete,
        DamageEntryOutputSerializer,
        DamageEntryInputSerializer,
    ),
    "loss": (
        selectors.loss_entry_list,
        selectors.loss_entry_get,
        services.loss_entry_create,
        services.loss_entry_update,
        services.loss_entry_delete,
        LossEntryOutputSerializer,
        LossEntryInputSerializer,
    ),
    "needs": (
        selectors.needs_entry_list,
        selectors.needs_entry_get,
        services.needs_entry_create,
        services.needs_entry_update,
        services.needs_entry_delete,
        NeedsEntryOutputSerializer,
        NeedsEntryInputSerializer,
    ),
}


def entry_list_api(kind: str, doc: str):
    list_entries, _get, create, _update, _delete, output, input_serializer = ENTRY_APIS[kind]

    class EntryListCreateApi(generics.ListAPIView):
        __doc__ = doc
        serializer_class = output

        def get_queryset(self):
            if getattr(self, "swagger_fake_view", False):
                return output.Meta.model.objects.none()
            self.assessment = selectors.assessment_get(user=self.request.user, pk=self.kwargs["pk"])
            return list_entries(user=self.request.user, assessment=self.assessment, filters=self.request.query_params)

        def get_serializer_context(self):
            return {**super().get_serializer_context(), "assessment": getattr(self, "assessment", None)}

        @extend_schema(parameters=ENTRY_FILTERS)
        def get(self, request, *args, **kwargs):
            return super().get(request, *args, **kwargs)

        @extend_schema(request=input_serializer, responses={201: output})
        def post(self, request, pk):
            assessment = selectors.assessment_get(user=request.user, pk=pk)
            serializer = input_serializer(data=request.data, context={"request": request})
            serializer.is_valid(raise_exception=True)
            entry = create(user=request.user, assessment=assessment, **serializer.validated_data)
            return Response(output(entry, context={"assessment": assessment}).data, status=status.HTTP_201_CREATED)

    EntryListCreateApi.__name__ = f"{kind.capitalize()}EntryListCreateApi"
    EntryListCreateApi.__qualname__ = EntryListCreateApi.__name__
    return EntryListCreateApi


def entry_detail_api(kind: str, doc: str):
    _list, get_entry, _create, update, delete, output, input_serializer = ENTRY_APIS[kind]

    class EntryDetailApi(APIView):
        __doc__ = doc

        @extend_schema(responses={200: output, 404: OpenApiResponse(description="Not in scope")})
        def get(self, request, pk, entry_pk):
            assessment = selectors.assessment_get(user=request.user, pk=pk)
            entry = get_entry(user=request.user, assessment=assessment, pk=entry_pk)
            return Response(output(entry, context={"assessment": assessment}).data)

        @extend_schema(request=input_serializer, responses={200: output})
        def patch(self, request, pk, entry_pk):
            assessment = selectors.assessment_get(user=request.user, pk=pk)
            entry = get_entry(user=request.user, assessment=assessment, pk=entry_pk)
            serializer = input_serializer(data=request.data, partial=True, context={"request": request})
            serializer.is_valid(raise_exception=True)
            entry = update(user=request.user, entry=entry, data=serializer.validated_data)
            return Response(output(entry, context={"assessment": assessment}).data)

        @extend_schema(responses={204: None})
        def delete(self, request, pk, entry_pk):
            assessment = selectors.assessment_get(user=request.user, pk=pk)
            entry = get_entry(user=request.user, assessment=assessment, pk=entry_pk)
            delete(user=request.user, entry=entry)
            return Response(status=status.HTTP_204_NO_CONTENT)

    EntryDetailApi.__name__ = f"{kind.capitalize()}EntryDetailApi"
    EntryDetailApi.__qualname__ = EntryDetailApi.__name__
    return EntryDetailApi


DamageEntryListCreateApi = entry_list_api(
    "damage",
    "Damage entries (an officer's own kabupaten/kota only); POST adds one: units by damage class and the "
    "pre-disaster unit cost. Negative figures, units above the stock, a kabupaten/kota the disaster did not affect "
    "and a final assessment are refused with a message naming the field.",
)
DamageEntryDetailApi = entry_detail_api("damage", "One damage entry; PATCH changes it, DELETE removes it.")
LossEntryListCreateApi = entry_list_api(
    "loss", "Loss entries: lost income and extra costs until recovery; POST adds one."
)
LossEntryDetailApi = entry_detail_api("loss", "One loss entry; PATCH changes it, DELETE removes it.")
NeedsEntryListCreateApi = entry_list_api(
    "needs",
    "Needs per sector and kabupaten/kota besides rebuilding the damage: recovery of losses, access, function, risk "
    "reduction, and an optional uplift of the sector's own; POST adds one.",
)
NeedsEntryDetailApi = entry_detail_api("needs", "One needs entry; PATCH changes it, DELETE removes it.")
