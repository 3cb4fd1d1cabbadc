"""Bulk import of PMKS clients from CSV or XLSX: accepting a file, running the job, reporting the outcome.

The file is streamed, so memory stays flat however long it is, and saved in one transaction, so a failure
leaves nothing half-applied. On PostgreSQL a reading thread checks rows (``import_rows``) while this thread saves
earlier chunks with COPY and set-based SQL (``import_save``); on SQLite, the embedded default of ``make run``,
the rows are checked first and then upserted in batches. Progress is committed outside the import's transaction,
so the page can show it while the import runs.

Each chunk of checked rows is also committed as it is read, with its row errors, to ``ImportChunk`` together with
the job's checkpoint (the row number it goes through). A worker killed mid-import loses only its transaction: the
run that takes the job over saves the kept chunks again without checking their rows, reads on after the
checkpoint, and merges everything in one transaction that also removes the chunks.
"""

import contextlib
import csv
import datetime
import heapq
import io
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
from django.db.models import Max, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.exports import csv_writer
from banten_dinsos.core.formatting import format_number
from banten_dinsos.core.queueing import enqueue, enqueue_on_commit

from ..alerts import import_failed_alert, import_finished_alert
from ..models import DataSource, ImportChunk, ImportJob, ImportStatus
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
    rolled back with its connection, so no client of it was saved, but the chunks it had checked were committed
    with the checkpoint, and this run resumes after them.
    """
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        if import_job_lease_left(job) > 0:
            return None  # another worker has it and is alive
        kept = ImportChunk.objects.filter(job=job).aggregate(last=Max("last_row"), processed=Sum("processed"))
        if (kept["last"] or 0) != job.checkpoint_row:
            _chunks_forget(job)  # not expected (both are committed together); then read from the start
            kept = {"processed": 0}
        if job.status == ImportStatus.RUNNING:
            logger.warning(
                "PMKS import %s: the lease of the worker that ran it expired; taking it over after row %s",
                job.pk,
                job.checkpoint_row,
            )
        job.status = ImportStatus.RUNNING
        job.attempt += 1
        job.started_at = job.heartbeat_at = timezone.now()
        job.resumed_from_row = job.checkpoint_row
        if job.checkpoint_row:
            job.phase = _("Resumed after row %(row)s; reading and checking the rest") % {
                "row": format_number(job.checkpoint_row)
            }
        else:
            job.phase = _("Reading and checking rows")
        job.progress, job.processed_rows = 0, kept["processed"] or 0
        job.save(
            update_fields=[
                "status",
                "attempt",
                "started_at",
                "heartbeat_at",
                "resumed_from_row",
                "checkpoint_row",
                "encoding",
                "phase",
                "progress",
                "processed_rows",
            ]
        )
    return job


def _chunks_forget(job: ImportJob) -> None:
    """Remove the kept chunks of a job and its checkpoint (the caller holds the job or is its current run)."""
    ImportChunk.objects.filter(job=job).delete()
    job.checkpoint_row, job.encoding = 0, ""


class _LeaseLost(Exception):
    """Another run took the job over (this worker's lease ran out while it was still working): stop, change
    nothing."""


def _still_mine(job: ImportJob) -> bool:
    """Locks the job's row until the end of the transaction; false when another run has claimed it since."""
    return ImportJob.objects.select_for_update().filter(pk=job.pk, attempt=job.attempt).exists()


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

    def __init__(self, job_id: int, attempt: int):
        self.job_id, self.attempt = job_id, attempt
        self.every = max(0.5, settings.IMPORT_LEASE_SECONDS / 4)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"pmks-import-heartbeat-{job_id}", daemon=True)

    def _beat(self) -> None:
        try:
            while not self.stop.wait(self.every):
                ImportJob.objects.filter(pk=self.job_id, attempt=self.attempt, status=ImportStatus.RUNNING).update(
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


def _write_error_report(job: ImportJob, duplicate_errors: list) -> None:
    def checked():
        texts = ImportChunk.objects.filter(job=job).exclude(errors="").order_by("seq").values_list("errors", flat=True)
        for text in texts.iterator(chunk_size=20):
            for row, column, reason in csv.reader(io.StringIO(text)):
                yield int(row), column, reason

    report = io.StringIO()
    writer = csv_writer(report)  # reasons quote cells of the file: never a live formula in Excel
    writer.writerow([_("row"), _("column"), _("reason")])
    writer.writerows(heapq.merge(checked(), duplicate_errors))
    # UTF-8 with BOM, so Excel in Indonesia opens it with the right characters.
    content = io.BytesIO(("\ufeff" + report.getvalue()).encode("utf-8"))
    job.error_report.save(f"{uuid.uuid4().hex}.csv", File(content), save=False)


def import_job_run(*, job_id: int, path: str | None = None, progress: Callable[[ImportJob], None] | None = None):
    """Run one import job from start to end (the Celery task and ``manage.py import_pmks`` call this)."""
    job = _claim(job_id)
    if job is None:
        return None
    with translation.override(job.language or settings.LANGUAGE_CODE), _Heartbeat(job.pk, job.attempt):
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
        ImportJob.objects.filter(pk=job.pk, attempt=job.attempt).update(progress=job.progress, processed_rows=processed)
        if progress:
            progress(job)

    with tempfile.TemporaryDirectory(prefix="pmks-import-") as workdir:
        try:
            source_path = path or _local_copy(job, workdir)
            ctx = load_context()
            # Inside a caller's transaction (tests) nothing can be committed before the import is.
            durable = not connection.in_atomic_block
            if pipelined:
                _run_pipelined(job, source_path, fmt, ctx, on_progress, started, durable)
            else:
                _run_in_two_phases(job, source_path, fmt, ctx, on_progress, started, progress, durable)
        except _LeaseLost:
            logger.warning("PMKS import %s: another worker took the job over; this run stopped", job.pk)
            return None
        except ImportFileError as error:
            _fail(job, str(error))
        except Exception as error:
            # The type only: a database error's message can quote a row's values, and a NIK never goes to a log.
            logger.error("PMKS import %s failed: %s", job.pk, type(error).__name__)
            _fail(job, _("The import failed because of an internal error; nothing was saved. Try again later."))
    if progress:
        progress(job)
    return job


def _encodings(job: ImportJob) -> tuple[str, ...]:
    """The encodings to try, from the one the kept chunks were read in."""
    if job.checkpoint_row and job.encoding in ENCODINGS:
        return ENCODINGS[ENCODINGS.index(job.encoding) :]
    return ENCODINGS


class _ChunkLog:
    """Cuts the checked rows into chunks, each with the errors of its rows and the row it goes through, and hands
    them to ``hand`` (which keeps them: see ``_keep``).

    The rows are kept as the COPY text the saver takes, one database row per chunk: a resumed run saves them again
    as they are, and keeping a chunk costs one INSERT, not one per row.
    """

    def __init__(self, job, encoding: str, outcome: ReadOutcome, seq: int, hand: Callable[[ImportChunk, str], None]):
        self.job, self.encoding, self.outcome, self.seq, self.hand = job, encoding, outcome, seq, hand
        self.errors = io.StringIO()  # the errors of the rows read since the last chunk (``errors_out``)
        self.counted = (outcome.processed, outcome.valid, outcome.error_rows)

    def chunk(self, text: str) -> None:
        """A chunk of good rows (the ChunkWriter's sink): it goes through the row of its last line."""
        last_line = text[text.rfind("\n", 0, len(text) - 1) + 1 :]
        self._hand(text, int(last_line.split("\t", 1)[0]))

    def end(self, writer: ChunkWriter, last_row: int) -> None:
        """The last chunk: the good rows the writer still holds and the rows with errors after them."""
        text, writer.lines = "".join(writer.lines), []
        if text or self.errors.tell():
            self._hand(text, last_row)

    def _hand(self, text: str, last_row: int) -> None:
        """Every row through ``last_row`` is counted in the outcome, and its errors are in ``self.errors``."""
        outcome, (processed, valid, error_rows) = self.outcome, self.counted
        errors = self.errors.getvalue()
        self.errors.seek(0)
        self.errors.truncate()  # the same buffer: the reader's csv writer holds it
        self.counted = (outcome.processed, outcome.valid, outcome.error_rows)
        self.seq += 1
        chunk = ImportChunk(
            job_id=self.job.pk,
            seq=self.seq,
            last_row=last_row,
            processed=outcome.processed - processed,
            valid=outcome.valid - valid,
            error_rows=outcome.error_rows - error_rows,
            rows=text,
            errors=errors,
        )
        self.hand(chunk, self.encoding)


def _keep(job: ImportJob, chunk: ImportChunk, encoding: str, *, durable: bool) -> None:
    """Commit a chunk together with the job's checkpoint, in a short transaction of its own, if this run still
    holds the job; when ``durable`` is false (the import was called inside a caller's transaction, as in tests),
    nothing can be committed before the import is, and the chunk is only added to that transaction."""
    if not durable:
        chunk.save(force_insert=True)
        return
    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job.pk, attempt=job.attempt).update(
            checkpoint_row=chunk.last_row, encoding=encoding
        )
        if not claimed:
            raise _LeaseLost
        chunk.save(force_insert=True)


