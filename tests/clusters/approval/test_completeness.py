"""Reporting completeness on a worked example computed by hand: a two-level disaster over 2 kab/kota and
5 kecamatan, followed for 3 days against its 16.00 WIB deadline; then the reminders to the late kab/kota.

    Kota Tangerang (36.71): Tangerang 36.71.01, Karawaci 36.71.07, Periuk 36.71.08
    Tangerang Selatan (36.74): Serpong 36.74.01, Pondok Aren 36.74.03

    day 18   Periuk      sent 10.00, approved 11.00          on time
             Karawaci    sent 15.30, approved 17.00          on time (sent before the deadline)
             Tangerang   nothing                             late
             Pondok Aren sent 17.30, approved 18.00          reported after the deadline (complete)
             Serpong     a desa report sent 09.00, never approved        late
             -> Kota Tangerang 2/3 = 66,7 %; Tangerang Selatan 1/2 = 50,0 %
    day 19   Periuk      sent 09.00, approved, verified      on time
             Karawaci    sent 10.00, returned                late
             Tangerang   sent 12.00, approved 13.00          on time
             Pondok Aren sent 08.00, approved                on time
             Serpong     sent 09.00, approved, withdrawn     late
             -> 2/3 = 66,7 %; 1/2 = 50,0 %
    day 20 at 15.00 (before the deadline)
             Periuk      sent 14.00, approved 14.30          on time
             Karawaci    sent 14.50, not approved yet        waiting
             Tangerang, Pondok Aren: nothing                 not due yet
             Serpong     sent 10.00, approved                on time
             -> 1/3 = 33,3 %; 1/2 = 50,0 %
    day 20 at 16.30: Karawaci, Tangerang and Pondok Aren are late; percentages unchanged.
"""

from datetime import date, datetime

import pytest
import time_machine

from banten_dinsos.notifications.models import Alert, AlertKind
from clusters.approval_selectors import reporting_completeness
from clusters.services import (
    field_report_return,
    field_report_verify,
    field_report_withdraw,
)
from clusters.services.reporting import reporting_reminders_send

from ..conftest import WIB
from .conftest import percents, statuses

pytestmark = pytest.mark.django_db

TANGERANG, KARAWACI, PERIUK = "36.71.01", "36.71.07", "36.71.08"
SERPONG, PONDOK_AREN, CIATER = "36.74.01", "36.74.03", "36.74.01.1001"


