"""The demo's calendar: the demo data tell one story, written with the dates of January 2026, and are moved so that
the story's "today" is the day the demo is loaded. On any date the demo flood started eleven days ago, is in tanggap
darurat, has reports through today, the flood meeting was two days ago, and the dashboard's 14-day charts have data.

Loaders write the story's dates (``date(2026, 1, 18)``) through ``demo_date``/``demo_datetime``, which add the
same shift everywhere, so the order of events and the gaps between them stay as written.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

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
