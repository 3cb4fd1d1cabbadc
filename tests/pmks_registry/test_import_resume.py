"""An import whose run stops mid-file resumes after its last committed chunk: the rows before it are not checked
again, a NIK repeated on both sides is still reported, and the clients hold exactly the file's rows. A failure
leaves no client and no kept chunk. Transactional, so the kept chunks are really committed (PostgreSQL); the
path for databases without COPY (SQLite) is run here too, against the same database."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone

from banten_dinsos.core.nik import nik_generate
from pmks_registry.models import Client, ImportChunk, ImportJob, ImportStatus
from pmks_registry.services import import_job_create, import_job_run, imports

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 1000
CHUNK = 50
DESAS = ["36.02.14.1007", "36.73.02.1001"]
EARLY_DUPLICATE, LATE_DUPLICATE = 10, 900  # data rows (the file's rows 11 and 901): both sides of the checkpoint
BAD_SEX = 20  # a row with an error before the checkpoint: reported although the run that found it died


class Killed(BaseException):
    """Stands for SIGKILL: no ``except Exception`` of the import sees it, so its transaction just rolls back."""


def roster() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["nik", "no_kk", "nama", "jenis_kelamin", "tanggal_lahir", "kode_wilayah", "jenis_pmks"])
    niks = []
    for serial in range(1, ROWS + 1):
        sex = "LP"[serial % 2]
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=serial)
        desa = DESAS[serial % 2]
        niks.append(nik_generate(region_prefix=desa.replace(".", "")[:6], sex=sex, birth_date=born, serial=1))
        nik = niks[EARLY_DUPLICATE - 1] if serial == LATE_DUPLICATE else niks[-1]
        if serial == LATE_DUPLICATE:  # the same person again, as a second data entry would have it
            sex, born, desa = "LP"[EARLY_DUPLICATE % 2], born - datetime.timedelta(days=LATE_DUPLICATE - 10), DESAS[0]
        writer.writerow([nik, "", "Warga Lebak", "X" if serial == BAD_SEX else sex, f"{born:%d/%m/%Y}", desa, "9"])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def report_rows(job) -> list[list[str]]:
    with job.error_report.open("rb") as handle:
        return list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))


@pytest.fixture(params=["postgresql", "sqlite"])
def vendor(request, monkeypatch):
    """The pipelined path (COPY) and the path for databases without COPY."""
    if request.param == "sqlite":
        monkeypatch.setattr(imports.connection, "vendor", "sqlite")
    monkeypatch.setattr(imports, "CHUNK_ROWS", CHUNK)
    return request.param


def kill_at_chunk(monkeypatch, number: int) -> None:
    """The worker dies just before it would commit chunk ``number``."""
    keep, calls = imports._keep, []

    def dying_keep(job, chunk, encoding, *, durable):
        calls.append(chunk.seq)
        if len(calls) == number:
            raise Killed
        keep(job, chunk, encoding, durable=durable)

    monkeypatch.setattr(imports, "_keep", dying_keep)


def test_a_run_that_died_is_resumed_after_its_checkpoint_and_reports_a_nik_repeated_across_it(
    staf, pmks_types, vendor, monkeypatch
):
    job = import_job_create(user=staf, uploaded_file=SimpleUploadedFile("dtks.csv", roster()), source="dtks")
    kill_at_chunk(monkeypatch, 4)
    with pytest.raises(Killed):
        import_job_run(job_id=job.pk)
    left = ImportJob.objects.get(pk=job.pk)
    # Three chunks of 50 good rows were committed with the checkpoint; no client was (one transaction, rolled back).
    assert (left.status, left.checkpoint_row) == (ImportStatus.RUNNING, 3 * CHUNK + 2)  # + header + the bad row
    assert list(ImportChunk.objects.filter(job=job).values_list("seq", flat=True).order_by("seq")) == [1, 2, 3]
    assert Client.objects.count() == 0
    # Its worker is alive as long as the lease runs: nobody takes the job.
    assert import_job_run(job_id=job.pk) is None

    monkeypatch.undo()
    monkeypatch.setattr(imports, "CHUNK_ROWS", CHUNK)
    if vendor == "sqlite":
        monkeypatch.setattr(imports.connection, "vendor", "sqlite")
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(hours=1))
    checked = []
    validate = imports.read_and_validate

    def counting_validate(**kwargs):
        outcome = validate(**kwargs)
        checked.append(outcome.last_row - kwargs["skip_through"])
        return outcome

    monkeypatch.setattr(imports, "read_and_validate", counting_validate)
    done = import_job_run(job_id=job.pk)

    assert done.status == ImportStatus.DONE, done.message
    assert done.resumed_from_row == left.checkpoint_row
    assert checked == [ROWS + 1 - left.checkpoint_row]  # the rows after the checkpoint, and no others
    assert (done.processed_rows, done.valid_rows, done.error_rows) == (ROWS, ROWS - 2, 2)
    assert Client.objects.count() == done.created_count == ROWS - 2
    assert Client.objects.values("nik").distinct().count() == ROWS - 2
    reported = [(int(row), column, reason) for row, column, reason in report_rows(done)[1:]]
    assert [(row, column) for row, column, _reason in reported] == [
        (BAD_SEX + 1, "jenis_kelamin"),
        (LATE_DUPLICATE + 1, "nik"),
    ]
    assert f"baris {EARLY_DUPLICATE + 1}" in reported[1][2]
    assert not ImportChunk.objects.filter(job=job).exists()
    assert (done.checkpoint_row, done.encoding) == (0, "")


def test_a_failure_after_some_chunks_leaves_no_client_and_no_kept_chunk(staf, pmks_types, vendor, monkeypatch):
    saver_class = (
        imports.import_save.PostgresChunkSaver if vendor == "postgresql" else imports.import_save.BatchedChunkSaver
    )
    save_chunk, calls = saver_class.save_chunk, []

    def failing_save_chunk(self, text):
        calls.append(len(text))
        if len(calls) == 3:
            raise RuntimeError("disk full")
        save_chunk(self, text)

    monkeypatch.setattr(saver_class, "save_chunk", failing_save_chunk)
    job = import_job_create(user=staf, uploaded_file=SimpleUploadedFile("dtks.csv", roster()), source="dtks")
    failed = import_job_run(job_id=job.pk)
    assert failed.status == ImportStatus.FAILED
    assert len(calls) == 3
    assert Client.objects.count() == 0
    assert not ImportChunk.objects.filter(job=job).exists()
    assert ImportJob.objects.get(pk=job.pk).checkpoint_row == 0


def test_a_run_whose_job_was_taken_over_stops_without_saving_or_failing_the_job(staf, pmks_types, monkeypatch):
    """A worker that only looked dead (its lease ran out) finds the job claimed by another run at its next chunk."""
    monkeypatch.setattr(imports, "CHUNK_ROWS", CHUNK)
    job = import_job_create(user=staf, uploaded_file=SimpleUploadedFile("dtks.csv", roster()), source="dtks")
    keep, calls = imports._keep, []

    def keep_then_lose_the_lease(job, chunk, encoding, *, durable):
        calls.append(chunk.seq)
        if len(calls) == 2:  # committed by the reading thread's own connection, as a takeover would
            ImportJob.objects.filter(pk=job.pk).update(attempt=F("attempt") + 1)
        keep(job, chunk, encoding, durable=durable)

    monkeypatch.setattr(imports, "_keep", keep_then_lose_the_lease)
    assert import_job_run(job_id=job.pk) is None
    left = ImportJob.objects.get(pk=job.pk)
    assert left.status == ImportStatus.RUNNING and not left.message
    assert (Client.objects.count(), len(calls)) == (0, 2)
    assert list(ImportChunk.objects.filter(job=job).values_list("seq", flat=True)) == [1]


def test_a_csv_found_not_to_be_utf8_after_some_kept_chunks_is_read_again_from_the_start(
    staf, pmks_types, vendor, monkeypatch
):
    """Excel's Windows-1252 CSV: the chunks kept while it was read as UTF-8 go, and each row is saved once."""
    lines = roster().decode("utf-8-sig").split("\r\n")
    lines[800] = lines[800].replace("Warga Lebak", "José Lebak")  # far past the first chunks
    content = "\r\n".join(lines).encode("cp1252")
    keep, kept_in = imports._keep, []

    def recording_keep(job, chunk, encoding, *, durable):
        kept_in.append(encoding)
        keep(job, chunk, encoding, durable=durable)

    monkeypatch.setattr(imports, "_keep", recording_keep)
    job = import_job_create(user=staf, uploaded_file=SimpleUploadedFile("dtks.csv", content), source="dtks")
    done = import_job_run(job_id=job.pk)
    assert done.status == ImportStatus.DONE, done.message
    assert kept_in.count("utf-8-sig") >= 3 and kept_in[-1] == "cp1252"
    assert (done.valid_rows, done.error_rows, done.created_count) == (ROWS - 2, 2, ROWS - 2)
    assert Client.objects.count() == Client.objects.values("nik").distinct().count() == ROWS - 2
    assert Client.objects.filter(name="José Lebak").count() == 1
    assert not ImportChunk.objects.filter(job=job).exists()
