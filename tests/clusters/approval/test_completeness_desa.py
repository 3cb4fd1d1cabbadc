"""Reporting completeness of a disaster declared at desa level, on a worked example computed by hand: a two-level
disaster (the kab/kota approves, the province verifies: the last level) over 2 kab/kota, 2 kecamatan and 5 desa,
followed for 3 days against its 16.00 WIB deadline; a desa counts once a report of its own is verified.

    Kota Tangerang (36.71), kecamatan Periuk 36.71.08: desa Periuk .1001, Gembor .1002, Gebang Raya .1003
    Tangerang Selatan (36.74), kecamatan Serpong 36.74.01: desa Ciater .1001, Rawabuntu .1002

    day 18   Periuk       sent 09.00, approved 10.00, verified 11.00         on time
             Gembor       sent 15.00, approved 16.30, verified 17.00         on time (sent before the deadline)
             Gebang Raya  nothing                                            late
             Ciater       sent 10.00, approved 11.00, never verified         late (not at the last level)
             Rawabuntu    sent 17.00, approved 17.30, verified 18.00         reported after the deadline (complete)
             (a report for the whole kecamatan Serpong, verified, counts for none of its desa)
             -> Kota Tangerang 2/3 = 66,7 %; Tangerang Selatan 1/2 = 50,0 %
    day 19   Periuk       sent 08.00, returned by the kab/kota               late
             Gembor       sent 09.00, approved, verified                     on time
             Gebang Raya  sent 16.15, approved, verified                     reported after the deadline
             Ciater       sent 11.00, approved, verified                     on time
             Rawabuntu    sent 14.00, approved, verified                     on time
             -> 2/3 = 66,7 %; 2/2 = 100,0 %
    day 20 at 15.00 (before the deadline)
             Periuk       sent 14.00, not approved yet                       waiting
             Gembor       sent 13.00, approved 14.00, verified 14.30         on time
             Gebang Raya  nothing                                            not due yet
             Ciater       sent 10.00, approved 11.00, not verified yet       waiting
             Rawabuntu    nothing                                            not due yet
             -> 1/3 = 33,3 %; 0/2 = 0,0 %
    day 20 at 16.30: Periuk, Gebang Raya, Ciater and Rawabuntu are late; percentages unchanged; the reminders name
             them, each with its kecamatan.
"""

import re
from datetime import date

import pytest
import time_machine

from banten_dinsos.notifications.models import Alert, AlertKind
from banten_dinsos.regions.models import Region
from clusters.approval_selectors import reporting_completeness
from clusters.models import Disaster, EmergencyStatus, ReportingLevel
from clusters.services import (
    field_report_return,
)
from clusters.services.reporting import reporting_reminders_send

from ..conftest import at as wib
from .conftest import percents, statuses

pytestmark = pytest.mark.django_db

PERIUK_KEC, SERPONG = "36.71.08", "36.74.01"
PERIUK, GEMBOR, GEBANG_RAYA = "36.71.08.1001", "36.71.08.1002", "36.71.08.1003"
CIATER, RAWABUNTU = "36.74.01.1001", "36.74.01.1002"


@pytest.fixture
def world(reporting_days):
    days = reporting_days(
        "Banjir Contoh Per Desa",
        kecamatan=[PERIUK_KEC, SERPONG],
        affected_desa=Region.objects.filter(code__in=[PERIUK, GEMBOR, GEBANG_RAYA, CIATER, RAWABUNTU]),
        reporting_level=ReportingLevel.DESA,
    )
    disaster = days.disaster
    send, approve, verify = days.send, days.approve, days.verify

    # Day 18
    verify(approve(send(PERIUK, 18, 9), 18, 10), 18, 11)
    verify(approve(send(GEMBOR, 18, 15), 18, 16, 30), 18, 17)
    approve(send(CIATER, 18, 10), 18, 11)
    verify(approve(send(RAWABUNTU, 18, 17), 18, 17, 30), 18, 18)
    verify(approve(send(SERPONG, 18, 9), 18, 9, 30), 18, 10)
    # Day 19
    returned = send(PERIUK, 19, 8)
    with time_machine.travel(wib(19, 9), tick=False):
        field_report_return(user=days.approvers["36.71"], report=returned, reason="Jumlah KK belum sesuai.")
    verify(approve(send(GEMBOR, 19, 9), 19, 9, 30), 19, 10)
    verify(approve(send(GEBANG_RAYA, 19, 16, 15), 19, 16, 30), 19, 17)
    verify(approve(send(CIATER, 19, 11), 19, 11, 30), 19, 12)
    verify(approve(send(RAWABUNTU, 19, 14), 19, 14, 30), 19, 15)
    # Day 20, until 15.00
    send(PERIUK, 20, 14)
    verify(approve(send(GEMBOR, 20, 13), 20, 14), 20, 14, 30)
    approve(send(CIATER, 20, 10), 20, 11)
    return disaster


