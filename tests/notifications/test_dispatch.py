"""Sending deliveries: once per recipient and channel, retried with backoff, every attempt logged."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from banten_dinsos.accounts.roles import Role
from banten_dinsos.notifications.backends import MemoryTextBackend
from banten_dinsos.notifications.channels import absolute_url
from banten_dinsos.notifications.models import (
    AlertKind,
    AttemptOutcome,
    Channel,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    Severity,
    WebhookEndpoint,
)
from banten_dinsos.notifications.services import (
    alert_emit,
    deliveries_due,
    delivery_dispatch,
    delivery_retry_now,
    retry_delay,
    subscription_add,
)

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staf_with_email(reference_data):
    return UserFactory(username="staf.email", role=Role.STAF_PROVINSI, email="staf@example.org", phone="+6281234567890")


def severe_alert(key="test:severe", **extra):
    return alert_emit(
        kind=AlertKind.DISASTER_STATUS,
        title="Tanggap darurat banjir Lebak",
        body="Status tanggap darurat.",
        severity=Severity.SEVERE,
        kabkota_codes=["36.02"],
        dedupe_key=key,
        url="/bencana/1/",
        **extra,
    )


def test_email_is_sent_once_even_when_dispatched_twice(staf_with_email):
    delivery = severe_alert().deliveries.get(channel=Channel.EMAIL)
    assert delivery_dispatch(delivery_id=delivery.pk) == AttemptOutcome.SENT
    assert delivery_dispatch(delivery_id=delivery.pk) == "not pending"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["staf@example.org"]
    assert "Tanggap darurat banjir Lebak" in message.subject
    assert absolute_url("/bencana/1/") in message.body
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 1
    assert list(delivery.log.values_list("outcome", flat=True)) == [AttemptOutcome.SENT]


def test_failed_attempt_is_logged_and_retried_later_with_growing_pauses(staf_with_email, settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    delivery = severe_alert().deliveries.get(channel=Channel.EMAIL)
    before = timezone.now()
    assert delivery_dispatch(delivery_id=delivery.pk) == AttemptOutcome.RETRY
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.next_attempt_at >= before + timedelta(seconds=50)
    attempt = delivery.log.get()
    assert attempt.outcome == AttemptOutcome.RETRY and "ConnectionRefused" in attempt.error
    # Not due yet: neither a duplicate task nor the sweep sends it early.
    assert delivery_dispatch(delivery_id=delivery.pk) == "not due"
    assert delivery.pk not in deliveries_due()
    assert retry_delay(1) < retry_delay(2) < retry_delay(3)
    assert retry_delay(30) <= timedelta(seconds=3600 * 1.1)


def test_delivery_gives_up_after_the_last_attempt(staf_with_email, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    delivery = severe_alert().deliveries.get(channel=Channel.EMAIL)
    delivery_dispatch(delivery_id=delivery.pk)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert delivery_dispatch(delivery_id=delivery.pk) == AttemptOutcome.FAILED
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 2
    assert list(delivery.log.values_list("outcome", flat=True)) == [AttemptOutcome.RETRY, AttemptOutcome.FAILED]
    # Staff can try once more by hand.
    assert delivery_retry_now(deliveries=[delivery]) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING


def test_sweep_picks_due_pending_deliveries_only(staf_with_email, settings):
    settings.NOTIFICATION_SWEEP_GRACE_SECONDS = 0
    delivery = severe_alert().deliveries.get(channel=Channel.EMAIL)
    later = severe_alert("test:later").deliveries.get(channel=Channel.EMAIL)
    Delivery.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert delivery.pk in deliveries_due()
    assert later.pk not in deliveries_due()
    delivery_dispatch(delivery_id=delivery.pk)
    assert delivery.pk not in deliveries_due()


def test_webhook_is_signed_and_a_refusal_is_not_retried(staf_with_email, webhook_receiver):
    with webhook_receiver("rahasia-mitra", statuses=[500, 200]) as receiver:
        endpoint = WebhookEndpoint.objects.create(
            name="BPBD", url=receiver.url, secret="rahasia-mitra", public_only=False
        )
        delivery = severe_alert().deliveries.get(channel=Channel.WEBHOOK, endpoint=endpoint)
        assert delivery_dispatch(delivery_id=delivery.pk) == AttemptOutcome.RETRY
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        assert delivery_dispatch(delivery_id=delivery.pk) == AttemptOutcome.SENT
        assert [request["valid"] for request in receiver.received] == [True, True]
        body = receiver.received[-1]["json"]
        assert body["alert"]["kind"] == AlertKind.DISASTER_STATUS and body["alert"]["kabkota_codes"] == ["36.02"]
        assert receiver.received[-1]["headers"]["X-Dinsos-Delivery"] == str(delivery.pk)
    with webhook_receiver("other-secret", statuses=[410]) as gone:
        endpoint.url = gone.url
        endpoint.save()
        refused = severe_alert("test:gone").deliveries.get(channel=Channel.WEBHOOK)
        assert delivery_dispatch(delivery_id=refused.pk) == AttemptOutcome.FAILED
        assert DeliveryAttempt.objects.get(delivery=refused).error.endswith("HTTP 410")


def test_public_only_webhook_receives_public_alerts_only(staf_with_email):
    endpoint = WebhookEndpoint.objects.create(name="Mitra", url="https://mitra.example.org/hook")
    private = severe_alert("test:private")
    public = severe_alert("test:public", public=True)
    assert not private.deliveries.filter(endpoint=endpoint).exists()
    assert public.deliveries.filter(endpoint=endpoint, status=DeliveryStatus.PENDING).exists()


def test_sms_goes_through_the_configured_text_backend(staf_with_email, settings):
    settings.NOTIFICATION_SMS_BACKEND = "banten_dinsos.notifications.backends.MemoryTextBackend"
    MemoryTextBackend.outbox.clear()
    subscription_add(user=staf_with_email, channel=Channel.SMS, min_severity=Severity.SEVERE)
    delivery = severe_alert().deliveries.get(channel=Channel.SMS)
    assert delivery_dispatch(delivery_id=delivery.pk) == AttemptOutcome.SENT
    assert MemoryTextBackend.outbox == [
        {
            "channel": "sms",
            "to": "+6281234567890",
            "text": f"Tanggap darurat banjir Lebak {absolute_url('/bencana/1/')}",
        }
    ]


def test_console_text_backend_masks_the_number(capsys):
    from banten_dinsos.notifications.backends import ConsoleTextBackend

    ConsoleTextBackend().send_text(channel="whatsapp", to="+6281234567890", text="Uji")
    out = capsys.readouterr().out
    assert "+6281234567890" not in out and "890: Uji" in out
