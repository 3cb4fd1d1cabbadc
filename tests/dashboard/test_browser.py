"""The dashboard in a real headless Chromium: both roles, a field report from a phone, filters, the live refresh."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from banten_dinsos.regions.models import Region
from clusters.models import FieldReport, ReportState
from clusters.services import field_report_create
from shelters.services import occupancy_record

from ..clusters.conftest import KARAWACI, PERIUK, PONDOK_AREN, at
from ..clusters.factories import ActivityFactory, NeedFactory
from ..conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}

CANVAS_HAS_INK = """name => {
  const canvas = document.querySelector(`canvas[data-chart='${name}']`);
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { ink++; } }
  return ink;
}"""


@pytest.fixture
def scenario(flood, staf, petugas_kota_tangerang, petugas_tangsel, report_of, flood_shelters):
    report_of(petugas_kota_tangerang, flood, PERIUK, observed=at(19), affected_people=4100, displaced=1450, dead=2)
    report_of(petugas_kota_tangerang, flood, KARAWACI, observed=at(18), affected_people=1200, displaced=150)
    report_of(petugas_tangsel, flood, PONDOK_AREN, observed=at(19), affected_people=900, displaced=300, missing=1)
    report_of(petugas_tangsel, flood, PONDOK_AREN, observed=at(20), affected_people=950, state="submitted")
    for cluster, need, reached in (
        ("logistik", 800, 500),
        ("kesehatan", 300, 60),
        ("pengungsian-perlindungan", 600, 450),
    ):
        NeedFactory(disaster=flood, area_code=PERIUK, cluster_code=cluster, people_in_need=need)
        ActivityFactory(disaster=flood, area_code=PERIUK, cluster_code=cluster, people_reached=reached)
    crowded, calm, tangsel = flood_shelters
    now = timezone.now()
    for days, people in ((6, 40), (4, 90), (2, 120)):
        for shelter, share in ((crowded, 1), (calm, 0.6), (tangsel, 0.4)):
            occupancy_record(
                user=staf,
                shelter=shelter,
                version=None,
                total=int(people * share),
                observed_at=now - timedelta(days=days),
            )
    return flood


def _assert_drawn(page, *, markers: int, areas: int):
    page.wait_for_selector("#dashboard-map[data-markers]")
    assert page.get_attribute("#dashboard-map", "data-markers") == str(markers)
    assert page.locator(".leaflet-marker-icon .shelter-marker").count() == markers
    assert page.locator("path.affected-area").count() == areas
    for chart in ("displaced", "reports", "coverage"):
        canvas = f"canvas[data-chart='{chart}']"
        page.wait_for_selector(f"{canvas}[data-drawn]")
        assert page.locator(canvas).evaluate("canvas => canvas.width") > 100
        assert page.evaluate(CANVAS_HAS_INK, chart) > 500, chart
    assert not [error for error in page.console_errors if "Content Security Policy" in error], page.console_errors


def test_staf_sees_the_whole_dashboard_drawn_and_it_refreshes_in_place(
    browser_login, live_server, scenario, petugas_kota_tangerang
):
    page = browser_login("staf.provinsi")
    _assert_drawn(page, markers=3, areas=3)
    assert page.locator(".leaflet-marker-icon .sphere-breach").count() == 1
    assert page.locator("#tile-displaced .figure").inner_text() == "1.900"
    # Kabupaten Tangerang is affected but sent no report: its label says so instead of showing 0.
    labels = page.locator(".area-label").all_inner_texts()
    assert "Kabupaten Tangerang: belum dilaporkan" in labels and "Kota Tangerang: 1.600" in labels, labels
    assert page.locator("#tile-waiting .figure").inner_text().endswith("1")
    assert page.locator(".matrix-stale").count() > 0
    assert page.locator("html").get_attribute("lang") == "id"
    page.screenshot(path=str(ARTIFACTS / "dashboard-staf.png"), full_page=True)

    # A new report arrives; the panels refresh without reloading the page (the marker survives).
    page.evaluate("() => { window.dashboardPageMarker = 'still here'; }")
    renders = int(page.evaluate("() => document.body.dataset.dashboardRenders"))
    field_report_create(
        user=petugas_kota_tangerang,
        disaster=scenario,
        area=Region.objects.get(code=KARAWACI),
        observed_at=timezone.now() - timedelta(hours=1),
        idempotency_key=uuid.uuid4(),
        needs=[],
        submit=True,
        affected_people=10,
        affected_families=3,
    )
    cache.clear()
    page.click("#dashboard-refresh")
    page.wait_for_function("() => document.querySelector('#tile-waiting .figure').textContent.trim().endsWith('2')")
    page.wait_for_function(f"() => Number(document.body.dataset.dashboardRenders) > {renders}")
    assert page.evaluate("() => window.dashboardPageMarker") == "still here"
    assert page.url == f"{live_server.url}/"
    _assert_drawn(page, markers=3, areas=3)


def test_officer_reports_from_a_phone_and_the_report_reaches_the_provincial_queue(browser_login, live_server, scenario):
    officer = browser_login("petugas.kota-tangerang", PHONE)
    _assert_drawn(officer, markers=2, areas=1)
    assert officer.locator("#filter-kabkota").is_disabled()
    assert "Kota Tangerang" in officer.locator("#dashboard-scope").inner_text()
    assert officer.locator("body").evaluate("b => b.scrollWidth") <= PHONE["width"]
    officer.screenshot(path=str(ARTIFACTS / "dashboard-officer-phone.png"), full_page=True)

    # A forged kabupaten/kota in the URL does not widen the officer's view.
    officer.goto(f"{live_server.url}/?kabkota=36.74")
    _assert_drawn(officer, markers=2, areas=1)
    assert "Balai Pondok Aren" not in officer.content()

    officer.goto(f"{live_server.url}/bencana/{scenario.pk}/laporan/baru/")
    officer.select_option("#id_area", "36.71.07.1001")
    observed = timezone.localtime(timezone.now() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    officer.fill("#id_observed_at", observed)
    officer.fill("#id_affected_people", "321")
    officer.fill("#id_affected_families", "90")
    officer.fill("#id_displaced", "123")
    officer.screenshot(path=str(ARTIFACTS / "field-report-phone.png"), full_page=True)
    officer.click("button[name=action][value=submit]")
    officer.wait_for_url(re.compile(r".*/bencana/laporan/\d+/$"))
    report = FieldReport.objects.get(displaced=123)
    assert report.state == ReportState.SUBMITTED

    staf = browser_login("staf.provinsi")  # a second browser context
    staf.goto(f"{live_server.url}/bencana/laporan/verifikasi/")
    assert staf.locator(f"a[href='/bencana/laporan/{report.pk}/']").count() >= 1
    staf.screenshot(path=str(ARTIFACTS / "verification-queue-staf.png"), full_page=True)
    staf.goto(f"{live_server.url}/")
    assert staf.locator("#tile-waiting .figure").inner_text().endswith("2")


def test_filters_stay_in_the_url_and_survive_a_refresh(browser_login, live_server, scenario):
    page = browser_login("staf.provinsi", PHONE)
    page.select_option("#filter-disaster", str(scenario.pk))
    page.select_option("#filter-kabkota", "36.74")
    page.click("#dashboard-filters button[type=submit]")
    page.wait_for_url(re.compile(r".*kabkota=36\.74.*"))
    assert f"disaster={scenario.pk}" in page.url
    page.reload()
    assert page.locator("#filter-kabkota").input_value() == "36.74"
    assert page.locator("#filter-disaster").input_value() == str(scenario.pk)
    _assert_drawn(page, markers=1, areas=1)
    assert page.locator("#tile-displaced .figure").inner_text() == "300"
    assert "kabkota=36.74" in page.get_attribute("#dashboard-poll", "hx-get")
    page.screenshot(path=str(ARTIFACTS / "dashboard-filtered-phone.png"), full_page=True)
