import datetime
import hashlib
import json

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.downloads import download_filename
from banten_dinsos.core.queueing import enqueue, enqueue_on_commit

from ..formatting import format_date, format_period
from ..models import AttendanceStatus, Meeting
from ..pdf import render_minutes_pdf
from ..selectors import attendance_summary, participant_list
from .common import require_manage

# A requested PDF is left to its own task this long before the sweep queues it again.
SWEEP_GRACE = datetime.timedelta(seconds=60)


def minutes_content(*, meeting: Meeting) -> dict:
    """Everything the minutes PDF shows, as plain text in the active language."""
    summary = attendance_summary(meeting=meeting)
    people = []
    for participant in participant_list(meeting=meeting).exclude(attendance=AttendanceStatus.NOT_RECORDED):
        attendance = participant.get_attendance_display()
        if participant.attendance == AttendanceStatus.REPRESENTED:
            attendance = _("Represented by %(name)s") % {"name": participant.represented_by}
        if participant.is_walk_in:
            attendance = f"{attendance} ({_('walk-in')})"
        organisation = " / ".join(part for part in (participant.organisation_label, participant.position) if part)
        kabkota = participant.kabkota.name if participant.kabkota_id else _("Province / national")
        people.append([participant.display_name, organisation, kabkota, str(attendance)])
    action_items = [
        {
            "title": item.title,
            "owner": " – ".join(part for part in (item.owner_agency.name, item.owner_person) if part),
            "due_on": format_date(item.due_on),
            "status": str(item.get_status_display()),
        }
        for item in meeting.action_items.select_related("owner_agency").order_by("due_on", "id")
    ]
    return {
        "title": meeting.title,
        "kind": str(meeting.get_kind_display()),
        "period": format_period(meeting.starts_at, meeting.ends_at),
        "place": " · ".join(part for part in (meeting.place, meeting.online_url) if part),
        "chair": meeting.chair,
        "organizer": meeting.organizer.name,
        "disaster": meeting.disaster.title if meeting.disaster_id else "",
        "clusters": ", ".join(cluster.name for cluster in meeting.clusters.order_by("position", "code")),
        "status": str(meeting.get_status_display()) if meeting.is_cancelled else "",
        "agenda": [
            {"title": item.title, "presenter": item.presenter, "points": item.minutes_points}
            for item in meeting.agenda_items.order_by("position")
        ],
        "summary": meeting.minutes_summary,
        "decisions": [decision.text for decision in meeting.decisions.order_by("position", "id")],
        "action_items": action_items,
        "attendance": {
            "sentences": summary.sentences,
            "by_kabkota": [
                [row.label, str(row.invited), str(row.attended), str(row.walk_ins)] for row in summary.by_kabkota
            ],
            "people": people,
        },
        "footer": _("Minutes of %(title)s, %(date)s. Dinas Sosial Provinsi Banten disaster coordination portal.")
        % {"title": meeting.title, "date": format_date(meeting.starts_at)},
        "signed_at": _("Serang, %(date)s") % {"date": format_date(meeting.starts_at)},
    }


def _fingerprint(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def minutes_pdf_filename(meeting: Meeting) -> str:
    """The stored file's name: one file per meeting, replaced when the minutes change."""
    return f"notulen-rapat-{meeting.pk}.pdf"


def minutes_pdf_download_name(meeting: Meeting) -> str:
    """What the download is called: 'notulen-rapat-rapat-koordinasi-banjir-2026-01-26.pdf'."""
    return download_filename("notulen-rapat", meeting.title, meeting.starts_at, "pdf")


@transaction.atomic
def minutes_pdf_request(*, user, meeting: Meeting) -> Meeting:
    """Ask for the minutes PDF to be (re)built in the background; the page shows it as pending until then."""
    from ..tasks import meeting_minutes_pdf_build

    require_manage(user=user, meeting=meeting)
    meeting.minutes_pdf_requested_at = timezone.now()
    meeting.save(update_fields=["minutes_pdf_requested_at"])
    audit_record(actor=user, action=AuditAction.EXPORT, instance=meeting, note="minutes PDF requested")
    # A broker outage leaves the request pending (the sweep queues it again); the page never waits for the broker.
    enqueue_on_commit(meeting_minutes_pdf_build, meeting.pk)
    return meeting


def minutes_pdf_sweep() -> int:
    """Queue again the minutes PDFs requested while the broker was down (or whose worker died) and still unbuilt."""
    from ..tasks import meeting_minutes_pdf_build

    waiting = (
        Meeting.objects.filter(minutes_pdf_requested_at__lte=timezone.now() - SWEEP_GRACE)
        .filter(Q(minutes_pdf_built_at__isnull=True) | Q(minutes_pdf_built_at__lt=F("minutes_pdf_requested_at")))
        .values_list("pk", flat=True)[:100]
    )
    return sum(enqueue(meeting_minutes_pdf_build, meeting_id) for meeting_id in waiting)


@transaction.atomic
def minutes_pdf_build(*, meeting_id: int) -> Meeting | None:
    """Build and store the minutes PDF with its SHA-256. Safe to run twice: an unchanged meeting whose file is in
    place is not rebuilt, and a rebuild of the same data gives the same bytes under the same name."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("organizer", "disaster")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        return None
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        content = minutes_content(meeting=meeting)
        fingerprint = _fingerprint(content)
        storage = meeting.minutes_pdf.storage
        unchanged = (
            meeting.minutes_pdf
            and meeting.minutes_pdf_source == fingerprint
            and storage.exists(meeting.minutes_pdf.name)
        )
        if not unchanged:
            # "Dicetak pada" names when these minutes were first printed, so a rebuild of the same data (a lost
            # file) gives the same bytes; changed minutes are printed now.
            same_data = meeting.minutes_pdf_source == fingerprint and meeting.minutes_pdf_built_at
            printed_at = meeting.minutes_pdf_built_at if same_data else now
            data = render_minutes_pdf({**content, "printed_at": printed_at})
            name = f"meetings/minutes/{minutes_pdf_filename(meeting)}"
            if storage.exists(name):
                storage.delete(name)
            meeting.minutes_pdf.save(minutes_pdf_filename(meeting), ContentFile(data), save=False)
            meeting.minutes_pdf_sha256 = hashlib.sha256(data).hexdigest()
            meeting.minutes_pdf_source = fingerprint
    meeting.minutes_pdf_built_at = now
    meeting.save(update_fields=["minutes_pdf", "minutes_pdf_sha256", "minutes_pdf_source", "minutes_pdf_built_at"])
    return meeting
