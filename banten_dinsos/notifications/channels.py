"""How one delivery leaves the portal, per channel. A sender raises ``PermanentError`` for what no retry can fix
(no address, a partner answering 4xx) and any other exception for what may work later (SMTP down, timeout)."""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import Channel

SIGNATURE_HEADER = "X-Dinsos-Signature"
TIMESTAMP_HEADER = "X-Dinsos-Timestamp"
DELIVERY_HEADER = "X-Dinsos-Delivery"
EVENT_HEADER = "X-Dinsos-Event"
DEFAULT_TEXT_BACKEND = "banten_dinsos.notifications.backends.ConsoleTextBackend"


class PermanentError(Exception):
    """Sending cannot succeed by trying again."""


def absolute_url(path: str) -> str:
    if not path:
        return ""
    return urljoin(settings.PORTAL_BASE_URL.rstrip("/") + "/", path.lstrip("/"))


def send_timeout() -> float:
    return float(getattr(settings, "NOTIFICATION_SEND_TIMEOUT", 10))


def send_email(delivery) -> str:
    alert = delivery.alert
    if not delivery.address:
        raise PermanentError("no email address")
    lines = [alert.body] if alert.body else []
    if alert.url:
        lines.append(absolute_url(alert.url))
    lines += [
        "",
        "—",
        _("You receive this because of your notification settings: %(url)s")
        % {"url": absolute_url(reverse("notifications:settings"))},
    ]
    message = EmailMessage(
        subject=f"[Dinsos Banten] {alert.title}",
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.address],
        headers={"X-Dinsos-Alert": str(alert.uuid)},
    )
    connection = get_connection(fail_silently=False, timeout=send_timeout())
    sent = connection.send_messages([message])
    if sent != 1:
        raise RuntimeError("the email backend accepted no message")
    return "email accepted"


def webhook_payload(delivery) -> dict:
    alert = delivery.alert
    return {
        "delivery": str(delivery.pk),
        "alert": {
            "id": str(alert.uuid),
            "kind": alert.kind,
            "severity": alert.severity,
            "title": alert.title,
            "body": alert.body,
            "url": absolute_url(alert.url),
            "kabkota_codes": alert.kabkota_codes,
            "cluster_codes": alert.cluster_codes,
            "disaster_id": alert.disaster_id,
            "public": alert.public,
            "created_at": alert.created_at.isoformat(),
            "data": alert.payload,
        },
    }


def webhook_signature(*, secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` + hex HMAC-SHA256 of ``timestamp + "." + body`` under the endpoint's secret."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirected POST would arrive as a GET without its body: treat a redirect as a failure instead."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def send_webhook(delivery) -> str:
    endpoint = delivery.endpoint
    if endpoint is None or not endpoint.is_active:
        raise PermanentError("webhook endpoint removed or inactive")
    if urlsplit(endpoint.url).scheme not in ("http", "https"):
        raise PermanentError("webhook URL must be http or https")
    body = json.dumps(webhook_payload(delivery), cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "DinsosBanten-Alerts/1.0",
            SIGNATURE_HEADER: webhook_signature(secret=endpoint.secret, timestamp=timestamp, body=body),
            TIMESTAMP_HEADER: timestamp,
            DELIVERY_HEADER: str(delivery.pk),
            EVENT_HEADER: delivery.alert.kind,
        },
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=send_timeout()) as response:
            return f"HTTP {response.status}"
    except urllib.error.HTTPError as error:
        # The partner refused the message itself; only throttling and timeouts are worth another try.
        if 400 <= error.code < 500 and error.code not in (408, 425, 429):
            raise PermanentError(f"HTTP {error.code}") from error
        raise RuntimeError(f"HTTP {error.code}") from error


def text_backend(channel: str):
    setting = {"sms": "NOTIFICATION_SMS_BACKEND", "whatsapp": "NOTIFICATION_WHATSAPP_BACKEND"}[channel]
    return import_string(getattr(settings, setting, "") or DEFAULT_TEXT_BACKEND)()


def send_text(delivery) -> str:
    if not delivery.address:
        raise PermanentError("no phone number")
    alert = delivery.alert
    text = alert.title if not alert.url else f"{alert.title} {absolute_url(alert.url)}"
    reference = text_backend(delivery.channel).send_text(channel=delivery.channel, to=delivery.address, text=text)
    return f"accepted {reference}".strip()


def send_in_app(delivery) -> str:
    return "stored"


SENDERS = {
    Channel.IN_APP: send_in_app,
    Channel.EMAIL: send_email,
    Channel.WEBHOOK: send_webhook,
    Channel.SMS: send_text,
    Channel.WHATSAPP: send_text,
}
