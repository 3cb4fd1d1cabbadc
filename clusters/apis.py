import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.scoped_fields import ScopedPrimaryKeyRelatedField
from banten_dinsos.agencies.models import Agency
from banten_dinsos.core.exceptions import ApplicationError
from banten_dinsos.core.pagination import StandardPagination
from banten_dinsos.regions.models import Region

from .cluster_status import REACHING, cluster_status
from .figures import CLUSTER_FIGURES, IMPACT_FIGURES
from .filters import ActivityFilter, DisasterFilter, FieldReportFilter, NeedFilter, region_code
from .models import (
    IMPACT_FIELDS,
    Activity,
    Cluster,
    Disaster,
    DisasterStatusChange,
    DisasterType,
    EmergencyStatus,
    FieldReport,
    FieldReportEvent,
    Need,
    NeedPriority,
)
from .renderers import Column, CSVExportMixin, CSVTable, HXLCSVRenderer
from .selectors import (
    activity_get,
    activity_list,
    cluster_list,
    disaster_get,
    disaster_list,
    disaster_type_list,
    field_report_get,
    field_report_list,
    need_get,
    need_list,
)
from .services import (
    activity_create,
    activity_update,
    disaster_change_status,
    disaster_create,
    disaster_update,
    field_report_create,
    field_report_return,
    field_report_submit,
    field_report_update,
    field_report_verify,
    need_create,
    need_update,
)


class ErrorSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="One sentence for the user, in their language.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), help_text="Messages per field name."
    )

    class Meta:
        ref_name = "Error"


def _errors(*codes: int) -> dict:
    described = {
        400: "Bad input: `errors` names each field and why (in Bahasa Indonesia unless asked otherwise).",
        403: "The caller's role may not do this.",
        404: "No such record in the caller's scope (out of scope answers exactly like missing).",
        409: "Conflict with the record's current state or an earlier request.",
    }
    return {code: OpenApiResponse(ErrorSerializer, description=described[code]) for code in codes}


def _user(user) -> str | None:
    return user.get_username() if user is not None else None


# ---------------------------------------------------------------------------------------------------------------
# Clusters and disaster types (reference data)
# ---------------------------------------------------------------------------------------------------------------


class ClusterListApi(generics.ListAPIView):
    """The national clusters and sub-clusters with their lead agency in Banten."""

    class OutputSerializer(serializers.ModelSerializer):
        parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
        lead_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)

        class Meta:
            model = Cluster
            fields = ["code", "name", "parent", "national_coordinator", "lead_agency"]
            ref_name = "Cluster"

    serializer_class = OutputSerializer
    pagination_class = None

    def get_queryset(self):
        return cluster_list(user=self.request.user)


class DisasterTypeListApi(generics.ListAPIView):
    """BNPB (DIBI) disaster types."""

    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = DisasterType
            fields = ["code", "name"]
            ref_name = "DisasterType"

    serializer_class = OutputSerializer
    pagination_class = None

    def get_queryset(self):
        return disaster_type_list()


# ---------------------------------------------------------------------------------------------------------------
# Disaster events
# ---------------------------------------------------------------------------------------------------------------


class StatusChangeSerializer(serializers.ModelSerializer):
    changed_by = serializers.SerializerMethodField()

    class Meta:
        model = DisasterStatusChange
        fields = [
            "from_status",
            "to_status",
            "decree_number",
            "valid_from",
            "valid_until",
            "note",
            "changed_by",
            "changed_at",
        ]
        ref_name = "DisasterStatusChange"

    def get_changed_by(self, change) -> str | None:
        return _user(change.changed_by)


class DisasterOutputSerializer(serializers.ModelSerializer):
    disaster_type_name = serializers.CharField(source="disaster_type.name")
    affected_kabkota = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    affected_kecamatan = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Disaster
        fields = [
            "id",
            "disaster_type",
            "disaster_type_name",
            "title",
            "description",
            "started_on",
            "ended_on",
            "status",
            "decree_number",
            "status_valid_from",
            "status_valid_until",
            "affected_kabkota",
            "affected_kecamatan",
            "created_at",
            "updated_at",
        ]
        ref_name = "Disaster"


class DisasterDetailSerializer(DisasterOutputSerializer):
    status_history = StatusChangeSerializer(many=True, read_only=True)

    class Meta(DisasterOutputSerializer.Meta):
        fields = [*DisasterOutputSerializer.Meta.fields, "status_history"]
        ref_name = "DisasterDetail"


