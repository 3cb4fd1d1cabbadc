"""The meetings app's alerts: invitations to a meeting and the daily reminder of overdue action items.

Called inside the services' transactions, so an alert exists exactly when its event does. Both are addressed to
people (``user_ids``) rather than to an area; messages are written in the portal's language (Bahasa Indonesia).
"""

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _

from banten_dinsos.notifications.models import AlertKind, Severity
from banten_dinsos.notifications.services import alert_emit

from .formatting import format_date, format_period
from .models import Participant

if TYPE_CHECKING:
    # The services import this module; the reminder type is only needed for the annotation.
    from .services.action_items import ActionItemReminder


def _invited_user_ids(participant: Participant) -> list[int]:
    """The portal user invited, or every active user of the invited agency."""
    if participant.user_id:
        return [participant.user_id]
    if participant.is_agency_invitation:
        return list(
            get_user_model()
            .objects.filter(is_active=True, agency_id=participant.agency_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return []


def meeting_invitation_alert(*, participant: Participant, actor) -> None:
    """Someone with a portal account (or an agency whose staff have one) was invited to a meeting."""
    user_ids = _invited_user_ids(participant)
    if not user_ids:
        return
    meeting = participant.meeting
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Invitation: %(meeting)s") % {"meeting": meeting.title}
        where = " · ".join(part for part in (meeting.place, meeting.online_url) if part)
        body = _("%(kind)s, %(period)s, %(place)s. Chair: %(chair)s.") % {
            "kind": meeting.get_kind_display(),
            "period": format_period(meeting.starts_at, meeting.ends_at),
            "place": where,
            "chair": meeting.chair,
        }
    alert_emit(
        kind=AlertKind.MEETING_INVITATION,
        title=title,
        body=body,
        severity=Severity.MINOR,
        disaster_id=meeting.disaster_id,
        dedupe_key=f"meeting-participant:{participant.pk}:invited",
        payload={"meeting_id": meeting.pk, "participant_id": participant.pk, "agency_id": participant.agency_id},
        url=meeting.get_absolute_url(),
        user_ids=user_ids,
        actor=actor,
    )


def action_item_overdue_alert(*, reminder: "ActionItemReminder", today: date) -> None:
    """The day's reminder of one overdue action item, to its owners; by email to the agency when none of them
    has a portal account. Keyed by item and day, so a second run of the day sends nothing new."""
    item = reminder.action_item
    user_ids = [recipient.pk for recipient in reminder.recipients]
    emails = [reminder.agency.email] if not user_ids and reminder.agency.email else []
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Overdue action item: %(title)s") % {"title": item.title}
        body = _(
            "Due on %(due)s (%(days)s day(s) overdue), owner %(agency)s, from the meeting “%(meeting)s”. "
            "Record the progress in the portal."
        ) % {
            "due": format_date(item.due_on),
            "days": reminder.days_overdue,
            "agency": reminder.agency.name,
            "meeting": item.meeting.title,
        }
    alert_emit(
        kind=AlertKind.ACTION_ITEM_OVERDUE,
        title=title,
        body=body,
        severity=Severity.MODERATE,
        disaster_id=item.meeting.disaster_id,
        dedupe_key=f"action-item:{item.pk}:overdue:{today.isoformat()}",
        payload={"action_item_id": item.pk, "meeting_id": item.meeting_id, "days_overdue": reminder.days_overdue},
        url=item.get_absolute_url(),
        user_ids=user_ids,
        emails=emails,
    )
