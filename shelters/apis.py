import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.agencies.models import Agency
from banten_dinsos.core.exceptions import ApplicationError
from banten_dinsos.regions.models import Region

from .models import Shelter, ShelterKind, ShelterStatus
from .selectors import shelter_get, shelter_list
from .services import shelter_create, shelter_update


class ShelterOutputSerializer(serializers.ModelSerializer):
    desa = serializers.CharField(source="desa_id")
    desa_name = serializers.CharField(source="desa.name")
    kabkota = serializers.CharField(source="kabkota_id")
    kabkota_name = serializers.CharField(source="kabkota.name")
    managing_agency = serializers.CharField(source="managing_agency.code", allow_null=True, default=None)

    class Meta:
        model = Shelter
        fields = [
            "id",
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
            "version",
            "updated_at",
        ]
        ref_name = "Shelter"


class ShelterInputSerializer(serializers.ModelSerializer):
    desa = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    managing_agency = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Shelter
        fields = [
            "name",
            "kind",
            "desa",
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
            "status",
            "opened_on",
            "closed_on",
        ]
        ref_name = "ShelterInput"


class ShelterFilter(django_filters.FilterSet):
    kabkota = django_filters.CharFilter(field_name="kabkota_id")
    status = django_filters.ChoiceFilter(choices=ShelterStatus.choices)
    kind = django_filters.ChoiceFilter(choices=ShelterKind.choices)

    class Meta:
        model = Shelter
        fields = ["kabkota", "status", "kind"]


def etag_of(shelter: Shelter) -> str:
    return f'"shelter-{shelter.pk}-v{shelter.version}"'


class ShelterListCreateApi(generics.ListCreateAPIView):
    """Shelters in the caller's scope. Officers register shelters in their own kabupaten/kota."""

    serializer_class = ShelterOutputSerializer
    filterset_class = ShelterFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return Shelter.objects.none()
        return shelter_list(user=self.request.user)

    @extend_schema(request=ShelterInputSerializer, responses={201: ShelterOutputSerializer})
    def post(self, request):
        serializer = ShelterInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        shelter = shelter_create(
            user=request.user,
            name=data.pop("name"),
            kind=data.pop("kind"),
            desa=data.pop("desa"),
            capacity=data.pop("capacity"),
            request=request,
            **data,
        )
        shelter = shelter_get(user=request.user, pk=shelter.pk)
        response = Response(ShelterOutputSerializer(shelter).data, status=status.HTTP_201_CREATED)
        response["ETag"] = etag_of(shelter)
        return response


class ShelterDetailApi(APIView):
    """One shelter. Changes need its current version: ``If-Match`` with the ETag, or ``version`` in the body."""

    @extend_schema(responses={200: ShelterOutputSerializer, 404: OpenApiResponse(description="Not in scope")})
    def get(self, request, pk):
        shelter = shelter_get(user=request.user, pk=pk)
        response = Response(ShelterOutputSerializer(shelter).data)
        response["ETag"] = etag_of(shelter)
        return response

    @extend_schema(
        request=ShelterInputSerializer,
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=False)],
        responses={
            200: ShelterOutputSerializer,
            409: OpenApiResponse(description="Changed by someone else since that version"),
            412: OpenApiResponse(description="If-Match does not match the current ETag"),
            428: OpenApiResponse(description="Neither If-Match nor version was sent"),
        },
    )
    def patch(self, request, pk):
        shelter = shelter_get(user=request.user, pk=pk)
        if_match = request.headers.get("If-Match")
        if if_match is not None:
            if if_match.strip() != etag_of(shelter):
                raise ApplicationError(
                    _("This shelter was changed by someone else since you loaded it. Reload and try again."),
                    errors={"If-Match": [_("Out of date.")]},
                    status_code=status.HTTP_412_PRECONDITION_FAILED,
                )
            version = shelter.version
        elif "version" in request.data:
            try:
                version = int(request.data["version"])
            except (TypeError, ValueError) as exc:
                raise ApplicationError(
                    _("version must be a whole number."), errors={"version": [_("Not a number.")]}
                ) from exc
        else:
            raise ApplicationError(
                _("Send the shelter's ETag in If-Match, or its version, so changes are not overwritten."),
                errors={"version": [_("This field is required.")]},
                status_code=status.HTTP_428_PRECONDITION_REQUIRED,
            )
        serializer = ShelterInputSerializer(shelter, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        shelter = shelter_update(
            user=request.user, shelter=shelter, version=version, data=dict(serializer.validated_data), request=request
        )
        shelter = shelter_get(user=request.user, pk=shelter.pk)
        response = Response(ShelterOutputSerializer(shelter).data)
        response["ETag"] = etag_of(shelter)
        return response
