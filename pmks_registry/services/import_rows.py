"""Phase 1 of an import: read the file as a stream and check every row in Python.

Good rows are written in PostgreSQL COPY text format, errors (row, column, reason) as CSV lines, to the writers the
caller gives, so memory stays flat however long the file is.
"""

import csv
import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.core.nik import nik_errors, no_kk_errors
from banten_dinsos.core.spreadsheets import SheetLimits, SpreadsheetError, read_sheet_rows
from banten_dinsos.regions.models import Region, RegionLevel

from ..models import PmksType

COLUMNS = ("nik", "no_kk", "nama", "jenis_kelamin", "tanggal_lahir", "kode_wilayah", "jenis_pmks")
REQUIRED_COLUMNS = ("nik", "nama", "jenis_kelamin", "tanggal_lahir", "kode_wilayah", "jenis_pmks")
SEX_WORDS = {"L": "L", "P": "P", "LAKI-LAKI": "L", "LAKI LAKI": "L", "LK": "L", "PEREMPUAN": "P", "PR": "P"}
_has_digit = re.compile(r"[0-9]").search


class ImportFileError(Exception):
    """The file as a whole cannot be imported (wrong type, too big, missing columns); nothing is saved."""


@dataclass
class ReadOutcome:
    processed: int = 0
    valid: int = 0
    error_rows: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    last_row: int = 0  # the number of the file's last row read


# ---------------------------------------------------------------------------------------------------------------
# Reading rows
# ---------------------------------------------------------------------------------------------------------------
def import_limits() -> SheetLimits:
    """Rows, columns and cell sizes a PMKS file may have; read when an import runs, so tests may change them."""
    return SheetLimits(
        max_rows=settings.PMKS_IMPORT_MAX_ROWS,
        max_columns=60,
        max_cell_chars=1000,
        max_uncompressed_bytes=20 * settings.PMKS_IMPORT_MAX_BYTES,
    )


def _sheet_rows(path: str, fmt: str, encoding: str, progress: Callable[[float], None]) -> Iterator[tuple[int, list]]:
    """(row number, cells) of the file, header first, blank rows left out, each checked as it arrives."""
    try:
        yield from read_sheet_rows(path, fmt=fmt, limits=import_limits(), encoding=encoding, progress=progress)
    except SpreadsheetError as error:
        raise ImportFileError(str(error)) from error


# ---------------------------------------------------------------------------------------------------------------
# Validating one row
# ---------------------------------------------------------------------------------------------------------------
def _text(value) -> str:
    if type(value) is str:  # every CSV cell and most XLSX cells: the fast path
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_number_cell(value, column: str, errors: list) -> str:
    """NIK and No. KK: text of 16 digits. Excel turns long numbers into 3.6E+15 or rounds their 16th digit.

    A numeric cell is refused even when it looks complete: a rounded NIK is another person's NIK.
    """
    if type(value) is str:
        text = value.strip()
        if len(text) == 16 and text.isdigit():
            return text
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        errors.append((column, _("The number was stored as a number, which Excel rounds; format the column as Text.")))
        return ""
    text = _text(value).lstrip("'").replace(" ", "")
    if "E+" in text.upper() and text.replace(".", "").replace(",", "").upper().split("E+")[0].isdigit():
        errors.append((column, _("Excel turned the number into scientific notation (E+); format the column as Text.")))
        return ""
    return text


def _parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if len(text) == 10 and text[2] == "/" and text[5] == "/":  # DD/MM/YYYY, the common case
        return datetime.date(int(text[6:]), int(text[3:5]), int(text[:2]))
    if not text:
        raise ValueError("empty")
    if "/" in text or ("-" in text and len(text.split("-")[0]) <= 2):
        day, month, year = text.replace("-", "/").split("/")
        if len(year) != 4:
            raise ValueError("year")
        return datetime.date(int(year), int(month), int(day))
    if "-" in text:
        year, month, day = text.split(" ")[0].split("-")
        return datetime.date(int(year), int(month), int(day))
    raise ValueError("format")


