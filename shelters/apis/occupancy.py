"""A shelter's headcounts: the history and a new count (idempotent, based on the shelter's version)."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors, services
from ..models import OccupancyCount
from .conditional import expected_version, with_etag


class OccupancyOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = OccupancyCount
        fields = [
            "id",
            "observed_at",
            "total",
            "male",
            "female",
            "balita",
            "anak",
            "dewasa",
            "lansia",
            "pregnant_or_nursing",
            "disabled",
            "note",
            "recorded_at",
        ]
        ref_name = "OccupancyCount"


class OccupancyInputSerializer(serializers.Serializer):
    total = serializers.IntegerField(min_value=0, max_value=50_000)
    observed_at = serializers.DateTimeField(required=False)
    male = serializers.IntegerField(min_value=0, required=False, default=0)
    female = serializers.IntegerField(min_value=0, required=False, default=0)
    balita = serializers.IntegerField(min_value=0, required=False, default=0)
    anak = serializers.IntegerField(min_value=0, required=False, default=0)
    dewasa = serializers.IntegerField(min_value=0, required=False, default=0)
    lansia = serializers.IntegerField(min_value=0, required=False, default=0)
    pregnant_or_nursing = serializers.IntegerField(min_value=0, required=False, default=0)
    disabled = serializers.IntegerField(min_value=0, required=False, default=0)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    idempotency_key = serializers.UUIDField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False)


class OccupancyListCreateApi(APIView):
    """A shelter's headcount history (newest first) and ``POST`` a new headcount.

    Send the shelter's ETag in ``If-Match`` (or ``version``) and an ``Idempotency-Key`` header (or
    ``idempotency_key``): a resend with the same key returns the first copy with 200 instead of 201.
    """

    @extend_schema(responses=OccupancyOutputSerializer(many=True))
    def get(self, request, pk):
        shelter = selectors.shelter_get(user=request.user, pk=pk)
        paginator = generics.GenericAPIView.pagination_class()
        page = paginator.paginate_queryset(selectors.occupancy_history(user=request.user, shelter=shelter), request)
        return paginator.get_paginated_response(OccupancyOutputSerializer(page, many=True).data)

    @extend_schema(
        request=OccupancyInputSerializer,
        parameters=[
            OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=False),
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False),
        ],
        responses={
            201: OccupancyOutputSerializer,
            200: OpenApiResponse(OccupancyOutputSerializer, description="A resend: the headcount already recorded"),
            409: OpenApiResponse(description="The shelter changed since that version"),
            412: OpenApiResponse(description="If-Match does not match"),
            428: OpenApiResponse(description="Neither If-Match nor version was sent"),
        },
    )
    def post(self, request, pk):
        shelter = selectors.shelter_get(user=request.user, pk=pk)
        serializer = OccupancyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        key = data.pop("idempotency_key", None) or request.headers.get("Idempotency-Key") or None
        if key is not None:
            key = serializers.UUIDField().run_validation(key)
        version = (
            None
            if (key and shelter.counts.filter(idempotency_key=key).exists())
            else expected_version(request, shelter)
        )
        count, created = services.occupancy_record(
            user=request.user, shelter=shelter, version=version, idempotency_key=key, **data
        )
        response = Response(
            OccupancyOutputSerializer(count).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )
        shelter.refresh_from_db(fields=["version"])
        return with_etag(response, shelter)
