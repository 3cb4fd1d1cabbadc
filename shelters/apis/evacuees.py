"""Evacuees (personal data: no NIK in lists, whole NIK only for roles allowed, every detail view audited)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.roles import Perm, has_perm
from banten_dinsos.accounts.scoped_fields import ScopedPrimaryKeyRelatedField
from banten_dinsos.core.exceptions import ApplicationError
from banten_dinsos.core.nik import nik_mask
from banten_dinsos.regions.models import Region

from .. import selectors, services
from ..filters import EvacueeFilter
from ..models import Evacuee, EvacueeMovement


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
    """A shelter outside the caller's scope is refused exactly like one that does not exist."""

    shelter = ScopedPrimaryKeyRelatedField(scoped=selectors.shelter_list)
    origin_desa = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.filter(level="desa"), required=False, allow_null=True
    )
    nik = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True)

    class Meta:
        model = Evacuee
        fields = ["full_name", "nik", "sex", *services.PROFILE_FIELDS, "shelter"]
        ref_name = "EvacueeInput"


def _detail(request, evacuee: Evacuee) -> dict:
    return EvacueeDetailOutputSerializer(evacuee, context={"request": request}).data


class EvacueeListCreateApi(generics.ListCreateAPIView):
    """Evacuees in the caller's area (no NIK in this list). ``POST`` registers and checks someone in."""

    serializer_class = EvacueeListOutputSerializer
    filterset_class = EvacueeFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Evacuee.objects.none()
        return selectors.evacuee_list(user=self.request.user)

    @extend_schema(request=EvacueeInputSerializer, responses={201: EvacueeDetailOutputSerializer})
    def post(self, request):
        serializer = EvacueeInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        evacuee = services.evacuee_register(
            user=request.user,
            shelter=data.pop("shelter"),
            full_name=data.pop("full_name"),
            sex=data.pop("sex"),
            nik=data.pop("nik", None),
            **data,
        )
        return Response(_detail(request, evacuee), status=status.HTTP_201_CREATED)


class EvacueeDetailApi(APIView):
    """One evacuee with their movements. Every read is written to the audit log."""

    @extend_schema(responses=EvacueeDetailOutputSerializer)
    def get(self, request, pk):
        evacuee = selectors.evacuee_get(user=request.user, pk=pk)
        services.evacuee_detail_viewed(user=request.user, evacuee=evacuee)
        return Response(_detail(request, evacuee))


class EvacueeMoveApi(APIView):
    """Check-out, transfer to another shelter, or check-in again; the history keeps every move."""

    class EvacueeMoveInputSerializer(serializers.Serializer):
        action = serializers.ChoiceField(choices=["check_out", "transfer", "check_in"])
        shelter = ScopedPrimaryKeyRelatedField(
            scoped=selectors.shelter_list, required=False, help_text="Destination for transfer and check-in"
        )
        at = serializers.DateTimeField(required=False)
        note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")

    @extend_schema(request=EvacueeMoveInputSerializer, responses=EvacueeDetailOutputSerializer)
    def post(self, request, pk):
        evacuee = selectors.evacuee_get(user=request.user, pk=pk)
        serializer = self.EvacueeMoveInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        action = data["action"]
        if action == "check_out":
            evacuee = services.evacuee_check_out(
                user=request.user, evacuee=evacuee, at=data.get("at"), note=data["note"]
            )
        else:
            shelter = data.get("shelter")
            if shelter is None:
                raise ApplicationError(
                    _("Choose the destination shelter."), errors={"shelter": [_("This field is required.")]}
                )
            if action == "transfer":
                evacuee = services.evacuee_transfer(
                    user=request.user, evacuee=evacuee, to_shelter=shelter, at=data.get("at"), note=data["note"]
                )
            else:
                evacuee = services.evacuee_check_in(
                    user=request.user, evacuee=evacuee, shelter=shelter, at=data.get("at")
                )
        evacuee = selectors.evacuee_get(user=request.user, pk=evacuee.pk)
        return Response(_detail(request, evacuee))


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
