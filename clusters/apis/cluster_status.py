"""Cluster status of one disaster (cluster x kabupaten/kota) and its impact, as JSON or HXL."""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.core.downloads import download_filename
from banten_dinsos.core.exceptions import ApplicationError
from banten_dinsos.core.pagination import StandardPagination

from ..cluster_status import cluster_status, cluster_status_stamp
from ..figures import CLUSTER_FIGURES, IMPACT_FIGURES
from ..filters import region_code
from ..models import Disaster
from ..renderers import Column, CSVExportMixin, CSVTable, HXLCSVRenderer
from .common import error_responses

# The body is found by its ETag, which changes with every write; the expiry only bounds memory.
BODY_CACHE_SECONDS = 60 * 60


class ClusterStatusQuerySerializer(serializers.Serializer):
    disaster = serializers.IntegerField(min_value=1, help_text="Disaster event id.")
    cluster = serializers.SlugField(required=False, help_text="Cluster or sub-cluster code.")
    region = serializers.CharField(
        required=False, validators=[region_code], help_text="Region code; includes everything below it."
    )

    class Meta:
        ref_name = "ClusterStatusQuery"


def _figure_fields(figures, *, allow_null: bool = False) -> dict:
    return {
        figure.name: serializers.IntegerField(
            allow_null=allow_null, **({"help_text": figure.help_text} if figure.help_text else {})
        )
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
    _figure_fields(IMPACT_FIGURES, allow_null=True),
    _figure_fields(CLUSTER_FIGURES),
    _contributed_field(help_text="Figures other modules add, e.g. shelters_open."),
    {
        "last_observed_at": serializers.DateTimeField(allow_null=True),
        "data_as_of": serializers.DateTimeField(allow_null=True, help_text="Time of the newest data in this row."),
    },
)


ClusterStatusTotalsSerializer = _figure_serializer(
    "ClusterStatusTotals",
    _figure_fields(IMPACT_FIGURES, allow_null=True),
    _figure_fields(CLUSTER_FIGURES),
    _contributed_field(),
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


def _disaster_id(request) -> int:
    """The disaster asked for, validated before the ETag is compared.

    A poll that names only the disaster by a plain number is read directly: the query serializer's construction (a
    deep copy of its fields) cost more than everything else a 304 does. Anything else (a cluster or a region to
    validate, a malformed number) goes through the serializer, which answers 400 naming the field.
    """
    params = request.query_params
    raw = params.get("disaster", "")
    if "cluster" not in params and "region" not in params and raw.isascii() and raw.isdigit() and len(raw) <= 18:
        number = int(raw)
        if number >= 1:
            return number
    query = ClusterStatusQuerySerializer(data=params)
    query.is_valid(raise_exception=True)
    return query.validated_data["disaster"]


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
            **error_responses(400, 403, 404),
        },
    )
    def get(self, request):
        # One query before anything is computed: 404 out of scope, else what the answer depends on.
        stamp = cluster_status_stamp(user=request.user, disaster_id=_disaster_id(request))
        etag = self._etag(request, stamp)
        meta = request.META
        if meta.get("HTTP_IF_NONE_MATCH") == etag and not meta.keys() & {"HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE"}:
            # A poller sending back the tag it was given and no other precondition: Django's answer, without parsing.
            return self._with_cache_headers(HttpResponseNotModified(), etag)
        # Django's own reading of If-None-Match (lists, weak tags, "*"), as RFC 9110 says.
        conditional = get_conditional_response(request, etag=etag)
        if conditional is not None:
            return self._with_cache_headers(conditional, etag)
        renderer = request.accepted_renderer
        # JSON and CSV bodies are cached as rendered bytes per version × scope × query × language; the browsable
        # API page is rendered each time.
        cache_key = "cluster-status:body:" + etag.strip('"') if renderer.format in ("json", "csv") else None
        cached = cache.get(cache_key) if cache_key else None
        if cached is None:
            data, filename = self._data(request)
            if cache_key is None:
                response = Response(data)
                if filename:
                    self.csv_response_headers(response, filename)
                return self._with_cache_headers(response, etag)
            content = renderer.render(data, request.accepted_media_type, {"request": request, "view": self})
            content_type = renderer.media_type + (f"; charset={renderer.charset}" if renderer.charset else "")
            cached = (content, content_type, filename)
            cache.set(cache_key, cached, BODY_CACHE_SECONDS)
        content, content_type, filename = cached
        response = HttpResponse(content, content_type=content_type)
        if filename:
            self.csv_response_headers(response, filename)
        return self._with_cache_headers(response, etag)

    def _data(self, request) -> tuple[object, str]:
        """The answer's data (a CSV table or the JSON page) and, for CSV, its file name."""
        result = _cluster_status_for(request)
        if self.wants_csv():
            return self._csv(result), f"status-klaster-{result['disaster'].pk}.csv"
        rows = ClusterStatusRowSerializer(result["rows"], many=True).data
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(list(rows), request, view=self)
        return {
            "count": paginator.page.paginator.count,
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "disaster": ClusterStatusDisasterSerializer(result["disaster"]).data,
            "data_as_of": serializers.DateTimeField().to_representation(result["data_as_of"])
            if result["data_as_of"]
            else None,
            "totals": ClusterStatusTotalsSerializer(result["totals"]).data,
            "results": page,
        }, ""

    def _etag(self, request, stamp: str) -> str:
        # The repr of a tuple of strings (and None) is unambiguous and, unlike json.dumps, costs next to nothing
        # beside the query (measured in-process: 21 -> 9 us, on every poll).
        params = request.query_params
        fingerprint = (
            stamp,
            params.get("disaster"),
            params.get("cluster"),
            params.get("region"),
            request.accepted_renderer.format,
            params.get("page"),
            params.get("page_size"),
            get_language(),
        )
        return '"' + hashlib.sha256(repr(fingerprint).encode()).hexdigest()[:32] + '"'

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
    _figure_fields(IMPACT_FIGURES, allow_null=True),
    {"last_observed_at": serializers.DateTimeField(allow_null=True)},
)


ClusterImpactTotalsSerializer = _figure_serializer(
    "ClusterImpactTotals", _figure_fields(IMPACT_FIGURES, allow_null=True)
)


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
            **error_responses(400, 403, 404),
        },
    )
    def get(self, request):
        result = _cluster_status_for(request)
        if self.wants_csv():
            rows = [{**row, "adm1": "36"} for row in result["impact"]]
            response = Response(CSVTable(columns=IMPACT_COLUMNS, rows=rows))
            name = download_filename("dampak-bencana", result["disaster"].title, None, "csv")
            return self.csv_response_headers(response, name)
        totals = {name: result["totals"][name] for name in ClusterImpactTotalsSerializer().fields}
        return Response(
            {
                "disaster": ClusterStatusDisasterSerializer(result["disaster"]).data,
                "totals": ClusterImpactTotalsSerializer(totals).data,
                "results": ClusterImpactRowSerializer(result["impact"], many=True).data,
            }
        )
