"""A worker killed with SIGKILL in the middle of an import: the job is taken over by another worker once its lease
runs out, resumes after the last chunk the killed run committed, and ends with exactly the file's rows (the killed
run's transaction died with its connection; its kept chunks did not)."""

import csv
import datetime
import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from banten_dinsos.celery import app
from banten_dinsos.core.nik import nik_generate
from banten_dinsos.regions.models import Region, RegionLevel
from pmks_registry.models import Client, ImportChunk, ImportJob, ImportStatus
from pmks_registry.services import import_job_create, pmks_types_load_reference
from pmks_registry.services.imports import import_jobs_sweep
from tests.conftest import wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
ROWS = 20_000
LEASE_SECONDS = 3


def roster(rows: int) -> bytes:
    """Valid rows with distinct NIKs, as Excel in Indonesia saves a CSV."""
    rng = random.Random(19)
    desas = list(Region.objects.filter(level=RegionLevel.DESA).values_list("code", flat=True).order_by("code")[:400])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["nik", "no_kk", "nama", "jenis_kelamin", "tanggal_lahir", "kode_wilayah", "jenis_pmks"])
    for serial in range(1, rows + 1):
        sex = "LP"[serial % 2]
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=serial % 20000)
        desa = desas[serial % len(desas)]
        prefix = desa.replace(".", "")[:6]
        nik = nik_generate(region_prefix=prefix, sex=sex, birth_date=born, serial=serial // 20000 + 1)
        writer.writerow([nik, "", f"Warga {rng.choice('ABCDEFGH')}", sex, born.strftime("%d/%m/%Y"), desa, "9"])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def start_worker(name: str, settings) -> subprocess.Popen:
    """A real ``celery worker`` process on the test database and the test Redis."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        IMPORT_LEASE_SECONDS=str(LEASE_SECONDS),
        PRIVATE_FILES_ROOT=str(settings.PRIVATE_FILES_ROOT),
    )
    command = [sys.executable, "-m", "celery", "-A", "banten_dinsos", "worker", "--pool=solo", "--concurrency=1"]
    command += [f"--hostname={name}@%h", "--without-mingle", "--without-gossip", "--loglevel=INFO"]
    log = open(Path(settings.PRIVATE_FILES_ROOT).parent / f"{name}.log", "wb")  # noqa: SIM115 - the worker's
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log)


def _ended(job) -> bool:
    return ImportJob.objects.get(pk=job.pk).is_finished


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def test_a_killed_workers_job_is_resumed_after_its_checkpoint_with_exactly_the_files_rows(staf, settings, tmp_path):
    pmks_types_load_reference()
    content = roster(ROWS)
    app.control.purge()
    first = start_worker("first", settings)
    second = None
    try:
        job = import_job_create(user=staf, uploaded_file=SimpleUploadedFile("dtks.csv", content), source="dtks")
        # Mid-import: the first chunk of checked rows (5,000) is committed with the checkpoint.
        wait_until(
            lambda: ImportJob.objects.filter(pk=job.pk, checkpoint_row__gt=0).exists() or _ended(job), timeout=120
        )
        assert not _ended(job), ImportJob.objects.get(pk=job.pk).message
        stop(first, signal.SIGKILL)
        running = ImportJob.objects.get(pk=job.pk)
        assert running.status == ImportStatus.RUNNING and 0 < running.checkpoint_row < ROWS + 1
        assert Client.objects.count() == 0  # the killed run's transaction died with its connection
        kept = ImportChunk.objects.filter(job=job).order_by("seq").first()
        assert kept.last_row <= running.checkpoint_row
        # Marks a kept row: the run taking over must save it as kept, not read and check the file's row again.
        fields = kept.rows.split("\n", 1)[0].split("\t")
        marked_nik, fields[3], fields[4] = fields[1], "Dari Potongan Tersimpan", "DARI POTONGAN TERSIMPAN"
        kept.rows = "\t".join(fields) + "\n" + kept.rows.split("\n", 1)[1]
        kept.save(update_fields=["rows"])

        second = start_worker("second", settings)
        # The message of the killed run stays unacknowledged on the broker; the sweep hands the job on.
        time.sleep(LEASE_SECONDS + 1)
        settings.IMPORT_LEASE_SECONDS = LEASE_SECONDS
        assert import_jobs_sweep() == 1
        wait_until(lambda: ImportJob.objects.get(pk=job.pk).is_finished, timeout=180, interval=0.5)
    finally:
        stop(first, signal.SIGKILL)
        if second is not None:
            stop(second)
    done = ImportJob.objects.get(pk=job.pk)
    assert done.status == ImportStatus.DONE, done.message
    assert (done.processed_rows, done.valid_rows, done.error_rows) == (ROWS, ROWS, 0)
    assert done.resumed_from_row == running.checkpoint_row
    assert Client.objects.count() == ROWS == done.created_count
    assert Client.objects.values("nik").distinct().count() == ROWS
    assert Client.objects.get(nik=marked_nik).name == "Dari Potongan Tersimpan"
    assert not ImportChunk.objects.filter(job=job).exists()
