"""Safe exports: formula-like text is neutralised in every CSV and XLSX, real numbers stay numeric."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from banten_dinsos.core.exports import csv_bytes, csv_safe, is_formula_like, xlsx_bytes, xlsx_row

PAYLOADS = [
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_like_text_gets_an_apostrophe_in_csv(payload):
    assert csv_safe(payload) == "'" + payload


@pytest.mark.parametrize("value", [-5, 3.25, Decimal("-1250000.50"), "-12,5", "+6281211112222", "Siti", "", None])
def test_numbers_and_plain_text_are_left_alone(value):
    assert not is_formula_like(value)
    assert csv_safe(value) == value


def test_a_csv_written_through_the_helper_has_no_cell_a_spreadsheet_would_evaluate():
    content = csv_bytes([["name", "amount"], *[[payload, -3] for payload in PAYLOADS]], bom=False)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    assert [row[0] for row in rows[1:]] == ["'" + payload for payload in PAYLOADS]
    assert {row[1] for row in rows[1:]} == {"-3"}


def test_xlsx_cells_with_formulas_are_saved_as_quoted_text_in_normal_and_write_only_workbooks():
    normal = Workbook()
    for payload in PAYLOADS:
        normal.active.append([payload, -7, Decimal("-1.5")])
    streamed = Workbook(write_only=True)
    sheet = streamed.create_sheet("x")
    for payload in PAYLOADS:
        sheet.append(xlsx_row(sheet, [payload, -7, Decimal("-1.5")]))
    for content in (xlsx_bytes(normal), xlsx_bytes(streamed)):
        assert_opens_as_text(content, PAYLOADS)
        rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
        assert {row[1] for row in rows} == {-7} and {row[2] for row in rows} == {-1.5}


def assert_opens_as_text(content: bytes, payloads) -> None:
    """No formula anywhere in the workbook, and each payload is there as text with Excel's quote prefix."""
    workbook = load_workbook(io.BytesIO(content))
    found = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if cell.value in payloads:
                    assert cell.data_type == "s" and cell.quotePrefix
                    found.add(cell.value)
    assert found == set(payloads), f"missing: {set(payloads) - found}"
