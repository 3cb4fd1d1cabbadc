"""The attendance form and the attendance sheet in a real headless Chromium, under the strict CSP."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.models import MeetingKind
from meetings.services import meeting_create, participant_invite_agencies

from ..conftest import ARTIFACTS
from .conftest import agency

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def meeting_today(staf):
    now = timezone.now()
    meeting = meeting_create(
        user=staf,
        kind=MeetingKind.RAKOR,
        title="Rapat koordinasi hari ini",
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(hours=2),
        place="Aula Dinas Sosial Provinsi Banten",
        chair="Kepala Dinas Sosial Provinsi Banten",
        organizer=agency("dinsos-banten"),
    )
    participant_invite_agencies(user=staf, meeting=meeting, agencies=[agency("bpbd-banten"), agency("dinkes-banten")])
    return meeting


def test_represented_by_opens_only_for_represented_and_the_sheet_prints_without_csp_errors(
    browser_login, live_server, meeting_today
):
    page = browser_login("staf.provinsi", {"width": 390, "height": 844})
    page.goto(f"{live_server.url}/rapat/{meeting_today.pk}/kehadiran/")
    selects = page.locator("select[data-attendance]")
    assert selects.count() == 2
    first_id = selects.nth(0).get_attribute("data-attendance")
    box = page.locator(f'[data-represented-for="{first_id}"]')
    assert box.is_disabled()
    selects.nth(0).select_option("diwakili")
    assert box.is_enabled()
    box.fill("dr. Rina")
    selects.nth(1).select_option("hadir")
    page.click("button[name=save_attendance]")
    page.wait_for_selector(".alert-success")
    assert "2 peserta hadir" in page.inner_text("#attendance-summary")
    page.screenshot(path=str(ARTIFACTS / "meetings-attendance-phone.png"), full_page=True)

    page.goto(f"{live_server.url}/rapat/{meeting_today.pk}/daftar-hadir/")
    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible()
    assert page.locator("#attendance-sheet tbody tr").count() == 2 + 5
    page.screenshot(path=str(ARTIFACTS / "meetings-attendance-sheet-print.png"), full_page=True)
    assert not [e for e in page.console_errors if "Content Security Policy" in e], page.console_errors
