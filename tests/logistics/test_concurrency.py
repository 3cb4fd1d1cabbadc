"""Concurrent issues against real PostgreSQL: row locks make the last units go to exactly as many callers as there
are units, and nobody drives the stock negative."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from logistics.models import MoveKind, StockBalance, StockMove
from logistics.services import balances_verify, move_post

THREADS = 20
ON_HAND = 7


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_issues_of_the_last_units_never_oversell(staf, gudang_lebak, desa_lebak, items, receive):
    receive(gudang_lebak, items["makanan-siap-saji"], ON_HAND, batch_code="MSS-LAST", expiry=date(2030, 1, 1))
    balance = StockBalance.objects.get(location=gudang_lebak, item=items["makanan-siap-saji"])
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def issue_one():
        try:
            barrier.wait(timeout=30)
            move_post(
                user=staf,
                kind=MoveKind.ISSUE,
                item=items["makanan-siap-saji"],
                quantity=Decimal(1),
                source=gudang_lebak,
                destination=desa_lebak,
                batch=balance.batch,
            )
            result = "issued"
        except ValidationError as error:
            result = "refused" if "quantity" in error.message_dict else f"other: {error}"
        except Exception as error:  # noqa: BLE001 - any other failure must show in the assertion below
            result = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=issue_one) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(set(outcomes)) == ["issued", "refused"], outcomes
    assert outcomes.count("issued") == ON_HAND
    assert outcomes.count("refused") == THREADS - ON_HAND
    balance.refresh_from_db()
    assert balance.quantity == 0
    assert StockMove.objects.filter(kind=MoveKind.ISSUE).count() == ON_HAND
    assert not StockBalance.objects.filter(quantity__lt=0).exists()
    assert balances_verify() == []
