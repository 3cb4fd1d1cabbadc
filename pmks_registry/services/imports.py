"""Bulk import of PMKS clients from CSV or XLSX: accepting a file, running the job, reporting the outcome.

The file is streamed, so memory stays flat however long it is, and saved in one transaction, so a failure
leaves nothing half-applied. On PostgreSQL a reading thread checks rows (``import_rows``) while this thread saves
earlier chunks with COPY and set-based SQL (``import_save``); on SQLite, the embedded default of ``make run``,
the rows are checked first and then upserted in batches. Progress is committed outside the import's transaction,
so the page can show it while the import runs.
"""

import contextlib
import csv
import datetime
import heapq
import io
import itertools
import logging
import os
import queue
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connection, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.exports import csv_writer
from banten_dinsos.core.formatting import format_number
from banten_dinsos.core.queueing import enqueue, enqueue_on_commit

from ..alerts import import_failed_alert, import_finished_alert
from ..models import DataSource, ImportJob, ImportStatus
from . import import_save
from .import_rows import ChunkWriter, ImportFileError, ReadOutcome, load_context, read_and_validate
from .import_save import SaveOutcome

logger = logging.getLogger(__name__)

EXTENSIONS = {".csv": "csv", ".xlsx": "xlsx"}
READ_SHARE = 80  # two phases: percent of the bar for reading and validating; the rest is saving
PIPELINE_SHARE = 95  # reading and saving together: the bar follows the reading, the commit is the rest
CHUNK_ROWS = 50_000
ENCODINGS = ("utf-8-sig", "cp1252")  # Excel's "CSV (Comma delimited)" in Indonesia is Windows-1252
# Queued jobs are left to their own task this long before the sweep queues them again.
SWEEP_GRACE = datetime.timedelta(seconds=60)


def _lease() -> datetime.timedelta:
    """How long a running job is left to its worker after its last heartbeat (renewed every quarter of it)."""
    return datetime.timedelta(seconds=settings.IMPORT_LEASE_SECONDS)


# ---------------------------------------------------------------------------------------------------------------
# Accepting a file
# ---------------------------------------------------------------------------------------------------------------
def _max_mb() -> str:
    return f"{settings.PMKS_IMPORT_MAX_BYTES / (1024 * 1024):.0f}"


def import_file_check(*, name: str, size: int, head: bytes) -> str:
    """The format ("csv" or "xlsx") of a file about to be imported, or ImportFileError saying why not."""
    suffix = Path(name).suffix.lower()
    if size > settings.PMKS_IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is %(size)s MB; the largest file accepted is %(max)s MB. Split it into smaller files.")
            % {"size": f"{size / (1024 * 1024):.0f}", "max": _max_mb()}
        )
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    if suffix == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("Old Excel files (.xls) are not accepted. Save the file as .xlsx or as CSV UTF-8."))
    fmt = EXTENSIONS.get(suffix)
    if fmt is None:
        raise ImportFileError(
            _("Only CSV and XLSX files can be imported (this file is “%(suffix)s”).") % {"suffix": suffix or "?"}
        )
    if fmt == "xlsx" and not head.startswith(b"PK\x03\x04"):
        raise ImportFileError(_("The file is named .xlsx but is not an Excel workbook."))
    if fmt == "csv" and (b"\x00" in head or head.startswith(b"PK\x03\x04") or head.startswith(b"%PDF")):
        raise ImportFileError(_("The file is named .csv but is not a text file."))
    return fmt


