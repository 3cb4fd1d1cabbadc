"""Shelters: list, register, read and change one (with its ETag), and the map."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.scoped_fields import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from banten_dinsos.agencies.models import Agency
from clusters.selectors import disaster_list

from .. import selectors, services
from ..filters import ShelterFilter
from ..models import Shelter, SphereState
from .conditional import expected_version, not_modified, with_etag

# A desa that does not exist and one outside the caller's kabupaten/kota get one answer, in the user's language.
DESA_REFUSED = {
    "does_not_exist": _(
        "{value} is not a desa/kelurahan you may choose: it does not exist or is outside your kabupaten/kota."
    )
}


class ShelterOutputSerializer(serializers.ModelSerializer):
    desa = serializers.CharField(source="desa_id")
    desa_name = serializers.CharField(source="desa.name")
    kabkota = serializers.CharField(source="kabkota_id")
    kabkota_name = serializers.CharField(source="kabkota.name")
    managing_agency = serializers.CharField(source="managing_agency.code", allow_null=True, default=None)
    disasters = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Shelter
        fields = [
            "id",
            "disasters",
            "name",
            "kind",
            "status",
            "desa",
            "desa_name",
            "kabkota",
            "kabkota_name",
            "address",
            "latitude",
            "longitude",
            "capacity",
            "covered_area_m2",
            "latrines",
            "water_points",
            "water_litres_per_day",
            "has_public_kitchen",
            "is_accessible",
            "managing_agency",
            "contact_name",
            "contact_phone",
            "opened_on",
            "closed_on",
            "current_total",
            "current_observed_at",
            "sphere_state",
            "version",
            "updated_at",
        ]
        ref_name = "Shelter"


class SphereIndicatorSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    label = serializers.CharField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    limit = serializers.DecimalField(max_digits=8, decimal_places=2)
    higher_is_better = serializers.BooleanField()
    state = serializers.ChoiceField(choices=SphereState.choices)


class ShelterDetailOutputSerializer(ShelterOutputSerializer):
    sphere = SphereIndicatorSerializer(many=True, read_only=True)

    class Meta(ShelterOutputSerializer.Meta):
        fields = [*ShelterOutputSerializer.Meta.fields, "sphere"]
        ref_name = "ShelterDetail"


class ShelterInputSerializer(serializers.ModelSerializer):
    """A desa or disaster outside the caller's scope is refused exactly like one that does not exist."""

    desa = ScopedSlugRelatedField(slug_field="code", scoped=selectors.desa_choices, error_messages=DESA_REFUSED)
    disasters = ScopedPrimaryKeyRelatedField(many=True, scoped=disaster_list, required=False)
    managing_agency = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Shelter
        fields = ["disasters", *services.EDITABLE_FIELDS]
        ref_name = "ShelterInput"


def _detail_data(shelter: Shelter):
    shelter.sphere = selectors.shelter_sphere(shelter=shelter)
    return ShelterDetailOutputSerializer(shelter).data


class ShelterListCreateApi(generics.ListCreateAPIView):
    """Shelters in the caller's scope (filter ``sphere_state=breach`` for the ones below standard)."""

    serializer_class = ShelterOutputSerializer
    filterset_class = ShelterFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return Shelter.objects.none()
        return selectors.shelter_list(user=self.request.user)

    @extend_schema(request=ShelterInputSerializer, responses={201: ShelterDetailOutputSerializer})
    def post(self, request):
        serializer = ShelterInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        shelter = services.shelter_create(
            user=request.user,
            name=data.pop("name"),
            kind=data.pop("kind"),
            desa=data.pop("desa"),
            capacity=data.pop("capacity"),
            **data,
        )
        shelter = selectors.shelter_get(user=request.user, pk=shelter.pk)
        return with_etag(Response(_detail_data(shelter), status=status.HTTP_201_CREATED), shelter)


class ShelterDetailApi(APIView):
    """One shelter with its Sphere indicators. Changes need its version: ``If-Match`` (ETag) or ``version``."""

    @extend_schema(
        parameters=[OpenApiParameter("If-None-Match", str, OpenApiParameter.HEADER, required=False)],
        responses={
            200: ShelterDetailOutputSerializer,
            304: OpenApiResponse(description="Not modified since the ETag in If-None-Match"),
            404: OpenApiResponse(description="Not in scope"),
        },
    )
    def get(self, request, pk):
        shelter = selectors.shelter_get(user=request.user, pk=pk)
        unchanged = not_modified(request, shelter)
        if unchanged is not None:
            return with_etag(unchanged, shelter)
        return with_etag(Response(_detail_data(shelter)), shelter)

    @extend_schema(
        request=ShelterInputSerializer,
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=False)],
        responses={
            200: ShelterDetailOutputSerializer,
            409: OpenApiResponse(description="Changed by someone else since that version"),
            412: OpenApiResponse(description="If-Match does not match the current ETag"),
            428: OpenApiResponse(description="Neither If-Match nor version was sent"),
        },
    )
    def patch(self, request, pk):
        shelter = selectors.shelter_get(user=request.user, pk=pk)
        version = expected_version(request, shelter)
        serializer = ShelterInputSerializer(shelter, data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        disasters = data.pop("disasters", None)
        shelter = services.shelter_update(
            user=request.user, shelter=shelter, version=version, data=data, disasters=disasters
        )
        shelter = selectors.shelter_get(user=request.user, pk=shelter.pk)
        return with_etag(Response(_detail_data(shelter)), shelter)


class ShelterMapApi(APIView):
    """Shelters with coordinates, their people and Sphere state: the data behind the map."""

    @extend_schema(
        responses=inline_serializer(
            "ShelterMapPoint",
            {
                "id": serializers.IntegerField(),
                "name": serializers.CharField(),
                "lat": serializers.FloatField(),
                "lon": serializers.FloatField(),
                "sphere_state": serializers.CharField(),
                "people": serializers.IntegerField(),
                "capacity": serializers.IntegerField(),
            },
            many=True,
        )
    )
    def get(self, request):
        return Response(selectors.shelter_map_points(user=request.user, filters=request.query_params))
