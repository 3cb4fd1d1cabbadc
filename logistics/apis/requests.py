"""Requests (permintaan), decisions, FEFO picking, dispatches with delivery notes, and receipt confirmation."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.core.downloads import download_filename, name_download

from .. import selectors, services
from ..filters import DispatchFilter, RequestFilter
from ..models import Dispatch, DispatchLine, RequestEvent, StockRequest, StockRequestLine
from ..pdf import delivery_note_pdf
from .common import (
    ScopedRelatedField,
    batch_field,
    disaster_field,
    errors,
    idempotency_field,
    item_field,
    location_field,
    posted_response,
)


class RequestLineSerializer(serializers.ModelSerializer):
    item_name = serializers.CharField(source="item.name")
    unit = serializers.CharField(source="item.unit")

    class Meta:
        model = StockRequestLine
        fields = [
            "id",
            "item",
            "item_name",
            "unit",
            "quantity_requested",
            "quantity_approved",
            "quantity_dispatched",
            "quantity_received",
        ]
        ref_name = "LogisticsRequestLine"


class RequestEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.get_username", allow_null=True, default=None)

    class Meta:
        model = RequestEvent
        fields = ["status", "actor", "at", "note"]
        ref_name = "LogisticsRequestEvent"


class RequestOutputSerializer(serializers.ModelSerializer):
    destination_name = serializers.CharField(source="destination.name")
    kabkota = serializers.CharField(source="kabkota_id")
    requested_by = serializers.CharField(source="requested_by.get_username", allow_null=True, default=None)

    class Meta:
        model = StockRequest
        fields = [
            "id",
            "number",
            "disaster",
            "destination",
            "destination_name",
            "kabkota",
            "status",
            "purpose",
            "people_served",
            "decision_reason",
            "requested_by",
            "decided_at",
            "created_at",
        ]
        ref_name = "LogisticsRequest"


class RequestDetailSerializer(RequestOutputSerializer):
    lines = RequestLineSerializer(many=True)
    events = RequestEventSerializer(many=True)
    needs = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta(RequestOutputSerializer.Meta):
        fields = [*RequestOutputSerializer.Meta.fields, "needs", "lines", "events"]
        ref_name = "LogisticsRequestDetail"


class RequestLineInputSerializer(serializers.Serializer):
    item = item_field()
    quantity = serializers.DecimalField(max_digits=20, decimal_places=6)

    class Meta:
        ref_name = "LogisticsRequestLineInput"


def _need_field():
    from clusters.selectors import need_list

    return ScopedRelatedField(need_list)


class RequestInputSerializer(serializers.Serializer):
    disaster = disaster_field()
    destination = location_field()
    lines = RequestLineInputSerializer(many=True)
    needs = serializers.ListField(child=_need_field(), required=False, default=list)
    purpose = serializers.CharField(required=False, allow_blank=True, default="")
    people_served = serializers.IntegerField(required=False, min_value=0, default=0)
    idempotency_key = idempotency_field()

    class Meta:
        ref_name = "LogisticsRequestInput"


def _request_response(request, pk, *, created: bool):
    return posted_response(
        RequestDetailSerializer(selectors.request_get(user=request.user, pk=pk)).data, created=created
    )


class RequestListCreateApi(generics.ListAPIView):
    """Requests of the caller's area (``RequestFilter``: ``?status=``, ``?disaster=``, ``?kabkota=``). POST submits
    one."""

    serializer_class = RequestOutputSerializer
    filterset_class = RequestFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return StockRequest.objects.none()
        return selectors.request_list(user=self.request.user)

    @extend_schema(
        request=RequestInputSerializer,
        responses={
            201: RequestDetailSerializer,
            200: OpenApiResponse(RequestDetailSerializer),
            **errors(400, 403, 409),
        },
    )
    def post(self, request):
        require_perm(request.user, Perm.LOGISTICS_REQUEST)
        serializer = RequestInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        stock_request, created = services.request_submit(user=request.user, **data)
        return _request_response(request, stock_request.pk, created=created)


class RequestDetailApi(APIView):
    """One request with its lines and every step (who, when)."""

    @extend_schema(responses={200: RequestDetailSerializer, **errors(404)})
    def get(self, request, pk):
        return Response(RequestDetailSerializer(selectors.request_get(user=request.user, pk=pk)).data)


class DecisionInputSerializer(serializers.Serializer):
    approved = serializers.DictField(
        child=serializers.DecimalField(max_digits=20, decimal_places=6, min_value=0),
        help_text="{line id: approved quantity}; a line left out is approved in full, 0 refuses it.",
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    refuse = serializers.BooleanField(required=False, default=False, help_text="Refuse the whole request.")
    idempotency_key = idempotency_field()

    class Meta:
        ref_name = "LogisticsDecisionInput"


class RequestDecideApi(APIView):
    """Approve fully, partly (with a reason) or refuse (with a reason). Provincial staff only."""

    @extend_schema(
        request=DecisionInputSerializer, responses={201: RequestDetailSerializer, **errors(400, 403, 404, 409)}
    )
    def post(self, request, pk):
        stock_request = selectors.request_get(user=request.user, pk=pk)
        require_perm(request.user, Perm.LOGISTICS_DECIDE)
        serializer = DecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        approved = {}
        for line in stock_request.lines.all():
            if data["refuse"]:
                approved[line.pk] = 0
            else:
                approved[line.pk] = data["approved"].get(str(line.pk), line.quantity_requested)
        extra = {int(key) for key in data["approved"] if str(key).isdigit()} - set(approved)
        for key in extra:
            approved[key] = data["approved"][str(key)]
        decided, created = services.request_decide(
            user=request.user,
            request=stock_request,
            approved=approved,
            reason=data["reason"],
            idempotency_key=data.get("idempotency_key"),
        )
        return _request_response(request, decided.pk, created=created)


class PickSerializer(serializers.Serializer):
    line = serializers.IntegerField(source="line.pk")
    item = serializers.IntegerField(source="line.item_id")
    item_name = serializers.CharField(source="line.item.name")
    batch = serializers.IntegerField(source="batch.pk")
    batch_code = serializers.CharField(source="batch.code")
    expiry_date = serializers.DateField(source="batch.expiry_date", allow_null=True)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    available = serializers.DecimalField(max_digits=14, decimal_places=3)

    class Meta:
        ref_name = "LogisticsPick"


class RequestPickingApi(APIView):
    """The FEFO picking suggestion for the approved, not yet sent quantities from warehouse ``?source=``."""

    @extend_schema(parameters=[OpenApiParameter("source", int, required=True)], responses=PickSerializer(many=True))
    def get(self, request, pk):
        stock_request = selectors.request_get(user=request.user, pk=pk)
        source = selectors.location_get(user=request.user, pk=request.query_params.get("source"))
        picks, shortfall = services.fefo_picks(request=stock_request, source=source)
        return Response(
            {
                "picks": PickSerializer(picks, many=True).data,
                "shortfall": {str(k): str(v) for k, v in shortfall.items()},
            }
        )


class PickInputSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    batch = batch_field()
    quantity = serializers.DecimalField(max_digits=20, decimal_places=6, min_value=0)

    class Meta:
        ref_name = "LogisticsPickInput"


class DispatchInputSerializer(serializers.Serializer):
    source = location_field()
    picks = PickInputSerializer(many=True, required=False, allow_null=True, default=None)
    vehicle = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    driver = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    idempotency_key = idempotency_field()

    class Meta:
        ref_name = "LogisticsDispatchInput"


class DispatchLineSerializer(serializers.ModelSerializer):
    item_name = serializers.CharField(source="item.name")
    batch_code = serializers.CharField(source="batch.code")
    expiry_date = serializers.DateField(source="batch.expiry_date", allow_null=True)

    class Meta:
        model = DispatchLine
        fields = [
            "id",
            "item",
            "item_name",
            "batch",
            "batch_code",
            "expiry_date",
            "quantity",
            "quantity_received",
            "quantity_damaged",
            "quantity_short",
        ]
        ref_name = "LogisticsDispatchLine"


class DispatchOutputSerializer(serializers.ModelSerializer):
    request_number = serializers.CharField(source="request.number")
    source_name = serializers.CharField(source="source.name")
    destination_name = serializers.CharField(source="destination.name")

    class Meta:
        model = Dispatch
        fields = [
            "id",
            "number",
            "token",
            "request",
            "request_number",
            "source",
            "source_name",
            "destination",
            "destination_name",
            "vehicle",
            "driver",
            "status",
            "received_at",
            "receipt_note",
            "created_at",
        ]
        ref_name = "LogisticsDispatch"


class DispatchDetailSerializer(DispatchOutputSerializer):
    lines = DispatchLineSerializer(many=True)

    class Meta(DispatchOutputSerializer.Meta):
        fields = [*DispatchOutputSerializer.Meta.fields, "lines"]
        ref_name = "LogisticsDispatchDetail"


def _dispatch_response(request, pk, *, created: bool):
    return posted_response(
        DispatchDetailSerializer(selectors.dispatch_get(user=request.user, pk=pk)).data, created=created
    )


class RequestDispatchApi(APIView):
    """Dispatch approved goods from a warehouse: FEFO batches unless ``picks`` name them. Provincial staff only."""

    @extend_schema(
        request=DispatchInputSerializer, responses={201: DispatchDetailSerializer, **errors(400, 403, 404, 409)}
    )
    def post(self, request, pk):
        stock_request = selectors.request_get(user=request.user, pk=pk)
        require_perm(request.user, Perm.LOGISTICS_DISPATCH)
        serializer = DispatchInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        picks = data.pop("picks")
        dispatch, created = services.dispatch_create(
            user=request.user,
            request=stock_request,
            picks=None if picks is None else [dict(pick) for pick in picks],
            **data,
        )
        return _dispatch_response(request, dispatch.pk, created=created)


class DispatchListApi(generics.ListAPIView):
    """Delivery notes of the caller's area (``DispatchFilter``: ``?status=``, ``?request=``)."""

    serializer_class = DispatchOutputSerializer
    filterset_class = DispatchFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Dispatch.objects.none()
        return selectors.dispatch_list(user=self.request.user)


