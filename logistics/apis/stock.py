"""Places, catalogue, stock on hand, stock position, the ledger (moves), stock cards, expiring and low stock."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.core.downloads import download_filename, name_download
from banten_dinsos.core.pagination import KeysetPagination

from .. import selectors, services
from ..filters import BalanceFilter, ExpiringFilter, ItemFilter, LocationFilter, MoveFilter
from ..models import Item, Location, LocationKind, MoveKind, StockBalance, StockMove
from ..xlsx import stock_card_xlsx
from .common import (
    batch_field,
    disaster_field,
    errors,
    filter_parameters,
    idempotency_field,
    item_field,
    location_field,
    posted_response,
)


class LocationOutputSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name")
    kabkota = serializers.CharField(source="kabkota_id", allow_null=True)

    class Meta:
        model = Location
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "region",
            "region_name",
            "kabkota",
            "donor_type",
            "shelter",
            "ksb_unit",
            "address",
            "latitude",
            "longitude",
            "is_active",
        ]
        ref_name = "LogisticsLocation"


class LocationInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=LocationKind.choices)
    region = serializers.CharField(max_length=13)
    donor_type = serializers.CharField(required=False, allow_blank=True, default="")
    ksb_unit = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="For a KSB store.")
    address = serializers.CharField(required=False, allow_blank=True, default="")
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)

    class Meta:
        ref_name = "LogisticsLocationInput"

    def validate_region(self, value):
        from banten_dinsos.regions.models import Region

        region = Region.objects.filter(code=value).first()
        if region is None:
            raise serializers.ValidationError(_("Region not found."))
        return region

    def validate_ksb_unit(self, value):
        if value is None:
            return None
        from banten_dinsos.accounts.scoping import scope_queryset

        from ..services.locations import ksb_unit_queryset

        unit = scope_queryset(ksb_unit_queryset(), user=self.context["request"].user, kabkota_field="kabkota")
        unit = unit.filter(pk=value).first()
        if unit is None:
            raise serializers.ValidationError(_("KSB unit not found."))
        return unit


class LocationListCreateApi(generics.ListAPIView):
    """Warehouses, KSB stores, shelters, desa and donors the caller may see (``LocationFilter``: ``?kind=``,
    ``?kabkota=``, ``?q=``, ``?warehouses=``, ``?active=``)."""

    serializer_class = LocationOutputSerializer
    filterset_class = LocationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Location.objects.none()
        return selectors.location_list(user=self.request.user)

    @extend_schema(request=LocationInputSerializer, responses={201: LocationOutputSerializer, **errors(400, 403)})
    def post(self, request):
        require_perm(request.user, Perm.LOCATION_MANAGE)
        serializer = LocationInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        location = services.location_create(
            user=request.user, name=data.pop("name"), kind=data.pop("kind"), region=data.pop("region"), **data
        )
        return Response(LocationOutputSerializer(location).data, status=status.HTTP_201_CREATED)


class LocationDetailApi(generics.RetrieveAPIView):
    serializer_class = LocationOutputSerializer

    def get_object(self):
        return selectors.location_get(user=self.request.user, pk=self.kwargs["pk"])


class ItemOutputSerializer(serializers.ModelSerializer):
    components = serializers.SerializerMethodField()

    class Meta:
        model = Item
        fields = [
            "id",
            "code",
            "name",
            "category",
            "unit",
            "is_whole_unit",
            "tracks_expiry",
            "reorder_level",
            "unit_value",
            "components",
        ]
        ref_name = "LogisticsItem"

    def get_components(self, item) -> list[dict]:
        return [
            {"item": part.component_id, "name": part.component.name, "quantity": str(part.quantity)}
            for part in item.components.all()
        ]


class ItemListApi(generics.ListAPIView):
    """The catalogue of relief goods with units, categories and kit contents (``ItemFilter``: ``?category=``,
    ``?q=``, ``?active=``; items in use unless ``active`` says otherwise)."""

    serializer_class = ItemOutputSerializer
    filterset_class = ItemFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Item.objects.none()
        return selectors.item_list(user=self.request.user)


class BalanceOutputSerializer(serializers.ModelSerializer):
    location_name = serializers.CharField(source="location.name")
    item_name = serializers.CharField(source="item.name")
    unit = serializers.CharField(source="item.unit")
    batch_code = serializers.CharField(source="batch.code")

    class Meta:
        model = StockBalance
        fields = [
            "location",
            "location_name",
            "kabkota",
            "item",
            "item_name",
            "unit",
            "batch",
            "batch_code",
            "expiry_date",
            "quantity",
            "updated_at",
        ]
        ref_name = "LogisticsBalance"


class BalanceListApi(generics.ListAPIView):
    """Stock on hand per place × item × batch (``BalanceFilter``: ``?location=``, ``?item=``, ``?kabkota=``,
    ``?category=``)."""

    serializer_class = BalanceOutputSerializer
    filterset_class = BalanceFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return StockBalance.objects.none()
        return selectors.balance_list(user=self.request.user)


class PositionRowSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item.pk")
    item_name = serializers.CharField(source="item.name")
    unit = serializers.CharField(source="item.unit")
    on_hand = serializers.DecimalField(max_digits=14, decimal_places=3)
    in_transit = serializers.DecimalField(max_digits=14, decimal_places=3)
    expiring = serializers.DecimalField(max_digits=14, decimal_places=3)
    per_person_per_day = serializers.DecimalField(max_digits=10, decimal_places=4, allow_null=True)
    days_of_cover = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    is_low = serializers.BooleanField()

    class Meta:
        ref_name = "LogisticsPositionRow"


class StockPositionApi(APIView):
    """Stock per item with days of cover for the displaced people in open shelters (``?location=`` or
    ``?kabkota=``; without them everything the caller sees)."""

    @extend_schema(
        parameters=[OpenApiParameter("location", int), OpenApiParameter("kabkota")],
        responses=inline_serializer(
            "LogisticsPosition",
            {
                "people": serializers.IntegerField(),
                # Null for the province-wide position (no place or kab/kota asked by provincial staff).
                "kabkota": serializers.CharField(allow_null=True),
                "rows": PositionRowSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        location = None
        if request.query_params.get("location"):
            location = selectors.location_get(user=request.user, pk=request.query_params["location"])
        kabkota = request.query_params.get("kabkota") or None
        position = selectors.stock_position(user=request.user, location=location, kabkota=kabkota)
        return Response(
            {
                "people": position["people"],
                "kabkota": position["kabkota"],
                "rows": PositionRowSerializer(position["rows"], many=True).data,
            }
        )


class StockCardApi(APIView):
    """The stock card (kartu stok) of one item in one place as XLSX, with the running balance."""

    @extend_schema(
        parameters=[OpenApiParameter("location", int, required=True), OpenApiParameter("item", int, required=True)],
        responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY},
    )
    def get(self, request):
        location = selectors.location_get(user=request.user, pk=request.query_params.get("location"))
        from banten_dinsos.accounts.scoping import get_scoped_or_404

        item = get_scoped_or_404(selectors.item_list(user=request.user), pk=request.query_params.get("item"))
        content = stock_card_xlsx(
            location=location, item=item, rows=selectors.stock_card(user=request.user, location=location, item=item)
        )
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name_download(response, download_filename("kartu-stok", f"{location.code} {item.code}", None, "xlsx"))
        return response


class ExpiringListApi(generics.ListAPIView):
    """Batches in warehouses that expire within ``?days=`` (0–365, default 30) or have expired, soonest first
    (``ExpiringFilter``: also ``?location=``, ``?item=``, ``?kabkota=``, ``?category=``)."""

    serializer_class = BalanceOutputSerializer
    filter_backends = []  # the selector applies ExpiringFilter: its window is not a narrowing of a ready list

    @extend_schema(parameters=filter_parameters(ExpiringFilter))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return StockBalance.objects.none()
        return selectors.expiring_list(user=self.request.user, filters=self.request.query_params)


class LowStockApi(APIView):
    """Items below their low-stock level in a warehouse."""

    @extend_schema(
        responses=inline_serializer(
            "LogisticsLowStock",
            {
                "location": serializers.IntegerField(),
                "location_name": serializers.CharField(),
                "item": serializers.IntegerField(),
                "item_name": serializers.CharField(),
                "on_hand": serializers.DecimalField(max_digits=14, decimal_places=3),
                "reorder_level": serializers.DecimalField(max_digits=14, decimal_places=3),
            },
            many=True,
        )
    )
    def get(self, request):
        return Response(
            [
                {
                    "location": row["location_id"],
                    "location_name": row["location__name"],
                    "item": row["item_id"],
                    "item_name": row["item__name"],
                    "on_hand": str(row["on_hand"]),
                    "reorder_level": str(row["reorder_level"]),
                }
                for row in selectors.low_stock_list(user=request.user)
            ]
        )


class WarehouseMapApi(APIView):
    """Warehouses with coordinates, for the map layer."""

    class PointSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        kind = serializers.CharField()
        kind_label = serializers.CharField()
        lat = serializers.FloatField()
        lon = serializers.FloatField()
        items = serializers.IntegerField(help_text="Items with stock on hand.")
        url = serializers.CharField()

        class Meta:
            ref_name = "WarehouseMapPoint"

    @extend_schema(responses=PointSerializer(many=True))
    def get(self, request):
        return Response(selectors.warehouse_map_points(user=request.user))


# --- the ledger ---------------------------------------------------------------------------------------------------
class MoveOutputSerializer(serializers.ModelSerializer):
    item_name = serializers.CharField(source="item.name")
    unit = serializers.CharField(source="item.unit")
    batch_code = serializers.CharField(source="batch.code")
    source_name = serializers.CharField(source="source.name")
    destination_name = serializers.CharField(source="destination.name")
    reversed_by = serializers.SerializerMethodField()

    class Meta:
        model = StockMove
        fields = [
            "id",
            "kind",
            "posted_at",
            "item",
            "item_name",
            "unit",
            "batch",
            "batch_code",
            "quantity",
            "source",
            "source_name",
            "destination",
            "destination_name",
            "reverses",
            "reversed_by",
            "reason",
            "disaster",
            "request",
            "dispatch",
            "donation",
        ]
        ref_name = "LogisticsMove"

    def get_reversed_by(self, move) -> int | None:
        try:
            return move.reversed_by.pk
        except StockMove.DoesNotExist:
            return None


class MoveInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(kind, MoveKind(kind).label) for kind in services.MANUAL_KINDS])
    item = item_field()
    quantity = serializers.DecimalField(max_digits=20, decimal_places=6)
    source = location_field()
    destination = location_field(required=False, allow_null=True)
    batch = batch_field(required=False, allow_null=True)
    batch_code = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    expiry_date = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    disaster = disaster_field(required=False, allow_null=True)
    idempotency_key = idempotency_field()

    class Meta:
        ref_name = "LogisticsMoveInput"


class MoveListCreateApi(generics.ListAPIView):
    """The ledger: moves touching the caller's area, newest first, in keyset pages (``MoveFilter``: ``?location=``,
    ``?item=``, ``?kind=``, ``?disaster=``, ``?request=``, ``?dispatch=``, ``?donation=``, ``?since=``,
    ``?until=``). POST posts one move (receipt, transfer, issue, return or write-off); retry-safe with
    ``idempotency_key``."""

    serializer_class = MoveOutputSerializer
    pagination_class = KeysetPagination
    filterset_class = MoveFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return StockMove.objects.none()
        return selectors.move_list(user=self.request.user)

    @extend_schema(
        request=MoveInputSerializer,
        responses={
            201: MoveOutputSerializer,
            200: OpenApiResponse(MoveOutputSerializer, description="A retry: the move this key posted."),
            **errors(400, 403, 409),
        },
    )
    def post(self, request):
        require_perm(request.user, Perm.STOCK_POST)
        serializer = MoveInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        move, created = services.move_post(user=request.user, **data)
        return posted_response(MoveOutputSerializer(move).data, created=created)


class MoveDetailApi(APIView):
    """One posted move. It cannot be changed or deleted: post a reversal (``reverse/``) instead."""

    @extend_schema(responses={200: MoveOutputSerializer, **errors(404)})
    def get(self, request, pk):
        return Response(MoveOutputSerializer(selectors.move_get(user=request.user, pk=pk)).data)

    def _refuse(self, request, pk):
        selectors.move_get(user=request.user, pk=pk)
        return Response(
            {
                "message": _("A posted move cannot be changed or deleted; post a reversing move instead."),
                "errors": {"move": [_("Posted moves are final.")]},
            },
            status=status.HTTP_405_METHOD_NOT_ALLOWED,
        )

    @extend_schema(request=None, responses=errors(404, 405))
    def put(self, request, pk):
        return self._refuse(request, pk)

    @extend_schema(request=None, responses=errors(404, 405))
    def patch(self, request, pk):
        return self._refuse(request, pk)

    @extend_schema(request=None, responses=errors(404, 405))
    def delete(self, request, pk):
        return self._refuse(request, pk)


class ReverseInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255, allow_blank=True)
    idempotency_key = idempotency_field()

    class Meta:
        ref_name = "LogisticsReverseInput"


class MoveReverseApi(APIView):
    """Correct a move with one that takes the same quantity back, pointing to the original."""

    @extend_schema(request=ReverseInputSerializer, responses={201: MoveOutputSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        move = selectors.move_get(user=request.user, pk=pk)
        require_perm(request.user, Perm.STOCK_POST)
        serializer = ReverseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reversal, created = services.move_reverse(user=request.user, move=move, **serializer.validated_data)
        return posted_response(MoveOutputSerializer(reversal).data, created=created)


class CountInputSerializer(serializers.Serializer):
    location = location_field()
    item = item_field()
    batch = batch_field()
    counted = serializers.DecimalField(max_digits=20, decimal_places=6)
    reason = serializers.CharField(max_length=255, allow_blank=True)
    idempotency_key = idempotency_field()

    class Meta:
        ref_name = "LogisticsCountInput"


class StockCountApi(APIView):
    """Record a physical count (stok opname); the difference to the books is posted as an adjustment."""

    @extend_schema(
        request=CountInputSerializer,
        responses={
            201: MoveOutputSerializer,
            200: OpenApiResponse(description="Count equals the books."),
            **errors(400, 403, 409),
        },
    )
    def post(self, request):
        require_perm(request.user, Perm.STOCK_POST)
        serializer = CountInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        move, created = services.stock_count_record(user=request.user, **serializer.validated_data)
        if move is None:
            return Response(
                {"message": _("The count equals the books; nothing was posted.")}, status=status.HTTP_200_OK
            )
        return posted_response(MoveOutputSerializer(move).data, created=created)
