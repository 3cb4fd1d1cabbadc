"""The Jitupasna documents built by a real Celery worker through Redis, writing into the real PostgreSQL test
database: finalising queues both, and a second run of the task keeps the same file and checksum."""

import io

import pytest
from celery.contrib.testing.worker import start_worker
from openpyxl import load_workbook

from banten_dinsos.celery import app
from jitupasna.models import AssessmentOutput
from jitupasna.services import assessment_finalise, damage_entry_create
from jitupasna.tasks import assessment_output_build_task

from .conftest import KOTA_TANGERANG, region, rp, sub_sector

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_worker():
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping for the worker's start-up check

    assert not app.conf.task_always_eager
    with start_worker(app, pool="solo", concurrency=1, perform_ping_check=True, shutdown_timeout=10) as worker:
        yield worker


def test_worker_builds_the_documents_of_a_final_assessment_and_a_rerun_keeps_the_checksum(
    staf, assessment, celery_worker
):
    damage_entry_create(
        user=staf,
        assessment=assessment,
        sub_sector=sub_sector("perumahan"),
        kabkota=region(KOTA_TANGERANG),
        asset_kind="Rumah permanen",
        units_heavy=rp(12),
        units_moderate=rp(7),
        units_light=rp(30),
        unit_cost=rp(85_500_000),
    )
    # Finalising queues the XLSX and the PDF once the transaction commits.
    assessment_finalise(user=staf, assessment=assessment)
    first = assessment_output_build_task.delay(assessment.pk, "xlsx").get(timeout=60)
    second = assessment_output_build_task.delay(assessment.pk, "xlsx").get(timeout=60)
    pdf = assessment_output_build_task.delay(assessment.pk, "pdf").get(timeout=60)

    xlsx = AssessmentOutput.objects.get(assessment=assessment, format="xlsx")
    assert first == second == xlsx.sha256
    assert pdf == AssessmentOutput.objects.get(assessment=assessment, format="pdf").sha256
    assert not xlsx.pending
    with xlsx.file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read()))["Ringkasan"]
    total = next(row for row in sheet.iter_rows() if row[0].value == "JUMLAH")
    assert total[2].value == 2_757_375_000


def test_the_task_of_a_deleted_assessment_does_nothing(celery_worker, db):
    assert assessment_output_build_task.delay(999999, "pdf").get(timeout=60) == "missing"
