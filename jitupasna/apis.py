"""REST endpoints of the Jitupasna app: thin, reading through the scoped selectors and writing through the services.
Amounts are whole rupiah, as decimal strings; the summary is the same computation the page and documents render."""

from django.http import Http404
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
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoped_fields import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from banten_dinsos.agencies.models import Agency
from banten_dinsos.regions.models import Region
from clusters.models import Disaster
from clusters.selectors import disaster_list
from meetings.models import Meeting
from meetings.selectors import meeting_list

from . import selectors, services
from .models import (
    MONEY,
    UNITS,
    Assessment,
    DamageEntry,
    DamageFactor,
    LossEntry,
    NeedsEntry,
    OutputFormat,
    Sector,
    SubSector,
)
from .views import output_response

AMOUNT = {"max_digits": 20, "decimal_places": 0, "read_only": True}
PERCENT = {"max_digits": 5, "decimal_places": 2}
FACTOR = {"max_digits": 4, "decimal_places": 3}


ENTRY_FILTERS = [
    OpenApiParameter("sector", str, description="Sector code, e.g. permukiman"),
    OpenApiParameter("kabkota", str, description="Kabupaten/kota code, e.g. 36.71"),
]

# ---------------------------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------------------------


class SubSectorSerializer(serializers.ModelSerializer):
    sector = serializers.CharField(source="sector.code")
    responsible_agency = serializers.CharField(source="responsible_agency.code", allow_null=True, default=None)
    responsible_agency_name = serializers.CharField(source="responsible_agency.name", allow_null=True, default=None)

    class Meta:
        model = SubSector
        fields = ["code", "name", "sector", "responsible_agency", "responsible_agency_name"]


class SectorSerializer(serializers.ModelSerializer):
    sub_sectors = SubSectorSerializer(many=True, read_only=True)

    class Meta:
        model = Sector
        fields = ["code", "name", "sub_sectors"]


class SectorListApi(generics.ListAPIView):
    """The five Jitupasna sectors, their sub-sectors and the agency responsible for each sub-sector's input."""

    serializer_class = SectorSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Sector.objects.none()
        require_perm(self.request.user, Perm.JITUPASNA_VIEW)
        return selectors.sector_list().prefetch_related("sub_sectors__sector")


class DamageFactorSerializer(serializers.ModelSerializer):
    class Meta:
        model = DamageFactor
        fields = ["damage_class", "factor", "source", "updated_at"]


class DamageFactorListApi(generics.ListAPIView):
    """The default damage class factors new assessments start with, and where the numbers come from."""

    serializer_class = DamageFactorSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DamageFactor.objects.none()
        require_perm(self.request.user, Perm.JITUPASNA_VIEW)
        return selectors.damage_factor_list()


# ---------------------------------------------------------------------------------------------------------------
# Assessments
# ---------------------------------------------------------------------------------------------------------------


class AssessmentOutputSerializer(serializers.ModelSerializer):
    disaster_title = serializers.CharField(source="disaster.title")

    class Meta:
        model = Assessment
        fields = [
            "id",
            "disaster",
            "disaster_title",
            "title",
            "status",
            "bbb_uplift_percent",
            "opened_at",
            "finalised_at",
            "updated_at",
        ]


class DocumentStateSerializer(serializers.Serializer):
    format = serializers.CharField()
    available = serializers.BooleanField()
    pending = serializers.BooleanField()
    sha256 = serializers.CharField(allow_null=True)
    built_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField(allow_null=True)


class AssessmentDetailOutputSerializer(AssessmentOutputSerializer):
    meetings = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    input_round = serializers.PrimaryKeyRelatedField(read_only=True)
    documents = serializers.SerializerMethodField()

    class Meta(AssessmentOutputSerializer.Meta):
        fields = [
            *AssessmentOutputSerializer.Meta.fields,
            "factor_heavy",
            "factor_moderate",
            "factor_light",
            "factors_source",
            "notes",
            "meetings",
            "input_round",
            "documents",
        ]

    @extend_schema_field(DocumentStateSerializer(many=True))
    def get_documents(self, assessment):
        """The XLSX and PDF (empty for officers: the documents cover every kabupaten/kota)."""
        if not self.context.get("whole_document"):
            return []
        rows = []
        for fmt, output in selectors.assessment_outputs(assessment=assessment).items():
            built = output is not None and bool(output.file)
            rows.append(
                {
                    "format": fmt,
                    "available": built,
                    "pending": bool(output and output.pending),
                    "sha256": output.sha256 if built else None,
                    "built_at": output.built_at if built else None,
                    "url": reverse("api-jitupasna-document", args=[assessment.pk, fmt]) if built else None,
                }
            )
        return DocumentStateSerializer(rows, many=True).data


# The querysets given beside ``scoped`` only type the fields in the schema: the choices are what the caller may see, so
# another kabupaten/kota's record is refused exactly like one that does not exist.


def _meetings_field(**kwargs):
    return ScopedPrimaryKeyRelatedField(
        scoped=meeting_list, queryset=Meeting.objects.none(), many=True, required=False, **kwargs
    )


