"""A real Celery worker on the real Redis: nothing is lost when the broker is down, nothing is sent twice."""

import socket

import pytest
from aiosmtpd.controller import Controller
from celery import Celery
from django.core import mail

from banten_dinsos.accounts.roles import Role
from banten_dinsos.notifications import tasks
from banten_dinsos.notifications.models import (
    AlertKind,
    AttemptOutcome,
    Channel,
    Delivery,
    DeliveryStatus,
    Severity,
    WebhookEndpoint,
)
from banten_dinsos.notifications.services import alert_emit, subscription_add
from clusters.models import EmergencyStatus
from clusters.services import disaster_change_status

from ..conftest import wait_until
from ..factories import UserFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def broker_unreachable(monkeypatch):
    """Publish dispatch messages to a broker nobody listens on (127.0.0.1:1), as when Redis is down."""
    down = Celery("down", broker="redis://127.0.0.1:1/0", set_as_current=False)
    down.conf.broker_connection_timeout = 1

    def apply_async(args=None, kwargs=None, **options):
        return down.send_task(tasks.delivery_dispatch.name, args=args, kwargs=kwargs, **options)

    monkeypatch.setattr(tasks.delivery_dispatch, "apply_async", apply_async)


def test_alert_raised_while_the_broker_is_down_is_delivered_by_the_sweep_once_it_is_back(
    staf, lebak_flood, monkeypatch, settings, webhook_receiver, live_worker
):
    settings.NOTIFICATION_SWEEP_GRACE_SECONDS = 0
    colleague = UserFactory(username="staf.dua", role=Role.STAF_PROVINSI, email="staf.dua@example.org")
    with webhook_receiver("rahasia-bpbd") as receiver:
        WebhookEndpoint.objects.create(name="BPBD Banten", url=receiver.url, secret="rahasia-bpbd")
        broker_unreachable(monkeypatch)
        disaster_change_status(user=staf, disaster=lebak_flood, status=EmergencyStatus.TANGGAP, decree_number="1/2026")
        pending = Delivery.objects.filter(channel__in=[Channel.EMAIL, Channel.WEBHOOK], status=DeliveryStatus.PENDING)
        assert set(pending.values_list("channel", flat=True)) == {Channel.EMAIL, Channel.WEBHOOK}
        assert mail.outbox == [] and receiver.received == []

        monkeypatch.undo()  # Redis is back
        assert tasks.deliveries_sweep.delay().get(timeout=30) == 2
        wait_until(lambda: not pending.exists())

        email = Delivery.objects.get(channel=Channel.EMAIL, recipient=colleague)
        webhook = Delivery.objects.get(channel=Channel.WEBHOOK)
        assert email.status == webhook.status == DeliveryStatus.SENT
        assert [message.to for message in mail.outbox] == [["staf.dua@example.org"]]
        assert len(receiver.received) == 1 and receiver.received[0]["valid"], "the partner verified the signature"
        assert receiver.received[0]["json"]["alert"]["title"].startswith("Banjir Lebak")
        assert email.log.get().worker, "the attempt names the worker that made it"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def test_email_through_a_real_smtp_server_is_sent_once_when_the_task_runs_twice(reference_data, settings, live_worker):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        officer = UserFactory(
            username="petugas.smtp", role=Role.PETUGAS_KABKOTA, kabkota_id="36.02", email="p@example.org"
        )
        subscription_add(user=officer, channel=Channel.EMAIL, kind=AlertKind.REPORT_READY)
        alert = alert_emit(
            kind=AlertKind.REPORT_READY,
            title="Laporan situasi siap",
            severity=Severity.MINOR,
            kabkota_codes=["36.02"],
            dedupe_key="report:smtp:ready",
        )
        delivery = alert.deliveries.get(channel=Channel.EMAIL, recipient=officer)
        # alert_emit queued it once on commit; run the task twice more on purpose.
        results = [tasks.delivery_dispatch.delay(delivery.pk) for _ in range(2)]
        outcomes = [result.get(timeout=30) for result in results]
        wait_until(lambda: Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENT)
        assert set(outcomes) <= {AttemptOutcome.SENT, "not pending"} and outcomes.count(AttemptOutcome.SENT) <= 1
        assert len(handler.messages) == 1
        assert handler.messages[0].rcpt_tos == ["p@example.org"]
        assert b"Laporan situasi siap" in handler.messages[0].content
        assert delivery.log.count() == 1
    finally:
        controller.stop()
