from celery import shared_task

from . import services


@shared_task(name="banten_dinsos.core.tasks.worker_heartbeat")
def worker_heartbeat(source="beat"):
    """Record that a worker ran, so the portal can tell when background work has stopped."""
    services.heartbeat_record(source=source)
