"""Requests: submit, decide (full, partial, refuse), dispatch with FEFO picking, receive with discrepancies."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from banten_dinsos.notifications.models import Alert, AlertKind
from logistics.models import DispatchStatus, LocationKind, MoveKind, RequestStatus, StockBalance, StockMove
from logistics.services import (
    balances_verify,
    dispatch_create,
    dispatch_receive,
    fefo_picks,
    request_decide,
    request_submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(province_warehouse, items, receive):
    today = timezone.localdate()
    receive(province_warehouse, items["beras"], 100, batch_code="LATE", expiry=today + timedelta(days=200))
    receive(province_warehouse, items["beras"], 30, batch_code="SOON", expiry=today + timedelta(days=10))
    receive(province_warehouse, items["beras"], 50, batch_code="EXPIRED", expiry=today - timedelta(days=1))
    receive(province_warehouse, items["selimut"], 80)
    return province_warehouse


def _submit(user, disaster, destination, items, **quantities):
    request, _created = request_submit(
        user=user,
        disaster=disaster,
        destination=destination,
        lines=[{"item": items[code], "quantity": Decimal(q)} for code, q in quantities.items()],
    )
    return request


def test_fefo_picks_the_batch_that_expires_first_and_never_an_expired_one(
    staf, petugas_lebak, disaster, gudang_lebak, stocked, items
):
    request = _submit(petugas_lebak, disaster, gudang_lebak, items, beras=60)
    request_decide(user=staf, request=request, approved={request.lines.get().pk: Decimal(60)})
    picks, shortfall = fefo_picks(request=request, source=stocked)
    assert [(pick.batch.code, pick.quantity) for pick in picks] == [("SOON", 30), ("LATE", 30)]
    assert shortfall == {}


def test_request_approve_dispatch_receive_moves_stock_through_transit(
    staf, petugas_lebak, disaster, gudang_lebak, stocked, items
):
    request = _submit(petugas_lebak, disaster, gudang_lebak, items, beras=60, selimut=20)
    assert request.status == RequestStatus.SUBMITTED
    assert Alert.objects.filter(kind=AlertKind.LOGISTICS_REQUEST, payload__request_id=request.pk).exists()
    lines = {line.item.code: line for line in request.lines.select_related("item")}
    request, _ = request_decide(
        user=staf, request=request, approved={lines["beras"].pk: Decimal(60), lines["selimut"].pk: Decimal(20)}
    )
    assert request.status == RequestStatus.APPROVED
    dispatch, _ = dispatch_create(user=staf, request=request, source=stocked)
    request.refresh_from_db()
    assert request.status == RequestStatus.DISPATCHED
    transit = StockBalance.objects.filter(location__kind=LocationKind.TRANSIT)
    assert sum(balance.quantity for balance in transit) == 80
    selimut_line = dispatch.lines.get(item=items["selimut"])
    received, _ = dispatch_receive(
        user=petugas_lebak,
        dispatch=dispatch,
        lines={selimut_line.pk: {"received": Decimal(17), "damaged": Decimal(2)}},
        note="2 basah, 1 tidak ada",
    )
    assert received.status == DispatchStatus.DISCREPANCY
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED
    assert sum(balance.quantity for balance in transit.all()) == 0
    on_hand = {
        (b.item.code, b.batch.code): b.quantity
        for b in StockBalance.objects.filter(location=gudang_lebak).select_related("item", "batch")
    }
    assert on_hand == {("beras", "SOON"): 30, ("beras", "LATE"): 30, ("selimut", "UMUM"): 17}
    losses = StockMove.objects.filter(dispatch=dispatch, destination__kind=LocationKind.WRITE_OFF)
    assert sorted(move.quantity for move in losses) == [1, 2]
    assert Alert.objects.filter(payload__dispatch_id=dispatch.pk, payload__status="selisih").exists()
    assert list(request.events.values_list("status", flat=True)) == [
        RequestStatus.SUBMITTED,
        RequestStatus.APPROVED,
        RequestStatus.DISPATCHED,
        RequestStatus.RECEIVED,
    ]
    assert balances_verify() == []


def test_partial_approval_needs_a_reason_and_refusal_is_recorded(staf, petugas_lebak, disaster, gudang_lebak, items):
    request = _submit(petugas_lebak, disaster, gudang_lebak, items, selimut=100)
    line = request.lines.get()
    with pytest.raises(ValidationError) as error:
        request_decide(user=staf, request=request, approved={line.pk: Decimal(40)})
    assert "reason" in error.value.message_dict
    decided, _ = request_decide(user=staf, request=request, approved={line.pk: Decimal(40)}, reason="Stok terbatas")
    assert decided.status == RequestStatus.PARTIAL
    other = _submit(petugas_lebak, disaster, gudang_lebak, items, tikar=10)
    refused, _ = request_decide(user=staf, request=other, approved={other.lines.get().pk: 0}, reason="Sudah dipenuhi")
    assert refused.status == RequestStatus.REFUSED
    with pytest.raises(ValidationError):
        request_decide(user=staf, request=refused, approved={}, reason="lagi")


def test_officer_cannot_decide_or_dispatch(petugas_lebak, disaster, gudang_lebak, stocked, items):
    from django.core.exceptions import PermissionDenied

    request = _submit(petugas_lebak, disaster, gudang_lebak, items, selimut=10)
    with pytest.raises(PermissionDenied):
        request_decide(user=petugas_lebak, request=request, approved={})
    with pytest.raises(PermissionDenied):
        dispatch_create(user=petugas_lebak, request=request, source=stocked)


def test_officer_cannot_request_for_another_kabkota(petugas_lebak, disaster, gudang_kota_serang, items):
    with pytest.raises(ValidationError) as error:
        _submit(petugas_lebak, disaster, gudang_kota_serang, items, selimut=10)
    assert "destination" in error.value.message_dict


def test_received_more_than_sent_is_refused(staf, petugas_lebak, disaster, gudang_lebak, stocked, items):
    request = _submit(petugas_lebak, disaster, gudang_lebak, items, selimut=10)
    request_decide(user=staf, request=request, approved={request.lines.get().pk: Decimal(10)})
    dispatch, _ = dispatch_create(user=staf, request=request, source=stocked)
    line = dispatch.lines.get()
    with pytest.raises(ValidationError) as error:
        dispatch_receive(user=petugas_lebak, dispatch=dispatch, lines={line.pk: {"received": Decimal(11)}})
    assert "received" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        dispatch_receive(user=petugas_lebak, dispatch=dispatch, lines={line.pk: {"received": Decimal(9)}})
    assert "note" in error.value.message_dict
    assert not StockMove.objects.filter(kind=MoveKind.DELIVERY).exists()
