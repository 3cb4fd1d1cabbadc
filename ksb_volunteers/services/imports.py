"""Import of existing TAGANA rosters from CSV (comma or semicolon, UTF-8 with or without BOM) or XLSX.

Every row is checked on its own and saved in its own savepoint through the same services as the forms: valid rows
are imported, invalid ones are listed with the row number, the column and the reason (never the value itself, so
the report holds no personal data). A member number already registered updates that member instead of duplicating.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import scope_allows, scope_kabkota_code
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.spreadsheets import SheetLimits, SpreadsheetError, read_sheet_rows
from banten_dinsos.regions.models import Region, RegionLevel

from ..models import Availability, RosterImport, Skill, TaganaMember
from .common import member_number_clean
from .members import MANUAL_AVAILABILITY, member_create, member_set_availability, member_update

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
ROSTER_LIMITS = SheetLimits(max_rows=MAX_ROWS, max_columns=60, max_cell_chars=1000)

# Canonical column -> the headers accepted for it (compared lower-case, with spaces and dashes as underscores).
COLUMNS = {
    "nomor_induk_anggota": (
        "nomor_induk_anggota",
        "no_induk_anggota",
        "nomor_induk",
        "no_induk",
        "nia",
        "member_number",
    ),
    "nik": ("nik", "no_nik", "nomor_nik"),
    "nama": ("nama", "nama_lengkap", "full_name", "name"),
    "jenis_kelamin": ("jenis_kelamin", "jk", "l/p", "sex"),
    "tanggal_lahir": ("tanggal_lahir", "tgl_lahir", "birth_date"),
    "telepon": ("telepon", "no_telepon", "no_hp", "hp", "telp", "phone", "nomor_hp"),
    "kabupaten_kota": ("kabupaten_kota", "kabupaten/kota", "kab/kota", "kab_kota", "kabkota", "kode_kabkota"),
    "keahlian": ("keahlian", "skills", "kompetensi"),
    "ketersediaan": ("ketersediaan", "status", "availability"),
    "tanggal_bergabung": ("tanggal_bergabung", "tgl_bergabung", "joined_on"),
}
REQUIRED = ("nomor_induk_anggota", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "kabupaten_kota")
# Service field -> column, so a refusal from a service names the column the officer has to correct.
FIELD_COLUMNS = {
    "member_number": "nomor_induk_anggota",
    "nik": "nik",
    "full_name": "nama",
    "sex": "jenis_kelamin",
    "birth_date": "tanggal_lahir",
    "phone": "telepon",
    "kabkota": "kabupaten_kota",
    "skills": "keahlian",
    "availability": "ketersediaan",
    "joined_on": "tanggal_bergabung",
}
SEX_WORDS = {
    "L": "L",
    "LK": "L",
    "LAKI-LAKI": "L",
    "LAKI LAKI": "L",
    "LAKI": "L",
    "PRIA": "L",
    "P": "P",
    "PR": "P",
    "PEREMPUAN": "P",
    "WANITA": "P",
}
AVAILABILITY_WORDS = {
    "siaga": Availability.STANDBY,
    "aktif": Availability.STANDBY,
    "berhalangan": Availability.UNAVAILABLE,
    "tidak tersedia": Availability.UNAVAILABLE,
    "nonaktif": Availability.INACTIVE,
    "non aktif": Availability.INACTIVE,
    "non-aktif": Availability.INACTIVE,
    "tidak aktif": Availability.INACTIVE,
}
SKILL_ALIASES = {
    "ldp": "psikososial-ldp",
    "psikososial": "psikososial-ldp",
    "dukungan psikososial": "psikososial-ldp",
    "shelter": "manajemen-shelter",
    "manajemen shelter": "manajemen-shelter",
    "p3k": "pertolongan-pertama",
    "first aid": "pertolongan-pertama",
    "sar": "sar-air",
    "kaji cepat": "assessment",
    "pendataan": "pendataan-korban",
    "radio": "komunikasi-radio",
}
_SKILL_SEPARATORS = re.compile(r"[,;|]")


class ImportFileError(Exception):
    """The file as a whole cannot be read (type, size, encoding, columns); nothing is imported."""


@dataclass
class RowOutcome:
    created: int = 0
    updated: int = 0
    errors: list[dict] = field(default_factory=list)
    failed_rows: set[int] = field(default_factory=set)

    def add(self, row: int, column: str, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": str(message)})
        self.failed_rows.add(row)


# ---------------------------------------------------------------------------------------------------------------
# Reading the file
# ---------------------------------------------------------------------------------------------------------------
def _header_key(value) -> str:
    text = str(value or "").strip().lstrip("\ufeff").lower()
    return re.sub(r"[\s\-.]+", "_", text).strip("_")


def read_rows(*, name: str, data: bytes) -> tuple[dict[str, int], list[tuple[int, list]]]:
    """(column -> position, [(row number as the spreadsheet shows it, cells)]) of a roster file.

    The shared reader bounds rows, columns and cell sizes while the rows arrive, so a small hostile workbook is
    refused before it can fill memory; at most ``MAX_ROWS`` rows are ever held here.
    """
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB; split it into smaller files."))
    lower = name.lower()
    if lower.endswith(".csv"):
        fmt = "csv"
    elif lower.endswith(".xlsx"):
        fmt = "xlsx"
    else:
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    try:
        rows = list(read_sheet_rows(data, fmt=fmt, limits=ROSTER_LIMITS))
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("The CSV file is not in UTF-8. In Excel choose “Save as” → “CSV UTF-8 (Comma delimited)”.")
        ) from error
    except SpreadsheetError as error:
        raise ImportFileError(str(error)) from error
    if not rows:
        raise ImportFileError(_("The file is empty."))
    aliases = {alias: column for column, names in COLUMNS.items() for alias in names}
    positions = {}
    for index, header in enumerate(rows[0][1]):
        column = aliases.get(_header_key(header))
        if column and column not in positions:
            positions[column] = index
    missing = [column for column in REQUIRED if column not in positions]
    if missing:
        raise ImportFileError(
            _("The file lacks these columns: %(columns)s. The first row must hold the column names.")
            % {"columns": ", ".join(missing)}
        )
    body = [(number, row) for number, row in rows[1:] if any(_text(cell) for cell in row)]
    return positions, body


# ---------------------------------------------------------------------------------------------------------------
# Parsing cells
# ---------------------------------------------------------------------------------------------------------------
def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        year, month, day = text.split("-")
    elif re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", text):
        day, month, year = re.split(r"[/.-]", text)
    else:
        raise ValueError(text)
    return datetime.date(int(year), int(month), int(day))


def _nik_text(value, outcome: RowOutcome, row: int) -> str | None:
    """A NIK typed as a number in Excel loses its 16th digit or turns into 3.6E+15: refuse it, never guess."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        outcome.add(row, "nik", _("The NIK was stored as a number, which Excel rounds; format the column as Text."))
        return None
    text = _text(value).lstrip("'").replace(" ", "")
    if "E+" in text.upper():
        outcome.add(row, "nik", _("Excel turned the NIK into scientific notation (E+); format the column as Text."))
        return None
    return text