@dataclass
class RowContext:
    desa_levels: dict[str, str]  # region code -> level, for messages that say which level a code is
    type_numbers: set[int]
    inactive_types: set[int]
    today: datetime.date


def _validate_row(values: list, ctx: RowContext) -> tuple[tuple | None, list[tuple[str, str]]]:
    """For the cells of one row in ``COLUMNS`` order: (staged values, []) for a good row,
    (None, [(column, reason), ...]) for a bad one, (None, []) for a row with nothing in it."""
    raw_nik, raw_no_kk, raw_name, raw_sex, raw_date, raw_region, raw_types = values
    errors: list[tuple[str, str]] = []
    nik = _parse_number_cell(raw_nik, "nik", errors)
    no_kk = _parse_number_cell(raw_no_kk, "no_kk", errors)
    name = " ".join(_text(raw_name).split())
    sex_text = _text(raw_sex).upper()
    sex = SEX_WORDS.get(sex_text)
    region = _text(raw_region)
    types_text = _text(raw_types)
    if not (nik or name or sex_text or region or types_text or _text(raw_date)) and not errors:
        return None, []  # only spaces, or only columns that are not imported

    if not name:
        errors.append(("nama", _("The name is empty.")))
    elif len(name) > 150:
        errors.append(("nama", _("The name is longer than 150 characters.")))
    elif _has_digit(name):
        errors.append(("nama", _("The name contains digits; check that the columns are not shifted.")))

    if not sex_text:
        errors.append(("jenis_kelamin", _("The sex is empty; write L or P.")))
    elif sex is None:
        errors.append(("jenis_kelamin", _("The sex must be L or P.")))

    birth_date = None
    if raw_date is None or _text(raw_date) == "":
        errors.append(("tanggal_lahir", _("The birth date is empty.")))
    else:
        try:
            birth_date = _parse_date(raw_date)
        except (ValueError, TypeError):
            errors.append(("tanggal_lahir", _("The birth date is not a real date in DD/MM/YYYY or YYYY-MM-DD.")))
        else:
            if birth_date > ctx.today:
                errors.append(("tanggal_lahir", _("The birth date is in the future.")))
                birth_date = None
            elif birth_date.year < 1900:
                errors.append(("tanggal_lahir", _("The birth date is before 1900.")))
                birth_date = None

    if not nik and not any(column == "nik" for column, _reason in errors):
        errors.append(("nik", _("NIK is required.")))
    elif nik:
        column_of = {"nik": "nik", "sex": "jenis_kelamin", "birth_date": "tanggal_lahir"}
        for field_name, message in nik_errors(nik, sex=sex, birth_date=birth_date):
            errors.append((column_of[field_name], message))
    for message in no_kk_errors(no_kk):
        errors.append(("no_kk", message))

    if region and region.isdigit() and len(region) == 10:
        region = f"{region[:2]}.{region[2:4]}.{region[4:6]}.{region[6:]}"
    level = ctx.desa_levels.get(region)
    if not region:
        errors.append(("kode_wilayah", _("The region code is empty.")))
    elif level is None:
        errors.append(("kode_wilayah", _("Unknown region code “%(code)s”.") % {"code": region[:20]}))
    elif level != RegionLevel.DESA:
        errors.append(
            (
                "kode_wilayah",
                _("“%(code)s” is not a desa/kelurahan code; use the full code such as 36.02.13.2007.")
                % {"code": region},
            )
        )

    numbers: list[int] = []
    if not types_text:
        errors.append(("jenis_pmks", _("The PMKS type is empty.")))
    else:
        parts = [part for part in types_text.replace(";", ",").replace("/", ",").split(",") if part.strip()]
        try:
            numbers = [int(types_text)] if types_text.isdigit() else sorted({int(float(part)) for part in parts})
        except ValueError:
            errors.append(("jenis_pmks", _("PMKS types must be numbers 1 to 26 separated by commas.")))
        else:
            unknown = [str(n) for n in numbers if n not in ctx.type_numbers]
            inactive = [str(n) for n in numbers if n in ctx.inactive_types]
            if unknown:
                errors.append(
                    ("jenis_pmks", _("Unknown PMKS type number: %(numbers)s.") % {"numbers": ", ".join(unknown)})
                )
            elif inactive:
                errors.append(
                    (
                        "jenis_pmks",
                        _("These PMKS types are no longer in use: %(numbers)s.") % {"numbers": ", ".join(inactive)},
                    )
                )
    if errors:
        errors.sort(key=lambda error: COLUMNS.index(error[0]))  # in the order of the file's columns
        return None, errors
    staged = (nik, no_kk, name, name.upper(), sex, birth_date.isoformat(), region, region[:5], numbers)
    return staged, []


