"""The minutes PDF built by a real Celery worker through Redis, writing into the real PostgreSQL test database."""

import io

import pytest
from celery.contrib.testing.worker import start_worker
from pypdf import PdfReader

from banten_dinsos.celery import app
from meetings.models import Meeting
from meetings.services import decision_add
from meetings.tasks import meeting_minutes_pdf_build

from .conftest import wib

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_worker():
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping for the worker's start-up check

    assert not app.conf.task_always_eager
    with start_worker(app, pool="solo", concurrency=1, perform_ping_check=True, shutdown_timeout=10) as worker:
        yield worker


def test_worker_builds_the_minutes_pdf_and_a_second_run_keeps_the_checksum(staf, rakor, time_machine, celery_worker):
    time_machine.move_to(wib(2026, 1, 26, 12), tick=False)
    decision_add(user=staf, meeting=rakor, text="Gubernur menetapkan perpanjangan status tanggap darurat 7 hari.")

    first = meeting_minutes_pdf_build.delay(rakor.pk).get(timeout=60)
    second = meeting_minutes_pdf_build.delay(rakor.pk).get(timeout=60)

    meeting = Meeting.objects.get(pk=rakor.pk)
    assert first == second == meeting.minutes_pdf_sha256
    with meeting.minutes_pdf.open("rb") as handle:
        text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(handle.read())).pages)
    assert "perpanjangan status tanggap darurat 7 hari" in " ".join(text.split())
