"""The demo's calendar: the demo data tell one story, written with the dates of January 2026, and are moved so that
the story's "today" is the day the demo is loaded. On any date the demo flood started eleven days ago, is in tanggap
darurat, has reports through today, the flood meeting was two days ago, and the dashboard's 14-day charts have data.

Loaders write the story's dates (``date(2026, 1, 18)``) through ``demo_date``/``demo_datetime``, which add the
same shift everywhere, so the order of events and the gaps between them stay as written. Titles and texts that
name a month, a day or a year of the story write it through ``demo_month``/``demo_day``/``demo_year``, so the flood
of a demo loaded in March 2027 is "Banjir Tangerang Raya Maret 2027", not "Januari 2026".
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

from .formatting import format_date, format_month

WIB = ZoneInfo("Asia/Jakarta")
# The story's "today": the flood began on 17 January, the coordination meeting sat on the 26th, the latest field
# report comes in on the 28th.
STORY_TODAY = date(2026, 1, 28)


def demo_shift(*, story_today: date = STORY_TODAY) -> timedelta:
    """How far the story's dates move: from ``story_today`` to the real today (WIB)."""
    return timezone.localdate() - story_today


def demo_date(story_date: date, *, story_today: date = STORY_TODAY) -> date:
    return story_date + demo_shift(story_today=story_today)


def demo_datetime(story_moment: datetime, *, story_today: date = STORY_TODAY) -> datetime:
    """A story moment moved by whole days (the time of day stays)."""
    return story_moment + demo_shift(story_today=story_today)


def demo_at(story_day: int, hour: int, minute: int = 0, *, month: int = 1) -> datetime:
    """A moment of the story written as day and hour of January 2026 (WIB), moved to the real calendar."""
    return demo_datetime(datetime.combine(date(2026, month, story_day), time(hour, minute), tzinfo=WIB))


def demo_past(moment: datetime) -> datetime:
    """An observation or a record made today is never dated in the future (a demo loaded at 06.00 WIB)."""
    return min(moment, timezone.now() - timedelta(minutes=5))


def demo_month(story_date: date) -> str:
    """'Januari 2026' written as the month of the story's date on the real calendar, in Indonesian whatever the
    language of the loading command: demo titles are data ('Banjir Tangerang Raya Maret 2027')."""
    with translation.override("id"):
        return format_month(demo_date(story_date))


def demo_day(story_date: date) -> str:
    """'31 Januari 2026' moved to the real calendar, in Indonesian, for dates written inside demo texts."""
    with translation.override("id"):
        return format_date(demo_date(story_date))


def demo_year(story_date: date) -> int:
    """The year of the story's date on the real calendar (decree numbers of the demo: '360/Kep.18-Huk/2027')."""
    return demo_date(story_date).year
