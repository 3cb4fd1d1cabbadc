"""Outages degrade, they do not stall: with Redis and the broker on a closed port, requests that queue work, log in
or read cached panels answer correctly within 3 s; what was queued is delivered exactly once when Redis returns."""

import time
import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from banten_dinsos.celery import app
from banten_dinsos.core import cache as fallback_cache
from banten_dinsos.notifications.models import Delivery, DeliveryStatus
from banten_dinsos.notifications.services.dispatch import deliveries_sweep
from banten_dinsos.regions.models import Region, RegionLevel
from banten_dinsos.reports.models import GeneratedReport, ReportStatus
from banten_dinsos.reports.services import reports_sweep
from clusters.models import DisasterType, EmergencyStatus
from clusters.services import disaster_create, field_report_create, field_report_submit
from pmks_registry.models import Client, ImportJob, ImportStatus
from pmks_registry.services.imports import import_jobs_sweep

from ..pmks_registry.test_import import MISTAKES, csv_bytes

CLOSED = "redis://127.0.0.1:1/6"
LIVE = app.conf.broker_url
BUDGET = 3.0
IMPORT_URL = "/pmks/impor/"


def _point_at(url: str) -> None:
    app.conf.broker_url = app.conf.broker_read_url = app.conf.broker_write_url = url
    app.conf.result_backend = url
    app._pool = None
    app.amqp._producer_pool = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture
def redis_down(settings):
    """Broker, result backend, cache and health check all on a port nobody listens on."""
    _point_at(CLOSED)
    settings.REDIS_URL = CLOSED
    settings.CACHES = {"default": {"BACKEND": "banten_dinsos.core.cache.FallbackRedisCache", "LOCATION": CLOSED}}
    yield
    _point_at(LIVE)
    fallback_cache._down_until["at"] = 0.0


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def flood(staf):
    return disaster_create(
        user=staf,
        disaster_type=DisasterType.objects.get(code="101"),
        title="Banjir Lebak",
        started_on=__import__("datetime").date(2026, 1, 17),
        affected_kabkota=Region.objects.filter(code="36.02"),
        affected_kecamatan=Region.objects.none(),
        status=EmergencyStatus.SIAGA,
        decree_number="360/1/2026",
    )


def submitted_report(officer, disaster):
    area = Region.objects.filter(level=RegionLevel.KECAMATAN, code__startswith="36.02").order_by("code").first()
    report, _created = field_report_create(
        user=officer,
        disaster=disaster,
        area=area,
        observed_at=timezone.now(),
        idempotency_key=uuid.uuid4(),
        affected_people=120,
        displaced=40,
    )
    return field_report_submit(user=officer, report=report)


@pytest.mark.django_db(transaction=True)
def test_requests_answer_within_3_seconds_and_the_queued_work_goes_out_once_redis_returns(
    redis_down, api, api_as, client, staf, petugas_lebak, settings, django_capture_on_commit_callbacks
):
    from pmks_registry.services import pmks_types_load_reference

    pmks_types_load_reference()
    disaster = flood(staf)
    settings.PRIVATE_FILES_ROOT = settings.MEDIA_ROOT
    staff_api = api_as(staf)

    status, seconds = timed(
        lambda: staff_api.post(
            f"/api/v1/disasters/{disaster.pk}/status/",
            {"status": EmergencyStatus.TANGGAP, "decree_number": "360/2/2026"},
            format="json",
        )
    )
    assert status.status_code == 200 and seconds < BUDGET, (status.status_code, seconds)

    report = submitted_report(petugas_lebak, disaster)
    verified, seconds = timed(lambda: staff_api.post(f"/api/v1/field-reports/{report.pk}/verify/"))
    assert verified.status_code == 200 and seconds < BUDGET, (verified.status_code, seconds)

    requested, seconds = timed(
        lambda: staff_api.post("/api/v1/reports/", {"disaster": disaster.pk, "formats": ["xlsx"]}, format="json")
    )
    assert requested.status_code == 201 and seconds < BUDGET, (requested.status_code, seconds)

    client.force_login(staf)
    upload = SimpleUploadedFile("dtks.csv", csv_bytes(MISTAKES))
    imported, seconds = timed(lambda: client.post(IMPORT_URL, {"file": upload, "source": "dtks"}))
    assert imported.status_code == 302 and seconds < BUDGET, (imported.status_code, seconds)

    token, seconds = timed(
        lambda: api.post("/api/v1/auth/token/", {"username": "petugas.lebak", "password": "demo-banten"}, format="json")
    )
    assert token.status_code == 200 and "token" in token.json() and seconds < BUDGET, (token.status_code, seconds)

    for url in ("/", "/dasbor/panel/"):
        page, seconds = timed(lambda url=url: client.get(url))
        assert page.status_code == 200 and seconds < BUDGET, (url, page.status_code, seconds)

    health, seconds = timed(lambda: client.get("/healthz"))
    assert health.status_code == 503 and seconds < BUDGET
    body = health.json()
    assert body["checks"]["redis"]["state"] == "down"
    assert {item["component"] for item in body["degraded"]} >= {"redis"}

    # Nothing was lost: every piece of work waits in the database.
    assert GeneratedReport.objects.filter(status=ReportStatus.QUEUED).count() == 1
    assert ImportJob.objects.get().status == ImportStatus.QUEUED
    waiting = set(Delivery.objects.exclude(channel="in_app").values_list("pk", flat=True))
    return_of_redis(waiting)


def return_of_redis(waiting: set[int]) -> None:
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping for the worker's start-up check
    from celery.contrib.testing.worker import start_worker

    from tests.conftest import wait_until

    _point_at(LIVE)
    fallback_cache._down_until["at"] = 0.0
    app.control.purge()
    ImportJob.objects.update(created_at=ImportJob.objects.get().created_at - __import__("datetime").timedelta(hours=1))
    GeneratedReport.objects.update(
        created_at=GeneratedReport.objects.get().created_at - __import__("datetime").timedelta(hours=1)
    )
    with start_worker(app, pool="solo", concurrency=1, perform_ping_check=True, shutdown_timeout=10):
        assert reports_sweep() == 1
        assert import_jobs_sweep() == 1
        deliveries_sweep()
        wait_until(lambda: GeneratedReport.objects.get().status == ReportStatus.DONE, timeout=60)
        wait_until(lambda: ImportJob.objects.get().status == ImportStatus.DONE, timeout=60)
        wait_until(
            lambda: not Delivery.objects.filter(pk__in=waiting, status=DeliveryStatus.PENDING).exists(), timeout=60
        )
        # A second sweep finds nothing left: delivered once, not twice.
        assert reports_sweep() == 0 and import_jobs_sweep() == 0
    assert Client.objects.count() == 3
    sent = Delivery.objects.filter(pk__in=waiting, status=DeliveryStatus.SENT)
    assert not Delivery.objects.filter(pk__in=waiting, status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED])
    assert all(delivery.attempts == 1 for delivery in sent)
    assert len(mail.outbox) == sent.filter(channel="email").count()