DAY_18 = {
    "36.71": [(PERIUK, "on_time"), (GEMBOR, "on_time"), (GEBANG_RAYA, "late")],
    "36.74": [(CIATER, "late"), (RAWABUNTU, "reported_late")],
}
DAY_19 = {
    "36.71": [(PERIUK, "late"), (GEMBOR, "on_time"), (GEBANG_RAYA, "reported_late")],
    "36.74": [(CIATER, "on_time"), (RAWABUNTU, "on_time")],
}
DAY_20_AT_15 = {
    "36.71": [(PERIUK, "waiting"), (GEMBOR, "on_time"), (GEBANG_RAYA, "not_due")],
    "36.74": [(CIATER, "waiting"), (RAWABUNTU, "not_due")],
}
DAY_20_AFTER = {
    "36.71": [(PERIUK, "late"), (GEMBOR, "on_time"), (GEBANG_RAYA, "late")],
    "36.74": [(CIATER, "late"), (RAWABUNTU, "late")],
}


def test_day_18_by_hand(world, staf):
    table = reporting_completeness(user=staf, disaster=world, day=date(2026, 1, 18), now=wib(21, 8))
    assert statuses(table) == DAY_18
    assert percents(table) == {"36.71": 66.7, "36.74": 50.0}
    assert [(row.complete, row.expected) for row in table] == [(2, 3), (1, 2)]
    tangsel = table[1]
    # Ciater lists its own report (approved, waiting for the province); the verified kecamatan-wide report of
    # Serpong is listed under no desa.
    ciater = tangsel.areas[0]
    assert len(ciater.report_ids) == 1 and ciater.report_ids[0] not in tangsel.areas[1].report_ids
    assert [(group.code, group.name, group.complete, group.expected) for group in tangsel.kecamatan] == [
        (SERPONG, "Serpong", 1, 2)
    ]
    assert [area.label for area in tangsel.areas] == ["Ciater (Serpong)", "Rawabuntu (Serpong)"]


def test_day_19_by_hand(world, staf):
    table = reporting_completeness(user=staf, disaster=world, day=date(2026, 1, 19), now=wib(21, 8))
    assert statuses(table) == DAY_19
    assert percents(table) == {"36.71": 66.7, "36.74": 100.0}
    assert table[0].areas[0].report_ids == [], "a returned report is no report for the day"


def test_day_20_before_and_after_the_deadline(world, staf):
    before = reporting_completeness(user=staf, disaster=world, day=date(2026, 1, 20), now=wib(20, 15))
    assert statuses(before) == DAY_20_AT_15
    assert percents(before) == {"36.71": 33.3, "36.74": 0.0}
    after = reporting_completeness(user=staf, disaster=world, day=date(2026, 1, 20), now=wib(20, 16, 30))
    assert statuses(after) == DAY_20_AFTER
    assert percents(after) == percents(before)
    assert [area.label for row in after for area in row.late] == [
        "Periuk (Periuk)",
        "Gebang Raya (Periuk)",
        "Ciater (Serpong)",
        "Rawabuntu (Serpong)",
    ]


def test_the_same_reports_per_kecamatan_count_as_today(world, staf):
    """Switched to kecamatan level, the same reports count as before the choice existed: a desa's report approved by
    the kab/kota counts for its kecamatan, and so does the verified report of the whole kecamatan."""
    world.reporting_level = ReportingLevel.KECAMATAN
    world.save(update_fields=["reporting_level"])
    table = reporting_completeness(user=staf, disaster=world, day=date(2026, 1, 18), now=wib(21, 8))
    assert statuses(table) == {"36.71": [(PERIUK_KEC, "on_time")], "36.74": [(SERPONG, "on_time")]}


def test_a_desa_level_disaster_without_declared_desa_expects_every_desa_of_its_kecamatan(world, staf):
    world.affected_desa.remove(*Region.objects.filter(code__in=[CIATER, RAWABUNTU]))
    table = reporting_completeness(user=staf, disaster=world, day=date(2026, 1, 18), now=wib(21, 8))
    serpong_desa = list(Region.objects.filter(parent_id=SERPONG).order_by("code").values_list("code", flat=True))
    assert len(serpong_desa) == 9
    assert [area.code for area in table[1].areas] == serpong_desa
    assert (table[1].complete, table[1].expected, table[1].percent) == (1, 9, 11.1)
    assert statuses(table)["36.71"] == DAY_18["36.71"]


