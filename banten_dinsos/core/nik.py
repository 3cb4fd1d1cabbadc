"""NIK (Nomor Induk Kependudukan) and No. KK checks shared by every app that records people.

Format ``PPRRSS DDMMYY NNNN``: issuing region, birth date with day + 40 for women, a serial that is not 0000.
No Banten prefix is required: residents may hold NIKs issued elsewhere. Validation is python-stdnum plus
consistency with sex and birth date. Messages never repeat the number itself: they end up in reports and logs.
"""

import csv
import datetime
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.id import nik as stdnum_nik

FEMALE_DAY_OFFSET = 40
MASK = "*" * 8


KABKOTA_CODES_FILE = Path(__file__).resolve().parent / "data" / "indonesia_kabkota.csv"


@lru_cache(maxsize=1)
def national_kabkota_codes() -> frozenset[str]:
    """The 4-digit codes ("3601") of every kabupaten/kota of Indonesia (idn-area-data, see data/README.md)."""
    with KABKOTA_CODES_FILE.open(newline="", encoding="utf-8") as handle:
        return frozenset(row["code"].replace(".", "") for row in csv.DictReader(handle))


@lru_cache(maxsize=4096)
def _place_is_known(prefix: str) -> bool:
    """Whether the first four digits name a kabupaten/kota of Indonesia and stdnum knows the province.

    stdnum checks the province only (it takes 3699 for Banten); the national kabupaten/kota list closes that
    gap. The answer is cached per prefix, so validating 223,142 NIKs costs a few hundred look-ups.
    """
    if prefix[:4] not in national_kabkota_codes():
        return False
    try:
        stdnum_nik.validate(prefix + "0101700001")
    except StdnumError:
        return False
    return True


def _is_date(day: int, month: int, year2: int) -> bool:
    for century in (1900, 2000):
        try:
            datetime.date(century + year2, month, day)
        except ValueError:
            continue
        return True
    return False


def nik_birth_parts(nik: str) -> tuple[int, int, int]:
    """(day as written, month, two-digit year) of a 16-digit NIK; day is + 40 for women."""
    return int(nik[6:8]), int(nik[8:10]), int(nik[10:12])


def nik_errors(nik: str, *, sex: str | None = None, birth_date: datetime.date | None = None) -> list[tuple[str, str]]:
    """Every reason ``nik`` is not acceptable for a person of ``sex`` born on ``birth_date``, as (field, message).

    ``field`` is "nik", "sex" or "birth_date": the field the person most likely has to correct. Empty: valid.
    """
    if not nik:
        return [("nik", _("NIK is required."))]
    if not nik.isascii() or not nik.isdigit():
        return [("nik", _("NIK may contain digits only."))]
    if len(nik) != 16:
        return [("nik", _("NIK must have exactly 16 digits (this one has %(count)s).") % {"count": len(nik)})]
    errors = []
    if not _place_is_known(nik[:6]):
        errors.append(
            (
                "nik",
                _(
                    "The first four digits of the NIK are not the code of any kabupaten/kota in Indonesia "
                    "(province and kabupaten/kota where the NIK was issued)."
                ),
            )
        )
    day, month, year2 = nik_birth_parts(nik)
    real_day = day - FEMALE_DAY_OFFSET if day > FEMALE_DAY_OFFSET else day
    # stdnum reads the day modulo 40, so it would take 85 for the 5th; only 1-31 and 41-71 are real.
    if not (1 <= day <= 31 or FEMALE_DAY_OFFSET + 1 <= day <= FEMALE_DAY_OFFSET + 31) or not _is_date(
        real_day, month, year2
    ):
        errors.append(("nik", _("Digits 7 to 12 of the NIK (day, month and year of birth) do not form a real date.")))
        return errors
    if nik[12:] == "0000":
        errors.append(("nik", _("The last four digits of the NIK cannot be 0000.")))
    if sex == "L" and day > FEMALE_DAY_OFFSET:
        errors.append(("sex", _("The NIK is a woman's (day of birth + 40) but the sex is L.")))
    elif sex == "P" and day <= FEMALE_DAY_OFFSET:
        errors.append(("sex", _("The NIK is a man's (day of birth without + 40) but the sex is P.")))
    if birth_date is not None and (birth_date.day, birth_date.month, birth_date.year % 100) != (
        real_day,
        month,
        year2,
    ):
        errors.append(("birth_date", _("The birth date does not match the date in the NIK (digits 7 to 12).")))
    return errors


def no_kk_errors(no_kk: str) -> list[str]:
    """Reasons a family card number is not acceptable (an empty one is allowed)."""
    if not no_kk:
        return []
    if not no_kk.isascii() or not no_kk.isdigit():
        return [_("No. KK may contain digits only.")]
    if len(no_kk) != 16:
        return [_("No. KK must have exactly 16 digits (this one has %(count)s).") % {"count": len(no_kk)}]
    if not _place_is_known(no_kk[:6]):
        return [
            _(
                "The first four digits of the No. KK are not the code of any kabupaten/kota in Indonesia "
                "(province and kabupaten/kota where the card was issued)."
            )
        ]
    return []


def mask_number(value: str | None) -> str:
    """'3601234509830001' -> '3601********0001': region and serial stay readable, the birth date does not."""
    if not value:
        return ""
    if len(value) != 16:
        return "*" * len(value)
    return value[:4] + MASK + value[-4:]


def nik_generate(*, region_prefix: str, sex: str, birth_date: datetime.date, serial: int) -> str:
    """A NIK consistent with ``sex`` and ``birth_date`` (for synthetic demo and benchmark data only)."""
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex == "P" else 0)
    return f"{region_prefix[:6]}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


def nik_clean(value: str) -> str:
    """The NIK without spaces or dots, or ValidationError naming what is wrong with it."""
    compact = stdnum_nik.compact(value or "")
    problems = [message for field, message in nik_errors(compact) if field == "nik"]
    if problems:
        raise ValidationError(problems, code="nik_invalid")
    return compact


def nik_check_person(nik: str, *, sex: str | None, birth_date: datetime.date | None) -> dict[str, str]:
    """Errors by field ("sex", "birth_date") where the person's details disagree with a valid NIK."""
    return {field: message for field, message in nik_errors(nik, sex=sex, birth_date=birth_date) if field != "nik"}


nik_mask = mask_number
