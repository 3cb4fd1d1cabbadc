"""The outbox: an alert and its deliveries are written in the caller's transaction and sent after it commits."""

from collections.abc import Iterable, Mapping
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from banten_dinsos.core.queueing import enqueue

from ..audience import audience
from ..models import Alert, AlertKind, Channel, Delivery, DeliveryStatus, Severity, WebhookEndpoint

CAP_CATEGORIES = ("Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra")
CAP_URGENCIES = ("Immediate", "Expected", "Future", "Past", "Unknown")
CAP_CERTAINTIES = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")
CAP_MSG_TYPES = ("Alert", "Update", "Cancel")


def _cap_fields(*, cap: Mapping | None, title: str, public: bool, disaster_id: int | None) -> dict:
    cap = dict(cap or {})
    category = cap.get("category", "Other")
    fields = {
        "cap_event": str(cap.get("event") or title)[:120],
        "cap_category": category if category in CAP_CATEGORIES else "Other",
        "cap_urgency": cap.get("urgency") if cap.get("urgency") in CAP_URGENCIES else "Unknown",
        "cap_certainty": cap.get("certainty") if cap.get("certainty") in CAP_CERTAINTIES else "Observed",
        "cap_msg_type": "Alert",
        "cap_references": "",
    }
    if public and disaster_id is not None:
        # A later public alert about the same disaster updates the earlier ones (CAP <references>).
        earlier = Alert.objects.filter(public=True, disaster_id=disaster_id).order_by("-created_at", "-id").first()
        if earlier is not None:
            from ..cap import cap_identifier, cap_sender, cap_time

            fields["cap_msg_type"] = "Update"
            fields["cap_references"] = f"{cap_sender()},{cap_identifier(earlier)},{cap_time(earlier.created_at)}"
    if cap.get("msg_type") in CAP_MSG_TYPES:
        fields["cap_msg_type"] = cap["msg_type"]
    return fields


def _address(user, channel: str) -> str:
    if channel == Channel.EMAIL:
        return user.email or ""
    if channel in (Channel.SMS, Channel.WHATSAPP):
        return getattr(user, "phone", "") or ""
    return ""


def _webhooks_for(alert: Alert) -> list[WebhookEndpoint]:
    endpoints = []
    for endpoint in WebhookEndpoint.objects.filter(is_active=True):
        if endpoint.public_only and not alert.public:
            continue
        if endpoint.kinds and alert.kind not in endpoint.kinds:
            continue
        if endpoint.kabkota_codes and not set(endpoint.kabkota_codes).intersection(alert.kabkota_codes):
            continue
        endpoints.append(endpoint)
    return endpoints


def _deliveries_for(alert: Alert, *, user_ids, exclude_user_ids, emails, addressed_only=False) -> list[Delivery]:
    now = timezone.now()
    deliveries = []
    pairs = audience(alert, direct_user_ids=user_ids, exclude_user_ids=exclude_user_ids, addressed_only=addressed_only)
    for user, channel in pairs:
        delivery = Delivery(alert=alert, channel=channel, recipient=user, target=f"user:{user.pk}", created_at=now)
        if channel == Channel.IN_APP:
            # The row is the notification: the bell shows it at once, with no worker involved.
            delivery.status, delivery.sent_at = DeliveryStatus.SENT, now
        else:
            delivery.address = _address(user, channel)
            if not delivery.address:
                delivery.status, delivery.last_error = DeliveryStatus.SKIPPED, "no address for this channel"
        deliveries.append(delivery)
    for email in sorted({address.strip().lower() for address in emails if address and address.strip()}):
        deliveries.append(
            Delivery(alert=alert, channel=Channel.EMAIL, target=f"email:{email}", address=email, created_at=now)
        )
    for endpoint in [] if addressed_only else _webhooks_for(alert):
        deliveries.append(
            Delivery(
                alert=alert,
                channel=Channel.WEBHOOK,
                endpoint=endpoint,
                target=f"webhook:{endpoint.pk}",
                address=endpoint.url,
                created_at=now,
            )
        )
    return deliveries


