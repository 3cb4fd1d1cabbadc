"""Property: after any sequence of receipts, transfers, issues, write-offs, counts and reversals, every balance
equals the sum of the ledger, none is negative, and a refused move changes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logistics.models import MoveKind, StockBalance, StockMove
from logistics.services import balances_verify, batch_for, move_post, move_reverse, stock_count_record

pytestmark = pytest.mark.django_db

steps = st.lists(
    st.tuples(
        st.sampled_from(["receipt", "transfer", "issue", "write_off", "count", "reverse"]),
        st.integers(min_value=0, max_value=2),  # which warehouse
        st.integers(min_value=0, max_value=1),  # which item
        st.integers(min_value=1, max_value=40),  # quantity
    ),
    min_size=5,
    max_size=30,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=steps)
def test_balances_equal_the_ledger_after_any_sequence(
    sequence, staf, supplier, province_warehouse, gudang_lebak, gudang_kota_serang, desa_lebak, items
):
    warehouses = [province_warehouse, gudang_lebak, gudang_kota_serang]
    goods = [items["selimut"], items["air-mineral"]]
    batches = [batch_for(item=goods[0]), batch_for(item=goods[1], code="AIR-P", expiry_date=date(2031, 1, 1))]
    for kind, where, which, quantity in sequence:
        place, item, batch = warehouses[where], goods[which], batches[which]
        other = warehouses[(where + 1) % 3]
        before = list(StockBalance.objects.order_by("pk").values_list("pk", "quantity"))
        moves_before = StockMove.objects.count()
        try:
            if kind == "receipt":
                move_post(
                    user=staf,
                    kind=MoveKind.RECEIPT,
                    item=item,
                    batch=batch,
                    quantity=Decimal(quantity),
                    source=supplier,
                    destination=place,
                )
            elif kind == "transfer":
                move_post(
                    user=staf,
                    kind=MoveKind.TRANSFER,
                    item=item,
                    batch=batch,
                    quantity=Decimal(quantity),
                    source=place,
                    destination=other,
                )
            elif kind == "issue":
                move_post(
                    user=staf,
                    kind=MoveKind.ISSUE,
                    item=item,
                    batch=batch,
                    quantity=Decimal(quantity),
                    source=place,
                    destination=desa_lebak,
                )
            elif kind == "write_off":
                move_post(
                    user=staf,
                    kind=MoveKind.WRITE_OFF,
                    item=item,
                    batch=batch,
                    quantity=Decimal(quantity),
                    source=place,
                    reason="rusak",
                )
            elif kind == "count":
                stock_count_record(
                    user=staf, location=place, item=item, batch=batch, counted=Decimal(quantity), reason="stok opname"
                )
            else:
                last = (
                    StockMove.objects.filter(reverses__isnull=True, reversed_by__isnull=True)
                    .exclude(kind=MoveKind.REVERSAL)
                    .order_by("-pk")
                    .first()
                )
                if last is not None:
                    move_reverse(user=staf, move=last, reason="koreksi")
        except ValidationError:
            # A refused move writes nothing.
            assert list(StockBalance.objects.order_by("pk").values_list("pk", "quantity")) == before
            assert StockMove.objects.count() == moves_before
        assert not StockBalance.objects.filter(quantity__lt=0).exists()
    assert balances_verify() == []