class DisasterInputSerializer(serializers.ModelSerializer):
    disaster_type = serializers.SlugRelatedField(
        slug_field="code", queryset=DisasterType.objects.filter(is_active=True)
    )
    affected_kabkota = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Region.objects.filter(level="kabkota")
    )
    affected_kecamatan = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=Region.objects.filter(level="kecamatan")
    )

    class Meta:
        model = Disaster
        fields = [
            "disaster_type",
            "title",
            "description",
            "started_on",
            "affected_kabkota",
            "affected_kecamatan",
            "status",
            "decree_number",
            "status_valid_from",
            "status_valid_until",
        ]
        ref_name = "DisasterInput"


class DisasterUpdateSerializer(DisasterInputSerializer):
    class Meta(DisasterInputSerializer.Meta):
        fields = ["disaster_type", "title", "description", "started_on", "affected_kabkota", "affected_kecamatan"]
        ref_name = "DisasterUpdate"


class DisasterStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=EmergencyStatus.choices)
    decree_number = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "DisasterStatusInput"


def _disaster_detail(request, pk) -> Response:
    return Response(DisasterDetailSerializer(disaster_get(user=request.user, pk=pk)).data)


class DisasterListCreateApi(generics.ListCreateAPIView):
    """Disaster events in the caller's scope; provincial staff declare new ones."""

    serializer_class = DisasterOutputSerializer
    filterset_class = DisasterFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Disaster.objects.none()
        return disaster_list(user=self.request.user).prefetch_related("affected_kabkota", "affected_kecamatan")

    @extend_schema(request=DisasterInputSerializer, responses={201: DisasterDetailSerializer, **_errors(400, 403)})
    def post(self, request):
        serializer = DisasterInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        disaster = disaster_create(user=request.user, **serializer.validated_data)
        response = _disaster_detail(request, disaster.pk)
        response.status_code = status.HTTP_201_CREATED
        return response


