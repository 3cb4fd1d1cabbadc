"""Sending deliveries: at most once per recipient and channel, retried with exponential backoff, every try logged."""

import logging
import random
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..channels import SENDERS, PermanentError
from ..models import AttemptOutcome, Delivery, DeliveryAttempt, DeliveryStatus

logger = logging.getLogger(__name__)


def max_attempts() -> int:
    return int(getattr(settings, "NOTIFICATION_MAX_ATTEMPTS", 8))


def retry_delay(attempt: int) -> timedelta:
    """Exponential backoff after failed attempt number ``attempt``: base, 2×base, 4×base ... capped, ±10 % jitter."""
    base = float(getattr(settings, "NOTIFICATION_RETRY_BASE_SECONDS", 60))
    cap = float(getattr(settings, "NOTIFICATION_RETRY_MAX_SECONDS", 3600))
    seconds = min(base * 2 ** (attempt - 1), cap)
    return timedelta(seconds=seconds * random.uniform(0.9, 1.1))  # noqa: S311 - jitter, not security


def _error_text(exc: BaseException) -> str:
    text = f"{exc.__class__.__name__}: {exc}"
    return text[:1000]


def delivery_dispatch(*, delivery_id: int, worker: str = "") -> str:
    """Send one pending, due delivery and record the attempt. Returns the outcome, or why nothing was done.

    The row stays locked while sending, so a second worker (a duplicate task, the sweep) skips it instead of
    sending it again, and a delivery already sent is never sent twice.
    """
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("alert", "recipient", "endpoint")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
            .first()
        )
        if delivery is None:
            return "not pending"
        now = timezone.now()
        if delivery.next_attempt_at > now:
            return "not due"
        number = delivery.attempts + 1
        started = time.monotonic()
        error = ""
        try:
            SENDERS[delivery.channel](delivery)
        except PermanentError as exc:
            outcome, error = AttemptOutcome.FAILED, _error_text(exc)
        except Exception as exc:
            error = _error_text(exc)
            outcome = AttemptOutcome.FAILED if number >= max_attempts() else AttemptOutcome.RETRY
        else:
            outcome = AttemptOutcome.SENT
        duration_ms = int((time.monotonic() - started) * 1000)
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=number,
            started_at=now,
            duration_ms=duration_ms,
            outcome=outcome,
            error=error,
            worker=worker[:200],
        )
        delivery.attempts = number
        delivery.last_error = error
        if outcome == AttemptOutcome.SENT:
            delivery.status, delivery.sent_at = DeliveryStatus.SENT, timezone.now()
        elif outcome == AttemptOutcome.FAILED:
            delivery.status = DeliveryStatus.FAILED
            logger.warning("alert delivery %s gave up after %s attempts: %s", delivery.pk, number, error)
        else:
            delivery.next_attempt_at = timezone.now() + retry_delay(number)
        delivery.save(update_fields=["attempts", "last_error", "status", "sent_at", "next_attempt_at"])
    return outcome


def deliveries_due(*, limit: int = 500) -> list[int]:
    """Pending deliveries whose next attempt is due, oldest first. Fresh ones are left to their own task a while."""
    grace = timedelta(seconds=float(getattr(settings, "NOTIFICATION_SWEEP_GRACE_SECONDS", 30)))
    now = timezone.now()
    return list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now, created_at__lte=now - grace)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def deliveries_sweep(*, limit: int = 500) -> int:
    """Queue every due pending delivery again: what was written while Redis or the workers were down goes out now."""
    from .alerts import enqueue_deliveries

    return enqueue_deliveries(deliveries_due(limit=limit))


@transaction.atomic
def delivery_retry_now(*, deliveries) -> int:
    """Give failed or waiting deliveries another try at once (staff, from the delivery log)."""
    ids = list(
        Delivery.objects.filter(pk__in=[d.pk for d in deliveries])
        .filter(status__in=[DeliveryStatus.FAILED, DeliveryStatus.PENDING])
        .exclude(channel="in_app")
        .values_list("pk", flat=True)
    )
    Delivery.objects.filter(pk__in=ids).update(
        status=DeliveryStatus.PENDING, next_attempt_at=timezone.now(), last_error=""
    )
    from .alerts import enqueue_deliveries

    transaction.on_commit(lambda: enqueue_deliveries(ids), robust=True)
    return len(ids)
