"""Reports received per day (the dashboard's chart): kept by the submit and edit services, equal to a rebuild from
the reports and to the live count, and read by the dashboard in one small query."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from clusters.models import FieldReport, ReportDayCount
from clusters.read_models import cluster_status_rebuild
from clusters.selectors import disaster_list, reports_received_per_day
from clusters.services import field_report_return, field_report_submit, field_report_update

from .conftest import KARAWACI, PERIUK, PONDOK_AREN

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def kept(disaster_id: int) -> list[tuple]:
    return sorted(
        ReportDayCount.objects.filter(disaster_id=disaster_id).exclude(n=0).values_list("kabkota_id", "day", "n")
    )


def live(disaster_id: int) -> list[tuple]:
    counts: dict[tuple, int] = {}
    for kabkota, submitted in FieldReport.objects.filter(
        disaster_id=disaster_id, submitted_at__isnull=False
    ).values_list("kabkota_id", "submitted_at"):
        key = (kabkota, submitted.astimezone(WIB).date())
        counts[key] = counts.get(key, 0) + 1
    return sorted((kabkota, day, n) for (kabkota, day), n in counts.items())


def test_submit_return_and_resubmit_move_the_report_to_its_new_day(
    flood, staf, petugas_kota_tangerang, petugas_tangsel, report_of, time_machine
):
    time_machine.move_to(datetime(2026, 1, 18, 23, 30, tzinfo=WIB), tick=False)
    report_of(petugas_kota_tangerang, flood, PERIUK, state="submitted")
    returned = report_of(petugas_kota_tangerang, flood, KARAWACI, state="submitted")
    report_of(petugas_tangsel, flood, PONDOK_AREN, state="verified")
    report_of(petugas_kota_tangerang, flood, PERIUK, state="draft")  # not received: no count
    assert kept(flood.pk) == [("36.71", datetime(2026, 1, 18).date(), 2), ("36.74", datetime(2026, 1, 18).date(), 1)]

    field_report_return(user=staf, report=returned, reason="Periksa angka")
    time_machine.move_to(datetime(2026, 1, 19, 0, 30, tzinfo=WIB), tick=False)  # after midnight WIB (17.30 UTC)
    returned = field_report_update(
        user=petugas_kota_tangerang, report=FieldReport.objects.get(pk=returned.pk), data={"displaced": 5}
    )
    field_report_submit(user=petugas_kota_tangerang, report=returned)

    day_18, day_19 = datetime(2026, 1, 18).date(), datetime(2026, 1, 19).date()
    assert kept(flood.pk) == live(flood.pk) == [("36.71", day_18, 1), ("36.71", day_19, 1), ("36.74", day_18, 1)]
    before = kept(flood.pk)
    cluster_status_rebuild(disaster_ids=[flood.pk])
    assert kept(flood.pk) == before


def test_the_dashboard_reads_the_kept_counts_in_the_users_scope(
    flood, staf, petugas_kota_tangerang, petugas_tangsel, report_of, django_assert_num_queries
):
    report_of(petugas_kota_tangerang, flood, PERIUK, state="submitted")
    report_of(petugas_kota_tangerang, flood, KARAWACI, state="submitted")
    report_of(petugas_tangsel, flood, PONDOK_AREN, state="submitted")
    today = FieldReport.objects.filter(disaster=flood).first().submitted_at.astimezone(WIB).date()
    active = disaster_list(user=staf, filters={"active": True})
    with django_assert_num_queries(1):  # one GROUP BY over the kept rows, whatever the number of reports
        assert reports_received_per_day(user=staf, disasters=active, since=today) == {today: 3}
    assert reports_received_per_day(user=staf, disasters=active, kabkota="36.74", since=today) == {today: 1}
    own = disaster_list(user=petugas_tangsel, filters={"active": True})
    assert reports_received_per_day(user=petugas_tangsel, disasters=own, since=today) == {today: 1}
