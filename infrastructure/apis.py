"""Access and basic-service status over the REST API: the history, the current picture per area, and an HXL export."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.roles import Perm, require_perm

from . import selectors, services
from .exports import access_hxl_response
from .filters import AccessStatusFilter, AreaAccessFilter, cleaned_filters
from .models import AccessStatus, AreaAccess, BridgeState, RoadAccess, ServiceState


class AccessStatusOutputSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area_id")
    area_name = serializers.CharField(source="area.name")
    kabkota = serializers.CharField(source="kabkota_id")
    kabkota_name = serializers.CharField(source="kabkota.name")

    class Meta:
        model = AccessStatus
        fields = [
            "id",
            "disaster",
            "area",
            "area_name",
            "kabkota",
            "kabkota_name",
            "observed_at",
            "road_access",
            "bridges",
            "electricity",
            "clean_water",
            "telecom",
            "source",
            "expected_restoration",
            "note",
            "latitude",
            "longitude",
            "created_at",
        ]
        ref_name = "AccessStatus"


class AccessStatusInputSerializer(serializers.Serializer):
    disaster = serializers.IntegerField()
    area = serializers.CharField(max_length=13, help_text=_("Kemendagri code of a desa/kelurahan or kecamatan"))
    observed_at = serializers.DateTimeField()
    road_access = serializers.ChoiceField(choices=RoadAccess.choices)
    bridges = serializers.ChoiceField(choices=BridgeState.choices, default=BridgeState.UNKNOWN)
    electricity = serializers.ChoiceField(choices=ServiceState.choices, default=ServiceState.UNKNOWN)
    clean_water = serializers.ChoiceField(choices=ServiceState.choices, default=ServiceState.UNKNOWN)
    telecom = serializers.ChoiceField(choices=ServiceState.choices, default=ServiceState.UNKNOWN)
    source = serializers.CharField(max_length=200)
    expected_restoration = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)

    class Meta:
        ref_name = "AccessStatusInput"


class LatestStatusSerializer(serializers.ModelSerializer):
    class Meta:
        model = AccessStatus
        fields = [
            "id",
            "observed_at",
            "road_access",
            "bridges",
            "electricity",
            "clean_water",
            "telecom",
            "source",
            "expected_restoration",
            "note",
        ]
        ref_name = "AccessStatusLatest"


class AreaAccessOutputSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area_id")
    area_name = serializers.CharField(source="area.name")
    kabkota = serializers.CharField(source="kabkota_id")
    kabkota_name = serializers.CharField(source="kabkota.name")
    is_isolated = serializers.BooleanField()
    latest = LatestStatusSerializer()

    class Meta:
        model = AreaAccess
        fields = [
            "disaster",
            "area",
            "area_name",
            "kabkota",
            "kabkota_name",
            "road_access",
            "is_isolated",
            "cut_off_since",
            "restored_at",
            "services_down",
            "observations",
            "latest",
        ]
        ref_name = "AreaAccess"


class AccessStatusListCreateApi(generics.ListCreateAPIView):
    """Every observation of access and services in scope (the history), newest first. POST records one; officers
    record in their kabupaten/kota, Sarana dan Prasarana members across the province."""

    serializer_class = AccessStatusOutputSerializer
    filterset_class = AccessStatusFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AccessStatus.objects.none()
        return selectors.access_status_list(
            user=self.request.user, filters=cleaned_filters(AccessStatusFilter, self.request.query_params)
        )

    @extend_schema(request=AccessStatusInputSerializer, responses={201: AccessStatusOutputSerializer})
    def post(self, request):
        require_perm(request.user, Perm.ACCESS_RECORD)
        serializer = AccessStatusInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = services.access_status_record(user=request.user, **serializer.validated_data)
        created = selectors.access_status_get(user=request.user, pk=created.pk)
        return Response(AccessStatusOutputSerializer(created).data, status=status.HTTP_201_CREATED)


class AreaAccessListApi(generics.ListAPIView):
    """The current access of each area in scope, cut-off areas first with the time they were cut off since."""

    serializer_class = AreaAccessOutputSerializer
    filterset_class = AreaAccessFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AreaAccess.objects.none()
        return selectors.area_access_list(
            user=self.request.user, filters=cleaned_filters(AreaAccessFilter, self.request.query_params)
        )


class AccessExportApi(APIView):
    """HXL-tagged CSV of the current access per area (``history=true``: every observation), streamed."""

    @extend_schema(
        parameters=[
            OpenApiParameter("disaster", int),
            OpenApiParameter("kabkota", str),
            OpenApiParameter("history", bool, description="Every observation instead of the current picture"),
        ],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="HXL-tagged CSV")},
    )
    def get(self, request):
        filters = cleaned_filters(AreaAccessFilter, request.query_params)
        history = request.query_params.get("history") in ("1", "true", "True")
        return access_hxl_response(user=request.user, filters=filters, history=history)
