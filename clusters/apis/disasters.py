"""Disaster events and their emergency status."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.regions.models import Region

from ..filters import DisasterFilter
from ..models import Disaster, DisasterStatusChange, DisasterType, EmergencyStatus, ReportingLevel
from ..selectors import disaster_get, disaster_list
from ..services import disaster_change_status, disaster_create, disaster_update
from ..services.disasters import EDITABLE_FIELDS
from .common import error_responses, username_of


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
        return username_of(change.changed_by)


class DisasterOutputSerializer(serializers.ModelSerializer):
    disaster_type_name = serializers.CharField(source="disaster_type.name")
    affected_kabkota = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    affected_kecamatan = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    affected_desa = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    reporting_level = serializers.ChoiceField(choices=ReportingLevel.choices, read_only=True)

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
            "affected_desa",
            "reporting_level",
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
    affected_desa = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        required=False,
        queryset=Region.objects.filter(level="desa"),
        help_text="Desa/kelurahan codes, each in one of the affected kecamatan.",
    )
    reporting_level = serializers.ChoiceField(
        choices=ReportingLevel.choices,
        required=False,
        help_text="desa: daily completeness counts each affected desa (every desa of an affected kecamatan that "
        "declares none); kecamatan (default): each affected kecamatan.",
    )

    class Meta:
        model = Disaster
        fields = [*EDITABLE_FIELDS, "status", "decree_number", "status_valid_from", "status_valid_until"]
        ref_name = "DisasterInput"


class DisasterUpdateSerializer(DisasterInputSerializer):
    class Meta(DisasterInputSerializer.Meta):
        # What a declared disaster may still change (its status changes through its own endpoint, under a decree).
        fields = list(EDITABLE_FIELDS)
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
        return disaster_list(user=self.request.user).prefetch_related(
            "affected_kabkota", "affected_kecamatan", "affected_desa"
        )

    @extend_schema(
        request=DisasterInputSerializer, responses={201: DisasterDetailSerializer, **error_responses(400, 403)}
    )
    def post(self, request):
        serializer = DisasterInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        disaster = disaster_create(user=request.user, **serializer.validated_data)
        response = _disaster_detail(request, disaster.pk)
        response.status_code = status.HTTP_201_CREATED
        return response


class DisasterDetailApi(APIView):
    """One disaster event with its emergency-status history."""

    @extend_schema(responses={200: DisasterDetailSerializer, **error_responses(404)})
    def get(self, request, pk):
        return _disaster_detail(request, pk)

    @extend_schema(
        request=DisasterUpdateSerializer, responses={200: DisasterDetailSerializer, **error_responses(400, 403, 404)}
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
        request=DisasterStatusInputSerializer,
        responses={200: DisasterDetailSerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request, pk):
        disaster = disaster_get(user=request.user, pk=pk)
        serializer = DisasterStatusInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        disaster_change_status(user=request.user, disaster=disaster, **serializer.validated_data)
        return _disaster_detail(request, pk)