class DisasterDetailApi(APIView):
    """One disaster event with its emergency-status history."""

    @extend_schema(responses={200: DisasterDetailSerializer, **_errors(404)})
    def get(self, request, pk):
        return _disaster_detail(request, pk)

    @extend_schema(
        request=DisasterUpdateSerializer, responses={200: DisasterDetailSerializer, **_errors(400, 403, 404)}
    )
    def patch(self, request, pk):
        disaster = disaster_get(user=request.user, pk=pk)
        serializer = DisasterUpdateSerializer(disaster, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        disaster_update(user=request.user, disaster=disaster, data=dict(serializer.validated_data))
        return _disaster_detail(request, pk)


class DisasterStatusApi(APIView):
    """Change the emergency status (siaga → tanggap → transisi → pemulihan → selesai) under a decree."""

    @extend_schema(
        request=DisasterStatusInputSerializer, responses={200: DisasterDetailSerializer, **_errors(400, 403, 404)}
    )
    def post(self, request, pk):
        disaster = disaster_get(user=request.user, pk=pk)
        serializer = DisasterStatusInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        disaster_change_status(user=request.user, disaster=disaster, **serializer.validated_data)
        return _disaster_detail(request, pk)


# ---------------------------------------------------------------------------------------------------------------
# Field reports
# ---------------------------------------------------------------------------------------------------------------


class ReportNeedSerializer(serializers.ModelSerializer):
    cluster = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Need
        fields = ["id", "cluster", "description", "people_in_need", "priority", "status"]
        ref_name = "ReportNeed"


class ReportEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = FieldReportEvent
        fields = ["action", "actor", "at", "note"]
        ref_name = "FieldReportStep"

    def get_actor(self, event) -> str | None:
        return _user(event.actor)


class FieldReportOutputSerializer(serializers.ModelSerializer):
    area_name = serializers.CharField(source="area.name")
    kabkota_name = serializers.CharField(source="kabkota.name")
    needs = ReportNeedSerializer(many=True, read_only=True)
    created_by = serializers.SerializerMethodField()
    submitted_by = serializers.SerializerMethodField()
    verified_by = serializers.SerializerMethodField()
    returned_by = serializers.SerializerMethodField()

    class Meta:
        model = FieldReport
        fields = [
            "id",
            "disaster",
            "kind",
            "area",
            "area_name",
            "kabkota",
            "kabkota_name",
            "observed_at",
            *IMPACT_FIELDS,
            "facilities_damaged",
            "notes",
            "needs",
            "state",
            "idempotency_key",
            "supersedes",
            "superseded_by",
            "created_by",
            "created_at",
            "submitted_by",
            "submitted_at",
            "verified_by",
            "verified_at",
            "returned_by",
            "returned_at",
            "return_reason",
            "updated_at",
        ]
        ref_name = "FieldReport"

    def get_created_by(self, report) -> str | None:
        return _user(report.created_by)

    def get_submitted_by(self, report) -> str | None:
        return _user(report.submitted_by)

    def get_verified_by(self, report) -> str | None:
        return _user(report.verified_by)

    def get_returned_by(self, report) -> str | None:
        return _user(report.returned_by)


class FieldReportDetailSerializer(FieldReportOutputSerializer):
    history = ReportEventSerializer(source="events", many=True, read_only=True)

    class Meta(FieldReportOutputSerializer.Meta):
        fields = [*FieldReportOutputSerializer.Meta.fields, "history"]
        ref_name = "FieldReportDetail"


class NeedItemSerializer(serializers.Serializer):
    cluster = serializers.SlugRelatedField(slug_field="code", queryset=Cluster.objects.filter(is_active=True))
    description = serializers.CharField(max_length=500)
    people_in_need = serializers.IntegerField(min_value=0, max_value=10_000_000, required=False, default=0)
    priority = serializers.ChoiceField(choices=NeedPriority.choices, required=False, default=NeedPriority.URGENT)

    class Meta:
        ref_name = "ReportNeedInput"


class FieldReportInputSerializer(serializers.ModelSerializer):
    # Another kabupaten/kota's disaster or report is refused exactly like one that does not exist.
    disaster = ScopedPrimaryKeyRelatedField(scoped=disaster_list)
    area = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    idempotency_key = serializers.UUIDField(
        help_text="Generated by the client once per report and sent again on every retry of the same report."
    )
    facilities_damaged = serializers.JSONField(
        required=False, help_text='Damaged facilities by kind and class, e.g. {"school": {"rb": 1, "rr": 2}}.'
    )
    supersedes = ScopedPrimaryKeyRelatedField(scoped=field_report_list, required=False, allow_null=True)
    needs = NeedItemSerializer(many=True, required=False)
    submit = serializers.BooleanField(required=False, default=False, help_text="Submit for verification at once.")

    class Meta:
        model = FieldReport
        fields = [
            "disaster",
            "idempotency_key",
            "kind",
            "area",
            "observed_at",
            *IMPACT_FIELDS,
            "facilities_damaged",
            "notes",
            "supersedes",
            "needs",
            "submit",
        ]
        ref_name = "FieldReportInput"


class FieldReportUpdateSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    facilities_damaged = serializers.JSONField(required=False)
    needs = NeedItemSerializer(many=True, required=False, help_text="When sent, replaces the report's needs.")

    class Meta:
        model = FieldReport
        fields = ["kind", "area", "observed_at", *IMPACT_FIELDS, "facilities_damaged", "notes", "needs"]
        ref_name = "FieldReportUpdate"


class ReturnInputSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="What the officer must correct.", allow_blank=True)

    class Meta:
        ref_name = "FieldReportReturnInput"


def _report_response(request, pk, *, status_code=status.HTTP_200_OK) -> Response:
    report = field_report_get(user=request.user, pk=pk)
    return Response(FieldReportDetailSerializer(report).data, status=status_code)


class FieldReportListCreateApi(generics.ListCreateAPIView):
    """Field reports in the caller's scope. Officers create them in their own kabupaten/kota.

    Creating is retry-safe: send the same ``idempotency_key`` again and the report created the first time comes
    back with 200 instead of a second report (201 only when it was created by this request).
    """

    serializer_class = FieldReportOutputSerializer
    filterset_class = FieldReportFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FieldReport.objects.none()
        return (
            field_report_list(user=self.request.user)
            .select_related("submitted_by", "verified_by", "returned_by")
            .prefetch_related("needs__cluster")
        )

    @extend_schema(
        request=FieldReportInputSerializer,
        responses={
            201: FieldReportDetailSerializer,
            200: OpenApiResponse(FieldReportDetailSerializer, description="A retry: the report this key created."),
            **_errors(400, 403, 409),
        },
    )
    def post(self, request):
        serializer = FieldReportInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        report, created = field_report_create(
            user=request.user,
            disaster=data.pop("disaster"),
            area=data.pop("area"),
            observed_at=data.pop("observed_at"),
            idempotency_key=data.pop("idempotency_key"),
            supersedes=data.pop("supersedes", None),
            needs=data.pop("needs", []),
            submit=data.pop("submit", False),
            **data,
        )
        response = _report_response(request, report.pk, status_code=201 if created else 200)
        response["Idempotent-Replayed"] = "false" if created else "true"
        return response


