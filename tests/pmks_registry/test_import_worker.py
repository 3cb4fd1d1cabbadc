"""The import as a Celery task on a real worker (Redis broker, PostgreSQL), safe to run twice."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile

from banten_dinsos.celery import app
from pmks_registry.models import Client, ImportJob, ImportStatus
from pmks_registry.services import import_job_create
from pmks_registry.tasks import pmks_import_run

from .test_import import MISTAKES, csv_bytes

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_worker():
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping for the worker's start-up check

    assert not app.conf.task_always_eager
    with start_worker(app, pool="solo", concurrency=1, perform_ping_check=True, shutdown_timeout=10) as worker:
        yield worker


def test_upload_is_imported_by_the_worker_and_a_second_run_changes_nothing(celery_worker, staf):
    from pmks_registry.services import pmks_types_load_reference

    pmks_types_load_reference()
    # The upload commits, then on_commit queues the task on Redis; the worker picks it up.
    job = import_job_create(user=staf, uploaded_file=SimpleUploadedFile("dtks.csv", csv_bytes(MISTAKES)), source="dtks")
    for _ in range(300):
        job.refresh_from_db()
        if job.is_finished:
            break
        import time

        time.sleep(0.1)
    assert job.status == ImportStatus.DONE, job.message
    assert (job.created_count, job.error_rows) == (3, 11)
    assert pmks_import_run.delay(job.pk).get(timeout=30) == "skipped"
    assert Client.objects.count() == 3
    assert ImportJob.objects.get(pk=job.pk).created_count == 3
