"""The minutes PDF: built from the minutes, attendance and action items; the same data gives the same file."""

import hashlib
import io
from datetime import date

import pytest
from pypdf import PdfReader

from meetings.models import AttendanceStatus, Meeting
from meetings.services import (
    AttendanceEntry,
    action_item_create,
    attendance_record,
    decision_add,
    minutes_pdf_build,
    minutes_pdf_request,
    minutes_update,
    participant_invite_agencies,
)

from .conftest import agency, wib

pytestmark = pytest.mark.django_db

DECISIONS = [
    "Dinas Sosial menambah dua dapur umum di Kecamatan Periuk dan Pondok Aren.",
    "Dinas PUPR mengerahkan pompa portabel dalam 2 x 24 jam.",
]


def pdf_text(meeting: Meeting) -> str:
    with meeting.minutes_pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def minuted(staf, rakor, time_machine):
    time_machine.move_to(wib(2026, 1, 26, 12), tick=False)
    for text in DECISIONS:
        decision_add(user=staf, meeting=rakor, text=text)
    [bpbd, dinsos] = participant_invite_agencies(
        user=staf, meeting=rakor, agencies=[agency("bpbd-banten"), agency("dinsos-3671")]
    )
    attendance_record(
        user=staf,
        meeting=rakor,
        entries=[AttendanceEntry(bpbd, AttendanceStatus.PRESENT), AttendanceEntry(dinsos, AttendanceStatus.PRESENT)],
    )
    minutes_update(user=staf, meeting=rakor, summary="Banjir masih merendam Periuk.")
    action_item_create(
        user=staf,
        meeting=rakor,
        title="Operasikan dapur umum tambahan",
        owner_agency=agency("dinsos-banten"),
        due_on=date(2026, 1, 28),
    )
    return rakor


def test_minutes_pdf_contains_the_decisions_attendance_and_action_items(minuted):
    meeting = minutes_pdf_build(meeting_id=minuted.pk)

    text = pdf_text(meeting)
    assert "NOTULEN RAPAT" in text
    for decision in DECISIONS:
        assert decision in text
    assert "2 peserta hadir dari 2 instansi/organisasi dan 1 kabupaten/kota." in text
    assert "Operasikan dapur umum tambahan" in text and "28 Januari 2026" in text
    assert "Senin, 26 Januari 2026, 09.00–12.00 WIB" in text
    with meeting.minutes_pdf.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == meeting.minutes_pdf_sha256


def test_building_twice_keeps_one_file_with_the_same_checksum_and_a_change_rebuilds_it(staf, minuted, private_files):
    first = minutes_pdf_build(meeting_id=minuted.pk)
    checksum, name = first.minutes_pdf_sha256, first.minutes_pdf.name
    second = minutes_pdf_build(meeting_id=minuted.pk)
    assert (second.minutes_pdf_sha256, second.minutes_pdf.name) == (checksum, name)
    assert len(list((private_files / "meetings" / "minutes").iterdir())) == 1

    decision_add(user=staf, meeting=minuted, text="BPBD menyusun draf Jitupasna.")
    third = minutes_pdf_build(meeting_id=minuted.pk)
    assert third.minutes_pdf_sha256 != checksum and third.minutes_pdf.name == name
    assert "BPBD menyusun draf Jitupasna." in pdf_text(third)


def test_building_for_a_missing_meeting_does_nothing():
    assert minutes_pdf_build(meeting_id=987654) is None


def test_requesting_the_pdf_queues_the_task_after_commit(staf, minuted, django_capture_on_commit_callbacks):
    from unittest import mock

    with (
        mock.patch("meetings.tasks.meeting_minutes_pdf_build.apply_async") as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        minutes_pdf_request(user=staf, meeting=minuted)
    queued.assert_called_once_with((minuted.pk,), retry=False)
    minuted.refresh_from_db()
    assert minuted.minutes_pdf_pending


def test_a_request_made_while_the_broker_was_down_is_queued_by_the_sweep(
    staf, minuted, django_capture_on_commit_callbacks
):
    import datetime
    from unittest import mock

    from django.utils import timezone

    from meetings.models import Meeting
    from meetings.services import minutes_pdf_sweep

    task = "meetings.tasks.meeting_minutes_pdf_build.apply_async"
    with (
        mock.patch(task, side_effect=ConnectionRefusedError("broker down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        minutes_pdf_request(user=staf, meeting=minuted)  # answers: the outage is the sweep's business
    with mock.patch(task) as queued:
        assert minutes_pdf_sweep() == 0  # its own task still has time
    Meeting.objects.filter(pk=minuted.pk).update(
        minutes_pdf_requested_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    with mock.patch(task) as queued:
        assert minutes_pdf_sweep() == 1
    queued.assert_called_once_with((minuted.pk,), retry=False)
    minutes_pdf_build(meeting_id=minuted.pk)
    with mock.patch(task) as queued:
        assert minutes_pdf_sweep() == 0  # built: nothing left to queue
    queued.assert_not_called()
