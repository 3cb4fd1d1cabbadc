from celery import shared_task

from .services import availability_sync


@shared_task
def volunteer_availability_sync() -> dict:
    """Periodic: assignments past their end are ended and members' availability follows the clock (idempotent)."""
    return availability_sync()
