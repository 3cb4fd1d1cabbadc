from celery import shared_task

from .services import action_item_reminders_send, minutes_pdf_build, minutes_pdf_sweep


@shared_task(name="meetings.tasks.meeting_minutes_pdf_build")
def meeting_minutes_pdf_build(meeting_id: int) -> str:
    """Build a meeting's minutes PDF; a second run of an unchanged meeting keeps the same file and checksum."""
    meeting = minutes_pdf_build(meeting_id=meeting_id)
    return meeting.minutes_pdf_sha256 if meeting is not None else "missing"


@shared_task(name="meetings.tasks.action_item_reminders_daily")
def action_item_reminders_daily() -> int:
    """Remind the owners of overdue action items (07:00 WIB by celery beat); a second run of the day sends nothing."""
    return action_item_reminders_send()


@shared_task(name="meetings.tasks.minutes_pdfs_sweep")
def minutes_pdfs_sweep() -> int:
    """Periodic: queue again minutes PDFs requested while the broker was down, or whose worker died."""
    return minutes_pdf_sweep()
