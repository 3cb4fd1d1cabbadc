"""Every CSV and XLSX the portal writes goes through here, so a cell typed by a user never runs as a formula.

OWASP's CSV-injection guidance: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read by Excel and LibreOffice as a formula (``=HYPERLINK(...)``, DDE calls). In CSV such a cell is prefixed with an
apostrophe; in XLSX it is stored as a string with Excel's "quote prefix", which shows the text as typed and keeps it
text when the cell is edited. Real numbers (int, float, Decimal, and strings that are nothing but a number, such as
"-12,5" or a "+62..." phone number) stay as they are, so negative figures remain numeric.

Workbooks also get the house style here (``xlsx_finish``, run by ``xlsx_bytes``): a date or a moment is a real date
cell shown as "3 Desember 2026" / "3 Desember 2026 11.00" (Excel's Indonesian locale code, whatever the reader's
Windows language), a moment is written in WIB, every number is a number cell with a thousands format, and sheet
names are cut at a word boundary (``xlsx_sheet_title``) instead of in the middle of a word.
"""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d.,]*(?:[eE][+-]?\d+)?")


def is_formula_like(value) -> bool:
    """True for text a spreadsheet would evaluate; numbers and number-only text are not."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(value)


def csv_safe(value):
    """One CSV cell: formula-like text gets a leading apostrophe; everything else is returned unchanged."""
    if is_formula_like(value):
        return "'" + value
    return value


def csv_safe_row(row) -> list:
    return [csv_safe(value) for value in row]


class SafeCsvWriter:
    """``csv.writer`` with every cell neutralised; same ``writerow``/``writerows`` interface."""

    def __init__(self, stream, *args, **kwargs):
        self._writer = csv.writer(stream, *args, **kwargs)

    @property
    def dialect(self):
        return self._writer.dialect

    def writerow(self, row):
        return self._writer.writerow(csv_safe_row(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, *args, **kwargs) -> SafeCsvWriter:
    """The one way to write CSV in the portal (the arguments of ``csv.writer``)."""
    return SafeCsvWriter(stream, *args, **kwargs)


def csv_bytes(rows, *, bom: bool = True, **kwargs) -> bytes:
    """A whole CSV in memory, UTF-8 with a BOM by default so Excel in Indonesia reads the characters right."""
    buffer = io.StringIO()
    csv_writer(buffer, **kwargs).writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


# ---------------------------------------------------------------------------------------------------------------
# XLSX (openpyxl)
# ---------------------------------------------------------------------------------------------------------------
def _as_text(cell) -> None:
    cell.data_type = "s"
    cell.quotePrefix = True


# [$-421] is Excel's locale code for Indonesian: month names print as "Desember" in any Excel or LibreOffice.
DATE_FORMAT = "[$-421]d mmmm yyyy"
DATETIME_FORMAT = "[$-421]d mmmm yyyy hh.mm"
MONTH_FORMAT = "[$-421]mmmm yyyy"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
SHEET_TITLE_LENGTH = 31
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def xlsx_value_format(value) -> tuple[object, str | None]:
    """The value as a cell should hold it and the number format it takes: moments in WIB without a zone (Excel has
    none), dates and numbers with the house formats; anything else unchanged and without a format."""
    if isinstance(value, bool):
        return value, None
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value, DATETIME_FORMAT
    if isinstance(value, date):
        return value, DATE_FORMAT
    if isinstance(value, int):
        return value, INTEGER_FORMAT
    if isinstance(value, float | Decimal):
        whole = value == int(value) if value == value and abs(value) != float("inf") else False
        return value, INTEGER_FORMAT if whole else DECIMAL_FORMAT
    return value, None


def _cut_at_word(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0]
    # One very long word (a code) is cut where it must be.
    return (cut if len(cut) >= limit // 3 else text[:limit]).rstrip(" -,")


def xlsx_sheet_title(title: str, used: set[str] | None = None) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\) cut after a whole word, and unique among
    ``used`` (which it joins): "Kebutuhan belum selesai" rather than "…belum selesa"."""
    title = " ".join(_SHEET_TITLE_FORBIDDEN.sub(" ", str(title)).split()) or "-"
    used = used if used is not None else set()
    candidate, number = _cut_at_word(title, SHEET_TITLE_LENGTH), 2
    while candidate.lower() in {name.lower() for name in used}:
        suffix = f" ({number})"
        candidate = _cut_at_word(title, SHEET_TITLE_LENGTH - len(suffix)) + suffix
        number += 1
    used.add(candidate)
    return candidate


def xlsx_sheet(workbook, title: str, header: list | None = None, *, first: bool = False):
    """A new sheet (or the workbook's first, with ``first``) named by ``xlsx_sheet_title``, with a bold header row
    frozen at the top."""
    from openpyxl.styles import Font

    used = {sheet.title for sheet in workbook.worksheets}
    if first:
        sheet = workbook.active
        used.discard(sheet.title)
        sheet.title = xlsx_sheet_title(title, used)
    else:
        sheet = workbook.create_sheet(title=xlsx_sheet_title(title, used))
    if header:
        sheet.append([str(label) for label in header])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = f"A{sheet.max_row + 1}"  # a string: touching the cell would add an empty row
    return sheet


def xlsx_write_row(sheet, values, *, bold: bool = False) -> None:
    """Append one row to a normal sheet (formats follow in ``xlsx_finish``); ``bold`` for totals."""
    from openpyxl.styles import Font

    sheet.append(list(values))
    if bold:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)


def xlsx_format_cells(workbook) -> None:
    """Give every date and number cell of a normal workbook its house format, where none was chosen."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None or cell.data_type == "s":
                    continue
                value, number_format = xlsx_value_format(cell.value)
                if number_format is None:
                    continue
                if value is not cell.value:
                    cell.value = value
                if cell.number_format == "General" or (
                    number_format in (DATE_FORMAT, DATETIME_FORMAT) and "y" not in cell.number_format.lower()
                ):
                    cell.number_format = number_format


def xlsx_finish(workbook) -> None:
    """The last step before saving a normal workbook: house formats, then formula-like text neutralised."""
    xlsx_format_cells(workbook)
    xlsx_neutralise(workbook)


def xlsx_neutralise_cell(cell) -> None:
    """Make one openpyxl cell plain text if its value is formula-like (openpyxl turns "=..." into a formula)."""
    if is_formula_like(cell.value):
        _as_text(cell)


def xlsx_neutralise(workbook) -> None:
    """Every cell of every sheet of a (normal, not write-only) workbook."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type in ("f", "s") and is_formula_like(cell.value):
                    _as_text(cell)


def xlsx_row(sheet, values) -> list:
    """Values for ``sheet.append`` on a write-only sheet: formula-like text wrapped as a text cell, dates and
    numbers as cells with the house formats."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell

    row = []
    for value in values:
        if isinstance(value, Cell):
            row.append(value)
        elif is_formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            _as_text(cell)
            row.append(cell)
        else:
            value, number_format = xlsx_value_format(value)
            if number_format is None:
                row.append(value)
            else:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = number_format
                row.append(cell)
    return row


def xlsx_bytes(workbook) -> bytes:
    """Save a workbook to bytes; a normal workbook gets its formats and is neutralised cell by cell first."""
    if not getattr(workbook, "write_only", False):
        xlsx_finish(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
