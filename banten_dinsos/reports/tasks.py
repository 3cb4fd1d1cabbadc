from celery import shared_task

from . import services


@shared_task(name="banten_dinsos.reports.tasks.report_build")
def report_build(report_id: int) -> str:
    """Build one queued report; a report already running or finished is left alone, so a second run is harmless."""
    report = services.report_build(report_id=report_id)
    return report.status if report is not None else "skipped"


@shared_task(name="banten_dinsos.reports.tasks.situation_reports_daily")
def situation_reports_daily() -> int:
    """Scheduled (07:00 WIB, editable in the admin): queue today's situation reports, once per disaster and format."""
    return len(services.situation_reports_schedule())


@shared_task(name="banten_dinsos.reports.tasks.reports_sweep")
def reports_sweep() -> int:
    """Periodic: queue again reports left waiting while the broker was down, or whose worker died."""
    return services.reports_sweep()