class FieldReportDetailApi(APIView):
    """One field report with its needs and every workflow step (who, when)."""

    @extend_schema(responses={200: FieldReportDetailSerializer, **_errors(404)})
    def get(self, request, pk):
        return _report_response(request, pk)

    @extend_schema(
        request=FieldReportUpdateSerializer, responses={200: FieldReportDetailSerializer, **_errors(400, 403, 404)}
    )
    def patch(self, request, pk):
        report = field_report_get(user=request.user, pk=pk)
        serializer = FieldReportUpdateSerializer(report, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        needs = data.pop("needs", None)
        field_report_update(user=request.user, report=report, data=data, needs=needs)
        return _report_response(request, pk)


class FieldReportSubmitApi(APIView):
    """Send a draft or returned report for verification."""

    @extend_schema(request=None, responses={200: FieldReportDetailSerializer, **_errors(400, 403, 404)})
    def post(self, request, pk):
        field_report_submit(user=request.user, report=field_report_get(user=request.user, pk=pk))
        return _report_response(request, pk)


class FieldReportVerifyApi(APIView):
    """Provincial staff accept a submitted report; a verified correction supersedes the report it corrects."""

    @extend_schema(request=None, responses={200: FieldReportDetailSerializer, **_errors(400, 403, 404)})
    def post(self, request, pk):
        field_report_verify(user=request.user, report=field_report_get(user=request.user, pk=pk))
        return _report_response(request, pk)


class FieldReportReturnApi(APIView):
    """Provincial staff send a submitted report back with the reason; the officer fixes it and resubmits."""

    @extend_schema(
        request=ReturnInputSerializer, responses={200: FieldReportDetailSerializer, **_errors(400, 403, 404)}
    )
    def post(self, request, pk):
        report = field_report_get(user=request.user, pk=pk)
        serializer = ReturnInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        field_report_return(user=request.user, report=report, reason=serializer.validated_data["reason"])
        return _report_response(request, pk)


# ---------------------------------------------------------------------------------------------------------------
# Needs and 3W activities
# ---------------------------------------------------------------------------------------------------------------


class NeedOutputSerializer(serializers.ModelSerializer):
    cluster = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)
    area_name = serializers.CharField(source="area.name")
    people_reached = serializers.IntegerField(read_only=True, help_text="Reached by ongoing or completed activities.")

    class Meta:
        model = Need
        fields = [
            "id",
            "disaster",
            "report",
            "cluster",
            "sector",
            "area",
            "area_name",
            "kabkota",
            "description",
            "people_in_need",
            "people_reached",
            "priority",
            "status",
            "created_at",
            "updated_at",
        ]
        ref_name = "Need"


class NeedInputSerializer(serializers.ModelSerializer):
    disaster = ScopedPrimaryKeyRelatedField(scoped=disaster_list)
    cluster = serializers.SlugRelatedField(slug_field="code", queryset=Cluster.objects.all())
    area = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())

    class Meta:
        model = Need
        fields = ["disaster", "cluster", "area", "description", "people_in_need", "priority"]
        ref_name = "NeedInput"


class NeedUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Need
        fields = ["description", "people_in_need", "priority", "status"]
        ref_name = "NeedUpdate"


class NeedListCreateApi(generics.ListCreateAPIView):
    """Declared needs (from verified reports or entered directly) with the people activities reach."""

    serializer_class = NeedOutputSerializer
    filterset_class = NeedFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Need.objects.none()
        return need_list(user=self.request.user)

    @extend_schema(request=NeedInputSerializer, responses={201: NeedOutputSerializer, **_errors(400, 403)})
    def post(self, request):
        serializer = NeedInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        need = need_create(user=request.user, **serializer.validated_data)
        return Response(NeedOutputSerializer(need_get(user=request.user, pk=need.pk)).data, status=201)


