"""The duty roster in a real headless Chromium: printable on its own, with no CSP violations."""

from datetime import date

import pytest

from banten_dinsos.regions.models import Region
from clusters.models import DisasterType, EmergencyStatus
from clusters.services import disaster_create
from ksb_volunteers.models import DeploymentRole
from ksb_volunteers.services import deployment_create, skills_load_reference

from ..conftest import ARTIFACTS
from ..factories import ShelterFactory
from .conftest import at
from .factories import MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_duty_roster_prints_alone_without_navigation_or_buttons(browser_login, live_server, staf, petugas_lebak):
    skills_load_reference()
    flood = disaster_create(
        user=staf,
        disaster_type=DisasterType.objects.get(code="101"),
        title="Banjir Lebak Januari 2026",
        started_on=date(2026, 1, 17),
        affected_kabkota=Region.objects.filter(code="36.02"),
        status=EmergencyStatus.TANGGAP,
    )
    shelter = ShelterFactory(desa_code="36.02.14.1007", name="SDN Muara Ciujung Barat")
    for name, role in (("Ujang Hidayat", DeploymentRole.PUBLIC_KITCHEN), ("Siti Aminah", DeploymentRole.PSYCHOSOCIAL)):
        member = MemberFactory(full_name=name, sex="P" if name.startswith("Siti") else "L")
        deployment_create(user=staf, disaster=flood, member=member, shelter=shelter, role=role, start_at=at(18))

    page = browser_login("petugas.lebak", {"width": 390, "height": 844})
    page.goto(f"{live_server.url}/relawan/jadwal-piket/posko/{shelter.pk}/?tanggal=2026-01-20")
    page.wait_for_selector("#duty-roster[data-lines='2']")
    assert page.is_visible("#roster-print") and page.is_visible("nav.ksb-tabs")

    page.emulate_media(media="print")
    assert page.is_visible("#duty-roster")
    assert not page.is_visible("#roster-print")
    assert not page.is_visible("nav.ksb-tabs") and not page.is_visible("nav.navbar")
    assert page.locator(".roster-table tbody tr").count() == 2
    page.pdf(path=str(ARTIFACTS / "duty-roster-print.pdf"), format="A4", landscape=True)
    page.emulate_media(media="screen")
    page.screenshot(path=str(ARTIFACTS / "duty-roster-phone.png"), full_page=True)
    assert not [e for e in page.console_errors if "Content Security Policy" in e], page.console_errors
