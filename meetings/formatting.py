"""Indonesian date formats in WIB, for messages, the attendance sheet and the minutes PDF."""

from datetime import date, datetime

from django.utils import formats, timezone

from .models import WIB


def format_date(value: date | datetime) -> str:
    """'26 Januari 2026' (in the active language)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value, WIB).date()
    return formats.date_format(value, "j F Y")


def format_datetime(value: datetime) -> str:
    """'26 Januari 2026 09.00 WIB'."""
    return f"{formats.date_format(timezone.localtime(value, WIB), 'j F Y H.i')} WIB"


def format_time(value: datetime) -> str:
    return timezone.localtime(value, WIB).strftime("%H.%M")


def format_period(starts_at: datetime, ends_at: datetime) -> str:
    """'Senin, 26 Januari 2026, 09.00–12.00 WIB', or both dates when it spans days."""
    start, end = timezone.localtime(starts_at, WIB), timezone.localtime(ends_at, WIB)
    if start.date() == end.date():
        return f"{formats.date_format(start, 'l, j F Y')}, {format_time(start)}–{format_time(end)} WIB"
    first = f"{formats.date_format(start, 'j F Y')} {format_time(start)}"
    return f"{first} – {formats.date_format(end, 'j F Y')} {format_time(end)} WIB"
