"""The layout checks every document passes, whether drawn from samples (``test_documents``) or from the demo's
records through the code the pages use (``test_real_documents``): PDFs are on the office's paper, with the printed-on
line, no page of the story under a quarter full except the last and no heading left at the foot of a page; workbooks
hold dates as date cells and figures as number cells with a thousands format."""

import io
import re
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook
from pypdf import PdfReader

from banten_dinsos.core import pdf as core_pdf

PRINTED_ON = re.compile(r"Dicetak pada \d{1,2} \w+ \d{4} pukul \d{2}\.\d{2} WIB")


def page_lines(page) -> list[tuple[float, str, str, float]]:
    """(y, text, font, size) of every piece of text on the page, in PDF points from the bottom."""
    pieces = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            base = str((font or {}).get("/BaseFont", ""))
            pieces.append((y, text.strip(), base, size * (tm[3] or 1)))

    page.extract_text(visitor_text=visit)
    return pieces


def body_area(page) -> tuple[float, float, float]:
    """Bottom and top of the frame the story flows in on this page, and its height."""
    height = float(page.mediabox.height)
    bottom = core_pdf.FOOTER_HEIGHT + 3 * core_pdf.mm
    return bottom, height, height - core_pdf.TOP_MARGIN - core_pdf.RUNNING_HEADER_HEIGHT - bottom


def is_heading(font: str, size: float) -> bool:
    return "Bold" in font and size >= 10


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def assert_pdf_laid_out(label: str, data: bytes, *, signed: bool = False) -> int:
    """Letterhead, printed-on line and page numbers; every page but the last at least a quarter full and not
    ending on a heading. Answers the number of pages."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "PEMERINTAH PROVINSI BANTEN" in text and "DINAS SOSIAL" in text, f"{label}: no letterhead"
    assert PRINTED_ON.search(text), f"{label}: no 'Dicetak pada … WIB' line"
    assert f"Halaman 1 dari {len(reader.pages)}" in text, f"{label}: no page numbers"
    if signed:
        assert "(" + "." * 40 + ")" in text or "Serang," in text, f"{label}: no signature block"
    for number, page in enumerate(reader.pages, start=1):
        bottom, height, frame = body_area(page)
        body = [piece for piece in page_lines(page) if bottom < piece[0] < height - core_pdf.TOP_MARGIN - 8]
        assert body, f"{label} page {number} is empty"
        lowest = min(body, key=lambda piece: piece[0])
        if number < len(reader.pages):
            filled = (height - core_pdf.TOP_MARGIN - core_pdf.RUNNING_HEADER_HEIGHT - lowest[0]) / frame
            assert filled >= 0.25, f"{label} page {number} of {len(reader.pages)} is only {filled:.0%} filled"
            assert not is_heading(lowest[2], lowest[3]), f"{label} page {number} ends with the heading {lowest[1]!r}"
    return len(reader.pages)


# A date written out as text; a day is 1-31 and a month 1-12, so a Kemendagri region code ("36.03.13") is no date.
DAY, MONTH = r"(0?[1-9]|[12]\d|3[01])", r"(0?[1-9]|1[0-2])"
DATE_TEXT = re.compile(
    rf"{DAY}[-/.]{MONTH}[-/.]\d{{2,4}}( \d{{1,2}}[:.]\d{{2}})?( WIB)?|"
    r"\d{4}-\d{2}(-\d{2})?([ T]\d{2}:\d{2}.*)?|"
    r"\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4}.*"
)
# A figure written out as text ("1.502", "12.345,5"); bare digit strings are codes and numbers of records.
NUMBER_TEXT = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?")


def assert_workbook_cells(label: str, data: bytes, *, typed_text: bool = False) -> int:
    """Dates are date cells with a day-month-year format, figures number cells with a thousands format, and
    neither is written out as text (except in an input template's example row). Answers the cells checked."""
    workbook = load_workbook(io.BytesIO(data))
    checked = 0
    for sheet in workbook.worksheets:
        assert 0 < len(sheet.title) <= 31
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if value is None or isinstance(value, bool):
                    continue
                where = f"{label} {sheet.title}!{cell.coordinate} = {value!r}"
                if isinstance(value, datetime | date):
                    assert "y" in cell.number_format and "m" in cell.number_format, where
                    checked += 1
                elif isinstance(value, int | float | Decimal):
                    assert "#,##0" in cell.number_format, where
                    checked += 1
                elif isinstance(value, str) and not typed_text:
                    assert not DATE_TEXT.fullmatch(value), f"date stored as text: {where}"
                    assert not NUMBER_TEXT.fullmatch(value), f"number stored as text: {where}"
    return checked
