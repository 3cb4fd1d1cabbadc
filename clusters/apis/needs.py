"""Declared needs."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.scoped_fields import ScopedPrimaryKeyRelatedField
from banten_dinsos.regions.models import Region

from ..filters import NeedFilter
from ..models import Cluster, Need
from ..selectors import disaster_list, need_get, need_list
from ..services import need_create, need_update
from .common import error_responses


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

    @extend_schema(request=NeedInputSerializer, responses={201: NeedOutputSerializer, **error_responses(400, 403)})
    def post(self, request):
        serializer = NeedInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        need = need_create(user=request.user, **serializer.validated_data)
        return Response(NeedOutputSerializer(need_get(user=request.user, pk=need.pk)).data, status=201)


class NeedDetailApi(APIView):
    """One need; mark it met or cancelled, or (for a direct need) change its words and figures."""

    @extend_schema(responses={200: NeedOutputSerializer, **error_responses(404)})
    def get(self, request, pk):
        return Response(NeedOutputSerializer(need_get(user=request.user, pk=pk)).data)

    @extend_schema(
        request=NeedUpdateSerializer, responses={200: NeedOutputSerializer, **error_responses(400, 403, 404)}
    )
    def patch(self, request, pk):
        need = need_get(user=request.user, pk=pk)
        serializer = NeedUpdateSerializer(need, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        need_update(user=request.user, need=need, data=dict(serializer.validated_data))
        return Response(NeedOutputSerializer(need_get(user=request.user, pk=pk)).data)
