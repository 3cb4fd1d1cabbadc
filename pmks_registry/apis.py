"""REST endpoints of the PMKS registry. Lists carry no NIK at all; search by NIK is a POST."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.core.choices import Sex
from banten_dinsos.core.nik import mask_number
from banten_dinsos.core.pagination import KeysetPagination
from banten_dinsos.regions.models import Region

from .models import Client, ClientStatus, DataSource, PmksType
from .selectors import client_find_by_nik, client_get, client_list, pmks_statistics
from .services import client_access_record, client_create, client_status_change


class PmksTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = PmksType
        fields = ["number", "code", "name", "provincial_authority", "is_active"]


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
    desa = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    types = serializers.SlugRelatedField(
        slug_field="number", queryset=PmksType.objects.all(), many=True, allow_empty=False
    )
    source = serializers.ChoiceField(choices=DataSource.choices)
    last_verified_on = serializers.DateField(required=False, allow_null=True, default=None)

    class Meta:
        ref_name = "PmksClientInput"


class ClientFilterSerializer(serializers.Serializer):
    kabkota = serializers.RegexField(r"^36\.[0-9]{2}$", required=False)
    wilayah = serializers.RegexField(r"^36(\.[0-9]{2}){1,2}(\.[0-9]{4})?$", required=False)
    pmks_type = serializers.IntegerField(required=False, min_value=1, max_value=99)
    status = serializers.ChoiceField(choices=ClientStatus.choices, required=False)
    source = serializers.ChoiceField(choices=DataSource.choices, required=False)
    q = serializers.RegexField(
        r"^[^0-9]*$",
        max_length=60,
        required=False,
        error_messages={"invalid": _("Search NIKs with POST /api/v1/pmks/clients/search/, not here.")},
    )


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
        filters = ClientFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return client_list(user=self.request.user, filters=filters.validated_data)

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
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ClientInputSerializer, responses={201: ClientDetailOutputSerializer})
    def post(self, request):
        require_perm(request.user, Perm.PMKS_CHANGE)
        serializer = ClientInputSerializer(data=request.data)
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


class PmksTypeListApi(generics.ListAPIView):
    """The 26 PMKS types and whether each is in the province's authority."""

    serializer_class = PmksTypeSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PmksType.objects.none()
        require_perm(self.request.user, Perm.PMKS_VIEW)
        return PmksType.objects.all()


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
