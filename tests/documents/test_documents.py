"""Every document the portal produces, rendered from the one register (``core.documents``): PDFs are filed on the
office's paper and laid out without blank or stranded pages; workbooks hold real dates and formatted numbers."""

import ast
import io
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from banten_dinsos.core import pdf as core_pdf
from banten_dinsos.core.documents import documents

from .samples import SAMPLES, SIZES

ROOT = Path(settings.BASE_DIR)
PACKAGES = [
    path
    for path in ROOT.iterdir()
    if (path / "__init__.py").exists() and path.name not in {"tests", "bench"} or path.name == "banten_dinsos"
]
DOCUMENTS = documents()
PDFS = sorted(name for name, doc in DOCUMENTS.items() if doc.format == "pdf")
XLSXS = sorted(name for name, doc in DOCUMENTS.items() if doc.format == "xlsx")


def _renderers_in_source() -> set[tuple[str, str]]:
    """(module path, function) of every function that draws a PDF on the foundation or builds a workbook."""
    found = set()
    for package in PACKAGES:
        for path in package.rglob("*.py"):
            if "migrations" in path.parts or path.name in {"pdf.py", "exports.py"} and path.parent.name == "core":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.FunctionDef):
                    continue
                for call in ast.walk(node):
                    name = getattr(getattr(call, "func", None), "id", None) or getattr(
                        getattr(call, "func", None), "attr", None
                    )
                    if isinstance(call, ast.Call) and name in {"render_pdf", "Workbook", "SimpleDocTemplate"}:
                        found.add((str(path.relative_to(ROOT)), node.name))
    return found


def test_every_function_that_draws_a_pdf_or_builds_a_workbook_is_registered():
    registered = {doc.renderer.__name__ for doc in DOCUMENTS.values()}
    unregistered = {(path, name) for path, name in _renderers_in_source() if name not in registered}
    assert not unregistered, f"add @document(...) to these renderers and a sample in tests/documents: {unregistered}"


def test_every_registered_document_has_a_sample():
    assert set(DOCUMENTS) == set(SAMPLES)


def render(name: str, size: int) -> bytes:
    args, kwargs = SAMPLES[name](size)
    with translation.override("id"):
        result = DOCUMENTS[name].renderer(*args, **kwargs)
    if isinstance(result, bytes):
        return result
    # A streamed export writes to a path and answers with its row count.
    return Path(kwargs["path"]).read_bytes()


# ---------------------------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------------------------
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


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", PDFS)
def test_pdf_is_on_dinsos_paper_and_laid_out_without_blank_pages_or_stranded_headings(name, size):
    reader = PdfReader(io.BytesIO(render(name, size)))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "PEMERINTAH PROVINSI BANTEN" in text and "DINAS SOSIAL" in text
    assert re.search(r"Dicetak pada \d{1,2} \w+ \d{4} pukul \d{2}\.\d{2} WIB", text)
    assert f"Halaman 1 dari {len(reader.pages)}" in text
    if DOCUMENTS[name].signed:
        assert "(" + "." * 40 + ")" in text or "Serang," in text
    for number, page in enumerate(reader.pages, start=1):
        bottom, height, frame = body_area(page)
        body = [piece for piece in page_lines(page) if bottom < piece[0] < height - core_pdf.TOP_MARGIN - 8]
        assert body, f"{name} page {number} is empty"
        lowest = min(body, key=lambda piece: piece[0])
        if number < len(reader.pages):
            filled = (height - core_pdf.TOP_MARGIN - core_pdf.RUNNING_HEADER_HEIGHT - lowest[0]) / frame
            assert filled >= 0.25, f"{name} (size {size}) page {number} is only {filled:.0%} filled"
            assert not is_heading(lowest[2], lowest[3]), f"{name} page {number} ends with the heading {lowest[1]!r}"


def test_the_situation_chart_starts_at_the_first_day_with_a_figure():
    """Days before any verified report have no figure: the chart starts after them instead of drawing zeros."""
    from banten_dinsos.reports.render import _chart_part
    from banten_dinsos.reports.situation import SituationData

    args, _kwargs = SAMPLES["situation-report-pdf"](1)
    data: SituationData = args[0]
    chart = _chart_part(data, core_pdf.pdf_styles())[0]._content[1]
    displaced = chart.contents[0].data[0]
    assert displaced[0] is not None and len(displaced) == len(data.timeline) - 3


def test_a_jitupasna_document_names_its_empty_sectors_instead_of_printing_their_tables():
    reader = PdfReader(io.BytesIO(render("jitupasna-pdf", 1)))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    assert "Infrastruktur, Ekonomi produktif, Sosial, Lintas sektor." in " ".join(text.split())
    assert len(reader.pages) <= 4


# ---------------------------------------------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------------------------------------------
DATE_TEXT = re.compile(
    r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}( \d{1,2}[:.]\d{2})?( WIB)?|\d{4}-\d{2}(-\d{2})?([ T]\d{2}:\d{2}.*)?|"
    r"\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4}.*"
)
# A figure written out as text ("1.502", "12.345,5"); bare digit strings are codes and numbers of records.
NUMBER_TEXT = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", XLSXS)
def test_workbook_holds_real_dates_and_formatted_numbers(name, size):
    workbook = load_workbook(io.BytesIO(render(name, size)))
    checked = 0
    for sheet in workbook.worksheets:
        assert 0 < len(sheet.title) <= 31
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if value is None or isinstance(value, bool):
                    continue
                where = f"{name} {sheet.title}!{cell.coordinate} = {value!r}"
                if isinstance(value, datetime | date):
                    assert "y" in cell.number_format and "m" in cell.number_format, where
                    checked += 1
                elif isinstance(value, int | float | Decimal):
                    assert "#,##0" in cell.number_format, where
                    checked += 1
                elif isinstance(value, str) and not DOCUMENTS[name].typed_text:
                    assert not DATE_TEXT.fullmatch(value), f"date stored as text: {where}"
                    assert not NUMBER_TEXT.fullmatch(value), f"number stored as text: {where}"
    assert checked or DOCUMENTS[name].typed_text or size == 0
