"""An import finishing or failing tells whoever started it, with counts only and no personal data."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from banten_dinsos.notifications.models import Alert, AlertKind, Channel
from pmks_registry.models import ImportStatus
from pmks_registry.services import import_job_create, import_job_run

from .test_import import MISTAKES, csv_bytes

pytestmark = pytest.mark.django_db


def run(user, content, name="Data Siti Aminah.csv"):
    job = import_job_create(user=user, uploaded_file=SimpleUploadedFile(name, content), source="dtks")
    return import_job_run(job_id=job.pk)


def test_a_finished_import_tells_the_uploader_the_counts_without_names_or_niks(staf, pmks_types):
    job = run(staf, csv_bytes(MISTAKES))
    assert job.status == ImportStatus.DONE

    alert = Alert.objects.get(kind=AlertKind.IMPORT_FINISHED)
    assert alert.dedupe_key == f"pmks-import:{job.pk}:finished"
    assert alert.title == f"Impor PMKS #{job.pk} selesai"
    assert f"{job.valid_rows} baris" in alert.body
    assert alert.deliveries.filter(recipient=staf, channel=Channel.IN_APP).exists()
    text = alert.title + alert.body + str(alert.payload)
    assert "Siti" not in text and "3602144509830001" not in text

    assert import_job_run(job_id=job.pk) is None  # a second run of the task
    assert Alert.objects.filter(kind__in=[AlertKind.IMPORT_FINISHED, AlertKind.IMPORT_FAILED]).count() == 1


def test_a_failed_import_tells_the_uploader_without_the_reason_in_the_message(staf, pmks_types):
    job = run(staf, b"nik;nama\n3602144509830001;Siti\n")
    assert job.status == ImportStatus.FAILED

    alert = Alert.objects.get(kind=AlertKind.IMPORT_FAILED)
    assert alert.dedupe_key == f"pmks-import:{job.pk}:failed"
    assert alert.title == f"Impor PMKS #{job.pk} gagal"
    assert alert.deliveries.filter(recipient=staf, channel=Channel.IN_APP).exists()
    assert "Siti" not in alert.title + alert.body
    assert not Alert.objects.filter(kind=AlertKind.IMPORT_FINISHED).exists()
