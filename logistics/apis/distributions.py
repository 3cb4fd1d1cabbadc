"""Distribution of relief by disaster, kab/kota, desa and shelter, and the HXL/3W export."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors
from ..hxl import distribution_hxl_csv

FILTERS = ("disaster", "item", "since", "until")


def _filters(request) -> dict:
    return {name: request.query_params.get(name) for name in FILTERS}


class DistributionSummaryApi(APIView):
    """Net quantities that reached people per ``?group=`` (disaster, kabkota, desa, shelter) and item; returns and
    reversals are subtracted, so the totals equal the ledger."""

    @extend_schema(
        parameters=[
            OpenApiParameter("group", enum=list(selectors.DISTRIBUTION_GROUPS)),
            OpenApiParameter("disaster", int),
            OpenApiParameter("item", int),
        ],
        responses=inline_serializer(
            "LogisticsDistribution",
            {
                "group": serializers.CharField(),
                "item": serializers.CharField(),
                "unit": serializers.CharField(),
                "quantity": serializers.DecimalField(max_digits=16, decimal_places=3),
            },
            many=True,
        ),
    )
    def get(self, request):
        group = request.query_params.get("group", "kabkota")
        if group not in selectors.DISTRIBUTION_GROUPS:
            group = "kabkota"
        rows = selectors.distribution_summary(user=request.user, group=group, filters=_filters(request))
        return Response([{**row, "group": str(row["group"]), "quantity": str(row["quantity"])} for row in rows])


class DistributionHxlApi(APIView):
    """Distributions as CSV with HXL hashtags (#org, #adm2+code, #item, #output+num, #date): OCHA 3W style."""

    @extend_schema(
        parameters=[OpenApiParameter("disaster", int), OpenApiParameter("item", int)],
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request):
        content = distribution_hxl_csv(rows=selectors.distribution_rows(user=request.user, filters=_filters(request)))
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="distribusi-logistik-hxl.csv"'
        return response