def _kabkota_lookup() -> dict[str, Region]:
    lookup = {}
    for region in Region.objects.filter(level=RegionLevel.KABKOTA):
        lookup[region.code] = region
        lookup[region.name.lower()] = region
        if region.name.startswith("Kabupaten "):
            bare = region.name.removeprefix("Kabupaten ").lower()
            lookup.setdefault(bare, region)
            lookup[f"kab. {bare}"] = region
            lookup[f"kab {bare}"] = region
    return lookup


def _skill_lookup() -> dict[str, Skill]:
    lookup = {}
    skills = list(Skill.objects.filter(is_active=True))
    by_code = {skill.code: skill for skill in skills}
    for skill in skills:
        lookup[skill.code] = skill
        lookup[skill.name.lower()] = skill
        lookup[re.sub(r"\s*\(.*?\)", "", skill.name).lower().strip()] = skill
    for alias, code in SKILL_ALIASES.items():
        if code in by_code:
            lookup.setdefault(alias, by_code[code])
    return lookup


@dataclass
class Lookups:
    kabkota: dict[str, Region]
    skills: dict[str, Skill]


def _parse_row(cells: dict, row: int, lookups: Lookups, outcome: RowOutcome) -> dict | None:
    """The service arguments of one row, or None with the reasons added to ``outcome``."""
    errors_before = len(outcome.errors)
    parsed = {}
    try:
        parsed["member_number"] = member_number_clean(_text(cells["nomor_induk_anggota"]))
    except ValidationError as error:
        outcome.add(row, "nomor_induk_anggota", error.message_dict["member_number"][0])
    parsed["nik"] = _nik_text(cells["nik"], outcome, row)
    parsed["full_name"] = _text(cells["nama"])
    if not parsed["full_name"]:
        outcome.add(row, "nama", _("The name is required."))
    sex = SEX_WORDS.get(_text(cells["jenis_kelamin"]).upper())
    if sex is None:
        outcome.add(row, "jenis_kelamin", _("The sex must be L (laki-laki) or P (perempuan)."))
    parsed["sex"] = sex
    try:
        parsed["birth_date"] = _date(cells["tanggal_lahir"])
    except (ValueError, TypeError):
        outcome.add(row, "tanggal_lahir", _("The birth date must be a date such as 31/12/1990 (day/month/year)."))
    kabkota_text = _text(cells["kabupaten_kota"]).lower()
    parsed["kabkota"] = lookups.kabkota.get(kabkota_text)
    if parsed["kabkota"] is None:
        outcome.add(
            row, "kabupaten_kota", _("Unknown kabupaten/kota: use a Banten code such as 36.02 or a name such as Lebak.")
        )
    parsed["phone"] = _text(cells.get("telepon")).lstrip("'")
    skills_text = _text(cells.get("keahlian"))
    parsed["skills"] = None
    if skills_text:
        names = [part.strip().lower() for part in _SKILL_SEPARATORS.split(skills_text) if part.strip()]
        unknown = [name for name in names if name not in lookups.skills]
        if unknown:
            outcome.add(
                row,
                "keahlian",
                _("Unknown skill: %(skills)s. Use the names or codes of the skill reference list.")
                % {"skills": ", ".join(unknown)},
            )
        parsed["skills"] = list(dict.fromkeys(lookups.skills[name] for name in names if name in lookups.skills))
    availability_text = _text(cells.get("ketersediaan")).lower()
    parsed["availability"] = None
    if availability_text:
        parsed["availability"] = AVAILABILITY_WORDS.get(availability_text)
        if parsed["availability"] is None:
            outcome.add(row, "ketersediaan", _("The availability must be siaga, berhalangan or nonaktif."))
    joined = cells.get("tanggal_bergabung")
    parsed["joined_on"] = None
    if _text(joined):
        try:
            parsed["joined_on"] = _date(joined)
        except (ValueError, TypeError):
            outcome.add(row, "tanggal_bergabung", _("The date of joining must be a date such as 31/12/2015."))
    return parsed if len(outcome.errors) == errors_before else None


