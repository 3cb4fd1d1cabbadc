"""The ledger: balances kept in the same transaction as the moves, never negative, append-only, reversible."""

import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.utils import DatabaseError

from banten_dinsos.core.exceptions import ApplicationError
from logistics.models import LocationKind, MoveKind, PostingKey, StockBalance, StockMove
from logistics.services import balances_rebuild, balances_verify, move_post, move_reverse, stock_count_record

pytestmark = pytest.mark.django_db


def _on_hand(location, item):
    return sum(StockBalance.objects.filter(location=location, item=item).values_list("quantity", flat=True), Decimal(0))


def test_receipt_creates_balance_in_the_same_transaction(staf, gudang_lebak, items, receive):
    receive(gudang_lebak, items["selimut"], 40)
    assert _on_hand(gudang_lebak, items["selimut"]) == 40
    assert balances_verify() == []


def test_issuing_more_than_on_hand_is_refused_and_nothing_written(staf, gudang_lebak, desa_lebak, items, receive):
    receive(gudang_lebak, items["selimut"], 5)
    moves_before = StockMove.objects.count()
    with pytest.raises(ValidationError) as error:
        move_post(
            user=staf,
            kind=MoveKind.ISSUE,
            item=items["selimut"],
            quantity=Decimal(6),
            source=gudang_lebak,
            destination=desa_lebak,
        )
    message = " ".join(error.value.message_dict["quantity"])
    assert "Hanya 5 lembar Selimut" in message or "Only 5 lembar of Selimut" in message
    assert StockMove.objects.count() == moves_before
    assert _on_hand(gudang_lebak, items["selimut"]) == 5


@pytest.mark.parametrize("quantity", [Decimal("-3"), Decimal("0"), Decimal("2.5")])
def test_negative_zero_or_fractional_whole_units_are_refused(staf, gudang_lebak, supplier, items, quantity):
    with pytest.raises(ValidationError) as error:
        move_post(
            user=staf,
            kind=MoveKind.RECEIPT,
            item=items["selimut"],
            quantity=quantity,
            source=supplier,
            destination=gudang_lebak,
        )
    assert "quantity" in error.value.message_dict
    assert not StockMove.objects.exists()


def test_fractional_quantity_of_a_divisible_item_is_accepted(staf, gudang_lebak, items, receive):
    receive(
        gudang_lebak, items["beras"], "12.5", batch_code="B1", expiry=None or __import__("datetime").date(2030, 1, 1)
    )
    assert _on_hand(gudang_lebak, items["beras"]) == Decimal("12.5")


def test_move_between_the_same_place_is_refused(staf, gudang_lebak, items, receive):
    receive(gudang_lebak, items["selimut"], 5)
    with pytest.raises(ValidationError) as error:
        move_post(
            user=staf,
            kind=MoveKind.TRANSFER,
            item=items["selimut"],
            quantity=Decimal(1),
            source=gudang_lebak,
            destination=gudang_lebak,
        )
    assert "destination" in error.value.message_dict
    assert StockMove.objects.count() == 1


def test_receipt_into_another_kabkota_warehouse_is_refused(petugas_lebak, gudang_kota_serang, supplier, items):
    with pytest.raises(ValidationError) as error:
        move_post(
            user=petugas_lebak,
            kind=MoveKind.RECEIPT,
            item=items["selimut"],
            quantity=Decimal(3),
            source=supplier,
            destination=gudang_kota_serang,
        )
    assert "destination" in error.value.message_dict
    assert not StockMove.objects.exists()


def test_same_idempotency_key_posts_once(staf, gudang_lebak, supplier, items):
    key = uuid.uuid4()
    arguments = {
        "user": staf,
        "kind": MoveKind.RECEIPT,
        "item": items["selimut"],
        "quantity": Decimal(3),
        "source": supplier,
        "destination": gudang_lebak,
        "idempotency_key": key,
    }
    first, created = move_post(**arguments)
    again, created_again = move_post(**arguments)
    assert created and not created_again and first.pk == again.pk
    assert StockMove.objects.count() == 1
    assert _on_hand(gudang_lebak, items["selimut"]) == 3


def test_same_idempotency_key_with_other_content_is_refused(staf, gudang_lebak, supplier, items):
    key = uuid.uuid4()
    base = {
        "user": staf,
        "kind": MoveKind.RECEIPT,
        "item": items["selimut"],
        "source": supplier,
        "destination": gudang_lebak,
    }
    move_post(quantity=Decimal(3), idempotency_key=key, **base)
    with pytest.raises(ApplicationError) as error:
        move_post(quantity=Decimal(4), idempotency_key=key, **base)
    assert "idempotency_key" in error.value.errors
    assert StockMove.objects.count() == 1
    assert PostingKey.objects.count() == 1


