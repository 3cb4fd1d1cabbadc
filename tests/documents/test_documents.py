"""Every document the portal produces, rendered from the one register (``core.documents``): PDFs are filed on the
office's paper and laid out without blank or stranded pages; workbooks hold real dates and formatted numbers."""

import ast
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from pypdf import PdfReader

from banten_dinsos.core import pdf as core_pdf
from banten_dinsos.core.documents import documents

from .checks import assert_pdf_laid_out, assert_workbook_cells
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
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", PDFS)
def test_pdf_is_on_dinsos_paper_and_laid_out_without_blank_pages_or_stranded_headings(name, size):
    assert_pdf_laid_out(f"{name} (size {size})", render(name, size), signed=DOCUMENTS[name].signed)


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
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", XLSXS)
def test_workbook_holds_real_dates_and_formatted_numbers(name, size):
    typed_text = DOCUMENTS[name].typed_text
    checked = assert_workbook_cells(f"{name} (size {size})", render(name, size), typed_text=typed_text)
    assert checked or typed_text or size == 0
