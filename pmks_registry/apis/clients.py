"""PMKS clients: the list (no NIK), registration, search by NIK (a POST), one client (audited) and its status."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.accounts.scoped_fields import ScopedSlugRelatedField
from banten_dinsos.audit.personal_data import audits_personal_data
from banten_dinsos.core.choices import Sex
from banten_dinsos.core.nik import mask_number
from banten_dinsos.core.pagination import KeysetPagination

from ..models import Client, ClientStatus, DataSource, PmksType
from ..selectors import client_find_by_nik, client_get, client_list, desa_choices
from ..services import client_access_record, client_create, client_status_change

# A desa that does not exist and one outside the caller's kabupaten/kota get one answer, in the user's language.
DESA_REFUSED = {
    "does_not_exist": _(
        "{value} is not a desa/kelurahan you may choose: it does not exist or is outside your kabupaten/kota."
    )
}


class ClientListOutputSerializer(serializers.ModelSerializer):
    """A row of the client list: no NIK and no No. KK, not even masked."""

    desa = serializers.CharField(source="desa_id")
    desa_name = serializers.CharField(source="desa.name")
    kabkota = serializers.CharField(source="kabkota_id")
    kabkota_name = serializers.CharField(source="kabkota.name")
    types = serializers.SerializerMethodField()

    class Meta:
        model = Client
        fields = ["id", "name", "sex", "birth_date", "desa", "desa_name", "kabkota", "kabkota_name", "types", "status"]
        ref_name = "PmksClientListItem"

    def get_types(self, client) -> list[int]:
        return [t.number for t in client.types.all()]


class ClientDetailOutputSerializer(ClientListOutputSerializer):
    """One client: NIK and No. KK whole for roles allowed to see them, masked for the others."""

    nik = serializers.SerializerMethodField()
    no_kk = serializers.SerializerMethodField()

    class Meta(ClientListOutputSerializer.Meta):
        fields = [
            *ClientListOutputSerializer.Meta.fields,
            "nik",
            "no_kk",
            "address",
            "source",
            "last_verified_on",
            "created_at",
            "updated_at",
        ]
        ref_name = "PmksClientDetail"

    def _show(self) -> bool:
        return has_perm(self.context["request"].user, Perm.PMKS_VIEW_NIK)

    def get_nik(self, client) -> str:
        return client.nik if self._show() else mask_number(client.nik)

    def get_no_kk(self, client) -> str:
        return client.no_kk if self._show() else mask_number(client.no_kk)


class ClientInputSerializer(serializers.Serializer):
    nik = serializers.RegexField(r"^[0-9]{16}$")
    no_kk = serializers.RegexField(r"^[0-9]{16}$", required=False, allow_blank=True, default="")
    name = serializers.CharField(max_length=150)
    sex = serializers.ChoiceField(choices=Sex.choices)
    birth_date = serializers.DateField()
    desa = ScopedSlugRelatedField(slug_field="code", scoped=desa_choices, error_messages=DESA_REFUSED)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    types = serializers.SlugRelatedField(
        slug_field="number", queryset=PmksType.objects.all(), many=True, allow_empty=False
    )
    source = serializers.ChoiceField(choices=DataSource.choices)
    last_verified_on = serializers.DateField(required=False, allow_null=True, default=None)

    class Meta:
        ref_name = "PmksClientInput"


class NikSearchSerializer(serializers.Serializer):
    nik = serializers.RegexField(r"^[0-9]{16}$")


class StatusChangeInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ClientStatus.choices)
    changed_on = serializers.DateField()
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class ClientListCreateApi(generics.ListCreateAPIView):
    """PMKS clients in the caller's kabupaten/kota (or province), newest first, in keyset pages; no NIK."""

    serializer_class = ClientListOutputSerializer
    pagination_class = KeysetPagination
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return Client.objects.none()
        return client_list(user=self.request.user, filters=self.request.query_params)

    @extend_schema(
        parameters=[
            OpenApiParameter("kabkota", str),
            OpenApiParameter("wilayah", str, description="Kecamatan or desa code prefix"),
            OpenApiParameter("pmks_type", int),
            OpenApiParameter("status", str),
            OpenApiParameter("source", str),
            OpenApiParameter("q", str, description="Name starts with (no digits)"),
        ]
    )
    @audits_personal_data(model="pmks_registry.client", what="PMKS client list API (names, birth dates, PMKS types)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ClientInputSerializer, responses={201: ClientDetailOutputSerializer})
    def post(self, request):
        require_perm(request.user, Perm.PMKS_CHANGE)
        serializer = ClientInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        client = client_create(user=request.user, **serializer.validated_data)
        client = client_get(user=request.user, pk=client.pk)
        return Response(
            ClientDetailOutputSerializer(client, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class ClientSearchApi(APIView):
    """Find a client by NIK. A POST, so the NIK never appears in a URL or an access log."""

    @extend_schema(
        request=NikSearchSerializer,
        responses={200: ClientListOutputSerializer, 404: OpenApiResponse(description="No client in scope")},
    )
    @audits_personal_data(model="pmks_registry.client", what="PMKS search by NIK (API)")
    def post(self, request):
        require_perm(request.user, Perm.PMKS_VIEW)
        serializer = NikSearchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        client = client_find_by_nik(user=request.user, nik=serializer.validated_data["nik"])
        if client is None:
            raise NotFound(_("No client with this NIK in your area."))
        client = client_get(user=request.user, pk=client.pk)
        return Response(ClientListOutputSerializer(client).data)


class ClientDetailApi(APIView):
    """One client; every read is written to the audit log."""

    @extend_schema(responses={200: ClientDetailOutputSerializer, 404: OpenApiResponse(description="Not in scope")})
    def get(self, request, pk):
        client = client_get(user=request.user, pk=pk)
        client_access_record(user=request.user, client=client)
        return Response(ClientDetailOutputSerializer(client, context={"request": request}).data)


class ClientStatusApi(APIView):
    """Change a client's status; the change is kept in the client's history."""

    @extend_schema(request=StatusChangeInputSerializer, responses={200: ClientDetailOutputSerializer})
    def post(self, request, pk):
        require_perm(request.user, Perm.PMKS_CHANGE)
        client = client_get(user=request.user, pk=pk)
        serializer = StatusChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        client_status_change(user=request.user, client=client, **serializer.validated_data)
        client = client_get(user=request.user, pk=pk)
        return Response(ClientDetailOutputSerializer(client, context={"request": request}).data)
