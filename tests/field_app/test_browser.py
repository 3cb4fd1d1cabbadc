"""The field app in Debian's Chromium on a phone viewport: a report typed and sent offline survives a reload and a
browser restart with the same profile and reaches the server exactly once with its photo; back-and-resend sends one
report; a session that expired while items waited sends them once after signing in; a refusal comes back into the
form naming the field; a value typed just before a reload or a logout is not lost, and "delete" at logout deletes it."""

import time
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from banten_dinsos.field_app.models import ReportPhoto
from banten_dinsos.regions.models import Region
from clusters.models import Disaster, EmergencyStatus, FieldReport, ReportState
from clusters.services import field_report_create, field_report_return
from shelters.models import Evacuee, EvacueeMovement, EvacueeStatus, LdpSession, OccupancyCount

from ..conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from .conftest import LEBAK_DESA, LEBAK_KECAMATAN, camera_jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(chromium, tmp_path):
    """Open (and reopen) Chromium with one persistent profile, as a phone keeps its browser data."""
    contexts = []

    def launch():
        context = chromium.browser_type.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            locale="id-ID",
            service_workers="allow",
        )
        contexts.append(context)
        return context

    yield launch
    for context in contexts:
        try:
            context.close()
        except Exception:  # noqa: BLE001 - already closed by the test (a browser restart)
            continue


def _login(page, base, username, next_path):
    page.goto(f"{base}/akun/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-banten")
    page.click("form button[type=submit].w-100")
    page.wait_for_url(f"{base}{next_path}*")


def _petugas_page(context, base):
    """The phone's first tab, signed in as the Lebak officer on the field app."""
    page = context.pages[0] if context.pages else context.new_page()
    _login(page, base, "petugas.lebak", "/lapangan/")
    return page


def _headcount_typed(page, base, shelter, total):
    """The headcount form, with ``total`` typed for ``shelter`` (the autosave not waited for)."""
    _ready(page)
    page.goto(f"{base}/lapangan/hitung-pengungsi/")
    _ready(page)
    page.select_option("#h-shelter", str(shelter.pk))
    page.fill("#h-total", total)
    return page


def _ready(page):
    expect(page.locator("body[data-ready=yes]")).to_have_count(1, timeout=15_000)


def _open_form_under_service_worker(page, base):
    page.goto(f"{base}/lapangan/laporan/")
    _ready(page)
    expect(page.locator("body[data-service-worker=active]")).to_have_count(1, timeout=15_000)
    # Reload once so that the page is controlled by the worker and the worker has kept the pages.
    page.goto(f"{base}/lapangan/")
    _ready(page)
    page.goto(f"{base}/lapangan/laporan/")
    _ready(page)


def _fill(page, disaster, *, photo=True):
    page.select_option("#f-disaster", str(disaster.pk))
    page.select_option("#f-kecamatan", LEBAK_KECAMATAN)
    page.select_option("#f-desa", LEBAK_DESA)
    page.fill("#f-affected_people", "120")
    page.fill("#f-displaced", "40")
    page.fill("#f-notes", "Air setinggi 1 m di RT 03")
    if photo:
        page.set_input_files(
            "#f-photo", files=[{"name": "kerusakan.jpg", "mimeType": "image/jpeg", "buffer": camera_jpeg()}]
        )
        expect(page.locator("#photo-list li")).to_have_count(1)


# True once the draft kept on the phone holds what the field shows (the autosave runs 250 ms after the last keystroke).
AUTOSAVED = """async (selector) => {
  const input = document.querySelector(selector);
  const item = await FieldOutbox.get(new URLSearchParams(location.search).get('draft'));
  return Boolean(item) && item.data[input.name] === input.value;
}"""


def _autosaved(page, selector):
    deadline = time.monotonic() + 5
    while not page.evaluate(AUTOSAVED, selector):  # evaluate awaits the promise; wait_for_function would not
        assert time.monotonic() < deadline, f"{selector} was not autosaved within 5 s"
        page.wait_for_timeout(50)