def test_a_posted_move_cannot_be_edited_or_deleted(staf, gudang_lebak, items, receive):
    move = receive(gudang_lebak, items["selimut"], 5)
    for action in (
        lambda: StockMove.objects.filter(pk=move.pk).update(quantity=Decimal(50)),
        lambda: StockMove.objects.filter(pk=move.pk).delete(),
    ):
        with pytest.raises(DatabaseError) as error, transaction.atomic():
            action()
        assert "tidak dapat diubah" in str(error.value)
    move.refresh_from_db()
    assert move.quantity == 5


def test_reversal_restores_the_balance(staf, gudang_lebak, desa_lebak, items, receive):
    receive(gudang_lebak, items["selimut"], 10)
    issue, _ = move_post(
        user=staf,
        kind=MoveKind.ISSUE,
        item=items["selimut"],
        quantity=Decimal(4),
        source=gudang_lebak,
        destination=desa_lebak,
    )
    assert _on_hand(gudang_lebak, items["selimut"]) == 6
    reversal, _ = move_reverse(user=staf, move=issue, reason="Salah desa tujuan")
    assert reversal.reverses_id == issue.pk
    assert (reversal.source_id, reversal.destination_id) == (desa_lebak.pk, gudang_lebak.pk)
    assert _on_hand(gudang_lebak, items["selimut"]) == 10
    with pytest.raises(ValidationError):
        move_reverse(user=staf, move=issue, reason="dua kali")
    with pytest.raises(ValidationError):
        move_reverse(user=staf, move=reversal, reason="balik lagi")
    assert balances_verify() == []


def test_reversal_needs_a_reason(staf, gudang_lebak, items, receive):
    move = receive(gudang_lebak, items["selimut"], 10)
    with pytest.raises(ValidationError) as error:
        move_reverse(user=staf, move=move, reason=" ")
    assert "reason" in error.value.message_dict


def test_stock_count_posts_the_difference_as_an_adjustment(staf, gudang_lebak, items, receive):
    receive(gudang_lebak, items["selimut"], 10)
    batch = StockBalance.objects.get(location=gudang_lebak, item=items["selimut"]).batch
    move, _ = stock_count_record(
        user=staf, location=gudang_lebak, item=items["selimut"], batch=batch, counted=Decimal(7), reason="Hilang"
    )
    assert move.kind == MoveKind.ADJUSTMENT and move.quantity == 3
    assert move.destination.kind == LocationKind.ADJUSTMENT
    assert _on_hand(gudang_lebak, items["selimut"]) == 7
    same, _ = stock_count_record(
        user=staf, location=gudang_lebak, item=items["selimut"], batch=batch, counted=Decimal(7), reason="Cek ulang"
    )
    assert same is None


def test_expiring_item_needs_batch_and_expiry(staf, gudang_lebak, supplier, items):
    with pytest.raises(ValidationError) as error:
        move_post(
            user=staf,
            kind=MoveKind.RECEIPT,
            item=items["beras"],
            quantity=Decimal(10),
            source=supplier,
            destination=gudang_lebak,
        )
    assert "batch" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        move_post(
            user=staf,
            kind=MoveKind.RECEIPT,
            item=items["beras"],
            quantity=Decimal(10),
            source=supplier,
            destination=gudang_lebak,
            batch_code="B-1",
        )
    assert "expiry_date" in error.value.message_dict


def test_database_refuses_a_negative_balance_even_past_the_service(gudang_lebak, items, receive):
    receive(gudang_lebak, items["selimut"], 2)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockBalance.objects.filter(location=gudang_lebak).update(quantity=Decimal(-1))


def test_verify_command_reports_drift_and_rebuild_fixes_it(gudang_lebak, items, receive, capsys):
    receive(gudang_lebak, items["selimut"], 9)
    call_command("logistics_verify_balances")
    StockBalance.objects.filter(location=gudang_lebak).update(quantity=Decimal(4))
    assert len(balances_verify()) == 1
    with pytest.raises(Exception, match="differ"):
        call_command("logistics_verify_balances")
    assert balances_rebuild() == 1
    assert _on_hand(gudang_lebak, items["selimut"]) == 9
    assert balances_verify() == []
