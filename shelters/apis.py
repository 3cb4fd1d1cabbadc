import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.roles import Perm, has_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404
from banten_dinsos.agencies.models import Agency
from banten_dinsos.core.exceptions import ApplicationError
from banten_dinsos.core.nik import nik_mask
from banten_dinsos.regions.models import Region
from clusters.models import Disaster

from . import selectors, services
from .models import (
    Evacuee,
    EvacueeMovement,
    LdpPost,
    LdpReferral,
    LdpSession,
    OccupancyCount,
    Shelter,
    ShelterKind,
    ShelterStatus,
    SphereState,
)

# ---------------------------------------------------------------------------------------------------------------
# Shelters
# ---------------------------------------------------------------------------------------------------------------


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
    desa = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    disasters = serializers.PrimaryKeyRelatedField(many=True, queryset=Disaster.objects.all(), required=False)
    managing_agency = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Shelter
        fields = [
            "disasters",
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
    disaster = django_filters.NumberFilter(field_name="disasters")
    kabkota = django_filters.CharFilter(field_name="kabkota_id")
    status = django_filters.ChoiceFilter(choices=ShelterStatus.choices)
    kind = django_filters.ChoiceFilter(choices=ShelterKind.choices)
    sphere_state = django_filters.ChoiceFilter(choices=SphereState.choices)

    class Meta:
        model = Shelter
        fields = ["disaster", "kabkota", "status", "kind", "sphere_state"]


def etag_of(shelter: Shelter) -> str:
    return f'"shelter-{shelter.pk}-v{shelter.version}"'


def expected_version(request, shelter: Shelter) -> int:
    """The version the client based its change on: from If-Match, else ``version`` in the body (one is required)."""
    if_match = request.headers.get("If-Match")
    if if_match is not None:
        if if_match.strip() != etag_of(shelter):
            raise ApplicationError(
                _("This shelter was changed by someone else since you loaded it. Reload and try again."),
                errors={"If-Match": [_("Out of date.")]},
                status_code=status.HTTP_412_PRECONDITION_FAILED,
            )
        return shelter.version
    if "version" in request.data:
        try:
            return int(request.data["version"])
        except (TypeError, ValueError) as exc:
            raise ApplicationError(
                _("version must be a whole number."), errors={"version": [_("Not a number.")]}
            ) from exc
    raise ApplicationError(
        _("Send the shelter's ETag in If-Match, or its version, so changes are not overwritten."),
        errors={"version": [_("This field is required.")]},
        status_code=status.HTTP_428_PRECONDITION_REQUIRED,
    )


def _with_etag(response: Response, shelter: Shelter) -> Response:
    response["ETag"] = etag_of(shelter)
    return response


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
        serializer = ShelterInputSerializer(data=request.data)
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
        return _with_etag(Response(_detail_data(shelter), status=status.HTTP_201_CREATED), shelter)


class ShelterDetailApi(APIView):
    """One shelter with its Sphere indicators. Changes need its version: ``If-Match`` (ETag) or ``version``."""

    @extend_schema(responses={200: ShelterDetailOutputSerializer, 404: OpenApiResponse(description="Not in scope")})
    def get(self, request, pk):
        shelter = selectors.shelter_get(user=request.user, pk=pk)
        return _with_etag(Response(_detail_data(shelter)), shelter)

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
        serializer = ShelterInputSerializer(shelter, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        disasters = data.pop("disasters", None)
        shelter = services.shelter_update(
            user=request.user, shelter=shelter, version=version, data=data, disasters=disasters
        )
        shelter = selectors.shelter_get(user=request.user, pk=shelter.pk)
        return _with_etag(Response(_detail_data(shelter)), shelter)


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
        filters = {key: request.query_params.get(key) for key in ("kabkota", "status", "sphere_state")}
        return Response(selectors.shelter_map_points(user=request.user, filters=filters))


# ---------------------------------------------------------------------------------------------------------------
# Occupancy
# ---------------------------------------------------------------------------------------------------------------


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
        return _with_etag(response, shelter)


# ---------------------------------------------------------------------------------------------------------------
# Evacuees (personal data: no NIK in lists, whole NIK only for roles allowed, every detail view audited)
# ---------------------------------------------------------------------------------------------------------------


class EvacueeListOutputSerializer(serializers.ModelSerializer):
    shelter = serializers.IntegerField(source="shelter_id", allow_null=True)
    shelter_name = serializers.CharField(source="shelter.name", allow_null=True, default=None)
    kabkota = serializers.CharField(source="kabkota_id")
    vulnerable = serializers.SerializerMethodField()

    class Meta:
        model = Evacuee
        fields = ["id", "full_name", "sex", "status", "shelter", "shelter_name", "kabkota", "vulnerable"]
        ref_name = "EvacueeListItem"

    def get_vulnerable(self, evacuee) -> bool:
        return any(
            (
                evacuee.is_pregnant,
                evacuee.is_nursing,
                evacuee.has_disability,
                evacuee.is_chronically_ill,
                evacuee.is_unaccompanied_child,
            )
        )


class MovementSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvacueeMovement
        fields = ["kind", "from_shelter", "to_shelter", "at", "note"]
        ref_name = "EvacueeMovement"


class EvacueeDetailOutputSerializer(serializers.ModelSerializer):
    nik = serializers.SerializerMethodField()
    no_kk = serializers.SerializerMethodField()
    origin_desa = serializers.CharField(source="origin_desa_id", allow_null=True)
    movements = MovementSerializer(many=True, read_only=True)

    class Meta:
        model = Evacuee
        fields = [
            "id",
            "full_name",
            "nik",
            "no_kk",
            "sex",
            "birth_date",
            "origin_desa",
            "phone",
            "is_pregnant",
            "is_nursing",
            "has_disability",
            "is_chronically_ill",
            "is_unaccompanied_child",
            "shelter",
            "kabkota",
            "status",
            "movements",
        ]
        ref_name = "EvacueeDetail"

    def _may_see_whole(self) -> bool:
        return has_perm(self.context["request"].user, Perm.EVACUEE_VIEW_NIK)

    def get_nik(self, evacuee) -> str | None:
        return (evacuee.nik if self._may_see_whole() else nik_mask(evacuee.nik)) or None

    def get_no_kk(self, evacuee) -> str:
        return evacuee.no_kk if self._may_see_whole() else nik_mask(evacuee.no_kk)


class EvacueeInputSerializer(serializers.ModelSerializer):
    shelter = serializers.PrimaryKeyRelatedField(queryset=Shelter.objects.all())
    origin_desa = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.filter(level="desa"), required=False, allow_null=True
    )
    nik = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True)

    class Meta:
        model = Evacuee
        fields = ["full_name", "nik", "sex", *services.PROFILE_FIELDS, "shelter"]
        ref_name = "EvacueeInput"


