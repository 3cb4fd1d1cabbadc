"""The demo data: the 26 January 2026 flood coordination meeting and the 10 September 2025 KSB FGD."""

from datetime import date

import pytest

from banten_dinsos.accounts.services import users_seed_demo
from banten_dinsos.core.demo import demo_date
from clusters.services import clusters_seed_demo
from clusters.services.demo import demo_disaster, demo_title
from meetings.models import ActionItem, Meeting
from meetings.selectors import attendance_summary, input_round_overview
from meetings.services import meetings_seed_demo
from meetings.services.demo import FGD_TITLE, FLOOD_TITLE

from .conftest import wib

pytestmark = pytest.mark.django_db


def test_demo_loader_builds_both_meetings_with_the_quoted_counts_and_is_idempotent(reference_data, time_machine):
    time_machine.move_to(wib(2026, 2, 20, 9), tick=False)
    users_seed_demo()
    clusters_seed_demo()
    assert meetings_seed_demo() == {"created": 2, "total": 2}
    assert meetings_seed_demo() == {"created": 0, "total": 2}

    fgd = Meeting.objects.get(title=FGD_TITLE)
    assert fgd.held_on == demo_date(date(2025, 9, 10))
    assert "40 pengurus KSB dari 8 kabupaten/kota" in attendance_summary(meeting=fgd).sentences

    flood = Meeting.objects.get(title=FLOOD_TITLE)
    assert flood.held_on == demo_date(date(2026, 1, 26)) and flood.chair == "Gubernur Banten"
    assert flood.disaster == demo_disaster() and flood.disaster.title == demo_title()
    summary = attendance_summary(meeting=flood)
    assert summary.walk_ins == 1 and summary.absent == 1 and summary.represented == 2
    assert ActionItem.objects.filter(meeting=flood).overdue().count() == 1  # the pumps, due yesterday
    states = {row.agency.code: row.state for row in input_round_overview(input_round=flood.input_rounds.get())}
    assert states["dinkes-banten"] == "late" and states["bappeda-banten"] == "missing"
