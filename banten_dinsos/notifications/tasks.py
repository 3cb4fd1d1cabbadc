from celery import shared_task
from django.conf import settings

from . import services


@shared_task(name="banten_dinsos.notifications.tasks.delivery_dispatch", bind=True)
def delivery_dispatch(self, delivery_id: int) -> str:
    """Send one delivery if it is still pending and due; a second run (or a duplicate message) sends nothing."""
    return services.delivery_dispatch(delivery_id=delivery_id, worker=self.request.hostname or "")


@shared_task(name="banten_dinsos.notifications.tasks.deliveries_sweep")
def deliveries_sweep() -> int:
    """Periodic: queue again every pending delivery whose next attempt is due (the outbox's safety net)."""
    return services.deliveries_sweep()


@shared_task(name="banten_dinsos.notifications.tasks.bmkg_warnings_ingest")
def bmkg_warnings_ingest() -> dict:
    """Periodic: read BMKG's CAP feed (``BMKG_CAP_URL``; empty disables it) and record warnings touching Banten."""
    return services.warnings_ingest(url=getattr(settings, "BMKG_CAP_URL", ""))