def _state(page):
    return page.locator("#draft-status").get_attribute("data-state")


def test_offline_report_survives_reload_and_restart_and_reaches_the_server_once_with_its_photo(
    phone, live_server, petugas_lebak, banjir_lebak
):
    base = live_server.url
    context = phone()
    page = _petugas_page(context, base)
    _open_form_under_service_worker(page, base)
    _fill(page, banjir_lebak)
    # Count fields left empty stay empty (blank is not zero).
    assert page.input_value("#f-dead") == ""
    context.set_offline(True)
    page.click("#send-button")
    expect(page.locator("#draft-status[data-state=queued]")).to_have_count(1)
    key = page.get_attribute("#report-form", "data-idempotency-key")
    draft_url = page.url
    assert "?draft=" in draft_url

    page.reload()
    _ready(page)
    assert _state(page) == "queued"
    assert page.get_attribute("#report-form", "data-idempotency-key") == key
    assert page.input_value("#f-affected_people") == "120"
    expect(page.locator("#photo-list li")).to_have_count(1)
    context.close()
    assert not FieldReport.objects.exists()

    # The browser restarts (the session cookie is gone with it); still offline, the app opens from the phone.
    context = phone()
    context.set_offline(True)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(f"{base}/lapangan/")
    _ready(page)
    queued = page.locator("#outbox-list li[data-state=queued]")
    expect(queued).to_have_count(1)
    assert page.locator("#outbox-badge").get_attribute("data-queued") == "1"
    page.screenshot(path=str(ARTIFACTS / "field-app-outbox-offline.png"), full_page=True)

    context.set_offline(False)
    # Signed out by the restart: the item waits, the officer is told to sign in, and nothing is lost.
    expect(page.locator("#session-banner")).to_be_visible(timeout=15_000)
    assert not FieldReport.objects.exists()
    _login(page, base, "petugas.lebak", "/lapangan/")
    _ready(page)
    expect(page.locator("#outbox-list li[data-state=sent]")).to_have_count(1, timeout=20_000)

    report = FieldReport.objects.get()
    assert str(report.idempotency_key) == key
    assert report.state == ReportState.SUBMITTED and report.created_by == petugas_lebak
    assert (report.area_id, report.affected_people, report.displaced) == (LEBAK_DESA, 120, 40)
    photo = ReportPhoto.objects.get(report=report)
    assert max(photo.width, photo.height) == 1600
    page.reload()
    _ready(page)
    assert FieldReport.objects.count() == 1 and ReportPhoto.objects.count() == 1


def test_back_and_resend_creates_one_report_not_two(phone, live_server, petugas_lebak, banjir_lebak):
    base = live_server.url
    context = phone()
    page = _petugas_page(context, base)
    _open_form_under_service_worker(page, base)
    _fill(page, banjir_lebak, photo=False)
    context.set_offline(True)
    page.click("#send-button")
    expect(page.locator("#draft-status[data-state=queued]")).to_have_count(1)
    key = page.get_attribute("#report-form", "data-idempotency-key")

    page.go_back()
    _ready(page)
    page.go_forward()
    _ready(page)
    assert page.get_attribute("#report-form", "data-idempotency-key") == key
    page.click("#send-button")
    expect(page.locator("#draft-status[data-state=queued]")).to_have_count(1)
    context.set_offline(False)
    expect(page.locator("#draft-status[data-state=sent]")).to_have_count(1, timeout=20_000)

    # Back again to the sent report: it can no longer be sent a second time.
    page.go_back()
    page.go_forward()
    _ready(page)
    assert _state(page) == "sent"
    assert page.locator("#send-button").is_disabled()
    assert FieldReport.objects.count() == 1
    assert str(FieldReport.objects.get().idempotency_key) == key


