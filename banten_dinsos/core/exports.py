"""Every CSV and XLSX the portal writes goes through here, so a cell typed by a user never runs as a formula.

OWASP's CSV-injection guidance: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read by Excel and LibreOffice as a formula (``=HYPERLINK(...)``, DDE calls). In CSV such a cell is prefixed with an
apostrophe; in XLSX it is stored as a string with Excel's "quote prefix", which shows the text as typed and keeps it
text when the cell is edited. Real numbers (int, float, Decimal, and strings that are nothing but a number, such as
"-12,5" or a "+62..." phone number) stay as they are, so negative figures remain numeric.
"""

import csv
import io
import re

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
    """Values for ``sheet.append`` on a write-only sheet, with formula-like text wrapped as a text cell."""
    from openpyxl.cell import WriteOnlyCell

    row = []
    for value in values:
        if is_formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            _as_text(cell)
            row.append(cell)
        else:
            row.append(value)
    return row


def xlsx_bytes(workbook) -> bytes:
    """Save a workbook to bytes; a normal workbook is neutralised cell by cell first."""
    if not getattr(workbook, "write_only", False):
        xlsx_neutralise(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
