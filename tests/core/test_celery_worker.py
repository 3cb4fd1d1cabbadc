"""A real Celery worker consuming from the real Redis broker, writing into the real PostgreSQL test database."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from banten_dinsos.celery import app
from banten_dinsos.core import health
from banten_dinsos.core.health import celery_state
from banten_dinsos.core.models import WorkerHeartbeat
from banten_dinsos.core.tasks import worker_heartbeat

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="class")
def celery_worker():
    """One worker for the tests of a class (starting and stopping one takes about 1.3 s); the tests that need no
    worker stand outside the class and run after it has stopped."""
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping for the worker's start-up check

    assert not app.conf.task_always_eager
    assert app.conf.broker_url.startswith("redis://")
    with start_worker(app, pool="solo", concurrency=1, perform_ping_check=True, shutdown_timeout=10) as worker:
        yield worker


class TestWithAWorker:
    """A worker runs through the tests of this class."""

    def test_worker_runs_task_through_redis_and_writes_to_postgresql(self, celery_worker):
        result = worker_heartbeat.delay("pytest-worker")
        result.get(timeout=30)
        heartbeat = WorkerHeartbeat.objects.get(source="pytest-worker")
        assert heartbeat.beats == 1

    def test_task_run_twice_keeps_one_row(self, celery_worker):
        worker_heartbeat.delay("pytest-twice").get(timeout=30)
        worker_heartbeat.delay("pytest-twice").get(timeout=30)
        assert WorkerHeartbeat.objects.filter(source="pytest-twice").count() == 1
        assert WorkerHeartbeat.objects.get(source="pytest-twice").beats == 2

    def test_healthz_is_200_when_a_worker_answers(self, client, celery_worker):
        response = client.get("/healthz")
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["checks"]["database"]["state"] == "up"
        assert body["checks"]["redis"]["state"] == "up"
        assert body["checks"]["celery"]["state"] == "up"
        assert body["checks"]["celery"]["workers"]

    def test_a_listening_worker_is_up_without_waiting_for_the_ping_timeout(self, celery_worker):
        """The ping ends when every listening worker has answered (it used to wait its whole timeout, every time)."""
        started = time.monotonic()
        state = celery_state(timeout=5.0)
        assert state["state"] == "up" and state["workers"] == [celery_worker.hostname]
        assert time.monotonic() - started < 5.0


def test_no_listening_worker_is_down_at_once():
    started = time.monotonic()
    assert celery_state(timeout=5.0) == {"state": "down", "error": "no worker answered"}
    assert time.monotonic() - started < 5.0


def test_a_worker_that_listens_but_does_not_answer_is_down_after_the_timeout(monkeypatch):
    """A hung worker still receives the ping: the health check waits the timeout for it and reports it down."""
    monkeypatch.setattr(health, "_listening_workers", lambda app: 1)
    started = time.monotonic()
    assert celery_state(timeout=0.5) == {"state": "down", "error": "no worker answered"}
    assert time.monotonic() - started >= 0.5
