"""The HTML pages: forms keep what was typed and name the field in Indonesian; no inline scripts or styles."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import ActionItem, AttendanceStatus, InputRound, Meeting, Participant
from meetings.services import action_item_create, decision_add, participant_invite, participant_invite_agencies

from .conftest import agency, wib
from .factories import MeetingFactory

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "fgd",
    "title": "FGD Forum KSB Kota Serang",
    "starts_at": "2026-02-10T09:00",
    "ends_at": "2026-02-10T12:00",
    "place": "Aula Dinsos Kota Serang",
    "chair": "Kepala Dinas Sosial Kota Serang",
    "organizer": "",
    "concerned_kabkota": ["36.73"],
    "agenda": "Pembukaan | Kepala Dinas\nKondisi KSB",
}


def no_inline_code(html: str) -> bool:
    return not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) and "<style" not in html and " style=" not in html


def test_staff_schedules_a_meeting_through_the_form_in_wib(page_as, staf):
    form = {**FORM, "organizer": agency("dinsos-3673").pk}
    response = page_as(staf).post("/rapat/baru/", form)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rapat/{meeting.pk}/"
    assert meeting.starts_at == wib(2026, 2, 10, 9)
    assert [(i.title, i.presenter) for i in meeting.agenda_items.all()] == [
        ("Pembukaan", "Kepala Dinas"),
        ("Kondisi KSB", ""),
    ]
    assert list(meeting.concerned_kabkota.values_list("code", flat=True)) == ["36.73"]


def test_meeting_form_ending_before_it_starts_keeps_the_input_and_names_the_field(page_as, staf):
    form = {**FORM, "organizer": agency("dinsos-3673").pk, "ends_at": "2026-02-10T08:00"}
    response = page_as(staf).post("/rapat/baru/", form)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Waktu selesai (10 Februari 2026 08.00 WIB) harus setelah waktu mulai" in text
    assert "FGD Forum KSB Kota Serang" in text
    assert not Meeting.objects.exists()


def test_edit_form_can_clear_the_concerned_kabkota(page_as, staf, rakor):
    form = {
        **FORM,
        "title": rakor.title,
        "organizer": rakor.organizer_id,
        "concerned_kabkota": [],
        "starts_at": "2026-01-26T09:00",
        "ends_at": "2026-01-26T12:00",
    }
    response = page_as(staf).post(f"/rapat/{rakor.pk}/ubah/", form)
    assert response.status_code == 302
    assert not rakor.concerned_kabkota.exists()


def test_detail_page_shows_counts_decisions_and_overdue_follow_ups(page_as, staf, rakor, time_machine):
    time_machine.move_to(wib(2026, 1, 26, 12), tick=False)
    decision_add(user=staf, meeting=rakor, text="Dapur umum ditambah di Periuk.")
    action_item_create(
        user=staf,
        meeting=rakor,
        title="Operasikan dapur umum",
        owner_agency=agency("dinsos-banten"),
        due_on=date(2026, 1, 27),
    )
    time_machine.move_to(wib(2026, 2, 1, 9), tick=False)
    response = page_as(staf).get(f"/rapat/{rakor.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Dapur umum ditambah di Periuk." in text
    assert 'id="overdue-alert"' in text and "1 tindak lanjut lewat tenggat." in text
    assert "Lewat tenggat 5 hari" in text
    assert no_inline_code(text)


def test_invite_page_invites_agencies_and_a_person_without_an_account(page_as, staf, rakor):
    browser = page_as(staf)
    response = browser.post(
        f"/rapat/{rakor.pk}/undangan/",
        {
            "invite_agencies": "1",
            "agencies-agencies": [agency("bpbd-banten").pk, agency("pmi-banten").pk],
            "agencies-group": "pemerintah",
        },
    )
    assert response.status_code == 302
    response = browser.post(
        f"/rapat/{rakor.pk}/undangan/",
        {
            "invite_person": "1",
            "person-name": "Euis Lestari",
            "person-organisation": "KSB Desa Kohod",
            "person-kabkota": "36.03",
            "person-group": "ksb",
        },
    )
    assert response.status_code == 302
    assert rakor.participants.count() == 3
    again = browser.post(
        f"/rapat/{rakor.pk}/undangan/",
        {
            "invite_person": "1",
            "person-name": "Euis Lestari",
            "person-organisation": "KSB Desa Kohod",
            "person-group": "ksb",
        },
    )
    assert again.status_code == 400 and "sudah ada dalam daftar peserta" in again.content.decode()


def test_attendance_page_records_statuses_and_adds_a_walk_in(page_as, staf, rakor, time_machine):
    time_machine.move_to(wib(2026, 1, 26, 10), tick=False)
    bpbd, dinkes = participant_invite_agencies(
        user=staf, meeting=rakor, agencies=[agency("bpbd-banten"), agency("dinkes-banten")]
    )
    browser = page_as(staf)
    response = browser.post(
        f"/rapat/{rakor.pk}/kehadiran/",
        {f"att-status_{bpbd.pk}": "hadir", f"att-status_{dinkes.pk}": "diwakili", f"att-rep_{dinkes.pk}": "dr. Rina"},
    )
    assert response.status_code == 302
    response = browser.post(
        f"/rapat/{rakor.pk}/kehadiran/",
        {
            "add_walk_in": "1",
            "walkin-name": "Wawan Setiawan",
            "walkin-organisation": "Forum CSR",
            "walkin-group": "mitra",
            "walkin-attendance": "hadir",
        },
        follow=True,
    )
    assert "tidak diundang dan telah ditambahkan sebagai peserta tanpa undangan" in response.content.decode()
    assert Participant.objects.get(name="Wawan Setiawan").is_walk_in
    assert Participant.objects.get(pk=dinkes.pk).attendance == AttendanceStatus.REPRESENTED


def test_attendance_page_refuses_represented_without_a_name_and_names_who(page_as, staf, rakor, time_machine):
    time_machine.move_to(wib(2026, 1, 26, 10), tick=False)
    dinkes = participant_invite(user=staf, meeting=rakor, agency=agency("dinkes-banten"))
    response = page_as(staf).post(f"/rapat/{rakor.pk}/kehadiran/", {f"att-status_{dinkes.pk}": "diwakili"})
    assert response.status_code == 400
    assert "Tulis nama orang yang mewakili Dinkes." in response.content.decode()


def test_attendance_sheet_lists_everyone_with_signature_rows_and_a_print_stylesheet(
    page_as, staf, rakor, petugas_kota_tangerang
):
    participant_invite(
        user=staf, meeting=rakor, name="Siti Rahmawati", organisation="KSB Periuk", phone="0812-1", group="ksb"
    )
    organiser = page_as(staf).get(f"/rapat/{rakor.pk}/daftar-hadir/").content.decode()
    assert "DAFTAR HADIR" in organiser and "Senin, 26 Januari 2026" in organiser and "Siti Rahmawati" in organiser
    assert 'media="print"' in organiser and "meetings/print.css" in organiser and "meetings/print.js" in organiser
    assert "0812-1" in organiser and "Tanda tangan" in organiser
    assert no_inline_code(organiser)
    officer = page_as(petugas_kota_tangerang).get(f"/rapat/{rakor.pk}/daftar-hadir/").content.decode()
    assert "Siti Rahmawati" in officer and "0812-1" not in officer


def test_minutes_page_saves_points_and_records_a_decision(page_as, staf, rakor, time_machine):
    time_machine.move_to(wib(2026, 1, 26, 12), tick=False)
    first = rakor.agenda_items.get(position=1)
    browser = page_as(staf)
    response = browser.post(
        f"/rapat/{rakor.pk}/notulen/",
        {"minutes-minutes_summary": "Ringkasan rapat.", f"minutes-points_{first.pk}": "Tiga wilayah terdampak."},
    )
    assert response.status_code == 302
    response = browser.post(f"/rapat/{rakor.pk}/notulen/", {"add_decision": "1", "decision-text": "Pompa dikerahkan."})
    assert response.status_code == 302
    rakor.refresh_from_db()
    first.refresh_from_db()
    assert (rakor.minutes_summary, first.minutes_points) == ("Ringkasan rapat.", "Tiga wilayah terdampak.")
    assert list(rakor.decisions.values_list("text", flat=True)) == ["Pompa dikerahkan."]


def test_minutes_before_the_meeting_starts_are_refused(page_as, staf, rakor, time_machine):
    time_machine.move_to(wib(2026, 1, 25, 12), tick=False)
    response = page_as(staf).post(f"/rapat/{rakor.pk}/notulen/", {"minutes-minutes_summary": "Terlalu dini."})
    assert response.status_code == 400
    assert "Notulen baru dapat ditulis setelah rapat dimulai (26 Januari 2026 09.00 WIB)." in response.content.decode()


def test_action_item_form_refuses_a_due_date_before_the_meeting(page_as, staf, rakor):
    response = page_as(staf).post(
        f"/rapat/{rakor.pk}/tindak-lanjut/baru/",
        {"title": "Terlalu awal", "owner_agency": agency("dinsos-banten").pk, "due_on": "2026-01-20"},
    )
    assert response.status_code == 400
    assert "Tenggat (20 Januari 2026) tidak boleh sebelum tanggal rapat (26 Januari 2026)." in response.content.decode()
    assert not ActionItem.objects.exists()


def test_owner_officer_adds_progress_on_the_page_and_sees_it_on_their_list(
    page_as, staf, rakor, petugas_kota_tangerang, time_machine
):
    time_machine.move_to(wib(2026, 1, 27, 10), tick=False)
    item = action_item_create(
        user=staf,
        meeting=rakor,
        title="Data pengungsi harian",
        owner_agency=agency("dinsos-3671"),
        due_on=date(2026, 1, 28),
    )
    browser = page_as(petugas_kota_tangerang)
    response = browser.post(
        f"/rapat/tindak-lanjut/{item.pk}/", {"noted_on": "2026-01-27", "status": "dikerjakan", "note": "Dikirim."}
    )
    assert response.status_code == 302
    time_machine.move_to(wib(2026, 1, 30, 10), tick=False)
    listing = page_as(petugas_kota_tangerang).get("/rapat/tindak-lanjut/").content.decode()
    assert "Data pengungsi harian" in listing and "1 tindak lanjut dalam daftar ini lewat tenggat." in listing


def test_other_agencys_officer_cannot_post_progress(page_as, staf, rakor, petugas_kota_tangerang):
    item = action_item_create(
        user=staf, meeting=rakor, title="Pompa", owner_agency=agency("dpupr-banten"), due_on=date(2026, 1, 28)
    )
    response = page_as(petugas_kota_tangerang).post(f"/rapat/tindak-lanjut/{item.pk}/", {"note": "x"})
    assert response.status_code == 403


def test_input_round_page_opens_a_draft_and_flags_late_input(
    page_as, staf, rakor, petugas_kota_tangerang, time_machine
):
    time_machine.move_to(wib(2026, 1, 27, 9), tick=False)
    response = page_as(staf).post(
        "/rapat/masukan/baru/",
        {
            "rapat": rakor.pk,
            "title": "Draf Jitupasna",
            "deadline": "2026-02-09T16:00",
            "agencies": [agency("dinsos-3671").pk, agency("dinkes-banten").pk],
            "document": SimpleUploadedFile("draf.pdf", b"%PDF-1.4 draf", content_type="application/pdf"),
        },
    )
    input_round = InputRound.objects.get()
    assert response.status_code == 302 and input_round.meeting == rakor and input_round.document
    browser = page_as(petugas_kota_tangerang)
    assert browser.get(f"/rapat/masukan/{input_round.pk}/draf/").status_code == 200
    time_machine.move_to(wib(2026, 2, 10, 9), tick=False)
    browser = page_as(petugas_kota_tangerang)  # a new day, a new sign-in
    response = browser.post(
        f"/rapat/masukan/{input_round.pk}/", {"agency": agency("dinsos-3671").pk, "text": "Sektor sosial."}, follow=True
    )
    text = response.content.decode()
    assert "ditandai terlambat" in text and "Sudah memberi masukan: 1 dari 2 instansi" in text


def test_input_round_form_refuses_a_file_of_the_wrong_kind(page_as, staf, time_machine):
    time_machine.move_to(wib(2026, 1, 27, 9), tick=False)
    response = page_as(staf).post(
        "/rapat/masukan/baru/",
        {
            "title": "Draf",
            "deadline": "2026-02-09T16:00",
            "agencies": [agency("dinsos-3671").pk],
            "document": SimpleUploadedFile("draf.exe", b"MZ", content_type="application/octet-stream"),
        },
    )
    assert response.status_code == 400 and not InputRound.objects.exists()


def test_meeting_list_page_takes_the_same_number_of_queries_for_3_and_30_meetings(
    page_as, staf, reference_data, django_assert_num_queries
):
    browser = page_as(staf)
    MeetingFactory.create_batch(3)
    browser.get("/rapat/")  # warm the session and the user's scope
    # 10 queries: the session and the user; the filter form's three choice lists (disasters, clusters,
    # kabupaten/kota); the page count; the page of meetings with organiser, disaster and overdue count joined in;
    # saving the session (SESSION_SAVE_EVERY_REQUEST, in a savepoint: 3). The same at 30 rows.
    with django_assert_num_queries(10) as context:
        assert browser.get("/rapat/").status_code == 200
    count = len(context.captured_queries)
    MeetingFactory.create_batch(27)
    with django_assert_num_queries(count):
        assert browser.get("/rapat/").status_code == 200


def test_admin_shows_meetings_read_only_and_queues_a_minutes_pdf(client, rakor, django_capture_on_commit_callbacks):
    from unittest import mock

    from banten_dinsos.accounts.models import User

    admin = User.objects.create_superuser(username="admin.rapat", password="demo-banten-123", role="staf_provinsi")
    client.force_login(admin)
    assert client.get("/admin/meetings/meeting/").status_code == 200
    page = client.get(f"/admin/meetings/meeting/{rakor.pk}/change/")
    assert page.status_code == 200 and "Laporan situasi banjir" in page.content.decode()
    assert client.get("/admin/meetings/actionitem/").status_code == 200
    assert client.get("/admin/meetings/inputround/").status_code == 200
    with (
        mock.patch("meetings.tasks.meeting_minutes_pdf_build.apply_async") as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post("/admin/meetings/meeting/", {"action": "rebuild_minutes_pdf", "_selected_action": [rakor.pk]})
    queued.assert_called_once_with((rakor.pk,), retry=False)