def test_items_queued_when_the_session_expired_are_sent_once_after_signing_in(
    phone, live_server, petugas_lebak, banjir_lebak
):
    base = live_server.url
    context = phone()
    page = _petugas_page(context, base)
    _open_form_under_service_worker(page, base)
    _fill(page, banjir_lebak, photo=False)
    context.set_offline(True)
    page.click("#send-button")
    expect(page.locator("#draft-status[data-state=queued]")).to_have_count(1)
    context.clear_cookies()  # the session ends while the officer is in the field
    context.set_offline(False)
    expect(page.locator("#session-banner")).to_be_visible(timeout=15_000)
    assert _state(page) == "queued" and not FieldReport.objects.exists()

    page.click("#session-login")
    page.fill("#id_username", "petugas.lebak")
    page.fill("#id_password", "demo-banten")
    page.click("form button[type=submit].w-100")
    page.wait_for_url("**/lapangan/laporan/?draft=*")
    _ready(page)
    expect(page.locator("#draft-status[data-state=sent]")).to_have_count(1, timeout=20_000)
    page.goto(f"{base}/lapangan/")
    _ready(page)
    assert FieldReport.objects.count() == 1


def test_a_refusal_comes_back_into_the_form_naming_the_field(phone, live_server, petugas_lebak, banjir_lebak):
    base = live_server.url
    context = phone()
    page = _petugas_page(context, base)
    _open_form_under_service_worker(page, base)
    _fill(page, banjir_lebak, photo=False)
    context.set_offline(True)
    page.click("#send-button")
    expect(page.locator("#draft-status[data-state=queued]")).to_have_count(1)
    # The province closes the disaster while the officer is without a connection.
    Disaster.objects.filter(pk=banjir_lebak.pk).update(status=EmergencyStatus.SELESAI)
    context.set_offline(False)
    expect(page.locator("#draft-status[data-state=refused]")).to_have_count(1, timeout=20_000)
    error = page.locator("[data-error-for=disaster]")
    expect(error).to_be_visible()
    assert "Banjir Lebak Januari 2026" in error.inner_text()
    assert "ditutup" in error.inner_text()
    message = page.locator("#form-message")
    expect(message).to_be_visible()
    assert "Kejadian bencana" in message.inner_text()
    # What was typed is still there to be corrected.
    assert page.input_value("#f-affected_people") == "120"
    page.screenshot(path=str(ARTIFACTS / "field-app-refused.png"), full_page=True)
    assert not FieldReport.objects.exists()


def test_an_ldp_session_recorded_offline_is_sent_once_when_the_connection_returns(
    phone, live_server, petugas_lebak, open_shelter_lebak
):
    base = live_server.url
    context = phone()
    page = _petugas_page(context, base)
    _ready(page)
    expect(page.locator("body[data-service-worker=active]")).to_have_count(1, timeout=15_000)
    page.goto(f"{base}/lapangan/sesi-ldp/")
    _ready(page)
    page.select_option("#l-shelter", str(open_shelter_lebak.pk))
    page.fill("#l-reached_children_male", "7")
    expect(page.locator("#draft-status")).to_contain_text("Tersimpan")
    _autosaved(page, "#l-reached_children_male")
    context.set_offline(True)
    page.reload()  # the page itself comes from the phone; the typed value was already saved
    _ready(page)
    assert page.input_value("#l-reached_children_male") == "7"
    page.click("#send-button")
    expect(page.locator("#draft-status[data-state=queued]")).to_have_count(1)
    page.click("#send-button")  # pressed twice while waiting: still one item
    context.set_offline(False)
    expect(page.locator("#draft-status[data-state=sent]")).to_have_count(1, timeout=20_000)
    page.goto(f"{base}/lapangan/")
    _ready(page)
    assert LdpSession.objects.count() == 1
    assert LdpSession.objects.get().reached_children_male == 7