class NeedDetailApi(APIView):
    """One need; mark it met or cancelled, or (for a direct need) change its words and figures."""

    @extend_schema(responses={200: NeedOutputSerializer, **_errors(404)})
    def get(self, request, pk):
        return Response(NeedOutputSerializer(need_get(user=request.user, pk=pk)).data)

    @extend_schema(request=NeedUpdateSerializer, responses={200: NeedOutputSerializer, **_errors(400, 403, 404)})
    def patch(self, request, pk):
        need = need_get(user=request.user, pk=pk)
        serializer = NeedUpdateSerializer(need, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        need_update(user=request.user, need=need, data=dict(serializer.validated_data))
        return Response(NeedOutputSerializer(need_get(user=request.user, pk=pk)).data)


class ActivityOutputSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agency_name = serializers.CharField(source="agency.name")
    cluster = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)
    area_name = serializers.CharField(source="area.name")

    class Meta:
        model = Activity
        fields = [
            "id",
            "disaster",
            "agency",
            "agency_name",
            "cluster",
            "sector",
            "need",
            "title",
            "description",
            "area",
            "area_name",
            "kabkota",
            "start_date",
            "end_date",
            "people_reached",
            "status",
            "created_at",
            "updated_at",
        ]
        ref_name = "Activity"


class ActivityInputSerializer(serializers.ModelSerializer):
    disaster = ScopedPrimaryKeyRelatedField(scoped=disaster_list)
    agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())
    cluster = serializers.SlugRelatedField(slug_field="code", queryset=Cluster.objects.all())
    area = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    need = ScopedPrimaryKeyRelatedField(scoped=need_list, required=False, allow_null=True)

    class Meta:
        model = Activity
        fields = [
            "disaster",
            "agency",
            "cluster",
            "need",
            "title",
            "description",
            "area",
            "start_date",
            "end_date",
            "people_reached",
            "status",
        ]
        ref_name = "ActivityInput"


class ActivityUpdateSerializer(ActivityInputSerializer):
    class Meta(ActivityInputSerializer.Meta):
        fields = [field for field in ActivityInputSerializer.Meta.fields if field != "disaster"]
        ref_name = "ActivityUpdate"


def _adm3(activity: Activity) -> tuple[str, str]:
    area = activity.area
    if area.level == "kecamatan":
        return area.code, area.name
    if area.level == "desa":
        return area.parent_id, area.parent.name
    return "", ""


ACTIVITY_COLUMNS = [
    Column(_l("Disaster event"), "#crisis+name", "disaster_title"),
    Column(_l("Agency"), "#org+name", "agency_name"),
    Column(_l("Agency code"), "#org+code", "agency"),
    Column(_l("Agency type"), "#org+type", "agency_kind"),
    Column(_l("Cluster"), "#sector+cluster", "sector"),
    Column(_l("Sub-cluster"), "#subsector+code", "subcluster"),
    Column(_l("Activity"), "#activity+name", "title"),
    Column(_l("Kabupaten/kota code"), "#adm2+code", "kabkota"),
    Column(_l("Kabupaten/kota"), "#adm2+name", "kabkota_name"),
    Column(_l("Kecamatan code"), "#adm3+code", "adm3_code"),
    Column(_l("Kecamatan"), "#adm3+name", "adm3_name"),
    Column(_l("Area code"), "#loc+code", "area"),
    Column(_l("Area"), "#loc+name", "area_name"),
    Column(_l("Start date"), "#date+start", "start_date"),
    Column(_l("End date"), "#date+end", "end_date"),
    Column(_l("People reached"), "#reached", "people_reached"),
    Column(_l("Status"), "#status", "status"),
]


