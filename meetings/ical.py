"""iCalendar (RFC 5545) export of a meeting, with its times in Asia/Jakarta (WIB)."""

from django.utils import timezone
from icalendar import Calendar, Event

from .models import WIB, Meeting

PRODID = "-//Dinas Sosial Provinsi Banten//Portal Koordinasi Bencana//ID"
UID_DOMAIN = "portal.dinsos.bantenprov.go.id"


def meeting_uid(meeting: Meeting) -> str:
    return f"rapat-{meeting.pk}@{UID_DOMAIN}"


def meeting_ics(meeting: Meeting, *, url: str = "") -> bytes:
    """One VEVENT in a VCALENDAR with the VTIMEZONE it uses; SEQUENCE follows the meeting's schedule changes."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(meeting.starts_at, WIB))
    event.add("dtend", timezone.localtime(meeting.ends_at, WIB))
    event.add("summary", meeting.title)
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("location", meeting.place or meeting.online_url)
    event.add("categories", [str(meeting.get_kind_display())])
    description = [meeting.description] if meeting.description else []
    agenda = [f"{item.position}. {item.title}" for item in meeting.agenda_items.all()]
    if agenda:
        description.append("\n".join(agenda))
    if meeting.online_url:
        description.append(meeting.online_url)
    if description:
        event.add("description", "\n\n".join(description))
    if meeting.organizer.email:
        event.add("organizer", f"MAILTO:{meeting.organizer.email}", parameters={"CN": meeting.organizer.name})
    if url:
        event.add("url", url)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
