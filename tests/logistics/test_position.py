"""Stock position and days of cover (worked by hand), distribution totals and the HXL export against the ledger."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from logistics.hxl import distribution_hxl_csv
from logistics.models import LocationKind, MoveKind, RationRule, StockMove
from logistics.selectors import distribution_rows, stock_position
from logistics.services import location_for_shelter, move_post, move_reverse
from shelters.models import ShelterStatus
from tests.factories import ShelterFactory

pytestmark = pytest.mark.django_db


def test_days_of_cover_worked_example(staf, petugas_lebak, gudang_lebak, items, receive):
    """Lebak holds 1,200 kg of beras. Open shelters in Lebak hold 300 + 200 people (a closed one with 1,000 and an
    open one in Kota Serang with 900 do not count). At 0.4 kg per person per day: 1,200 / (500 x 0.4) = 6.0 days.
    Air mineral: 2,600 litres / (500 x 2.5 litres) = 2.08, shown as 2.1 days: not below its alert level of 2 days,
    but below 3 once the level is raised. Selimut has no ration rule, so no days of cover."""
    ShelterFactory(desa_code="36.02.14.1007", status=ShelterStatus.OPEN, current_total=300)
    ShelterFactory(desa_code="36.02.14.1007", status=ShelterStatus.OPEN, current_total=200)
    ShelterFactory(desa_code="36.02.14.1007", status=ShelterStatus.CLOSED, current_total=1000)
    ShelterFactory(desa_code="36.73.02.1001", status=ShelterStatus.OPEN, current_total=900)
    assert RationRule.objects.get(item=items["beras"]).per_person_per_day == Decimal("0.4")
    receive(gudang_lebak, items["beras"], 1000, batch_code="A", expiry=date(2031, 1, 1))
    receive(gudang_lebak, items["beras"], 200, batch_code="B", expiry=date(2031, 6, 1))
    receive(gudang_lebak, items["air-mineral"], 2600, batch_code="W", expiry=date(2031, 1, 1))
    receive(gudang_lebak, items["selimut"], 50)

    for user in (staf, petugas_lebak):
        position = stock_position(user=user, location=gudang_lebak)
        rows = {row.item.code: row for row in position["rows"]}
        assert position["people"] == 500
        assert rows["beras"].on_hand == 1200
        assert rows["beras"].days_of_cover == Decimal("6.0")
        assert rows["air-mineral"].days_of_cover == Decimal("2.1")
        assert not rows["air-mineral"].is_low
        assert rows["selimut"].days_of_cover is None

    RationRule.objects.filter(item=items["air-mineral"]).update(alert_below_days=3)
    rows = {row.item.code: row for row in stock_position(user=staf, location=gudang_lebak)["rows"]}
    assert rows["air-mineral"].is_low


def test_province_wide_position_counts_every_open_shelter(staf, province_warehouse, gudang_lebak, items, receive):
    ShelterFactory(desa_code="36.02.14.1007", status=ShelterStatus.OPEN, current_total=300)
    ShelterFactory(desa_code="36.73.02.1001", status=ShelterStatus.OPEN, current_total=700)
    receive(province_warehouse, items["beras"], 3000, batch_code="P", expiry=date(2031, 1, 1))
    receive(gudang_lebak, items["beras"], 1000, batch_code="L", expiry=date(2031, 1, 1))
    position = stock_position(user=staf)
    row = {row.item.code: row for row in position["rows"]}["beras"]
    # 4,000 kg / (1,000 people x 0.4 kg) = 10 days.
    assert (position["people"], row.on_hand, row.days_of_cover) == (1000, 4000, Decimal("10.0"))


def test_hxl_column_sums_equal_the_ledger(staf, gudang_lebak, desa_lebak, items, receive, disaster, shelter_lebak):
    posko = location_for_shelter(shelter=shelter_lebak)
    receive(gudang_lebak, items["selimut"], 100)
    receive(gudang_lebak, items["air-mineral"], 500, batch_code="W", expiry=date(2031, 1, 1))
    issued = []
    for destination, item, quantity in [
        (desa_lebak, "selimut", 30),
        (posko, "selimut", 25),
        (posko, "air-mineral", "120.5"),
        (desa_lebak, "air-mineral", 80),
    ]:
        move, _ = move_post(
            user=staf,
            kind=MoveKind.ISSUE,
            item=items[item],
            batch=None if item == "selimut" else StockMove.objects.filter(item=items[item]).first().batch,
            quantity=Decimal(quantity),
            source=gudang_lebak,
            destination=destination,
            disaster=disaster,
        )
        issued.append(move)
    move_post(
        user=staf,
        kind=MoveKind.RETURN,
        item=items["selimut"],
        quantity=Decimal(5),
        source=posko,
        destination=gudang_lebak,
    )
    move_reverse(user=staf, move=issued[3], reason="Tercatat ganda")

    text = distribution_hxl_csv(rows=distribution_rows(user=staf))
    reader = list(csv.reader(io.StringIO(text)))
    header, tags, body = reader[0], reader[1], reader[2:]
    assert {"#org+name", "#adm2+code", "#item+name", "#output+num", "#date"} <= set(tags)
    column = {tag: index for index, tag in enumerate(tags)}
    sums: dict[str, Decimal] = {}
    for row in body:
        sums[row[column["#item+name"]]] = sums.get(row[column["#item+name"]], Decimal(0)) + Decimal(
            row[column["#output+num"]]
        )
    # The ledger's own net flow into places where relief is handed out, computed independently.
    ledger: dict[str, Decimal] = {}
    for move in StockMove.objects.select_related("item", "source", "destination"):
        into = move.destination.kind in (LocationKind.POSKO, LocationKind.DESA)
        out = move.source.kind in (LocationKind.POSKO, LocationKind.DESA)
        if into or out:
            ledger[move.item.name] = ledger.get(move.item.name, Decimal(0)) + (
                move.quantity if into else -move.quantity
            )
    assert sums == ledger == {"Selimut": Decimal(50), "Air mineral": Decimal("120.5")}
    assert all(row[column["#adm2+code"]] == "36.02" for row in body)
    assert header[0] == "Organisasi"