class ActivityListCreateApi(CSVExportMixin, generics.ListCreateAPIView):
    """3W activities (who does what where). ``?format=csv`` gives every matching row as HXL-tagged CSV.

    The CSV has one row per activity; ``#reached`` is filled for ongoing and completed activities only, so its
    sum equals cluster status's ``people_reached`` for the same disaster, cluster and region.
    """

    serializer_class = ActivityOutputSerializer
    filterset_class = ActivityFilter
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, HXLCSVRenderer]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Activity.objects.none()
        return activity_list(user=self.request.user)

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["json", "csv"], description="csv: HXL-tagged 3W table")],
        responses={
            (200, "application/json"): ActivityOutputSerializer(many=True),
            (200, "text/csv"): OpenApiTypes.STR,
            **_errors(400),
        },
    )
    def get(self, request, *args, **kwargs):
        if not self.wants_csv():
            return super().get(request, *args, **kwargs)
        activities = self.filter_queryset(self.get_queryset()).select_related("agency")
        rows = []
        for activity in activities:
            adm3_code, adm3_name = _adm3(activity)
            rows.append(
                {
                    "disaster_title": activity.disaster.title,
                    "agency_name": activity.agency.name,
                    "agency": activity.agency.code,
                    "agency_kind": activity.agency.kind,
                    "sector": activity.sector.code,
                    "subcluster": activity.cluster.code if activity.cluster_id != activity.sector_id else "",
                    "title": activity.title,
                    "kabkota": activity.kabkota_id,
                    "kabkota_name": activity.kabkota.name,
                    "adm3_code": adm3_code,
                    "adm3_name": adm3_name,
                    "area": activity.area_id,
                    "area_name": activity.area.name,
                    "start_date": activity.start_date,
                    "end_date": activity.end_date,
                    # Planned and cancelled activities reach no one yet, as cluster status counts them, so the
                    # column sums to its people_reached for the same filters.
                    "people_reached": activity.people_reached if activity.status in REACHING else None,
                    "status": activity.status,
                }
            )
        response = Response(CSVTable(columns=ACTIVITY_COLUMNS, rows=rows))
        return self.csv_response_headers(response, "3w-kegiatan.csv")

    @extend_schema(request=ActivityInputSerializer, responses={201: ActivityOutputSerializer, **_errors(400, 403)})
    def post(self, request, *args, **kwargs):
        serializer = ActivityInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        activity = activity_create(user=request.user, **serializer.validated_data)
        return Response(ActivityOutputSerializer(activity_get(user=request.user, pk=activity.pk)).data, status=201)