@transaction.atomic
def import_job_create(*, user, uploaded_file, source: str) -> ImportJob:
    """Accept an uploaded file for import and queue the import task once the upload is committed."""
    require_perm(user, Perm.PMKS_IMPORT)  # the role map keeps bulk import with provincial staff
    if source not in DataSource.values:
        raise ValidationError({"source": _("Choose the data source.")})
    name = os.path.basename(uploaded_file.name or "")[:255]
    head = uploaded_file.read(8)
    uploaded_file.seek(0)
    try:
        fmt = import_file_check(name=name, size=uploaded_file.size, head=head)
    except ImportFileError as error:
        raise ValidationError({"file": str(error)}) from error
    job = ImportJob(
        created_by=user,
        original_name=name,
        file_size=uploaded_file.size,
        source=source,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    # A random stored name: the original one may itself hold personal data.
    job.file.save(f"{uuid.uuid4().hex}.{fmt}", uploaded_file, save=False)
    job.full_clean()
    job.save()
    from ..tasks import pmks_import_run

    # A broker outage leaves the job queued (the sweep queues it again); the upload itself never fails for it.
    enqueue_on_commit(pmks_import_run, job.pk)
    return job


@transaction.atomic
def import_job_create_from_path(*, path: str, source: str, user=None) -> ImportJob:
    """An import job for a file on the server (``manage.py import_pmks``); the file is read where it is."""
    if user is not None:
        require_perm(user, Perm.PMKS_IMPORT)
    with open(path, "rb") as handle:
        head = handle.read(8)
    import_file_check(name=path, size=os.path.getsize(path), head=head)
    job = ImportJob(
        created_by=user,
        original_name=os.path.basename(path)[:255],
        file_size=os.path.getsize(path),
        source=source,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    job.full_clean()
    job.save()
    return job


# ---------------------------------------------------------------------------------------------------------------
# Running a job
# ---------------------------------------------------------------------------------------------------------------
def _claim(job_id: int) -> ImportJob | None:
    """Take the job for this run; a finished job, or one whose worker is alive, is left alone.

    A job still "running" whose heartbeat is older than the lease was left by a worker that died: its transaction
    rolled back with its connection, so nothing of it was saved, and this run takes it over from the start.
    """
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        if import_job_lease_left(job) > 0:
            return None  # another worker has it and is alive
        if job.status == ImportStatus.RUNNING:
            logger.warning("PMKS import %s: the lease of the worker that ran it expired; taking it over", job.pk)
        job.status = ImportStatus.RUNNING
        job.started_at = job.heartbeat_at = timezone.now()
        job.phase = _("Reading and checking rows")
        job.progress = job.processed_rows = 0
        job.save(update_fields=["status", "started_at", "heartbeat_at", "phase", "progress", "processed_rows"])
    return job


def import_job_lease_left(job: ImportJob) -> float:
    """Seconds until the lease of a running job runs out (0 when it is not running or its worker is gone)."""
    if job.status != ImportStatus.RUNNING:
        return 0.0
    last = job.heartbeat_at or job.started_at
    if last is None:
        return 0.0
    return max(0.0, (last + _lease() - timezone.now()).total_seconds())


class _Heartbeat:
    """Renews the job's lease from a thread of its own (with its own connection, outside the import's transaction),
    so a long COPY or commit that reports no progress does not look like a dead worker."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.every = max(0.5, settings.IMPORT_LEASE_SECONDS / 4)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"pmks-import-heartbeat-{job_id}", daemon=True)

    def _beat(self) -> None:
        try:
            while not self.stop.wait(self.every):
                ImportJob.objects.filter(pk=self.job_id, status=ImportStatus.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            connections.close_all()  # this thread's connection only

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stop.set()
        self.thread.join()


def import_jobs_sweep() -> int:
    """Queue again the jobs left waiting while the broker was down and those whose worker died (lease run out)."""
    from ..tasks import pmks_import_run

    now = timezone.now()
    waiting = ImportJob.objects.filter(status=ImportStatus.QUEUED, created_at__lte=now - SWEEP_GRACE)
    running = ImportJob.objects.filter(status=ImportStatus.RUNNING)
    ids = list(waiting.values_list("pk", flat=True)[:100])
    ids += [
        job.pk
        for job in running.only("pk", "status", "heartbeat_at", "started_at")[:100]
        if not import_job_lease_left(job)
    ]
    return sum(enqueue(pmks_import_run, job_id) for job_id in ids)


def _write_error_report(job: ImportJob, errors_path: str, duplicate_errors: list) -> None:
    def phase1():
        with open(errors_path, encoding="utf-8", newline="") as handle:
            for row, column, reason in csv.reader(handle):
                yield int(row), column, reason

    report = io.StringIO()
    writer = csv_writer(report)  # reasons quote cells of the file: never a live formula in Excel
    writer.writerow([_("row"), _("column"), _("reason")])
    writer.writerows(heapq.merge(phase1(), duplicate_errors))
    # UTF-8 with BOM, so Excel in Indonesia opens it with the right characters.
    content = io.BytesIO(("\ufeff" + report.getvalue()).encode("utf-8"))
    job.error_report.save(f"{uuid.uuid4().hex}.csv", File(content), save=False)


def import_job_run(*, job_id: int, path: str | None = None, progress: Callable[[ImportJob], None] | None = None):
    """Run one import job from start to end (the Celery task and ``manage.py import_pmks`` call this)."""
    job = _claim(job_id)
    if job is None:
        return None
    with translation.override(job.language or settings.LANGUAGE_CODE), _Heartbeat(job.pk):
        return _run(job, path=path, progress=progress)


def _local_copy(job: ImportJob, workdir: str) -> str:
    """The uploaded file as a path on this worker's disk: the folder storage's own path, or a copy fetched in
    blocks from object storage (several web and worker containers share no disk)."""
    try:
        return job.file.path
    except NotImplementedError:
        local = os.path.join(workdir, "upload" + Path(job.file.name).suffix)
        with job.file.open("rb") as source, open(local, "wb") as target:
            while block := source.read(1024 * 1024):
                target.write(block)
        return local


def _run(job: ImportJob, *, path: str | None, progress):
    fmt = EXTENSIONS.get(Path(path or job.original_name).suffix.lower(), "csv")
    started = time.monotonic()
    pipelined = connection.vendor == "postgresql"
    share = PIPELINE_SHARE if pipelined else READ_SHARE
    last_update = [0.0]

    def on_progress(fraction: float, processed: int) -> None:
        now = time.monotonic()
        if now - last_update[0] < 0.5:
            return
        last_update[0] = now
        job.progress = min(share, int(fraction * share))
        job.processed_rows = processed
        # Outside the import's transaction (its own connection when called from the reading thread): visible now.
        ImportJob.objects.filter(pk=job.pk).update(progress=job.progress, processed_rows=processed)
        if progress:
            progress(job)

    with tempfile.TemporaryDirectory(prefix="pmks-import-") as workdir:
        errors_path = os.path.join(workdir, "errors.csv")
        try:
            source_path = path or _local_copy(job, workdir)
            ctx = load_context()
            if pipelined:
                _run_pipelined(job, source_path, fmt, ctx, errors_path, on_progress, started)
            else:
                _run_in_two_phases(job, source_path, fmt, ctx, workdir, errors_path, on_progress, started, progress)
        except ImportFileError as error:
            _fail(job, str(error))
        except Exception as error:
            # The type only: a database error's message can quote a row's values, and a NIK never goes to a log.
            logger.error("PMKS import %s failed: %s", job.pk, type(error).__name__)
            _fail(job, _("The import failed because of an internal error; nothing was saved. Try again later."))
    if progress:
        progress(job)
    return job


def _run_pipelined(job, source_path, fmt, ctx, errors_path, on_progress, started) -> None:
    """PostgreSQL: one transaction in which a reading thread checks rows while this thread saves earlier chunks.

    Python validation and PostgreSQL's work overlap on two cores; the queue holds at most two chunks, so memory
    stays flat. A CSV that turns out not to be UTF-8 is read again as Windows-1252 after a rollback.
    """
    for encoding in ENCODINGS:
        try:
            with transaction.atomic():
                saver = import_save.PostgresChunkSaver(job)
                saver.start()
                read = _pump_in_thread(
                    source_path, fmt, encoding, ctx, errors_path, on_progress, saver.save_chunk, job.language
                )
                saved = saver.finish()
                _finish(job, read, saved, errors_path, started)
            return
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is not readable text; save it as CSV UTF-8."))


class _Stopped(Exception):
    """The saving side gave up; the reading thread stops quietly."""


_DONE = object()


def _pump_in_thread(source_path, fmt, encoding, ctx, errors_path, on_progress, save_chunk, language) -> ReadOutcome:
    chunks: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()
    result: dict = {}

    def put(item) -> None:
        while not stop.is_set():
            try:
                chunks.put(item, timeout=0.2)
                return
            except queue.Full:
                continue
        raise _Stopped

    def produce() -> None:
        try:
            with translation.override(language), open(errors_path, "w", encoding="utf-8", newline="") as errors:
                writer = ChunkWriter(put, CHUNK_ROWS)
                result["read"] = read_and_validate(
                    path=source_path,
                    fmt=fmt,
                    encoding=encoding,
                    valid_out=writer,
                    errors_out=errors,
                    progress=on_progress,
                    ctx=ctx,
                )
                writer.flush()
            put(_DONE)
        except _Stopped:
            return
        except BaseException as error:  # handed over and raised by the saving thread
            with contextlib.suppress(_Stopped):
                put(error)
        finally:
            connections.close_all()  # this thread's own connection (progress updates)

    reader = threading.Thread(target=produce, name="pmks-import-reader", daemon=True)
    reader.start()
    try:
        while True:
            item = chunks.get()
            if item is _DONE:
                return result["read"]
            if isinstance(item, BaseException):
                raise item
            save_chunk(item)
    finally:
        stop.set()
        reader.join()


def _run_in_two_phases(job, source_path, fmt, ctx, workdir, errors_path, on_progress, started, progress) -> None:
    """Databases without COPY: read and check everything first (progress committed as it goes), then save."""
    valid_path = os.path.join(workdir, "valid.tsv")
    read = None
    for encoding in ENCODINGS:
        try:
            with open(valid_path, "w", encoding="utf-8") as valid, open(errors_path, "w", encoding="utf-8") as errs:
                read = read_and_validate(
                    path=source_path,
                    fmt=fmt,
                    encoding=encoding,
                    valid_out=valid,
                    errors_out=errs,
                    progress=on_progress,
                    ctx=ctx,
                )
            break
        except UnicodeDecodeError:
            continue
    if read is None:
        raise ImportFileError(_("The file is not readable text; save it as CSV UTF-8."))
    job.processed_rows, job.phase, job.progress = read.processed, _("Saving valid rows"), READ_SHARE
    job.save(update_fields=["processed_rows", "phase", "progress"])
    if progress:
        progress(job)
    with transaction.atomic():
        saver = import_save.saver_for(job)
        saver.start()
        with open(valid_path, encoding="utf-8") as valid:
            while chunk := "".join(itertools.islice(valid, CHUNK_ROWS)):
                saver.save_chunk(chunk)
        saved = saver.finish()
        _finish(job, read, saved, errors_path, started)


def _finish(job: ImportJob, read: ReadOutcome, saved: SaveOutcome, errors_path: str, started: float) -> None:
    job.processed_rows, job.ignored_columns = read.processed, read.ignored_columns
    job.valid_rows = read.valid - len(saved.duplicate_errors)
    job.error_rows = read.error_rows + len(saved.duplicate_errors)
    job.created_count, job.updated_count, job.unchanged_count = saved.created, saved.updated, saved.unchanged
    if job.error_rows:
        _write_error_report(job, errors_path, saved.duplicate_errors)
    job.status, job.progress, job.phase = ImportStatus.DONE, 100, ""
    job.finished_at = timezone.now()
    job.message = _(
        "%(valid)s rows imported (%(created)s new, %(updated)s updated, %(unchanged)s unchanged); "
        "%(errors)s rows with errors were skipped."
    ) % {
        "valid": format_number(job.valid_rows),
        "created": format_number(job.created_count),
        "updated": format_number(job.updated_count),
        "unchanged": format_number(job.unchanged_count),
        "errors": format_number(job.error_rows),
    }
    _forget_upload(job)
    job.save()
    audit_record(
        actor=job.created_by,
        action=AuditAction.IMPORT,
        instance=job,
        note=(
            f"rows {job.processed_rows}, created {job.created_count}, updated {job.updated_count}, "
            f"unchanged {job.unchanged_count}, errors {job.error_rows}, {time.monotonic() - started:.1f}s"
        ),
    )
    import_finished_alert(job=job)


def _fail(job: ImportJob, message: str) -> None:
    job.status, job.phase, job.message = ImportStatus.FAILED, "", message
    job.created_count = job.updated_count = job.unchanged_count = 0
    job.finished_at = timezone.now()
    _forget_upload(job)
    with transaction.atomic():
        job.save()
        audit_record(actor=job.created_by, action=AuditAction.IMPORT, instance=job, note="failed, nothing saved")
        import_failed_alert(job=job)


def _forget_upload(job: ImportJob) -> None:
    """The uploaded file holds personal data and is not needed once the job has ended: removed on commit."""
    if job.file:
        name, storage = job.file.name, job.file.storage
        job.file = ""
        transaction.on_commit(lambda: storage.delete(name))