def test_a_report_returned_by_the_province_is_corrected_offline_and_resubmitted_as_the_same_report(
    phone, live_server, petugas_lebak, staf, banjir_lebak
):
    report, _created = field_report_create(
        user=petugas_lebak,
        disaster=banjir_lebak,
        area=Region.objects.get(code=LEBAK_KECAMATAN),
        observed_at=datetime(2026, 1, 18, 8, tzinfo=ZoneInfo("Asia/Jakarta")),
        idempotency_key=uuid.uuid4(),
        affected_people=100,
        displaced=30,
        submit=True,
    )
    field_report_return(user=staf, report=report, reason="Jumlah terdampak belum sesuai data desa")
    base = live_server.url
    context = phone()
    page = _petugas_page(context, base)
    _ready(page)
    expect(page.locator("body[data-service-worker=active]")).to_have_count(1, timeout=15_000)
    returned = page.locator("#outbox-list li[data-state=returned]")
    expect(returned).to_have_count(1, timeout=15_000)
    assert "Jumlah terdampak belum sesuai data desa" in returned.inner_text()
    page.goto(f"{base}/lapangan/laporan/")  # kept by the worker for later offline use
    _ready(page)
    page.goto(f"{base}/lapangan/")
    _ready(page)

    context.set_offline(True)
    page.click("#outbox-list li[data-state=returned] a")
    _ready(page)
    assert page.input_value("#f-affected_people") == "100"
    assert page.get_attribute("#report-form", "data-idempotency-key") == str(report.idempotency_key)
    expect(page.locator("#return-reason")).to_contain_text("Jumlah terdampak belum sesuai data desa")
    page.fill("#f-affected_people", "150")
    page.click("#send-button")
    expect(page.locator("#draft-status[data-state=queued]")).to_have_count(1)
    context.set_offline(False)
    expect(page.locator("#draft-status[data-state=sent]")).to_have_count(1, timeout=20_000)
    assert FieldReport.objects.count() == 1
    report.refresh_from_db()
    assert (report.state, report.affected_people) == (ReportState.SUBMITTED, 150)


def test_logout_on_a_shared_phone_asks_about_unsent_items_and_keeps_them_for_their_owner_only(
    phone, live_server, petugas_lebak, staf, open_shelter_lebak
):
    base = live_server.url
    context = phone()
    page = _headcount_typed(_petugas_page(context, base), base, open_shelter_lebak, "85")
    _autosaved(page, "#h-total")  # autosaved as a draft, not sent yet
    page.click("#logout-button")
    expect(page.locator("#logout-dialog")).to_be_visible()
    assert page.locator("#logout-count").inner_text().startswith("1 ")
    page.click("#logout-keep")
    page.wait_for_url("**/akun/login/**")

    # Another user on the same phone sees none of it and cannot send it.
    _login(page, base, "staf.provinsi", "/lapangan/")
    _ready(page)
    expect(page.locator("#others-note")).to_be_visible()
    assert page.locator("#outbox-list li[data-item]").count() == 0
    page.click("#logout-button")
    page.wait_for_url("**/akun/login/**")

    _login(page, base, "petugas.lebak", "/lapangan/")
    _ready(page)
    draft = page.locator("#outbox-list li[data-state=draft]")
    expect(draft).to_have_count(1)
    page.click("#outbox-list li[data-state=draft] a")
    _ready(page)
    assert page.input_value("#h-total") == "85"
    page.click("#send-button")
    expect(page.locator("#draft-status[data-state=sent]")).to_have_count(1, timeout=20_000)
    count = OccupancyCount.objects.get(shelter=open_shelter_lebak)
    assert count.total == 85 and count.recorded_by == petugas_lebak


