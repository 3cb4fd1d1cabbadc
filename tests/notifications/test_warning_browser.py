"""A BMKG warning's polygons drawn by a real headless Chromium, with the matched and unmatched kecamatan."""

import pytest

from banten_dinsos.notifications.models import ExternalWarning
from banten_dinsos.notifications.services import warnings_ingest

from ..conftest import ARTIFACTS
from .test_bmkg_targeting import FEED, STORM_LEBAK_AND_CILEGON, FakeBmkg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_warning_page_draws_the_polygons_and_offers_staff_the_mapping_form(browser_login, live_server, staf):
    warnings_ingest(url=FEED, fetch=FakeBmkg(**{"2.49.0.1.360.0.2026.02.16.17.05.007": STORM_LEBAK_AND_CILEGON}))
    warning = ExternalWarning.objects.get()
    page = browser_login("staf.provinsi")
    page.goto(f"{live_server.url}/notifikasi/peringatan/{warning.pk}/")
    page.wait_for_selector("#warning-map[data-polygons]")
    assert page.get_attribute("#warning-map", "data-polygons") == "2"
    assert page.locator("#warning-map path.leaflet-interactive").count() == 2
    assert page.locator("select[name=name] option").all_inner_texts() == ["Pulau Merak", "Cikarang Barat"]
    page.screenshot(path=str(ARTIFACTS / "bmkg-warning-staff.png"), full_page=True)
    assert not page.console_errors, page.console_errors


def test_cap_message_form_starts_from_the_chosen_template(browser_login, live_server, staf):
    page = browser_login("staf.provinsi")
    page.goto(f"{live_server.url}/notifikasi/pesan-cap/baru/?template=shelter")
    assert page.input_value("#id_headline_id") == "Informasi pengungsian: {place} untuk warga {area}"
    assert page.input_value("#id_headline_en") == "Shelter information: {place} for residents of {area}"
    page.screenshot(path=str(ARTIFACTS / "cap-message-form.png"), full_page=True)
    assert not page.console_errors, page.console_errors
