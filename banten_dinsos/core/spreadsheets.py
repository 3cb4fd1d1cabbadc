"""One reader for every uploaded CSV or XLSX: rows are streamed and bounded as they arrive.

A hostile workbook of a few kilobytes can claim ``<dimension ref="A1:XFD1048576"/>``; openpyxl pads every row it
yields to that claim, so a 1.6 KB file grew a web worker to a gigabyte. Here the claim is ignored (each row is only
as wide as its own last cell), rows, columns and cell sizes are counted while the rows arrive, and the zip members
are checked for compression-bomb ratios before the workbook is opened at all.
"""

import csv
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext as _

# Members of an XLSX that openpyxl reads whole into memory (the rest, the sheets themselves, are streamed).
_LOADED_WHOLE = re.compile(r"^xl/(sharedStrings|styles|workbook)\.xml$|^\[Content_Types\]\.xml$|\.rels$")


class SpreadsheetError(Exception):
    """The file as a whole cannot be read or breaks a limit; the message is shown to the user as it is."""


@dataclass(frozen=True)
class SheetLimits:
    """What one import accepts. ``max_rows`` counts rows holding data; the header row is not counted."""

    max_rows: int
    max_columns: int = 100
    max_cell_chars: int = 2000
    # Every member of the archive together, once decompressed, and the members openpyxl reads whole.
    max_uncompressed_bytes: int = 1024 * 1024 * 1024
    max_loaded_whole_bytes: int = 256 * 1024 * 1024
    # A sheet of real data compresses about 5-30 times; a bomb compresses hundreds or thousands of times.
    max_ratio: int = 100

    @property
    def max_physical_rows(self) -> int:
        """Rows including empty ones: Excel leaves some at the end of sheets, a bomb leaves a million."""
        return self.max_rows + 1 + max(1000, self.max_rows // 10)


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _mb(value: int) -> str:
    return f"{value / (1024 * 1024):.0f}"


# ---------------------------------------------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------------------------------------------
def xlsx_archive_check(source: str | BinaryIO, *, limits: SheetLimits) -> None:
    """Refuse an XLSX whose zip members decompress to more than the limits, or at bomb ratios, before parsing."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SpreadsheetError(_("The Excel workbook cannot be read; save it again as .xlsx.")) from error
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    total = 0
    for member in members:
        total += member.file_size
        # Small members may compress far (an empty style sheet); only those large enough to hurt are judged.
        if member.file_size > 1024 * 1024 and member.file_size > limits.max_ratio * max(member.compress_size, 1):
            raise SpreadsheetError(
                _(
                    "The Excel workbook is compressed %(ratio)s times, more than the %(max)s times a real sheet "
                    "reaches; it is refused as a possible zip bomb. Save it again as .xlsx or as CSV UTF-8."
                )
                % {"ratio": _n(member.file_size // max(member.compress_size, 1)), "max": _n(limits.max_ratio)}
            )
        if _LOADED_WHOLE.search(member.filename) and member.file_size > limits.max_loaded_whole_bytes:
            raise SpreadsheetError(
                _("A part of the Excel workbook (%(part)s) is larger than %(max)s MB once unpacked; save it as CSV.")
                % {"part": member.filename[:60], "max": _mb(limits.max_loaded_whole_bytes)}
            )
    if total > limits.max_uncompressed_bytes:
        raise SpreadsheetError(
            _("The Excel workbook unpacks to more than %(max)s MB; split it into smaller files or save it as CSV.")
            % {"max": _mb(limits.max_uncompressed_bytes)}
        )


def _xlsx_raw_rows(source: str | BinaryIO, progress: Callable[[float], None] | None) -> Iterator[tuple]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise SpreadsheetError(_("The Excel workbook cannot be read; save it again as .xlsx.")) from error
    try:
        if not workbook.worksheets:
            raise SpreadsheetError(_("The Excel workbook has no sheet."))
        sheet = workbook.worksheets[0]
        # The claim is only an estimate for the progress bar; the rows are never padded to it.
        claimed_rows = sheet.max_row or 0
        sheet.reset_dimensions()
        for number, row in enumerate(sheet.iter_rows(values_only=True)):
            if progress and claimed_rows and number % 5000 == 0:
                progress(min(1.0, number / claimed_rows))
            yield row
    finally:
        workbook.close()


# ---------------------------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------------------------
def _csv_raw_rows(
    source: str | bytes, encoding: str, progress: Callable[[float], None] | None, limits: SheetLimits
) -> Iterator[list]:
    if isinstance(source, bytes | bytearray):
        raw, size = io.BytesIO(source), len(source) or 1
    else:
        raw, size = open(source, "rb"), os.path.getsize(source) or 1  # noqa: SIM115 - closed in finally
    try:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        # A header longer than this is not a header; readline() with a bound keeps a line-less file from filling RAM.
        first = text.readline(limits.max_columns * (limits.max_cell_chars + 3))
        if not first:
            return  # an empty file has no rows at all, not even a header
        delimiter = ";" if first.count(";") > first.count(",") else ","
        header_rows = list(csv.reader([first], delimiter=delimiter)) if first.strip("\r\n") else [[]]
        yield header_rows[0] if header_rows else []
        for number, row in enumerate(csv.reader(text, delimiter=delimiter), start=1):
            if progress and number % 5000 == 0:
                progress(raw.tell() / size)
            yield row
    except csv.Error as error:
        # The csv module's own bound on one field (128 KB), or a broken quote that runs to the end of the file.
        raise SpreadsheetError(
            _("The CSV file has a cell longer than %(max)s characters or an unclosed quote.")
            % {"max": _n(limits.max_cell_chars)}
        ) from error
    finally:
        raw.close()


# ---------------------------------------------------------------------------------------------------------------
# The reader
# ---------------------------------------------------------------------------------------------------------------
def _is_blank(row) -> bool:
    return not any(cell not in (None, "") and (not isinstance(cell, str) or cell.strip()) for cell in row)


def read_sheet_rows(
    source: str | bytes | BinaryIO,
    *,
    fmt: str,
    limits: SheetLimits,
    encoding: str = "utf-8-sig",
    progress: Callable[[float], None] | None = None,
) -> Iterator[tuple[int, list]]:
    """(row number as the spreadsheet shows it, cells) of the first sheet, header first, blank rows skipped.

    ``fmt`` is "csv" or "xlsx"; ``source`` a path, the bytes of the file or (XLSX) a binary file object. Raises
    SpreadsheetError, naming the limit, as soon as a row breaks one; a CSV that is not in ``encoding`` raises
    UnicodeDecodeError, so the caller may try another encoding.
    """
    if fmt == "xlsx":
        if isinstance(source, bytes | bytearray):
            source = io.BytesIO(source)
        xlsx_archive_check(source, limits=limits)
        raw_rows = _xlsx_raw_rows(source, progress)
    elif fmt == "csv":
        raw_rows = _csv_raw_rows(source, encoding, progress, limits)
    else:
        raise SpreadsheetError(_("Only CSV and XLSX files can be read."))
    data_rows = 0
    try:
        for number, row in enumerate(raw_rows, start=1):
            if number > limits.max_physical_rows:
                raise SpreadsheetError(
                    _("The sheet has more than %(max)s rows; split it into smaller files.")
                    % {"max": _n(limits.max_physical_rows)}
                )
            if len(row) > limits.max_columns:
                # Trailing empty cells are allowed (Excel keeps formatting there); data past the limit is not.
                last = max((i for i, cell in enumerate(row) if cell not in (None, "")), default=-1)
                if last >= limits.max_columns:
                    raise SpreadsheetError(
                        _("Row %(row)s has data in column %(column)s; at most %(max)s columns are read.")
                        % {"row": _n(number), "column": _n(last + 1), "max": _n(limits.max_columns)}
                    )
                row = row[: limits.max_columns]
            for index, cell in enumerate(row):
                if isinstance(cell, str) and len(cell) > limits.max_cell_chars:
                    raise SpreadsheetError(
                        _("Row %(row)s, column %(column)s holds more than %(max)s characters.")
                        % {"row": _n(number), "column": _n(index + 1), "max": _n(limits.max_cell_chars)}
                    )
            if number > 1 and _is_blank(row):
                continue
            if number > 1:
                data_rows += 1
                if data_rows > limits.max_rows:
                    raise SpreadsheetError(
                        _("The file has more than %(max)s rows of data; split it into smaller files.")
                        % {"max": _n(limits.max_rows)}
                    )
            yield number, list(row)
    finally:
        raw_rows.close()