class ActivityDetailApi(APIView):
    """One 3W activity; update its progress, dates and people reached."""

    @extend_schema(responses={200: ActivityOutputSerializer, **_errors(404)})
    def get(self, request, pk):
        return Response(ActivityOutputSerializer(activity_get(user=request.user, pk=pk)).data)

    @extend_schema(
        request=ActivityUpdateSerializer, responses={200: ActivityOutputSerializer, **_errors(400, 403, 404)}
    )
    def patch(self, request, pk):
        activity = activity_get(user=request.user, pk=pk)
        serializer = ActivityUpdateSerializer(activity, data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        activity_update(user=request.user, activity=activity, data=dict(serializer.validated_data))
        return Response(ActivityOutputSerializer(activity_get(user=request.user, pk=pk)).data)


# ---------------------------------------------------------------------------------------------------------------
# Cluster status
# ---------------------------------------------------------------------------------------------------------------


class ClusterStatusQuerySerializer(serializers.Serializer):
    disaster = serializers.IntegerField(min_value=1, help_text="Disaster event id.")
    cluster = serializers.SlugField(required=False, help_text="Cluster or sub-cluster code.")
    region = serializers.CharField(
        required=False, validators=[region_code], help_text="Region code; includes everything below it."
    )

    class Meta:
        ref_name = "ClusterStatusQuery"


def _figure_fields(figures) -> dict:
    return {
        figure.name: serializers.IntegerField(**({"help_text": figure.help_text} if figure.help_text else {}))
        for figure in figures
    }


def _figure_serializer(ref_name: str, *parts: dict) -> type[serializers.Serializer]:
    """A serializer whose fields are ``parts`` in order (figures generated from clusters/figures.py)."""
    attrs = {name: field for part in parts for name, field in part.items()}
    attrs["Meta"] = type("Meta", (), {"ref_name": ref_name})
    return type(f"{ref_name}Serializer", (serializers.Serializer,), attrs)


def _kabkota_fields() -> dict:
    return {"kabkota": serializers.CharField(), "kabkota_name": serializers.CharField()}


def _contributed_field(**kwargs) -> dict:
    return {"contributed": serializers.DictField(child=serializers.IntegerField(), **kwargs)}


ClusterStatusRowSerializer = _figure_serializer(
    "ClusterStatusRow",
    _kabkota_fields(),
    {"cluster": serializers.CharField(), "cluster_name": serializers.CharField()},
    _figure_fields(IMPACT_FIGURES),
    _figure_fields(CLUSTER_FIGURES),
    _contributed_field(help_text="Figures other modules add, e.g. shelters_open."),
    {
        "last_observed_at": serializers.DateTimeField(allow_null=True),
        "data_as_of": serializers.DateTimeField(allow_null=True, help_text="Time of the newest data in this row."),
    },
)
ClusterStatusTotalsSerializer = _figure_serializer(
    "ClusterStatusTotals", _figure_fields(IMPACT_FIGURES), _figure_fields(CLUSTER_FIGURES), _contributed_field()
)


class ClusterStatusDisasterSerializer(serializers.ModelSerializer):
    disaster_type_name = serializers.CharField(source="disaster_type.name")

    class Meta:
        model = Disaster
        fields = [
            "id",
            "disaster_type",
            "disaster_type_name",
            "title",
            "started_on",
            "ended_on",
            "status",
            "decree_number",
            "status_valid_from",
            "status_valid_until",
            "updated_at",
        ]
        ref_name = "ClusterStatusDisaster"


class ClusterStatusSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    disaster = ClusterStatusDisasterSerializer()
    data_as_of = serializers.DateTimeField(allow_null=True)
    totals = ClusterStatusTotalsSerializer(help_text="Impact counted once per kabupaten/kota; the rest summed.")
    results = ClusterStatusRowSerializer(many=True)

    class Meta:
        ref_name = "ClusterStatus"


# HXL exports are shaped so that summing any numeric column over the file gives the API's total for the same
# filters: impact describes a kabupaten/kota (one row each in its own export), needs, activities and contributed
# figures belong to one cluster in one kabupaten/kota (one row per pair).
_KABKOTA_COLUMNS = [
    Column(_l("Province code"), "#adm1+code", "adm1"),
    Column(_l("Kabupaten/kota code"), "#adm2+code", "kabkota"),
    Column(_l("Kabupaten/kota"), "#adm2+name", "kabkota_name"),
]
STATUS_COLUMNS = [
    *_KABKOTA_COLUMNS,
    Column(_l("Cluster"), "#sector+cluster", "cluster"),
    Column(_l("Cluster name"), "#sector+cluster+name", "cluster_name"),
    *[Column(figure.label, figure.hxl, figure.name) for figure in CLUSTER_FIGURES],
]
STATUS_TIME_COLUMNS = [
    Column(_l("Data as of"), "#date+updated", "data_as_of"),
]
IMPACT_COLUMNS = [
    *_KABKOTA_COLUMNS,
    *[Column(figure.label, figure.hxl, figure.name) for figure in IMPACT_FIGURES],
    Column(_l("Latest observation"), "#date+observed", "last_observed_at"),
]


def _cluster_status_for(request) -> dict:
    """The cluster-status read model for the query parameters of ``request`` (400 on a bad or unknown filter)."""
    query = ClusterStatusQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    params = query.validated_data
    result = cluster_status(
        user=request.user,
        disaster_id=params["disaster"],
        cluster_code=params.get("cluster"),
        region_code=params.get("region"),
    )
    if result.get("unknown_cluster"):
        raise ApplicationError(
            _("Unknown cluster code: %(code)s.") % {"code": params["cluster"]},
            errors={"cluster": [_("No cluster has this code.")]},
        )
    return result


class ClusterStatusApi(CSVExportMixin, APIView):
    """Per cluster × kabupaten/kota of one disaster: latest verified impact, open needs, activities, contributions.

    A later verified report for the same area replaces the earlier one, and no area is counted twice. Impact
    figures describe the kabupaten/kota and repeat on each cluster row; ``totals`` counts them once. The CSV
    carries only the figures of each cluster row, so every numeric column sums to ``totals``; the impact is
    exported once per kabupaten/kota by ``/cluster-status/impact/``.
    Send ``If-None-Match`` with the last ``ETag`` to get 304 when nothing changed.
    """

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, HXLCSVRenderer]
    pagination_class = StandardPagination

    @extend_schema(
        parameters=[
            ClusterStatusQuerySerializer,
            OpenApiParameter("format", str, enum=["json", "csv"], description="csv: HXL-tagged table"),
            OpenApiParameter("page", int, required=False),
            OpenApiParameter("page_size", int, required=False),
            OpenApiParameter("If-None-Match", str, OpenApiParameter.HEADER, required=False),
        ],
        responses={
            (200, "application/json"): ClusterStatusSerializer,
            (200, "text/csv"): OpenApiTypes.STR,
            304: OpenApiResponse(description="Not modified since the ETag sent in If-None-Match."),
            **_errors(400, 403, 404),
        },
    )
    def get(self, request):
        result = _cluster_status_for(request)
        rows = ClusterStatusRowSerializer(result["rows"], many=True).data
        payload = {
            "disaster": ClusterStatusDisasterSerializer(result["disaster"]).data,
            "data_as_of": serializers.DateTimeField().to_representation(result["data_as_of"])
            if result["data_as_of"]
            else None,
            "totals": ClusterStatusTotalsSerializer(result["totals"]).data,
        }
        etag = self._etag(request, payload, rows)
        # Django's own reading of If-None-Match (lists, weak tags, "*"), as RFC 9110 says.
        conditional = get_conditional_response(request, etag=etag)
        if conditional is not None:
            return self._with_cache_headers(Response(status=conditional.status_code), etag)
        if self.wants_csv():
            response = Response(self._csv(result))
            self.csv_response_headers(response, f"status-klaster-{result['disaster'].pk}.csv")
            return self._with_cache_headers(response, etag)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(list(rows), request, view=self)
        body = {
            "count": paginator.page.paginator.count,
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            **payload,
            "results": page,
        }
        return self._with_cache_headers(Response(body), etag)

    def _etag(self, request, payload, rows) -> str:
        fingerprint = json.dumps(
            {
                "payload": payload,
                "rows": rows,
                "format": self.request.accepted_renderer.format,
                "page": request.query_params.get("page"),
                "page_size": request.query_params.get("page_size"),
                "language": get_language(),
            },
            sort_keys=True,
            cls=DjangoJSONEncoder,
        )
        return '"' + hashlib.sha256(fingerprint.encode()).hexdigest()[:32] + '"'

    @staticmethod
    def _with_cache_headers(response, etag):
        response["ETag"] = etag
        # Always revalidate: the answer depends on who asks and changes with every verification.
        response["Cache-Control"] = "private, no-cache"
        response["Vary"] = "Accept, Accept-Language, Authorization, Cookie"
        return response

    @staticmethod
    def _csv(result) -> CSVTable:
        extra = [
            Column(str(figure.label), figure.hxl, f"contributed.{figure.name}")
            for figure in result["contributed_figures"]
        ]
        rows = []
        for row in result["rows"]:
            flat = {key: value for key, value in row.items() if key != "contributed"}
            flat["adm1"] = "36"
            flat.update({f"contributed.{key}": value for key, value in row["contributed"].items()})
            rows.append(flat)
        return CSVTable(columns=[*STATUS_COLUMNS, *extra, *STATUS_TIME_COLUMNS], rows=rows)


