"""In a real Chromium: the koordinator kab/kota returns a report; on a phone (390×844) the petugas sees the alert in
the bell, opens it, reads the reason, corrects the report and sends it again; the koordinator then approves it."""

import pytest
from playwright.sync_api import expect

from clusters.models import FieldReport, ReportState

from ...conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_returned_report_alert_reaches_the_petugas_who_corrects_and_resubmits_on_a_phone(
    browser_login, live_server, submitted, koordinator_kota_tangerang, petugas_kota_tangerang
):
    report = submitted()

    approver = browser_login("koordinator.kota-tangerang")
    approver.goto(f"{live_server.url}/bencana/laporan/verifikasi/")
    approver.click(f"a[href='/bencana/laporan/{report.pk}/']")
    approver.fill("textarea[name=reason]", "Jumlah KK terdampak belum sesuai data RT.")
    approver.get_by_role("button", name="Kembalikan kepada petugas").click()
    approver.wait_for_url(f"{live_server.url}/bencana/laporan/verifikasi/")
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED

    phone = browser_login("petugas.kota-tangerang", PHONE)
    # Unread: the disaster's declaration (everyone in the kab/kota) and the return (the petugas alone).
    expect(phone.locator("#notification-bell .badge")).to_have_text("2")
    phone.get_by_role("button", name="Tampilkan menu").click()  # the phone's collapsed navigation bar
    phone.click("#notification-bell")
    phone.wait_for_url(f"{live_server.url}/notifikasi/")
    alert = phone.get_by_role("link", name="Laporan dikembalikan untuk diperbaiki: Periuk")
    expect(alert).to_be_visible()
    phone.screenshot(path=str(ARTIFACTS / "approval-returned-alert-phone.png"), full_page=True)
    alert.click()
    phone.wait_for_url(f"{live_server.url}/bencana/laporan/{report.pk}/")
    expect(phone.locator("#return-reason")).to_contain_text("Jumlah KK terdampak belum sesuai data RT.")

    phone.get_by_role("link", name="Ubah").click()
    phone.wait_for_url(f"{live_server.url}/bencana/laporan/{report.pk}/ubah/")
    phone.fill("input[name=affected_families]", "38")
    phone.locator("button[name=action][value=submit]").click()
    phone.wait_for_url(f"{live_server.url}/bencana/laporan/{report.pk}/")
    expect(phone.locator(".badge").filter(has_text="Dikirim")).to_be_visible()
    phone.screenshot(path=str(ARTIFACTS / "approval-resubmitted-phone.png"), full_page=True)
    width = phone.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert width <= 0, "nothing scrolls sideways on the phone"
    assert phone.console_errors == []

    report.refresh_from_db()
    assert (report.state, report.affected_families) == (ReportState.SUBMITTED, 38)
    approver.goto(f"{live_server.url}/bencana/laporan/{report.pk}/")
    approver.get_by_role("button", name="Setujui").click()
    approver.wait_for_url(f"{live_server.url}/bencana/laporan/verifikasi/")
    assert FieldReport.objects.get(pk=report.pk).state == ReportState.APPROVED