def wib(day, hour, minute=0):
    return datetime(2026, 1, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def world(staf, reporting_days):
    days = reporting_days("Banjir Contoh Kelengkapan", kecamatan=[TANGERANG, KARAWACI, PERIUK, SERPONG, PONDOK_AREN])
    disaster = days.disaster
    send, approve = days.send, days.approve

    # Day 18
    approve(send(PERIUK, 18, 10), 18, 11)
    approve(send(KARAWACI, 18, 15, 30), 18, 17)
    approve(send(PONDOK_AREN, 18, 17, 30), 18, 18)
    send(CIATER, 18, 9)
    # Day 19
    with time_machine.travel(wib(19, 12), tick=False):
        field_report_verify(user=staf, report=approve(send(PERIUK, 19, 9), 19, 10))
        field_report_return(user=days.approvers["36.71"], report=send(KARAWACI, 19, 10), reason="Cek lagi.")
    approve(send(TANGERANG, 19, 12), 19, 13)
    approve(send(PONDOK_AREN, 19, 8), 19, 9)
    serpong = approve(send(SERPONG, 19, 9), 19, 10)
    with time_machine.travel(wib(19, 11), tick=False):
        field_report_withdraw(user=days.officers["36.74"], report=serpong)
    # Day 20, until 15.00
    approve(send(PERIUK, 20, 14), 20, 14, 30)
    send(KARAWACI, 20, 14, 50)
    approve(send(SERPONG, 20, 10), 20, 11)
    return disaster


def test_day_18_by_hand(world, staf):
    table = reporting_completeness(user=staf, disaster=world, day=date(2026, 1, 18), now=wib(21, 8))
    assert statuses(table) == {
        "36.71": [(TANGERANG, "late"), (KARAWACI, "on_time"), (PERIUK, "on_time")],
        "36.74": [(SERPONG, "late"), (PONDOK_AREN, "reported_late")],
    }
    assert percents(table) == {"36.71": 66.7, "36.74": 50.0}
    assert [row.complete for row in table] == [2, 1] and [row.expected for row in table] == [3, 2]


def test_day_19_by_hand(world, staf):
    table = reporting_completeness(user=staf, disaster=world, day=date(2026, 1, 19), now=wib(21, 8))
    assert statuses(table) == {
        "36.71": [(TANGERANG, "on_time"), (KARAWACI, "late"), (PERIUK, "on_time")],
        "36.74": [(SERPONG, "late"), (PONDOK_AREN, "on_time")],
    }
    assert percents(table) == {"36.71": 66.7, "36.74": 50.0}


def test_day_20_before_and_after_the_deadline(world, staf):
    before = reporting_completeness(user=staf, disaster=world, day=date(2026, 1, 20), now=wib(20, 15))
    assert statuses(before) == {
        "36.71": [(TANGERANG, "not_due"), (KARAWACI, "waiting"), (PERIUK, "on_time")],
        "36.74": [(SERPONG, "on_time"), (PONDOK_AREN, "not_due")],
    }
    assert percents(before) == {"36.71": 33.3, "36.74": 50.0}
    after = reporting_completeness(user=staf, disaster=world, day=date(2026, 1, 20), now=wib(20, 16, 30))
    assert statuses(after) == {
        "36.71": [(TANGERANG, "late"), (KARAWACI, "late"), (PERIUK, "on_time")],
        "36.74": [(SERPONG, "on_time"), (PONDOK_AREN, "late")],
    }
    assert percents(after) == percents(before)


def test_an_officer_sees_only_their_kabkota(world, petugas_tangsel):
    table = reporting_completeness(user=petugas_tangsel, disaster=world, day=date(2026, 1, 18), now=wib(21, 8))
    assert [row.code for row in table] == ["36.74"]


def test_completeness_is_a_fixed_number_of_queries(world, staf, django_assert_num_queries):
    world = type(world).objects.prefetch_related("affected_kabkota", "affected_kecamatan").get(pk=world.pk)
    # The reports of the day (1); kab/kota and kecamatan come prefetched with the disaster.
    with django_assert_num_queries(1):
        reporting_completeness(user=staf, disaster=world, day=date(2026, 1, 18), now=wib(21, 8))


def test_reminders_after_the_deadline_go_to_each_late_kabkota_once(
    world, petugas_kota_tangerang, koordinator_kota_tangerang, petugas_tangsel, staf
):
    with time_machine.travel(wib(20, 15), tick=False):
        assert reporting_reminders_send() == 0, "before 16.00 nobody is late"
    with time_machine.travel(wib(20, 16, 30), tick=False):
        assert reporting_reminders_send() == 2
        assert reporting_reminders_send() == 2, "a second run finds the same reminders"
    alerts = Alert.objects.filter(kind=AlertKind.REPORTING_LATE).order_by("kabkota_codes")
    assert alerts.count() == 2
    kota, tangsel = alerts
    assert kota.title == "Laporan harian terlambat: Kota Tangerang, Banjir Contoh Kelengkapan"
    assert kota.body == "Belum ada laporan yang disetujui untuk 20-01-2026 sampai 16.00 WIB dari: Tangerang, Karawaci."
    assert set(kota.deliveries.values_list("recipient__username", flat=True)) == {
        "petugas.kota-tangerang",
        "koordinator.kota-tangerang",
    }
    assert "Pondok Aren" in tangsel.body
    assert not kota.deliveries.filter(recipient=staf).exists()
