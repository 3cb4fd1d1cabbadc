"""3W activities (who does what where), with their HXL export."""

from django.utils.translation import gettext_lazy as _l
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.scoped_fields import ScopedPrimaryKeyRelatedField
from banten_dinsos.agencies.models import Agency
from banten_dinsos.core.downloads import download_filename
from banten_dinsos.regions.models import Region

from ..cluster_status import REACHING
from ..filters import ActivityFilter
from ..models import Activity, Cluster
from ..renderers import Column, CSVExportMixin, CSVTable, HXLCSVRenderer
from ..selectors import activity_get, activity_list, disaster_list, need_list
from ..services import activity_create, activity_update
from .common import error_responses


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
            **error_responses(400),
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
        return self.csv_response_headers(response, download_filename("3w-kegiatan", None, None, "csv"))

    @extend_schema(
        request=ActivityInputSerializer, responses={201: ActivityOutputSerializer, **error_responses(400, 403)}
    )
    def post(self, request, *args, **kwargs):
        serializer = ActivityInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        activity = activity_create(user=request.user, **serializer.validated_data)
        return Response(ActivityOutputSerializer(activity_get(user=request.user, pk=activity.pk)).data, status=201)


class ActivityDetailApi(APIView):
    """One 3W activity; update its progress, dates and people reached."""

    @extend_schema(responses={200: ActivityOutputSerializer, **error_responses(404)})
    def get(self, request, pk):
        return Response(ActivityOutputSerializer(activity_get(user=request.user, pk=pk)).data)

    @extend_schema(
        request=ActivityUpdateSerializer, responses={200: ActivityOutputSerializer, **error_responses(400, 403, 404)}
    )
    def patch(self, request, pk):
        activity = activity_get(user=request.user, pk=pk)
        serializer = ActivityUpdateSerializer(activity, data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        activity_update(user=request.user, activity=activity, data=dict(serializer.validated_data))
        return Response(ActivityOutputSerializer(activity_get(user=request.user, pk=pk)).data)
