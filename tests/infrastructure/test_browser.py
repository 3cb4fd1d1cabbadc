"""The dashboard in a real headless Chromium: the access map layer with a cut-off desa drawn distinctly, and the
health panel, for provincial staff and for an officer of another kabupaten/kota."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from ..conftest import ARTIFACTS
from ..health.conftest import KOTA_SERANG_DESA, LEBAK_DESA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def scenario(staf, banjir, post_lebak, record_day, observe, petugas_kota_serang):
    cache.clear()
    record_day(post_lebak, 3, ispa=6, diare=2)
    record_day(post_lebak, 1, ispa=5, suspek_campak=1)
    # Muara Ciujung Barat cut off for two days (with coordinates); Kasemen reachable (drawn near its kab/kota seat).
    observe(LEBAK_DESA, 50, "terputus", latitude=Decimal("-6.3500"), longitude=Decimal("106.2450"))
    observe(LEBAK_DESA, 4, "terputus", electricity="padam")
    observe(KOTA_SERANG_DESA, 6, "terbatas")
    return banjir


def test_the_access_layer_draws_the_cut_off_desa_distinctly_and_the_health_panel_shows(
    browser_login, live_server, scenario
):
    page = browser_login("staf.provinsi")
    page.wait_for_selector("#dashboard-map[data-access]")
    assert page.get_attribute("#dashboard-map", "data-access") == "2"
    assert page.get_attribute("#dashboard-map", "data-cut-off") == "1"
    # Drawn at its last reported position (the latest observation had none), not near the kab/kota seat.
    cut = page.locator(".leaflet-marker-icon .access-terputus:not(.access-approximate)")
    assert cut.count() == 1 and cut.inner_text() == "⛔"
    assert page.locator(".leaflet-marker-icon .access-terbatas").count() == 1
    # The cut-off desa carries a permanent label with its name; a limited one does not.
    # A redraw fades the previous label out for a moment (Leaflet's fade animation): wait for the one that stays.
    # (expect() polls from Playwright's side: a string predicate would need eval, which the CSP refuses.)
    expect(page.locator(".access-label")).to_have_count(1)
    assert page.locator(".access-label").inner_text() == "Muara Ciujung Barat"
    cut_box, limited_box = cut.bounding_box(), page.locator(".leaflet-marker-icon .access-terbatas").bounding_box()
    assert cut_box["width"] > limited_box["width"]
    cut.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Terputus sejak" in popup.inner_text()
    assert page.locator(".dashboard-legend .access-terputus").count() == 1

    panel = page.locator("#panel-health")
    assert panel.is_visible()
    assert panel.locator("[data-figure=consultations]").inner_text() == "14"
    assert panel.locator("#health-top-complaints li").first.inner_text().startswith("ISPA")
    assert "Setiap kasus suspek campak" in panel.locator("#health-open-signals").inner_text()
    assert not [error for error in page.console_errors if "Content Security Policy" in error], page.console_errors
    page.screenshot(path=str(ARTIFACTS / "dashboard-access-health.png"), full_page=True)


def test_an_officer_of_another_kabkota_sees_only_their_own_access_and_health(browser_login, live_server, scenario):
    page = browser_login("petugas.kota-serang", viewport=PHONE)
    page.wait_for_selector("#dashboard-map[data-access]")
    assert page.get_attribute("#dashboard-map", "data-access") == "1"
    assert page.locator(".leaflet-marker-icon .access-terputus").count() == 0
    assert page.locator(".leaflet-marker-icon .access-approximate").count() == 1
    panel = page.locator("#panel-health")
    assert panel.locator("[data-figure=consultations]").inner_text() == "0"
    assert panel.locator("#health-open-signals").count() == 0
    page.screenshot(path=str(ARTIFACTS / "dashboard-access-health-officer.png"), full_page=True)
