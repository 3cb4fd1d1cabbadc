"""The shelter map and occupancy chart drawn by a real headless Chromium."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shelters.models import ShelterStatus
from shelters.services import occupancy_record, sphere_thresholds_load_reference

from ..conftest import ARTIFACTS
from ..factories import ShelterFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shelters_with_counts(reference_data, petugas_lebak):
    sphere_thresholds_load_reference()
    opened = timezone.localdate() - timedelta(days=4)
    crowded = ShelterFactory(
        desa_code="36.02.14.1007",
        name="Posko Padat",
        status=ShelterStatus.OPEN,
        opened_on=opened,
        capacity=100,
        latitude="-6.3544",
        longitude="106.2489",
    )
    calm = ShelterFactory(
        desa_code="36.02.14.1002",
        name="Posko Lega",
        status=ShelterStatus.OPEN,
        opened_on=opened,
        capacity=400,
        covered_area_m2=2000,
        latrines=30,
        water_litres_per_day=9000,
        latitude="-6.3600",
        longitude="106.2400",
    )
    now = timezone.now()
    for hours, total in ((72, 60), (48, 95), (24, 130), (1, 140)):
        occupancy_record(
            user=petugas_lebak, shelter=crowded, version=None, total=total, observed_at=now - timedelta(hours=hours)
        )
    occupancy_record(user=petugas_lebak, shelter=calm, version=None, total=80)
    return crowded, calm


def test_map_draws_markers_without_tiles_and_chart_draws_history(browser_login, live_server, shelters_with_counts):
    crowded, _calm = shelters_with_counts
    page = browser_login("petugas.lebak", {"width": 390, "height": 844})

    page.goto(f"{live_server.url}/posko/peta/")
    page.wait_for_selector("#shelter-map[data-markers]")
    assert page.get_attribute("#shelter-map", "data-markers") == "2"
    assert page.locator(".leaflet-marker-icon .sphere-breach").count() == 1
    assert page.locator(".leaflet-marker-icon .sphere-ok, .leaflet-marker-icon .sphere-warning").count() == 1
    assert page.locator(".leaflet-tile").count() == 0  # no tile server configured, markers still drawn
    page.screenshot(path=str(ARTIFACTS / "shelters-map-phone.png"), full_page=True)

    page.goto(f"{live_server.url}/posko/{crowded.pk}/")
    page.wait_for_selector("#occupancy-chart[data-points]")
    assert page.get_attribute("#occupancy-chart", "data-points") == "4"
    width = page.evaluate("document.getElementById('occupancy-chart').width")
    assert width > 100
    assert page.locator("#sphere-panel .sphere-breach").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "shelter-detail-phone.png"), full_page=True)
    assert not [e for e in page.console_errors if "Content Security Policy" in e], page.console_errors