def _kept(job: ImportJob) -> tuple[ReadOutcome, list[int]]:
    """The counts of the chunks kept by earlier runs of the job, and their ids in order."""
    chunks = ImportChunk.objects.filter(job=job).order_by("seq").values_list("pk", "processed", "valid", "error_rows")
    outcome, ids = ReadOutcome(last_row=job.checkpoint_row), []
    for pk, processed, valid, error_rows in chunks:
        ids.append(pk)
        outcome.processed += processed
        outcome.valid += valid
        outcome.error_rows += error_rows
    return outcome, ids


def _replay(ids: list[int], save_chunk: Callable[[str], None]) -> None:
    """Save again, without checking them again, the rows of chunks kept by an earlier run (one chunk at a time)."""
    for pk in ids:
        text = ImportChunk.objects.filter(pk=pk).values_list("rows", flat=True).get()
        if text:
            save_chunk(text)


def _read(job, source_path, fmt, encoding, ctx, on_progress, kept: ReadOutcome, seq: int, hand) -> ReadOutcome:
    """Read the file after the checkpoint, handing each chunk of checked rows to ``hand``."""
    log = _ChunkLog(job, encoding, kept, seq, hand)
    writer = ChunkWriter(log.chunk, CHUNK_ROWS)
    read = read_and_validate(
        path=source_path,
        fmt=fmt,
        encoding=encoding,
        valid_out=writer,
        errors_out=log.errors,
        progress=on_progress,
        ctx=ctx,
        skip_through=job.checkpoint_row,
        outcome=kept,
    )
    log.end(writer, read.last_row)
    return read


