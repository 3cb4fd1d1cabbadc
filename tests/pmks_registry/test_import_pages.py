"""The import page: upload, progress fragment polled by htmx, error report and template downloads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from pmks_registry import tasks
from pmks_registry.models import Client, ImportJob, ImportStatus

from .test_import import MISTAKES, csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_tasks_inline(monkeypatch, django_capture_on_commit_callbacks):
    """Run the queued import task in-process when the upload commits (the worker test uses a real worker)."""
    monkeypatch.setattr(tasks.pmks_import_run, "apply_async", lambda args, **options: tasks.pmks_import_run(*args))
    return django_capture_on_commit_callbacks


def test_upload_runs_the_import_and_the_page_shows_progress_and_the_error_report(
    page_as, staf, pmks_types, run_tasks_inline
):
    browser = page_as(staf)
    with run_tasks_inline(execute=True):
        response = browser.post(
            "/pmks/impor/", {"file": SimpleUploadedFile("dtks.csv", csv_bytes(MISTAKES)), "source": "dtks"}
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/pmks/impor/{job.pk}/"
    assert job.status == ImportStatus.DONE and Client.objects.count() == 3
    page = browser.get(f"/pmks/impor/{job.pk}/")
    assert 'value="100"' in page.text
    assert f'hx-get="/pmks/impor/{job.pk}/progres/"' not in page.text  # finished: polling stops
    assert "Unduh laporan galat" in page.text
    report = browser.get(f"/pmks/impor/{job.pk}/laporan-galat/")
    text = b"".join(report.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0] == "baris,kolom,alasan" and len(text.splitlines()) == 13


def test_progress_fragment_polls_while_the_job_runs(page_as, staf, pmks_types):
    job = ImportJob.objects.create(
        created_by=staf, original_name="a.csv", source="dtks", progress=40, processed_rows=900
    )
    fragment = page_as(staf).get(f"/pmks/impor/{job.pk}/progres/")
    assert 'hx-get="/pmks/impor/' in fragment.text and 'hx-trigger="every 1s"' in fragment.text
    assert 'value="40"' in fragment.text and "900" in fragment.text
    assert "<html" not in fragment.text
    assert "Dilanjutkan" not in fragment.text


def test_progress_of_a_job_taken_over_after_its_worker_died_says_from_which_row_it_resumed(page_as, staf, pmks_types):
    job = ImportJob.objects.create(
        created_by=staf, original_name="a.csv", source="dtks", status=ImportStatus.RUNNING, resumed_from_row=15002
    )
    fragment = page_as(staf).get(f"/pmks/impor/{job.pk}/progres/")
    assert "Dilanjutkan setelah baris 15.002" in fragment.text


def test_refused_file_is_shown_on_the_form(page_as, staf, pmks_types):
    response = page_as(staf).post(
        "/pmks/impor/", {"file": SimpleUploadedFile("foto.pdf", b"%PDF-1.7"), "source": "dtks"}
    )
    assert response.status_code == 400 and "Hanya berkas CSV dan XLSX" in response.text
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/pmks/impor/",
        "/pmks/impor/{pk}/",
        "/pmks/impor/{pk}/progres/",
        "/pmks/impor/{pk}/laporan-galat/",
        "/pmks/impor/templat.csv",
    ],
)
def test_import_pages_are_refused_to_officers(page_as, staf, petugas_lebak, pmks_types, url):
    job = ImportJob.objects.create(created_by=staf, original_name="a.csv", source="dtks")
    assert page_as(petugas_lebak).get(url.format(pk=job.pk)).status_code == 403


def test_templates_have_the_expected_columns_and_a_text_nik_column(page_as, staf, pmks_types):
    browser = page_as(staf)
    xlsx = load_workbook(io.BytesIO(browser.get("/pmks/impor/templat.xlsx").content)).active
    assert [c.value for c in xlsx[1]] == [
        "nik",
        "no_kk",
        "nama",
        "jenis_kelamin",
        "tanggal_lahir",
        "kode_wilayah",
        "jenis_pmks",
    ]
    assert xlsx["A2"].number_format == "@"
    csv_text = browser.get("/pmks/impor/templat.csv").content.decode("utf-8-sig")
    assert csv_text.startswith("nik,no_kk,nama")


def test_the_template_itself_imports_cleanly(staf, pmks_types):
    from pmks_registry.exports import import_template_xlsx
    from pmks_registry.services import import_job_create, import_job_run

    job = import_job_create(
        user=staf, uploaded_file=SimpleUploadedFile("t.xlsx", import_template_xlsx()), source="dtks"
    )
    job = import_job_run(job_id=job.pk)
    assert (job.status, job.created_count, job.error_rows) == (ImportStatus.DONE, 1, 0)


def test_an_upload_over_the_limit_is_refused_before_it_is_stored(page_as, staf, pmks_types, settings):
    settings.PMKS_IMPORT_MAX_BYTES = 1000
    big = SimpleUploadedFile("besar.csv", b"nik;nama\n" + b"3602144509830001;Siti\n" * 5000)
    response = page_as(staf).post("/pmks/impor/", {"file": big, "source": "dtks"})
    assert response.status_code == 413
    assert "lebih besar dari 0 MB" in response.text
    assert not ImportJob.objects.exists()
