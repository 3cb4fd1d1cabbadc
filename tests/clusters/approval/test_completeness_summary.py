"""Reporting completeness as a summary (the dashboard's panel): the day's reports counted per area by the database
give the same statuses and percentages as reading them one by one, per desa and per kecamatan, on the worked
example of ``test_completeness_desa``."""

from datetime import date

import pytest

from clusters.approval_selectors import reporting_completeness
from clusters.models import ReportingLevel

from .test_completeness_desa import DAY_18, DAY_19, DAY_20_AFTER, DAY_20_AT_15, percents, statuses, wib, world

pytestmark = pytest.mark.django_db
__all__ = ["world"]  # the fixture, shared with the worked example

MOMENTS = [
    (date(2026, 1, 18), wib(21, 8), DAY_18),
    (date(2026, 1, 19), wib(21, 8), DAY_19),
    (date(2026, 1, 20), wib(20, 15), DAY_20_AT_15),
    (date(2026, 1, 20), wib(20, 16, 30), DAY_20_AFTER),
]


@pytest.mark.parametrize("level", [ReportingLevel.DESA, ReportingLevel.KECAMATAN])
def test_the_summary_counts_as_the_reports_read_one_by_one(world, staf, level, django_assert_max_num_queries):
    world.reporting_level = level
    world.save(update_fields=["reporting_level"])
    for day, now, by_hand in MOMENTS:
        full = reporting_completeness(user=staf, disaster=world, day=day, now=now)
        with django_assert_max_num_queries(6):
            summary = reporting_completeness(user=staf, disaster=world, day=day, now=now, with_report_ids=False)
        assert statuses(summary) == statuses(full)
        assert percents(summary) == percents(full)
        assert [len(row.late) for row in summary] == [len(row.late) for row in full]
        assert all(area.report_ids == [] for row in summary for area in row.areas)
        if level == ReportingLevel.DESA:
            assert statuses(summary) == by_hand
