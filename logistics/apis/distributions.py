"""Distribution of relief by disaster, kab/kota, desa and shelter, and the HXL/3W export."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.core.downloads import download_filename, name_download

from .. import selectors
from ..filters import DistributionFilter
from ..hxl import distribution_hxl_csv
from .common import filter_parameters


class DistributionSummaryApi(APIView):
    """Net quantities that reached people per ``?group=`` (disaster, kabkota, desa, shelter) and item; returns and
    reversals are subtracted, so the totals equal the ledger (``DistributionFilter``: ``?disaster=``, ``?item=``,
    ``?since=``, ``?until=``)."""

    @extend_schema(
        parameters=filter_parameters(DistributionFilter),
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
        # The filters (``group`` among them) are checked before any row is grouped: a wrong one is a 400.
        group = request.query_params.get("group") or "kabkota"
        rows = selectors.distribution_summary(user=request.user, group=group, filters=request.query_params)
        return Response([{**row, "group": str(row["group"]), "quantity": str(row["quantity"])} for row in rows])


class DistributionHxlApi(APIView):
    """Distributions as CSV with HXL hashtags (#org, #adm2+code, #item, #output+num, #date): OCHA 3W style."""

    @extend_schema(
        parameters=filter_parameters(DistributionFilter, exclude=("group",)),
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request):
        rows = selectors.distribution_rows(user=request.user, filters=request.query_params)
        content = distribution_hxl_csv(rows=rows)
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        name_download(response, download_filename("distribusi-logistik-hxl", None, None, "csv"))
        return response
