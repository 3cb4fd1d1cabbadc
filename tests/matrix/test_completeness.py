"""The table covers the URLconf exactly: a new URL pattern without a row fails, and so does a row left behind."""

from collections import Counter

from .spec import ANON
from .walker import format_suffix_patterns, url_patterns
from .world import all_rows


def test_every_url_pattern_has_a_row():
    rows = {row.name for row in all_rows()}
    missing = sorted(f"{p.key}  ({p.route})" for p in url_patterns() if p.key not in rows)
    assert not missing, f"{len(missing)} URL pattern(s) without a row in tests/matrix/rows_*.py:\n" + "\n".join(missing)


def test_every_row_names_an_existing_url_pattern():
    keys = {p.key for p in url_patterns()}
    stale = sorted(row.name for row in all_rows() if row.name not in keys)
    assert not stale, "rows for URL patterns that no longer exist:\n" + "\n".join(stale)


def test_one_row_per_url_pattern():
    twice = [name for name, count in Counter(row.name for row in all_rows()).items() if count > 1]
    assert not twice, f"URL patterns with more than one row: {twice}"
    names = Counter(p.key for p in url_patterns())
    shared = [key for key, count in names.items() if count > 1]
    assert not shared, f"URL names used by more than one route (a row could not tell them apart): {shared}"


def test_format_suffix_twins_share_their_base_row():
    """DRF format-suffix routes (``.json``) run the same view as their base pattern, whose row covers them."""
    rows = {row.name for row in all_rows()}
    orphans = sorted(p.route for p in format_suffix_patterns() if p.key not in rows)
    assert not orphans, f"format-suffix routes whose base pattern has no row: {orphans}"


def test_every_row_asks_the_anonymous_visitor_something():
    """A row that never sends an unauthenticated request would not show a page left open to the world."""
    silent = sorted(row.name for row in all_rows() if all(answers[ANON] == "-" for answers in row.answers.values()))
    assert not silent, f"rows that never ask as anonymous: {silent}"
