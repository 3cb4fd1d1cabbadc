from celery import shared_task

from .services import minutes_pdf_build


@shared_task(name="meetings.tasks.meeting_minutes_pdf_build")
def meeting_minutes_pdf_build(meeting_id: int) -> str:
    """Build a meeting's minutes PDF; a second run of an unchanged meeting keeps the same file and checksum."""
    meeting = minutes_pdf_build(meeting_id=meeting_id)
    return meeting.minutes_pdf_sha256 if meeting is not None else "missing"