def _start_again(job: ImportJob) -> None:
    """The file is read again in another encoding: the chunks read in this one go."""
    with transaction.atomic():
        if not _still_mine(job):
            raise _LeaseLost
        _chunks_forget(job)
        ImportJob.objects.filter(pk=job.pk).update(checkpoint_row=0, encoding="")


def _run_pipelined(job, source_path, fmt, ctx, on_progress, started, durable) -> None:
    """PostgreSQL: one transaction in which a reading thread checks rows while this thread saves earlier chunks.

    Python validation and PostgreSQL's work overlap on two cores; the queue holds at most two chunks, so memory
    stays flat. The reading thread commits each chunk to the job's kept chunks on its own connection before handing
    it over. A resumed run first saves the chunks kept by the earlier one while the reading thread goes on from the
    checkpoint. A CSV that turns out not to be UTF-8 is read again as Windows-1252 after a rollback.
    """
    for encoding in _encodings(job):
        try:
            _pipeline(job, source_path, fmt, encoding, ctx, on_progress, started, durable)
            return
        except UnicodeDecodeError:
            _start_again(job)
            continue
    raise ImportFileError(_("The file is not readable text; save it as CSV UTF-8."))


def _pipeline(job, source_path, fmt, encoding, ctx, on_progress, started, durable) -> None:
    kept, ids = _kept(job)

    def read(put) -> ReadOutcome:
        def hand(chunk: ImportChunk, encoding: str) -> None:
            if durable:
                _keep(job, chunk, encoding, durable=True)
            put((chunk, encoding))

        return _read(job, source_path, fmt, encoding, ctx, on_progress, kept, len(ids), hand)

    with transaction.atomic():
        saver = import_save.PostgresChunkSaver(job)
        saver.start()

        def consume(item) -> None:
            chunk, encoding = item
            if not durable:
                _keep(job, chunk, encoding, durable=False)
            if chunk.rows:
                saver.save_chunk(chunk.rows)

        # The kept chunks are saved again while the reading thread goes on after them.
        read_outcome = _pump_in_thread(read, consume, job.language, first=lambda: _replay(ids, saver.save_chunk))
        saved = saver.finish()
        _finish(job, read_outcome, saved, started)


