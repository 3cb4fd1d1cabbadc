"""The logistics stock card XLSX and distribution HXL CSV with formula-like names: cells open as text."""

import csv
import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from logistics.hxl import distribution_hxl_csv
from logistics.xlsx import stock_card_xlsx
from tests.security.test_exports import assert_opens_as_text

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://evil.example","gudang")'
REASON = "@SUM(1+1)*cmd|' /C calc'!A0"


def test_stock_card_xlsx_neutralises_names_and_reasons():
    move = SimpleNamespace(
        posted_at=timezone.now(),
        pk=1,
        get_kind_display=lambda: "Masuk",
        batch=SimpleNamespace(code="B-1", expiry_date=datetime.date(2027, 1, 1)),
        reason=REASON,
        posted_by=None,
    )
    rows = [{"move": move, "other": SimpleNamespace(name=PAYLOAD), "in": Decimal("5"), "out": 0, "balance": -1}]
    content = stock_card_xlsx(
        location=SimpleNamespace(name=PAYLOAD), item=SimpleNamespace(name="Beras", unit="kg"), rows=rows
    )
    assert_opens_as_text(content, {PAYLOAD, REASON})


def test_distribution_hxl_csv_neutralises_place_names(reference_data):
    row = {
        "quantity": Decimal("-2"),
        "org_kabkota": "36.02",
        "kabkota": "36.02",
        "desa": "",
        "desa_name": "",
        "place_name": PAYLOAD,
        "disaster": "Banjir",
        "item": "+cmd|' /C calc'!A0",
        "item_code": "BRS",
        "unit": "kg",
        "date": datetime.date(2026, 1, 18),
    }
    cells = [cell for line in csv.reader(io.StringIO(distribution_hxl_csv(rows=[row]))) for cell in line]
    assert "'" + PAYLOAD in cells and "'+cmd|' /C calc'!A0" in cells
    assert "-2" in cells  # a negative quantity stays a number
