"""Periodic work of the field-report workflow (scheduled in ``CELERY_BEAT_SCHEDULE``); both are safe to run twice."""

from celery import shared_task

from .services.reporting import approver_digests_send, reporting_reminders_send


@shared_task(name="clusters.tasks.approver_digests_daily")
def approver_digests_daily() -> int:
    """Every morning: each approver's digest of the reports waiting for them and for how long."""
    return approver_digests_send()


@shared_task(name="clusters.tasks.reporting_reminders")
def reporting_reminders() -> int:
    """Every quarter of an hour: remind kab/kota whose kecamatan are past the day's deadline without a report."""
    return reporting_reminders_send()