def test_an_evacuee_checked_out_offline_is_moved_once_when_the_connection_returns(
    phone, live_server, petugas_lebak, open_shelter_lebak
):
    evacuee = Evacuee.objects.create(
        full_name="Siti Aminah",
        sex="P",
        shelter=open_shelter_lebak,
        kabkota_id=open_shelter_lebak.kabkota_id,
        status=EvacueeStatus.CHECKED_IN,
    )
    base = live_server.url
    context = phone()
    page = _petugas_page(context, base)
    _ready(page)
    expect(page.locator("body[data-service-worker=active]")).to_have_count(1, timeout=15_000)
    page.goto(f"{base}/lapangan/pengungsi-keluar-masuk/")
    _ready(page)
    context.set_offline(True)
    page.reload()  # from the phone: the page and the names kept for this user
    _ready(page)
    page.select_option("#m-shelter", str(open_shelter_lebak.pk))
    page.select_option("#m-evacuee", str(evacuee.pk))
    page.click("#send-button")
    expect(page.locator("#draft-status[data-state=queued]")).to_have_count(1)
    context.set_offline(False)
    expect(page.locator("#draft-status[data-state=sent]")).to_have_count(1, timeout=20_000)
    evacuee.refresh_from_db()
    assert evacuee.status == EvacueeStatus.CHECKED_OUT
    assert EvacueeMovement.objects.filter(evacuee=evacuee).count() == 1


# Edits written synchronously to localStorage until IndexedDB has them (static/field_app/app.js, journalWrite).
JOURNAL_KEYS = "() => Object.keys(localStorage).filter((key) => key.startsWith('dinsos-lapangan:draft:'))"


def test_a_value_typed_just_before_a_reload_is_back_after_it(phone, live_server, petugas_lebak, open_shelter_lebak):
    """The page reloads within the autosave's 250 ms: the value comes back, lands in the draft, and no copy stays."""
    base = live_server.url
    context = phone()
    page = _petugas_page(context, base)
    _ready(page)
    page.goto(f"{base}/lapangan/sesi-ldp/")
    _ready(page)
    page.select_option("#l-shelter", str(open_shelter_lebak.pk))
    page.fill("#l-reached_children_male", "7")
    page.reload()  # at once: no wait for the autosave
    _ready(page)
    assert page.input_value("#l-reached_children_male") == "7"
    assert page.input_value("#l-shelter") == str(open_shelter_lebak.pk)
    assert page.evaluate(AUTOSAVED, "#l-reached_children_male")  # in the draft on the phone, not only on screen
    assert page.evaluate(JOURNAL_KEYS) == []


def test_a_value_typed_just_before_logging_out_is_kept_for_its_owner(
    phone, live_server, petugas_lebak, open_shelter_lebak
):
    """Logging out (keeping unsent items) right after typing keeps the value in the draft and nothing in the journal."""
    base = live_server.url
    context = phone()
    page = _headcount_typed(_petugas_page(context, base), base, open_shelter_lebak, "85")
    page.click("#logout-button")  # at once: no wait for the autosave
    expect(page.locator("#logout-dialog")).to_be_visible()
    page.click("#logout-keep")
    page.wait_for_url("**/akun/login/**")
    assert page.evaluate(JOURNAL_KEYS) == []  # nothing typed is left in localStorage after logout

    _login(page, base, "petugas.lebak", "/lapangan/")
    _ready(page)
    page.click("#outbox-list li[data-state=draft] a")
    _ready(page)
    assert page.input_value("#h-total") == "85"


def test_deleting_unsent_items_at_logout_deletes_what_was_just_typed_too(
    phone, live_server, petugas_lebak, open_shelter_lebak
):
    """Logging out with "delete" right after typing leaves neither the draft nor a journal copy of it on the phone."""
    base = live_server.url
    context = phone()
    page = _headcount_typed(_petugas_page(context, base), base, open_shelter_lebak, "85")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#logout-button")
    expect(page.locator("#logout-dialog")).to_be_visible()
    page.click("#logout-delete")
    page.wait_for_url("**/akun/login/**")
    assert page.evaluate(JOURNAL_KEYS) == []

    _login(page, base, "petugas.lebak", "/lapangan/")
    _ready(page)
    assert page.locator("#outbox-list li[data-item]").count() == 0
    assert page.evaluate(f"async () => (await FieldOutbox.listFor({petugas_lebak.pk})).length") == 0