class AssessmentInputSerializer(serializers.Serializer):
    disaster = ScopedPrimaryKeyRelatedField(scoped=disaster_list, queryset=Disaster.objects.none())
    title = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    bbb_uplift_percent = serializers.DecimalField(**PERCENT, required=False, default=0)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    meetings = _meetings_field()


class AssessmentUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    bbb_uplift_percent = serializers.DecimalField(**PERCENT, required=False)
    factor_heavy = serializers.DecimalField(**FACTOR, required=False)
    factor_moderate = serializers.DecimalField(**FACTOR, required=False)
    factor_light = serializers.DecimalField(**FACTOR, required=False)
    factors_source = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    meetings = _meetings_field()


def _detail(request, pk, *, code=status.HTTP_200_OK) -> Response:
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    context = {"whole_document": selectors.can_see_whole_document(user=request.user)}
    return Response(AssessmentDetailOutputSerializer(assessment, context=context).data, status=code)


class AssessmentListCreateApi(generics.ListAPIView):
    """Jitupasna assessments in the caller's scope, newest first. POST starts one for a disaster (BPBD and
    provincial staff), as a draft carrying the reference damage class factors and their source."""

    serializer_class = AssessmentOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assessment.objects.none()
        return selectors.assessment_list(user=self.request.user, filters=self.request.query_params)

    @extend_schema(
        parameters=[
            OpenApiParameter("disaster", int),
            OpenApiParameter("status", str, enum=["draft", "open", "final"]),
            OpenApiParameter("q", str),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=AssessmentInputSerializer, responses={201: AssessmentDetailOutputSerializer})
    def post(self, request):
        serializer = AssessmentInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        assessment = services.assessment_create(user=request.user, **data)
        return _detail(request, assessment.pk, code=status.HTTP_201_CREATED)


class AssessmentDetailApi(APIView):
    """One assessment: status, damage class factors with their source, uplift, meetings, input round, documents.
    PATCH changes it while it is not final (changed factors need a new source)."""

    @extend_schema(responses={200: AssessmentDetailOutputSerializer, 404: OpenApiResponse(description="Not in scope")})
    def get(self, request, pk):
        return _detail(request, pk)

    @extend_schema(request=AssessmentUpdateSerializer, responses={200: AssessmentDetailOutputSerializer})
    def patch(self, request, pk):
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        serializer = AssessmentUpdateSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        meetings = data.pop("meetings", None)
        services.assessment_update(user=request.user, assessment=assessment, data=data, meetings=meetings)
        return _detail(request, pk)


class OpenForInputSerializer(serializers.Serializer):
    deadline = serializers.DateTimeField()
    agencies = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.filter(is_active=True), many=True, required=False
    )
    description = serializers.CharField(required=False, allow_blank=True, default="")


class AssessmentOpenApi(APIView):
    """Open a draft for input until ``deadline``: each responsible agency (or the ``agencies`` given) is asked."""

    @extend_schema(request=OpenForInputSerializer, responses={200: AssessmentDetailOutputSerializer})
    def post(self, request, pk):
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        serializer = OpenForInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        services.assessment_open_for_input(
            user=request.user,
            assessment=assessment,
            deadline=data["deadline"],
            agencies=data.get("agencies"),
            description=data["description"],
        )
        return _detail(request, pk)


class AssessmentFinaliseApi(APIView):
    """Make the assessment final: the input round closes, nothing changes any more, the documents are built."""

    @extend_schema(request=None, responses={200: AssessmentDetailOutputSerializer})
    def post(self, request, pk):
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        services.assessment_finalise(user=request.user, assessment=assessment)
        return _detail(request, pk)


class AssessmentPrefillApi(APIView):
    """Create or refresh the damage entries pre-filled from verified field reports (entries changed by hand since
    are left alone)."""

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                "JitupasnaPrefillResult",
                {
                    "created": serializers.IntegerField(),
                    "updated": serializers.IntegerField(),
                    "unchanged": serializers.IntegerField(),
                    "kept": serializers.ListField(child=serializers.CharField()),
                    "reports": serializers.IntegerField(),
                    "message": serializers.CharField(),
                },
            )
        },
    )
    def post(self, request, pk):
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        result = services.assessment_prefill(user=request.user, assessment=assessment)
        return Response(
            {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "kept": result.kept,
                "reports": result.reports,
                "message": result.message,
            }
        )


# ---------------------------------------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------------------------------------


class FiguresSerializer(serializers.Serializer):
    damage = serializers.DecimalField(**AMOUNT)
    loss = serializers.DecimalField(**AMOUNT)
    reconstruction = serializers.DecimalField(**AMOUNT)
    loss_recovery = serializers.DecimalField(**AMOUNT)
    access = serializers.DecimalField(**AMOUNT)
    function = serializers.DecimalField(**AMOUNT)
    risk = serializers.DecimalField(**AMOUNT)
    needs = serializers.DecimalField(**AMOUNT)


class CellSerializer(FiguresSerializer):
    kabkota = serializers.CharField()


class SubSectorFiguresSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    agency = serializers.CharField()
    damage = serializers.DecimalField(**AMOUNT)
    loss = serializers.DecimalField(**AMOUNT)


class SectorFiguresSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    cells = CellSerializer(many=True)
    total = FiguresSerializer()
    sub_sectors = SubSectorFiguresSerializer(many=True)


class SummarySerializer(serializers.Serializer):
    assessment = serializers.IntegerField()
    status = serializers.CharField()
    uplift_percent = serializers.DecimalField(**PERCENT)
    factors = serializers.ListField(child=serializers.DictField())
    factors_source = serializers.CharField()
    kabkota = serializers.ListField(child=serializers.DictField())
    sectors = SectorFiguresSerializer(many=True)
    kabkota_totals = CellSerializer(many=True)
    total = FiguresSerializer()


def summary_data(figures) -> dict:
    codes = [code for code, _name in figures.kabkota]

    def cells(row):
        return [{"kabkota": code, **cell.as_dict()} for code, cell in zip(codes, row, strict=True)]

    assessment = figures.assessment
    return {
        "assessment": assessment.pk,
        "status": assessment.status,
        "uplift_percent": assessment.bbb_uplift_percent,
        "factors": [
            {"damage_class": code, "label": label, "factor": str(factor)} for code, label, factor in figures.factors
        ],
        "factors_source": assessment.factors_source,
        "kabkota": [{"code": code, "name": name} for code, name in figures.kabkota],
        "sectors": [
            {
                "code": sector.code,
                "name": sector.name,
                "cells": cells(sector.cells),
                "total": sector.total.as_dict(),
                "sub_sectors": [row.__dict__ for row in sector.sub_sectors],
            }
            for sector in figures.sectors
        ],
        "kabkota_totals": cells(figures.kabkota_totals),
        "total": figures.total.as_dict(),
    }


class AssessmentSummaryApi(APIView):
    """Damage, loss and needs per sector × kabupaten/kota with totals per sector, per kabupaten/kota and overall
    (an officer's own kabupaten/kota only). The same figures as the page, the XLSX and the PDF."""

    @extend_schema(responses={200: SummarySerializer})
    def get(self, request, pk):
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        figures = selectors.assessment_summary(user=request.user, assessment=assessment)
        return Response(SummarySerializer(summary_data(figures)).data)


# ---------------------------------------------------------------------------------------------------------------
# Entries
# ---------------------------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------------------------
# Input round
# ---------------------------------------------------------------------------------------------------------------


class AgencyInputSerializer(serializers.Serializer):
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    sub_sectors = serializers.ListField(child=serializers.CharField())
    entries = serializers.IntegerField()
    state = serializers.ChoiceField(choices=list(selectors.INPUT_STATES))
    label = serializers.CharField()
    is_late = serializers.BooleanField()
    last_submitted_at = serializers.DateTimeField(allow_null=True)


class InputStatusSerializer(serializers.Serializer):
    input_round = serializers.IntegerField(source="input_round.pk", allow_null=True, default=None)
    deadline = serializers.DateTimeField(source="input_round.deadline", allow_null=True, default=None)
    closed_at = serializers.DateTimeField(source="input_round.closed_at", allow_null=True, default=None)
    submitted = serializers.IntegerField()
    late = serializers.IntegerField()
    agencies = AgencyInputSerializer(source="rows", many=True)
    unassigned_sub_sectors = serializers.ListField(source="unassigned", child=serializers.CharField())


class InputSubmitSerializer(serializers.Serializer):
    agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.filter(is_active=True))
    note = serializers.CharField(required=False, allow_blank=True, default="")


class InputStatusApi(APIView):
    """Who has submitted their sub-sectors' input and who is late. POST marks an agency's input as submitted
    (after the deadline it is accepted and marked late)."""

    @extend_schema(responses={200: InputStatusSerializer})
    def get(self, request, pk):
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        return Response(InputStatusSerializer(selectors.input_status(assessment=assessment)).data)

    @extend_schema(request=InputSubmitSerializer, responses={201: InputStatusSerializer})
    def post(self, request, pk):
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        serializer = InputSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.agency_input_submit(user=request.user, assessment=assessment, **serializer.validated_data)
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        return Response(
            InputStatusSerializer(selectors.input_status(assessment=assessment)).data, status=status.HTTP_201_CREATED
        )


# ---------------------------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------------------------


class AssessmentDocumentApi(APIView):
    """GET downloads the XLSX or PDF (404 until built, and for officers: it covers every kabupaten/kota); POST asks
    for it to be (re)built in the background (202)."""

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
            404: OpenApiResponse(),
        }
    )
    def get(self, request, pk, fmt):
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        return output_response(selectors.assessment_output_get(user=request.user, assessment=assessment, fmt=fmt))

    @extend_schema(request=None, responses={202: OpenApiResponse(description="Queued")})
    def post(self, request, pk, fmt):
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        if fmt not in OutputFormat.values or not selectors.can_see_whole_document(user=request.user):
            raise Http404
        services.assessment_output_request(user=request.user, assessment=assessment, formats=[fmt])
        return Response(
            {"message": _("The document is being prepared."), "errors": {}}, status=status.HTTP_202_ACCEPTED
        )