ClusterImpactRowSerializer = _figure_serializer(
    "ClusterImpactRow",
    _kabkota_fields(),
    _figure_fields(IMPACT_FIGURES),
    {"last_observed_at": serializers.DateTimeField(allow_null=True)},
)
ClusterImpactTotalsSerializer = _figure_serializer("ClusterImpactTotals", _figure_fields(IMPACT_FIGURES))


class ClusterImpactSerializer(serializers.Serializer):
    disaster = ClusterStatusDisasterSerializer()
    totals = ClusterImpactTotalsSerializer(help_text="The same impact totals as cluster status for these filters.")
    results = ClusterImpactRowSerializer(many=True)

    class Meta:
        ref_name = "ClusterImpact"


class ClusterImpactApi(CSVExportMixin, APIView):
    """The DIBI impact of one disaster, one row per kabupaten/kota (the latest verified report of each area).

    Takes the filters of cluster status; a cluster narrows nothing here but the kabupaten/kota its coordinator
    may see, since impact belongs to every cluster. ``?format=csv`` gives the HXL table whose columns sum to
    ``totals``.
    """

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, HXLCSVRenderer]

    @extend_schema(
        parameters=[
            ClusterStatusQuerySerializer,
            OpenApiParameter("format", str, enum=["json", "csv"], description="csv: HXL-tagged table"),
        ],
        responses={
            (200, "application/json"): ClusterImpactSerializer,
            (200, "text/csv"): OpenApiTypes.STR,
            **_errors(400, 403, 404),
        },
    )
    def get(self, request):
        result = _cluster_status_for(request)
        if self.wants_csv():
            rows = [{**row, "adm1": "36"} for row in result["impact"]]
            response = Response(CSVTable(columns=IMPACT_COLUMNS, rows=rows))
            return self.csv_response_headers(response, f"dampak-bencana-{result['disaster'].pk}.csv")
        totals = {name: result["totals"][name] for name in ClusterImpactTotalsSerializer().fields}
        return Response(
            {
                "disaster": ClusterStatusDisasterSerializer(result["disaster"]).data,
                "totals": ClusterImpactTotalsSerializer(totals).data,
                "results": ClusterImpactRowSerializer(result["impact"], many=True).data,
            }
        )
