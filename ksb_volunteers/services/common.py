"""Checks shared by the services of this app: phone and member numbers, dates, region scope."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.scoping import scope_allows
from banten_dinsos.regions.models import Region, RegionLevel

# Coordinators of these clusters read volunteers province-wide: TAGANA and KSB work in evacuation and protection,
# public kitchens (logistics) and psychosocial support.
VOLUNTEER_CLUSTERS = ("pengungsian-perlindungan", "logistik", "psikososial")

_MEMBER_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9./-]{2,29}$")
_PHONE_SEPARATORS = re.compile(r"[\s().-]")


def member_number_clean(value: str) -> str:
    """Upper case without spaces; letters, digits and . / - only (Kemensos numbers are written several ways)."""
    text = "".join((value or "").split()).upper()
    if not text:
        raise ValidationError({"member_number": _("The member number (Nomor Induk Anggota) is required.")})
    if not _MEMBER_NUMBER.match(text):
        raise ValidationError(
            {
                "member_number": _(
                    "The member number (Nomor Induk Anggota) may hold 3 to 30 letters, digits, dots, slashes or dashes."
                )
            }
        )
    return text


def phone_clean(value: str, *, field: str = "phone") -> str:
    """An Indonesian phone number as +62…, from 0812-3456-7890, 62812…, +62 812 … or (0254) 123456."""
    text = _PHONE_SEPARATORS.sub("", value or "")
    if not text:
        return ""
    if text.startswith("+62"):
        national = text[3:]
    elif text.startswith("62"):
        national = text[2:]
    elif text.startswith("0"):
        national = text[1:]
    else:
        raise ValidationError({field: _("The phone number must start with 0, 62 or +62, e.g. 0812-3456-7890.")})
    if not national.isdigit() or not 8 <= len(national) <= 12 or national[0] == "0":
        raise ValidationError(
            {field: _("The phone number is not valid: it needs 9 to 13 digits, e.g. 0812-3456-7890.")}
        )
    return "+62" + national


def check_not_future(value: date | None, *, field: str, message: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: message})


def check_kabkota(user, kabkota: Region, *, field: str = "kabkota") -> None:
    if kabkota.level != RegionLevel.KABKOTA:
        raise ValidationError({field: _("Choose a kabupaten/kota.")})
    if not scope_allows(user, kabkota_code=kabkota.code):
        raise ValidationError({field: _("This kabupaten/kota is outside your area.")})


def check_desa(user, desa: Region, *, field: str = "desa") -> None:
    if desa.level != RegionLevel.DESA:
        raise ValidationError({field: _("Choose a desa/kelurahan, not a higher region.")})
    if not scope_allows(user, kabkota_code=desa.kabkota_code):
        raise ValidationError({field: _("This desa/kelurahan is outside your kabupaten/kota.")})