def test_an_officer_sees_only_their_kabkota(world, petugas_tangsel):
    table = reporting_completeness(user=petugas_tangsel, disaster=world, day=date(2026, 1, 18), now=wib(21, 8))
    assert statuses(table) == {"36.74": DAY_18["36.74"]}


def test_desa_completeness_is_a_fixed_number_of_queries(world, staf, django_assert_num_queries):
    world = Disaster.objects.prefetch_related("affected_kabkota", "affected_kecamatan").get(pk=world.pk)
    # The desa of the expected kecamatan, each marked declared or not (1), and the reports of the day (1).
    with django_assert_num_queries(2):
        table = reporting_completeness(user=staf, disaster=world, day=date(2026, 1, 18), now=wib(21, 8))
    assert statuses(table) == DAY_18


def test_api_gives_each_desa_under_its_kecamatan_and_the_percent_per_kabkota(world, api_as, staf):
    response = api_as(staf).get(f"/api/v1/field-reports/completeness/?disaster={world.pk}&date=2026-01-18")
    assert response.status_code == 200
    data = response.json()
    assert (data["reporting_level"], data["deadline"]) == ("desa", "16.00 WIB")
    rows = {row["code"]: row for row in data["kabkota"]}
    assert {code: [(area["code"], area["status"]) for area in row["areas"]] for code, row in rows.items()} == DAY_18
    assert {code: (row["complete"], row["expected"], row["percent"]) for code, row in rows.items()} == {
        "36.71": (2, 3, 66.7),
        "36.74": (1, 2, 50.0),
    }
    assert {area["kecamatan_code"] for area in rows["36.71"]["areas"]} == {PERIUK_KEC}
    assert rows["36.74"]["kecamatan"] == [
        {"code": SERPONG, "name": "Serpong", "expected": 2, "complete": 1, "late": 1, "percent": 50.0}
    ]
    day_19 = api_as(staf).get(f"/api/v1/field-reports/completeness/?disaster={world.pk}&date=2026-01-19").json()
    assert [row["percent"] for row in day_19["kabkota"]] == [66.7, 100.0]


def test_api_scoping(world, api_as, petugas_tangsel, petugas_kota_serang):
    url = f"/api/v1/field-reports/completeness/?disaster={world.pk}&date=2026-01-18"
    own = api_as(petugas_tangsel).get(url).json()
    assert [row["code"] for row in own["kabkota"]] == ["36.74"]
    assert [area["code"] for area in own["kabkota"][0]["areas"]] == [CIATER, RAWABUNTU]
    assert api_as(petugas_kota_serang).get(url).status_code == 404


def page_statuses(html: str, kabkota: str) -> list[tuple[str, str]]:
    section = html.split(f'id="kabkota-{kabkota}"')[1].split("</section>")[0]
    return re.findall(r'data-area="([\d.]+)" data-status="(\w+)"', section)


def test_page_groups_desa_under_their_kecamatan(world, page_as, staf, petugas_tangsel, petugas_kota_serang):
    page = page_as(staf).get(f"/bencana/{world.pk}/kelengkapan/?tanggal=2026-01-18")
    assert page.status_code == 200
    html = page.text
    for code, expected in DAY_18.items():
        assert page_statuses(html, code) == expected
    kota = html.split('id="kabkota-36.71"')[1].split("</section>")[0]
    assert "66,7%" in kota and "2 dari 3 desa/kelurahan lengkap" in kota
    assert 'id="kecamatan-36.71.08"' in kota and "Kecamatan Periuk" in kota
    assert kota.index("Kecamatan Periuk") < kota.index("Gebang Raya")
    assert "50,0%" in html.split('id="kabkota-36.74"')[1].split("</section>")[0]
    assert "dilaporkan per desa" in html
    officer = page_as(petugas_tangsel).get(f"/bencana/{world.pk}/kelengkapan/?tanggal=2026-01-18").text
    assert 'id="kabkota-36.71"' not in officer and "Gebang Raya" not in officer
    assert page_statuses(officer, "36.74") == DAY_18["36.74"]
    assert page_as(petugas_kota_serang).get(f"/bencana/{world.pk}/kelengkapan/").status_code == 404


