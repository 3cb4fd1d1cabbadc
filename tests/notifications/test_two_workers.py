"""Scale-out: two real Celery worker processes drain one notification outbox, with every delivery queued twice
(its own task and the sweep), and each delivery is sent exactly once."""

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from banten_dinsos.celery import app
from banten_dinsos.notifications.models import (
    Alert,
    AlertKind,
    AttemptOutcome,
    Channel,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
)
from banten_dinsos.notifications.tasks import delivery_dispatch

from ..conftest import wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
DELIVERIES = 60


def start_worker(name: str, record: Path, log_dir: Path) -> subprocess.Popen:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        NOTIFICATION_SMS_BACKEND="tests.notifications.recording_backend.FileRecordingBackend",
        RECORDING_BACKEND_FILE=str(record),
    )
    command = [sys.executable, "-m", "celery", "-A", "banten_dinsos", "worker", "--pool=solo", "--concurrency=1"]
    command += [f"--hostname={name}@%h", "--without-mingle", "--without-gossip", "--loglevel=INFO"]
    log = open(log_dir / f"{name}.log", "wb")  # noqa: SIM115 - the worker's output, closed with the process
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def test_two_workers_send_each_delivery_of_one_outbox_exactly_once(reference_data, tmp_path):
    record = tmp_path / "sent.txt"
    alerts = [
        Alert.objects.create(kind=AlertKind.REPORT_READY, title=f"uji-{n}", dedupe_key=f"two-workers-{n}")
        for n in range(DELIVERIES)
    ]
    deliveries = Delivery.objects.bulk_create(
        Delivery(alert=alert, channel=Channel.SMS, target="+6281200000000", address="+6281200000000")
        for alert in alerts
    )
    app.control.purge()
    workers = [start_worker(name, record, tmp_path) for name in ("satu", "dua")]
    try:
        # Every delivery twice in the queue (a duplicate message, the sweep), interleaved so both workers hold some.
        for delivery in deliveries + deliveries[::-1]:
            delivery_dispatch.delay(delivery.pk)
        pending = Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).exclude(status=DeliveryStatus.SENT)
        wait_until(lambda: not pending.exists(), timeout=120, interval=0.5)
        # The duplicates are consumed as well (they answer "not pending"), then the workers stop.
        wait_until(lambda: app.connection().default_channel.client.llen("celery") == 0, timeout=60, interval=0.5)
    finally:
        for worker in workers:
            stop(worker)
    lines = record.read_text().splitlines()
    sent = Counter(line.split("\t")[0] for line in lines)
    assert sent == Counter({f"uji-{n}": 1 for n in range(DELIVERIES)})
    assert DeliveryAttempt.objects.filter(outcome=AttemptOutcome.SENT).count() == DELIVERIES
    # Both processes took part (the outbox was really shared, not drained by one of them).
    assert len({line.split("\t")[1] for line in lines}) == 2
    assert len(set(DeliveryAttempt.objects.values_list("worker", flat=True))) == 2
