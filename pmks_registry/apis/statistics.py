"""PMKS statistics within the caller's scope."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ..selectors import pmks_statistics


class StatisticsOutputSerializer(serializers.Serializer):
    total_clients = serializers.IntegerField()
    kabkotas = serializers.ListField(child=serializers.CharField())
    by_type = serializers.ListField(child=serializers.DictField())
    by_status = serializers.DictField(child=serializers.IntegerField())
    per_month = serializers.DictField(child=serializers.IntegerField())


class StatisticsApi(APIView):
    """Clients by PMKS type × kabupaten/kota, by status, and new per month, within the caller's scope."""

    @extend_schema(responses={200: StatisticsOutputSerializer})
    def get(self, request):
        stats = pmks_statistics(user=request.user)
        return Response(
            {
                "total_clients": stats["total_clients"],
                "kabkotas": [region.code for region in stats["kabkotas"]],
                "by_type": [
                    {"number": row["type"].number, "counts": row["counts"], "total": row["total"]}
                    for row in stats["matrix"]
                ],
                "by_status": {code: count for code, _label, count in stats["by_status"]},
                "per_month": {month.strftime("%Y-%m"): count for month, count in stats["per_month"]},
            }
        )