def enqueue_deliveries(delivery_ids: Iterable[int]) -> int:
    """Hand pending deliveries to the workers. A broker that is down is logged, not raised: the sweep retries."""
    from ..tasks import delivery_dispatch

    queued = 0
    for delivery_id in delivery_ids:
        # One attempt, never retried here: with the broker down the first failure ends the loop (each further
        # attempt would cost the request another connect timeout) and the sweep sends what is left.
        if not enqueue(delivery_dispatch, delivery_id):
            return queued
        queued += 1
    return queued


def alert_emit(
    *,
    kind: str,
    title: str,
    body: str = "",
    severity: str = Severity.MODERATE,
    kabkota_codes: Iterable[str] = (),
    cluster_codes: Iterable[str] = (),
    disaster_id: int | None = None,
    public: bool = False,
    dedupe_key: str,
    payload: Mapping | None = None,
    url: str = "",
    user_ids: Iterable[int] = (),
    emails: Iterable[str] = (),
    actor=None,
    cap: Mapping | None = None,
    addressed_only: bool = False,
) -> Alert:
    """Record an alert and one delivery per (recipient, channel); they are sent after the caller's transaction commits.

    Call it *inside* the transaction of the event, so the alert exists exactly when the event does::

        alert_emit(kind=AlertKind.VOLUNTEER_DEPLOYED, title=..., body=..., severity=Severity.MINOR,
                   kabkota_codes=[deployment.kabkota_id], cluster_codes=["pengungsian-perlindungan"],
                   disaster_id=deployment.disaster_id, dedupe_key=f"deployment:{deployment.pk}:deployed",
                   url=deployment.get_absolute_url(), user_ids=[member_user.pk], actor=user)

    - ``kabkota_codes`` / ``cluster_codes``: where and for which clusters; subscribers receive the alert only if
      their region scope covers one of them (as for any record). Pass every cluster code for an event that
      concerns all clusters; empty kabupaten/kota means province level (provincial staff only, plus ``user_ids``).
    - ``user_ids``: people it is addressed to (an invitation, the requester of a report): they always get it in
      the portal, and over their other channels if their rules ask for this kind. ``emails``: addresses without
      an account (an agency's contact). ``actor``: the person who caused it, who is not told of their own act.
    - ``dedupe_key``: the same key twice (a retried request, a task run again) returns the first alert.
    - ``addressed_only``: only ``user_ids`` (and ``emails``) receive it, not every subscriber in scope (a report
      returned to its author, an approver's digest: personal work, not news for the whole kabupaten/kota).
    - ``public``: publish it in the CAP feed (/cap/feed.xml); ``cap`` adds CAP fields
      (``event``, ``category``, ``urgency``, ``certainty``, ``msg_type``).
    - Write ``title`` and ``body`` in the portal's language (Bahasa Indonesia): they go out as they are.
    """
    if kind not in AlertKind.values:
        raise ValueError(f"unknown alert kind {kind!r}")
    if severity not in Severity.values:
        raise ValueError(f"unknown severity {severity!r}")
    existing = Alert.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    alert = Alert(
        kind=kind,
        severity=severity,
        title=title[:200],
        body=body,
        url=url[:300],
        kabkota_codes=sorted(set(kabkota_codes)),
        cluster_codes=sorted(set(cluster_codes)),
        disaster_id=disaster_id,
        public=public,
        dedupe_key=dedupe_key[:200],
        payload=dict(payload or {}),
        **_cap_fields(cap=cap, title=title, public=public, disaster_id=disaster_id),
    )
    try:
        with transaction.atomic():
            alert.save()
    except IntegrityError:
        # The same event raised at the same moment elsewhere: the first alert stands.
        return Alert.objects.get(dedupe_key=dedupe_key)
    exclude = [actor.pk] if getattr(actor, "pk", None) else []
    deliveries = Delivery.objects.bulk_create(
        _deliveries_for(
            alert, user_ids=list(user_ids), exclude_user_ids=exclude, emails=list(emails), addressed_only=addressed_only
        )
    )
    pending = [delivery.pk for delivery in deliveries if delivery.status == DeliveryStatus.PENDING]
    if pending:
        transaction.on_commit(partial(enqueue_deliveries, pending), robust=True)
    return alert
