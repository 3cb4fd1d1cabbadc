from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from banten_dinsos.agencies.models import Agency
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.services import model_update

from ..alerts import action_item_overdue_alert
from ..formatting import format_date
from ..models import ActionItem, ActionItemProgress, ActionItemStatus, Decision, Meeting, today_wib
from ..selectors import action_item_can_update
from .common import require_manage

EDITABLE_FIELDS = ("title", "description", "owner_agency", "owner_person", "owner_user", "due_on", "decision")


def _check_item(item: ActionItem) -> None:
    errors = {}
    meeting = item.meeting
    if item.due_on and item.due_on < meeting.held_on:
        errors["due_on"] = _("The due date (%(due)s) cannot be before the meeting (%(meeting)s).") % {
            "due": format_date(item.due_on),
            "meeting": format_date(meeting.held_on),
        }
    if item.decision_id and item.decision.meeting_id != meeting.pk:
        errors["decision"] = _("This decision belongs to another meeting.")
    owner = item.owner_user
    if owner is not None and owner.agency_id and item.owner_agency_id and owner.agency_id != item.owner_agency_id:
        errors["owner_user"] = _("%(name)s works for %(agency)s, not for the owner agency.") % {
            "name": owner,
            "agency": owner.agency,
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_item_create(
    *,
    user,
    meeting: Meeting,
    title: str,
    owner_agency: Agency,
    due_on: date,
    decision: Decision | None = None,
    owner_person: str = "",
    owner_user=None,
    description: str = "",
) -> ActionItem:
    """Give an agency a follow-up from a meeting, due on or after the meeting's date."""
    require_manage(user=user, meeting=meeting)
    if meeting.is_cancelled:
        raise ValidationError({"meeting": _("A cancelled meeting has no action items.")})
    item = ActionItem(
        meeting=meeting,
        decision=decision,
        title=title.strip(),
        description=description.strip(),
        owner_agency=owner_agency,
        owner_person=owner_person.strip(),
        owner_user=owner_user,
        due_on=due_on,
        created_by=user,
    )
    _check_item(item)
    item.full_clean()
    item.save()
    audit_record(actor=user, action=AuditAction.CREATE, instance=item)
    return item


@transaction.atomic
def action_item_update(*, user, item: ActionItem, data: Mapping) -> ActionItem:
    """Change what an action item asks, of whom, or by when (organisers only; progress goes through notes)."""
    require_manage(user=user, meeting=item.meeting)
    current = ActionItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    changed = model_update(instance=current, data=data, fields=EDITABLE_FIELDS)
    _check_item(current)
    current.full_clean()
    current.save()
    audit_record(actor=user, action=AuditAction.CHANGE, instance=current, fields=changed)
    return current


@transaction.atomic
def action_item_progress_add(
    *,
    user,
    item: ActionItem,
    note: str,
    status: ActionItemStatus | str | None = None,
    noted_on: date | None = None,
) -> ActionItemProgress:
    """Add a dated progress note, optionally moving the item to another status (done sets its completion date)."""
    if not action_item_can_update(user=user, item=item):
        raise PermissionDenied(_("Only the owner agency or the organisers may update this action item."))
    today = today_wib()
    noted_on = noted_on or today
    status = status or item.status
    errors = {}
    if not note.strip():
        errors["note"] = _("Write what has been done.")
    if status not in ActionItemStatus.values:
        errors["status"] = _("Choose open, in progress, done or dropped.")
    if noted_on > today:
        errors["noted_on"] = _("The date of a progress note cannot be in the future.")
    elif noted_on < item.meeting.held_on:
        errors["noted_on"] = _("The date of a progress note cannot be before the meeting (%(date)s).") % {
            "date": format_date(item.meeting.held_on)
        }
    if errors:
        raise ValidationError(errors)
    current = ActionItem.objects.select_for_update().get(pk=item.pk)
    previous = current.status
    current.status = status
    current.completed_on = (current.completed_on or noted_on) if status == ActionItemStatus.DONE else None
    current.full_clean()
    current.save(update_fields=["status", "completed_on", "updated_at"])
    progress = ActionItemProgress(action_item=current, noted_on=noted_on, note=note.strip(), status=status, author=user)
    progress.full_clean()
    progress.save()
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        instance=current,
        fields=["status"] if previous != status else ["progress"],
    )
    item.status, item.completed_on = current.status, current.completed_on
    return progress


# ---------------------------------------------------------------------------------------------------------------
# Reminders: the daily job of the alert pipeline asks here whom to remind, and says when it has.
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionItemReminder:
    """One overdue action item and whom to remind of it: the responsible user and the owner agency's active users.
    When nobody has an account, ``agency`` carries the contact (email, phone) to reach instead."""

    action_item: ActionItem
    recipients: tuple
    agency: Agency
    days_overdue: int


def action_item_reminders_due(*, today: date | None = None) -> list[ActionItemReminder]:
    """Overdue action items (WIB) not yet reminded today, each with its recipients. Two queries."""
    today = today or today_wib()
    items = list(
        ActionItem.objects.overdue(today)
        .exclude(last_reminded_on=today)
        .select_related("meeting", "owner_agency", "owner_user")
        .order_by("due_on", "id")
    )
    members = defaultdict(list)
    user_model = get_user_model()
    for member in user_model.objects.filter(
        is_active=True, agency_id__in={item.owner_agency_id for item in items}
    ).order_by("username"):
        members[member.agency_id].append(member)
    reminders = []
    for item in items:
        recipients = []
        if item.owner_user is not None and item.owner_user.is_active:
            recipients.append(item.owner_user)
        recipients += [member for member in members[item.owner_agency_id] if member.pk != item.owner_user_id]
        reminders.append(
            ActionItemReminder(
                action_item=item,
                recipients=tuple(recipients),
                agency=item.owner_agency,
                days_overdue=(today - item.due_on).days,
            )
        )
    return reminders


def action_item_reminder_sent(*, item: ActionItem, on: date | None = None) -> None:
    """Note that today's reminder went out, so the next run of the day skips this item."""
    on = on or today_wib()
    ActionItem.objects.filter(pk=item.pk).update(last_reminded_on=on)
    item.last_reminded_on = on


def action_item_reminders_send(*, today: date | None = None) -> int:
    """The daily reminder: one overdue alert per item due a reminder today, each noted as sent in the same
    transaction as its alert. Safe to run twice: items reminded today are skipped and the alert is keyed by day."""
    today = today or today_wib()
    sent = 0
    for reminder in action_item_reminders_due(today=today):
        with transaction.atomic():
            action_item_overdue_alert(reminder=reminder, today=today)
            action_item_reminder_sent(item=reminder.action_item, on=today)
        sent += 1
    return sent