def _copy_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")


def load_context() -> RowContext:
    """The reference data every row is checked against, read once per import."""
    return RowContext(
        desa_levels=dict(Region.objects.values_list("code", "level")),
        type_numbers=set(PmksType.objects.values_list("number", flat=True)),
        inactive_types=set(PmksType.objects.filter(is_active=False).values_list("number", flat=True)),
        today=timezone.localdate(),
    )


class ChunkWriter:
    """Collects good rows and hands them to ``sink`` at most ``size`` rows at a time, so memory stays flat.

    The first chunks are small and double up to ``size``: the database starts working while the rest is read.
    """

    def __init__(self, sink: Callable[[str], None], size: int, first: int = 5000):
        self.sink, self.size, self.lines = sink, size, []
        self.next_size = min(first, size)

    def write(self, line: str) -> None:
        self.lines.append(line)
        if len(self.lines) >= self.next_size:
            self.flush()
            self.next_size = min(self.next_size * 2, self.size)

    def flush(self) -> None:
        if self.lines:
            self.sink("".join(self.lines))
            self.lines = []


def read_and_validate(
    *,
    path: str,
    fmt: str,
    encoding: str = "utf-8-sig",
    valid_out,
    errors_out,
    progress: Callable[[float, int], None],
    ctx: RowContext | None = None,
    skip_through: int = 0,
    outcome: ReadOutcome | None = None,
) -> ReadOutcome:
    """Stream the file, write good rows (COPY text format) to ``valid_out`` and errors to ``errors_out``.

    A resumed import passes the counts of the rows already checked (``outcome``, added to) and the row number
    through which they go (``skip_through``): those rows are read but not checked again.
    """
    ctx = ctx or load_context()
    outcome = outcome or ReadOutcome()
    errors_writer = csv.writer(errors_out)

    def report(fraction: float) -> None:
        progress(fraction, outcome.processed)

    rows = _sheet_rows(path, fmt, encoding, report)
    try:
        header = next(rows, (1, None))[1]
        if header is None:
            raise ImportFileError(_("The file has no header row."))
        names = [_text(cell).lower().lstrip("\ufeff").replace(" ", "_") for cell in header]
        missing = [column for column in REQUIRED_COLUMNS if column not in names]
        if missing:
            raise ImportFileError(
                _("The header row lacks these columns: %(columns)s. Download the template to see the layout.")
                % {"columns": ", ".join(missing)}
            )
        # Where each column is; a missing optional column reads past the end of the row, i.e. as empty.
        width = len(names) + 1
        positions = [names.index(column) if column in names else width for column in COLUMNS]
        outcome.ignored_columns = [name for name in names if name and name not in COLUMNS]
        row_number = 1
        for row_number, row in rows:
            if row_number <= skip_through:
                continue
            size = len(row)
            staged, errors = _validate_row([row[i] if i < size else None for i in positions], ctx)
            if staged is None and not errors:
                continue
            outcome.processed += 1
            if errors:
                outcome.error_rows += 1
                errors_writer.writerows((row_number, column, reason) for column, reason in errors)
                continue
            outcome.valid += 1
            nik, no_kk, name, name_key, sex, birth, desa, kab, numbers = staged
            valid_out.write(
                f"{row_number}\t{nik}\t{no_kk}\t{_copy_escape(name)}\t{_copy_escape(name_key)}\t{sex}\t{birth}"
                f"\t{desa}\t{kab}\t{{{','.join(map(str, numbers))}}}\n"
            )
        outcome.last_row = max(row_number, skip_through)
    finally:
        rows.close()
    return outcome