def _report_service_errors(error: ValidationError, row: int, outcome: RowOutcome) -> None:
    for name, messages in error.message_dict.items():
        column = FIELD_COLUMNS.get(name, name if name != "__all__" else "")
        for message in messages:
            outcome.add(row, column, message)


def _save_row(*, user, parsed: dict, row: int, outcome: RowOutcome) -> None:
    existing = TaganaMember.objects.filter(member_number=parsed["member_number"]).first()
    if existing is not None and not scope_allows(user, kabkota_code=existing.kabkota_id):
        outcome.add(
            row,
            "nomor_induk_anggota",
            # Never say where the number is registered: an officer may not learn about members outside their area.
            _("This member number cannot be used from your kabupaten/kota; check it, or ask Dinsos Provinsi."),
        )
        return
    availability = parsed.pop("availability")
    skills = parsed.pop("skills")
    try:
        with transaction.atomic():
            if existing is None:
                member_create(
                    user=user,
                    skills=skills or (),
                    availability=availability or Availability.STANDBY,
                    **parsed,
                )
                outcome.created += 1
            else:
                data = {key: value for key, value in parsed.items() if key != "member_number"}
                if not data["phone"]:
                    data.pop("phone")
                if data["joined_on"] is None:
                    data.pop("joined_on")
                member = member_update(user=user, member=existing, data=data, skills=skills)
                if availability in MANUAL_AVAILABILITY and availability != member.availability:
                    member_set_availability(user=user, member=member, availability=availability)
                outcome.updated += 1
    except ValidationError as error:
        _report_service_errors(error, row, outcome)


# ---------------------------------------------------------------------------------------------------------------
# The import
# ---------------------------------------------------------------------------------------------------------------
@transaction.atomic
def roster_import(*, user, name: str, data: bytes) -> RosterImport:
    """Import a roster file; raises ValidationError on ``file`` when the file as a whole cannot be read."""
    require_perm(user, Perm.VOLUNTEER_IMPORT)
    try:
        positions, rows = read_rows(name=name, data=data)
    except ImportFileError as error:
        raise ValidationError({"file": str(error)}) from error
    lookups = Lookups(kabkota=_kabkota_lookup(), skills=_skill_lookup())
    outcome = RowOutcome()
    seen: dict[str, int] = {}
    for number, row in rows:
        cells = {column: (row[index] if index < len(row) else None) for column, index in positions.items()}
        parsed = _parse_row(cells, number, lookups, outcome)
        if parsed is None:
            continue
        first = seen.setdefault(parsed["member_number"], number)
        if first != number:
            outcome.add(
                number,
                "nomor_induk_anggota",
                _("The same member number is already on row %(row)s of this file.") % {"row": first},
            )
            continue
        _save_row(user=user, parsed=parsed, row=number, outcome=outcome)
    record = RosterImport.objects.create(
        file_name=name[:255],
        rows_total=len(rows),
        rows_created=outcome.created,
        rows_updated=outcome.updated,
        rows_failed=len(outcome.failed_rows),
        errors=sorted(outcome.errors, key=lambda item: item["row"]),
        kabkota_id=scope_kabkota_code(user),
        created_by=user,
    )
    audit_record(
        actor=user,
        action=AuditAction.IMPORT,
        instance=record,
        kabkota_code=record.kabkota_id,
        note=f"{outcome.created} created, {outcome.updated} updated, {len(outcome.failed_rows)} refused",
    )
    return record