class DispatchDetailApi(APIView):
    @extend_schema(responses={200: DispatchDetailSerializer, **errors(404)})
    def get(self, request, pk):
        return Response(DispatchDetailSerializer(selectors.dispatch_get(user=request.user, pk=pk)).data)


class DispatchNoteApi(APIView):
    """The delivery note (surat jalan) as PDF, with a QR code that opens the receipt confirmation."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        dispatch = selectors.dispatch_get(user=request.user, pk=pk)
        response = HttpResponse(delivery_note_pdf(dispatch=dispatch, request=request), content_type="application/pdf")
        name_download(response, download_filename("surat-jalan", dispatch.number, dispatch.created_at, "pdf"))
        return response


class ReceiptLineInputSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    received = serializers.DecimalField(max_digits=20, decimal_places=6)
    damaged = serializers.DecimalField(max_digits=20, decimal_places=6, required=False, default=0)

    class Meta:
        ref_name = "LogisticsReceiptLineInput"


class ReceiptInputSerializer(serializers.Serializer):
    lines = ReceiptLineInputSerializer(many=True, required=False, default=list)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    idempotency_key = idempotency_field()

    class Meta:
        ref_name = "LogisticsReceiptInput"


class DispatchReceiveApi(APIView):
    """Confirm what arrived; lines left out arrived in full. Differences are posted as moves and alerted."""

    @extend_schema(
        request=ReceiptInputSerializer, responses={201: DispatchDetailSerializer, **errors(400, 403, 404, 409)}
    )
    def post(self, request, pk):
        dispatch = selectors.dispatch_get(user=request.user, pk=pk)
        require_perm(request.user, Perm.LOGISTICS_RECEIVE)
        serializer = ReceiptInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        received, created = services.dispatch_receive(
            user=request.user,
            dispatch=dispatch,
            lines={line["line"]: {"received": line["received"], "damaged": line["damaged"]} for line in data["lines"]},
            note=data["note"],
            idempotency_key=data.get("idempotency_key"),
        )
        return _dispatch_response(request, received.pk, created=created)
