"""NIK (Nomor Induk Kependudukan) checks shared by every app that records people.

Format ``PPRRSS DDMMYY XXXX``: issuing region, birth date with day + 40 for women, a serial that is not 0000.
No Banten prefix is required: residents may hold NIKs issued elsewhere.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.id import nik as stdnum_nik

FEMALE = "P"


def nik_clean(value: str) -> str:
    """Digits only, or ValidationError with a message in the user's language."""
    compact = stdnum_nik.compact(value or "")
    if not compact.isdigit() or len(compact) != 16:
        raise ValidationError(_("NIK must be exactly 16 digits."), code="nik_format")
    try:
        return stdnum_nik.validate(compact)
    except StdnumError as exc:
        raise ValidationError(
            _("This NIK is not valid: the birth date in it or its serial number is impossible."), code="nik_invalid"
        ) from exc


def nik_birth_day_and_sex(nik: str) -> tuple[int, int, int, str]:
    """(day, month, two-digit year, sex) encoded in a valid NIK."""
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = FEMALE if day > 40 else "L"
    return (day - 40 if day > 40 else day), month, year, sex


def nik_check_person(nik: str, *, sex: str | None, birth_date: date | None) -> dict[str, str]:
    """Errors (by field name) where the sex or birth date given disagree with the NIK; empty when consistent."""
    day, month, year, nik_sex = nik_birth_day_and_sex(nik)
    errors = {}
    if sex and sex != nik_sex:
        errors["sex"] = _("The sex does not match the NIK (women have 40 added to the day of birth).")
    if birth_date and (birth_date.day, birth_date.month, birth_date.year % 100) != (day, month, year):
        errors["birth_date"] = _("The birth date does not match the date in the NIK.")
    return errors


def nik_mask(nik: str | None) -> str:
    """'3601234567890001' -> '3601********0001': enough to tell records apart, not enough to identify."""
    if not nik:
        return ""
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]
