"""Every write of the notifications app. Domain apps call ``alert_emit`` inside their own transaction."""

from .alerts import alert_emit, enqueue_deliveries
from .dispatch import deliveries_due, deliveries_sweep, delivery_dispatch, delivery_retry_now, retry_delay
from .subscriptions import notifications_mark_read, subscription_add, subscription_remove, subscriptions_reset
from .warnings import fetch_url, warning_link_disaster, warnings_ingest

__all__ = [
    "alert_emit",
    "deliveries_due",
    "deliveries_sweep",
    "delivery_dispatch",
    "delivery_retry_now",
    "enqueue_deliveries",
    "fetch_url",
    "notifications_mark_read",
    "retry_delay",
    "subscription_add",
    "subscription_remove",
    "subscriptions_reset",
    "warning_link_disaster",
    "warnings_ingest",
]
