"""The portal's one house style for dates, times, numbers and durations, for pages, messages, PDFs and workbooks.

The Indonesian government convention, as in Dinas Sosial's own press releases: a date is "3 Desember 2026" (day,
full month name, year), a time is "11.00 WIB" (a dot between hours and minutes, the zone named), in prose "pukul
11.00 WIB"; numbers are grouped with dots ("1.502", "12.345.678") and decimals take a comma ("12,5"). Banten lies
wholly in WIB (UTC+7), so every moment is shown in Asia/Jakarta whatever the server's or the browser's zone.

Everything here follows the active language, so an English page says "3 December 2026" and "1,502"; the hour
stays "11.00 WIB" in both, as the office writes it. Templates get the same functions as filters (``templatetags``:
``date_long``, ``datetime_wib``, ``time_wib``, ``number``, ``duration_words``; ``{% load formatting %}``).
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _

WIB = ZoneInfo("Asia/Jakarta")
DASH = "—"


def local(moment: datetime) -> datetime:
    """The moment in WIB (naive datetimes are taken to be WIB already)."""
    if timezone.is_naive(moment):
        return moment.replace(tzinfo=WIB)
    return timezone.localtime(moment, WIB)


def format_date(value: date | datetime | None, *, weekday: bool = False) -> str:
    """'3 Desember 2026' ('Kamis, 3 Desember 2026' with ``weekday``); a datetime gives its WIB day; None a dash."""
    if value is None or value == "":
        return DASH
    if isinstance(value, datetime):
        value = local(value).date()
    return formats.date_format(value, "l, j F Y" if weekday else "j F Y")


def format_date_short(value: date | datetime | None) -> str:
    """'3 Des 2026', for table cells and chart axes where the full month does not fit."""
    if value is None or value == "":
        return DASH
    if isinstance(value, datetime):
        value = local(value).date()
    return formats.date_format(value, "j M Y")


def format_month(value: date | datetime | None) -> str:
    """'Desember 2026': a month of a year, as in the title of a disaster ('Banjir Tangerang Raya Desember 2026')."""
    if value is None or value == "":
        return DASH
    if isinstance(value, datetime):
        value = local(value).date()
    return formats.date_format(value, "F Y")


def format_clock(value: datetime | time) -> str:
    """'11.00' (hours and minutes in WIB, a dot between them); a time of day is taken as WIB already."""
    if isinstance(value, time):
        return value.strftime("%H.%M")
    return local(value).strftime("%H.%M")


def format_time(value: datetime | time | None) -> str:
    """'11.00 WIB'."""
    if value is None or value == "":
        return DASH
    return f"{format_clock(value)} WIB"


def format_datetime(value: datetime | None, *, prose: bool = False, weekday: bool = False) -> str:
    """'3 Desember 2026, 11.00 WIB' for cells and facts; with ``prose`` '3 Desember 2026 pukul 11.00 WIB'."""
    if value is None or value == "":
        return DASH
    if not isinstance(value, datetime):
        return format_date(value, weekday=weekday)  # a day without an hour
    day = format_date(value, weekday=weekday)
    if prose:
        return _("%(date)s at %(time)s") % {"date": day, "time": format_time(value)}
    return f"{day}, {format_time(value)}"


def format_period(start: date | datetime | None, end: date | datetime | None) -> str:
    """'3–5 Desember 2026' style ranges kept simple: '3 Desember 2026 – 5 Desember 2026', or 'since …'."""
    shown = format_datetime if isinstance(start, datetime) else format_date
    if start is None:
        return DASH
    if end is None:
        return _("since %(start)s") % {"start": shown(start)}
    return f"{shown(start)} – {shown(end)}"


def format_number(value, *, decimals: int | None = None) -> str:
    """'1.502', '12.345.678', '12,5' in Indonesian; None and '' print as a dash. Text is returned unchanged."""
    if value is None or value == "":
        return DASH
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    if decimals is None and isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if decimals is None and isinstance(value, float) and value.is_integer():
        value = int(value)
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_percent(value, *, decimals: int = 0) -> str:
    """'87 %' / '12,5 %' (the Indonesian style puts a space before the sign, as the statistics office does)."""
    if value is None or value == "":
        return DASH
    return f"{format_number(value, decimals=decimals)} %"


def _count(count: int, one: str, many: str) -> str:
    # Two messages rather than ngettext: Indonesian has one form, English two, and the catalogue tool merges msgids.
    return (one if count == 1 else many) % {"count": format_number(count)}


def format_duration(value: timedelta | int | float | None) -> str:
    """A duration in words: '15 menit', '1 jam 30 menit', '2 hari 3 jam'; seconds only under a minute.

    ``value`` is a timedelta or a number of seconds. At most the two largest units are named: '2 hari 3 jam',
    never '2 hari 3 jam 4 menit 5 detik', which nobody reading a lockout or a deadline needs.
    """
    if value is None or value == "":
        return DASH
    seconds = int(value.total_seconds() if isinstance(value, timedelta) else value)
    seconds = max(0, seconds)
    if seconds < 60:
        return _count(seconds, _("%(count)s second"), _("%(count)s seconds"))
    units = [
        (86400, lambda n: _count(n, _("%(count)s day"), _("%(count)s days"))),
        (3600, lambda n: _count(n, _("%(count)s hour"), _("%(count)s hours"))),
        (60, lambda n: _count(n, _("%(count)s minute"), _("%(count)s minutes"))),
    ]
    parts = []
    for size, word in units:
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(word(count))
        elif parts:
            break
        if len(parts) == 2:
            break
    return " ".join(parts)


def printed_line(moment: datetime | None = None) -> str:
    """'Dicetak pada 3 Desember 2026 pukul 11.00 WIB': the line at the foot of every document."""
    return _("Printed on %(moment)s") % {"moment": format_datetime(moment or timezone.now(), prose=True)}
