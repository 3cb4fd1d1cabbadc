"""The demo is dated relative to the day it is loaded: on any date the flood began days ago, is in tanggap darurat,
has reports through today, and every module has records; the dashboard's 14-day charts have data."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from ..rolledback import rolled_back_after_module

WIB = ZoneInfo("Asia/Jakarta")
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded_on_another_day(django_db_setup, django_db_blocker):
    """seed_demo as `make run` runs it, on 15 March 2027 at 10.00 WIB (not the story's January 2026); loaded once
    for the module inside a transaction rolled back at the end (it takes a while)."""
    with rolled_back_after_module(django_db_blocker, _seed_on_15_march_2027):
        yield date(2027, 3, 15)


def _seed_on_15_march_2027():
    with time_machine.travel(datetime(2027, 3, 15, 10, 0, tzinfo=WIB), tick=True):
        call_command("seed_demo", force=True, stdout=StringIO())


def test_demo_flood_started_days_ago_and_reports_run_through_today(seeded_on_another_day):
    from clusters.models import EmergencyStatus, FieldReport
    from clusters.services.demo import demo_disaster

    today = seeded_on_another_day
    flood = demo_disaster()
    # Named after the month it began on the real calendar, in Indonesian, not the story's January 2026.
    assert flood.title == "Banjir Tangerang Raya Maret 2027"
    assert flood.decree_number == "360/Kep.18-Huk/2027 (contoh)"
    assert flood.status == EmergencyStatus.TANGGAP
    assert today - timedelta(days=14) < flood.started_on < today
    observed = sorted(
        timezone.localtime(moment).date() for moment in FieldReport.objects.values_list("observed_at", flat=True)
    )
    assert observed[-1] == today
    assert all(day <= today for day in observed)
    seeded_at = datetime(2027, 3, 15, 10, 5, tzinfo=WIB)
    assert not FieldReport.objects.filter(observed_at__gt=seeded_at).exists()


def test_every_module_has_demo_records(seeded_on_another_day):
    from health.models import Consultation
    from infrastructure.models import AccessStatus
    from jitupasna.models import Assessment
    from ksb_volunteers.models import Deployment
    from logistics.models import StockRequest
    from meetings.models import Meeting
    from pmks_registry.models import Client
    from shelters.models import Evacuee, LdpPost, LdpReferral, LdpSession, OccupancyCount

    today = seeded_on_another_day
    for model in (Evacuee, LdpPost, LdpSession, LdpReferral, Consultation, AccessStatus, Assessment, Deployment):
        assert model.objects.exists(), model.__name__
    assert StockRequest.objects.exists() and Meeting.objects.exists() and Client.objects.exists()
    assert LdpSession.objects.filter(held_on=today).exists()
    assert (
        Evacuee.objects.filter(status="di_pengungsian").count()
        > Evacuee.objects.exclude(status="di_pengungsian").count()
    )
    latest = OccupancyCount.objects.order_by("-observed_at").first()
    assert timezone.localtime(latest.observed_at).date() == today
    flood_meeting = Meeting.objects.order_by("-starts_at").first()
    assert timezone.localtime(flood_meeting.starts_at).date() == today - timedelta(days=2)


def test_dashboard_charts_have_data_for_the_last_14_days_on_any_date(seeded_on_another_day):
    from banten_dinsos.accounts.models import User
    from banten_dinsos.dashboard.selectors import dashboard_data, dashboard_filters

    with time_machine.travel(datetime(2027, 3, 15, 11, 0, tzinfo=WIB), tick=True):
        staf = User.objects.get(username="staf.provinsi")
        data = dashboard_data(user=staf, filters=dashboard_filters(user=staf, params={}), use_cache=False)
    chart = data["chart"]
    assert len(chart["days"]) == 14
    assert sum(chart["reports"]) >= 10
    assert sum(1 for count in chart["reports"] if count) >= 6, chart["reports"]
    per_day = [sum(dataset["data"][index] or 0 for dataset in chart["displaced"]) for index in range(14)]
    assert sum(1 for people in per_day if people) >= 10, per_day
    assert per_day[-1] > 0, per_day  # today's headcounts


def test_seed_demo_prints_the_logins_as_a_table(seeded_on_another_day):
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out)
    text = out.getvalue()
    assert "{'" not in text  # no raw Python dict
    lines = text.splitlines()
    header = next(line for line in lines if line.strip().startswith("Username"))
    assert "Role" in header and "Password" in header
    staf_line = next(line for line in lines if line.strip().startswith("staf.provinsi "))
    assert "demo-banten" in staf_line
    assert sum(1 for line in lines if line.strip().startswith("petugas.")) == 8