class _Stopped(Exception):
    """The saving side gave up; the reading thread stops quietly."""


_DONE = object()


def _pump_in_thread(read, consume, language, first: Callable[[], None]) -> ReadOutcome:
    """Run ``read(put)`` in a thread of its own while this thread runs ``first`` and then ``consume``s what it
    puts."""
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
            with translation.override(language):
                result["read"] = read(put)
            put(_DONE)
        except _Stopped:
            return
        except BaseException as error:  # handed over and raised by the saving thread
            with contextlib.suppress(_Stopped):
                put(error)
        finally:
            connections.close_all()  # this thread's own connection (progress updates, kept chunks)

    reader = threading.Thread(target=produce, name="pmks-import-reader", daemon=True)
    reader.start()
    try:
        first()
        while True:
            item = chunks.get()
            if item is _DONE:
                return result["read"]
            if isinstance(item, BaseException):
                raise item
            consume(item)
    finally:
        stop.set()
        reader.join()


def _run_in_two_phases(job, source_path, fmt, ctx, on_progress, started, progress, durable) -> None:
    """Databases without COPY: read and check everything first (each chunk committed as it goes), then save the
    kept chunks in one transaction."""
    read = None
    for encoding in _encodings(job):
        kept, ids = _kept(job)

        def hand(chunk: ImportChunk, encoding: str) -> None:
            _keep(job, chunk, encoding, durable=durable)

        try:
            read = _read(job, source_path, fmt, encoding, ctx, on_progress, kept, len(ids), hand)
            break
        except UnicodeDecodeError:
            _start_again(job)
            continue
    if read is None:
        raise ImportFileError(_("The file is not readable text; save it as CSV UTF-8."))
    job.processed_rows, job.phase, job.progress = read.processed, _("Saving valid rows"), READ_SHARE
    ImportJob.objects.filter(pk=job.pk, attempt=job.attempt).update(
        processed_rows=job.processed_rows, phase=job.phase, progress=job.progress
    )
    if progress:
        progress(job)
    with transaction.atomic():
        saver = import_save.saver_for(job)
        saver.start()
        _replay(_kept(job)[1], saver.save_chunk)
        saved = saver.finish()
        _finish(job, read, saved, started)


def _finish(job: ImportJob, read: ReadOutcome, saved: SaveOutcome, started: float) -> None:
    if not _still_mine(job):
        raise _LeaseLost  # rolls back this run's transaction: the run that took the job over saves it
    job.processed_rows, job.ignored_columns = read.processed, read.ignored_columns
    job.valid_rows = read.valid - len(saved.duplicate_errors)
    job.error_rows = read.error_rows + len(saved.duplicate_errors)
    job.created_count, job.updated_count, job.unchanged_count = saved.created, saved.updated, saved.unchanged
    if job.error_rows:
        _write_error_report(job, saved.duplicate_errors)
    _chunks_forget(job)
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
    with transaction.atomic():
        if not _still_mine(job):
            return  # another run took the job over and may still complete it
        _forget_upload(job)
        _chunks_forget(job)
        job.save()
        audit_record(actor=job.created_by, action=AuditAction.IMPORT, instance=job, note="failed, nothing saved")
        import_failed_alert(job=job)


def _forget_upload(job: ImportJob) -> None:
    """The uploaded file holds personal data and is not needed once the job has ended: removed on commit."""
    if job.file:
        name, storage = job.file.name, job.file.storage
        job.file = ""
        transaction.on_commit(lambda: storage.delete(name))