def test_reminders_name_the_late_desa_to_their_own_kabkota(world, staf, petugas_kota_tangerang, petugas_tangsel):
    with time_machine.travel(wib(20, 15), tick=False):
        assert reporting_reminders_send() == 0, "before 16.00 nobody is late"
    with time_machine.travel(wib(20, 16, 30), tick=False):
        assert reporting_reminders_send() == 2
    kota, tangsel = Alert.objects.filter(kind=AlertKind.REPORTING_LATE).order_by("kabkota_codes")
    assert kota.body == (
        "Belum ada laporan yang disetujui untuk 20-01-2026 sampai 16.00 WIB dari: "
        "Periuk (Periuk), Gebang Raya (Periuk)."
    )
    assert tangsel.body.endswith("dari: Ciater (Serpong), Rawabuntu (Serpong).")
    assert tangsel.payload["late"] == ["Ciater (Serpong)", "Rawabuntu (Serpong)"]
    assert set(kota.deliveries.values_list("recipient__username", flat=True)) >= {"petugas.kota-tangerang"}
    assert not kota.deliveries.filter(recipient=petugas_tangsel).exists()
    assert not tangsel.deliveries.filter(recipient=petugas_kota_tangerang).exists()


def test_staff_declare_a_desa_level_disaster_over_the_api(api_as, staf, petugas_kota_tangerang):
    body = {
        "disaster_type": "101",
        "title": "Banjir Periuk Per Desa",
        "started_on": "2026-01-17",
        "affected_kabkota": ["36.71"],
        "affected_kecamatan": [PERIUK_KEC],
        "affected_desa": [GEMBOR, PERIUK],
        "reporting_level": "desa",
    }
    refused = api_as(staf).post("/api/v1/disasters/", {**body, "affected_desa": [GEMBOR, CIATER]}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["affected_desa"] == ["Berikut bukan desa/kelurahan di kecamatan terdampak: Ciater."]
    created = api_as(staf).post("/api/v1/disasters/", body, format="json")
    assert created.status_code == 201
    data = created.json()
    assert (data["reporting_level"], data["affected_desa"]) == ("desa", [PERIUK, GEMBOR])
    patched = api_as(staf).patch(
        f"/api/v1/disasters/{data['id']}/", {"reporting_level": "kecamatan", "affected_desa": []}, format="json"
    )
    assert patched.status_code == 200 and (patched.json()["reporting_level"], patched.json()["affected_desa"]) == (
        "kecamatan",
        [],
    )
    assert api_as(petugas_kota_tangerang).post("/api/v1/disasters/", body, format="json").status_code == 403


def test_staff_declare_a_desa_level_disaster_from_the_page(page_as, staf):
    browser = page_as(staf)
    form = browser.get("/bencana/baru/").text
    assert 'name="reporting_level"' in form and 'name="affected_desa"' in form and "Tingkat pelaporan" in form
    response = browser.post(
        "/bencana/baru/",
        {
            "disaster_type": "101",
            "title": "Banjir Serpong Per Desa",
            "started_on": "2026-01-17",
            "affected_kabkota": ["36.74"],
            "affected_kecamatan": [SERPONG],
            "affected_desa": [CIATER],
            "reporting_level": "desa",
            "status": EmergencyStatus.TANGGAP,
        },
    )
    assert response.status_code == 302
    disaster = Disaster.objects.get(title="Banjir Serpong Per Desa")
    assert disaster.reports_per_desa and list(disaster.affected_desa.values_list("code", flat=True)) == [CIATER]
    detail = browser.get(f"/bencana/{disaster.pk}/").text
    assert "dilaporkan per desa" in detail and "Ciater" in detail


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_reads_the_desa_completeness_on_a_phone(world, browser_login, live_server):
    """In a real Chromium at 390×844: the officer of Tangerang Selatan sees their kecamatan with its desa and their
    states, nothing of Kota Tangerang, and the page does not scroll sideways."""
    phone = browser_login("petugas.kota-tangerang-selatan", {"width": 390, "height": 844})
    phone.goto(f"{live_server.url}/bencana/{world.pk}/kelengkapan/?tanggal=2026-01-18")
    heading = phone.locator('[id="kecamatan-36.74.01"]')
    assert heading.inner_text().split("\n")[0] == "Kecamatan Serpong"
    assert "1 dari 2 desa/kelurahan" in heading.inner_text() and "50,0%" in heading.inner_text()
    rows = phone.locator("[data-area]")
    assert [
        (rows.nth(n).get_attribute("data-area"), rows.nth(n).get_attribute("data-status")) for n in range(rows.count())
    ] == DAY_18["36.74"]
    assert rows.nth(0).locator(".badge").inner_text() == "Terlambat"
    assert "Gebang Raya" not in phone.content()
    assert phone.locator("body").evaluate("b => b.scrollWidth") <= 390
    assert phone.console_errors == []