class EvacueeListCreateApi(generics.ListCreateAPIView):
    """Evacuees in the caller's area (no NIK in this list). ``POST`` registers and checks someone in."""

    serializer_class = EvacueeListOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Evacuee.objects.none()
        params = self.request.query_params
        filters = {key: params.get(key) for key in ("shelter", "status", "q", "no_kk", "vulnerable")}
        return selectors.evacuee_list(user=self.request.user, filters=filters)

    @extend_schema(request=EvacueeInputSerializer, responses={201: EvacueeDetailOutputSerializer})
    def post(self, request):
        serializer = EvacueeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        shelter = selectors.shelter_get(user=request.user, pk=data.pop("shelter").pk)
        evacuee = services.evacuee_register(
            user=request.user,
            shelter=shelter,
            full_name=data.pop("full_name"),
            sex=data.pop("sex"),
            nik=data.pop("nik", None),
            **data,
        )
        return Response(
            EvacueeDetailOutputSerializer(evacuee, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class EvacueeDetailApi(APIView):
    """One evacuee with their movements. Every read is written to the audit log."""

    @extend_schema(responses=EvacueeDetailOutputSerializer)
    def get(self, request, pk):
        evacuee = selectors.evacuee_get(user=request.user, pk=pk)
        services.evacuee_detail_viewed(user=request.user, evacuee=evacuee)
        return Response(EvacueeDetailOutputSerializer(evacuee, context={"request": request}).data)


class EvacueeMoveApi(APIView):
    """Check-out, transfer to another shelter, or check-in again; the history keeps every move."""

    class EvacueeMoveInputSerializer(serializers.Serializer):
        action = serializers.ChoiceField(choices=["check_out", "transfer", "check_in"])
        shelter = serializers.IntegerField(required=False, help_text="Destination for transfer and check-in")
        at = serializers.DateTimeField(required=False)
        note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")

    @extend_schema(request=EvacueeMoveInputSerializer, responses=EvacueeDetailOutputSerializer)
    def post(self, request, pk):
        evacuee = selectors.evacuee_get(user=request.user, pk=pk)
        serializer = self.EvacueeMoveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        action = data["action"]
        if action == "check_out":
            evacuee = services.evacuee_check_out(
                user=request.user, evacuee=evacuee, at=data.get("at"), note=data["note"]
            )
        else:
            if not data.get("shelter"):
                raise ApplicationError(
                    _("Choose the destination shelter."), errors={"shelter": [_("This field is required.")]}
                )
            shelter = selectors.shelter_get(user=request.user, pk=data["shelter"])
            if action == "transfer":
                evacuee = services.evacuee_transfer(
                    user=request.user,
                    evacuee=evacuee,
                    to_shelter=shelter,
                    at=data.get("at"),
                    note=data["note"],
                )
            else:
                evacuee = services.evacuee_check_in(
                    user=request.user, evacuee=evacuee, shelter=shelter, at=data.get("at")
                )
        evacuee = selectors.evacuee_get(user=request.user, pk=evacuee.pk)
        return Response(EvacueeDetailOutputSerializer(evacuee, context={"request": request}).data)


class EvacueeNikSearchApi(APIView):
    """Find a person by NIK for family reunification. A POST, so the NIK never appears in a URL or log."""

    class EvacueeNikSearchInputSerializer(serializers.Serializer):
        nik = serializers.CharField(max_length=20)

    @extend_schema(request=EvacueeNikSearchInputSerializer, responses=EvacueeListOutputSerializer(many=True))
    def post(self, request):
        serializer = self.EvacueeNikSearchInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        found = selectors.evacuee_find_by_nik(user=request.user, nik=serializer.validated_data["nik"].strip())
        return Response(EvacueeListOutputSerializer(found, many=True).data)


# ---------------------------------------------------------------------------------------------------------------
# Psychosocial support (LDP)
# ---------------------------------------------------------------------------------------------------------------


class LdpPostSerializer(serializers.ModelSerializer):
    desa = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.filter(level="desa"))
    kabkota = serializers.CharField(source="kabkota_id", read_only=True)

    class Meta:
        model = LdpPost
        fields = ["id", "name", "kind", "desa", "kabkota", "shelter", "is_active"]
        read_only_fields = ["is_active"]
        ref_name = "LdpPost"


class LdpPostListCreateApi(generics.ListCreateAPIView):
    """LDP posts (fixed or mobile) in the caller's area."""

    serializer_class = LdpPostSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LdpPost.objects.none()
        return selectors.ldp_post_list(user=self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        shelter = data.get("shelter")
        if shelter is not None:
            shelter = selectors.shelter_get(user=self.request.user, pk=shelter.pk)
        serializer.instance = services.ldp_post_create(
            user=self.request.user,
            name=data["name"],
            kind=data["kind"],
            desa=data["desa"],
            shelter=shelter,
            request=self.request,
        )


class LdpReferralSerializer(serializers.ModelSerializer):
    class Meta:
        model = LdpReferral
        fields = ["id", "session", "referred_to", "people", "status", "outcome", "updated_at"]
        read_only_fields = ["session", "updated_at"]
        ref_name = "LdpReferral"


class LdpSessionSerializer(serializers.ModelSerializer):
    referrals = LdpReferralSerializer(many=True, required=False)
    reached_total = serializers.IntegerField(read_only=True)

    class Meta:
        model = LdpSession
        fields = [
            "id",
            "shelter",
            "post",
            "held_on",
            "kind",
            "provider",
            "providers_count",
            "reached_children_male",
            "reached_children_female",
            "reached_adult_male",
            "reached_adult_female",
            "reached_older",
            "reached_total",
            "notes",
            "referrals",
        ]
        ref_name = "LdpSession"


class LdpSessionListCreateApi(generics.ListCreateAPIView):
    """Psychosocial sessions delivered in the caller's area, with referrals."""

    serializer_class = LdpSessionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LdpSession.objects.none()
        params = self.request.query_params
        filters = {"shelter": params.get("shelter"), "post": params.get("post")}
        return selectors.ldp_session_list(user=self.request.user, filters=filters).prefetch_related("referrals")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        user = self.request.user
        shelter = data.pop("shelter", None)
        post = data.pop("post", None)
        if shelter is not None:
            shelter = selectors.shelter_get(user=user, pk=shelter.pk)
        if post is not None:
            post = get_scoped_or_404(selectors.ldp_post_list(user=user), pk=post.pk)
        referrals = [
            {k: v for k, v in referral.items() if k in ("referred_to", "people", "status", "outcome")}
            for referral in data.pop("referrals", [])
        ]
        serializer.instance = services.ldp_session_record(
            user=user, shelter=shelter, post=post, referrals=referrals, request=self.request, **data
        )


class LdpReferralDetailApi(APIView):
    """Update a referral's status and outcome."""

    class LdpReferralUpdateInputSerializer(serializers.Serializer):
        status = serializers.CharField()
        outcome = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")

    @extend_schema(request=LdpReferralUpdateInputSerializer, responses=LdpReferralSerializer)
    def patch(self, request, pk):
        referral = get_scoped_or_404(selectors.ldp_referral_list(user=request.user), pk=pk)
        serializer = self.LdpReferralUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral = services.ldp_referral_update(user=request.user, referral=referral, **serializer.validated_data)
        return Response(LdpReferralSerializer(referral).data)
