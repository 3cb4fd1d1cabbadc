from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import scope_allows_any
from banten_dinsos.agencies.models import Agency
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.services import model_update
from banten_dinsos.regions.models import Region, RegionLevel
from clusters.models import Cluster, Disaster

from ..formatting import format_date, format_datetime
from ..models import MEETING_FIELDS, AgendaItem, Decision, Meeting, MeetingKind, MeetingStatus
from .common import require_manage

# A change to any of these makes calendars replace their copy (iCalendar SEQUENCE).
SCHEDULE_FIELDS = ("starts_at", "ends_at", "place", "online_url", "title")


def _agenda_items(agenda: Iterable) -> list[dict]:
    """Agenda items as dicts {title, presenter}; plain strings are titles."""
    items = []
    for entry in agenda:
        item = {"title": entry, "presenter": ""} if isinstance(entry, str) else dict(entry)
        item["title"] = (item.get("title") or "").strip()
        item["presenter"] = (item.get("presenter") or "").strip()
        if item["title"]:
            items.append(item)
    return items


def _check_agenda(items: list[dict]) -> None:
    for number, item in enumerate(items, start=1):
        if len(item["title"]) > 255 or len(item["presenter"]) > 200:
            raise ValidationError(
                {"agenda": _("Agenda item %(number)s is too long (at most 255 characters).") % {"number": number}}
            )


def _agenda_set(meeting: Meeting, items: list[dict]) -> None:
    """Keep the agenda in the given order: items keep their points by position, extra items are removed."""
    existing = {item.position: item for item in meeting.agenda_items.all()}
    for position, item in enumerate(items, start=1):
        current = existing.pop(position, None)
        if current is None:
            AgendaItem.objects.create(meeting=meeting, position=position, **item)
        elif (current.title, current.presenter) != (item["title"], item["presenter"]):
            current.title, current.presenter = item["title"], item["presenter"]
            current.save(update_fields=["title", "presenter"])
    if existing:
        AgendaItem.objects.filter(pk__in=[item.pk for item in existing.values()]).delete()


def _check_meeting(*, user, meeting: Meeting, clusters: list[Cluster], concerned_kabkota: list[Region]) -> None:
    errors = {}
    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        errors["ends_at"] = _("The end time (%(end)s) must be after the start time (%(start)s).") % {
            "end": format_datetime(meeting.ends_at),
            "start": format_datetime(meeting.starts_at),
        }
    if not meeting.place.strip() and not meeting.online_url:
        errors["place"] = _("Give the place of the meeting, or an online meeting link.")
    if any(region.level != RegionLevel.KABKOTA for region in concerned_kabkota):
        errors["concerned_kabkota"] = _("Choose kabupaten/kota only, not other regions.")
    codes = {cluster.code for cluster in clusters} | {cluster.parent.code for cluster in clusters if cluster.parent_id}
    if not scope_allows_any(user, clusters=codes):
        errors["clusters"] = _("Choose at least one cluster that you coordinate.")
    if errors:
        raise ValidationError(errors)


def _check_action_items_after_start(meeting: Meeting) -> None:
    earliest = meeting.action_items.order_by("due_on").values_list("due_on", flat=True).first()
    if earliest is not None and earliest < meeting.held_on:
        raise ValidationError(
            {
                "starts_at": _(
                    "An action item of this meeting is due on %(due)s, before the new start date. "
                    "Change that due date first."
                )
                % {"due": format_date(earliest)}
            }
        )


@transaction.atomic
def meeting_create(
    *,
    user,
    kind: MeetingKind,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    chair: str,
    organizer: Agency,
    place: str = "",
    online_url: str = "",
    description: str = "",
    disaster: Disaster | None = None,
    clusters: Iterable[Cluster] = (),
    concerned_kabkota: Iterable[Region] | None = None,
    agenda: Sequence = (),
) -> Meeting:
    """Schedule a meeting. Without ``concerned_kabkota`` it concerns the kabupaten/kota the disaster affects."""
    require_perm(user, Perm.MEETING_MANAGE)
    clusters = list(clusters)
    if concerned_kabkota is None:
        concerned_kabkota = list(disaster.affected_kabkota.all()) if disaster is not None else []
    concerned_kabkota = list(concerned_kabkota)
    items = _agenda_items(agenda)
    meeting = Meeting(
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        chair=chair,
        organizer=organizer,
        place=place,
        online_url=online_url,
        description=description,
        disaster=disaster,
        created_by=user,
    )
    _check_meeting(user=user, meeting=meeting, clusters=clusters, concerned_kabkota=concerned_kabkota)
    _check_agenda(items)
    meeting.full_clean()
    meeting.save()
    meeting.clusters.set(clusters)
    meeting.concerned_kabkota.set(concerned_kabkota)
    _agenda_set(meeting, items)
    audit_record(actor=user, action=AuditAction.CREATE, instance=meeting)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    user,
    meeting: Meeting,
    data: Mapping,
    clusters: Iterable[Cluster] | None = None,
    concerned_kabkota: Iterable[Region] | None = None,
    agenda: Sequence | None = None,
) -> Meeting:
    """Change a meeting's details, clusters, regions or agenda; calendars are told when its schedule changes."""
    require_manage(user=user, meeting=meeting)
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    changed = model_update(instance=current, data=data, fields=MEETING_FIELDS, strip=False)
    cluster_rows = list(current.clusters.all()) if clusters is None else list(clusters)
    regions = list(current.concerned_kabkota.all()) if concerned_kabkota is None else list(concerned_kabkota)
    _check_meeting(user=user, meeting=current, clusters=cluster_rows, concerned_kabkota=regions)
    if "starts_at" in changed:
        _check_action_items_after_start(current)
    items = _agenda_items(agenda) if agenda is not None else None
    if items is not None:
        _check_agenda(items)
    current.full_clean()
    if any(name in SCHEDULE_FIELDS for name in changed):
        current.sequence += 1
    current.save()
    if concerned_kabkota is not None:
        current.concerned_kabkota.set(regions)
        changed.append("concerned_kabkota")
    if clusters is not None:
        current.clusters.set(cluster_rows)
        changed.append("clusters")
    if items is not None:
        _agenda_set(current, items)
        changed.append("agenda")
    audit_record(actor=user, action=AuditAction.CHANGE, instance=current, fields=changed)
    return current


@transaction.atomic
def meeting_cancel(*, user, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a meeting (its calendar entry becomes CANCELLED); the reason is required."""
    require_manage(user=user, meeting=meeting)
    if not reason.strip():
        raise ValidationError({"cancel_reason": _("Say why the meeting is cancelled.")})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError({"status": _("This meeting has already been cancelled.")})
    meeting.status, meeting.cancel_reason = MeetingStatus.CANCELLED, reason.strip()
    meeting.sequence += 1
    meeting.full_clean()
    meeting.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    audit_record(actor=user, action=AuditAction.CHANGE, instance=meeting, fields=["status"])
    return meeting


# ---------------------------------------------------------------------------------------------------------------
# Minutes and decisions
# ---------------------------------------------------------------------------------------------------------------


def _check_minutes_allowed(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError({"minutes_summary": _("A cancelled meeting has no minutes.")})
    if timezone.now() < meeting.starts_at:
        raise ValidationError(
            {
                "minutes_summary": _("Minutes can be written once the meeting has started (%(start)s).")
                % {"start": format_datetime(meeting.starts_at)}
            }
        )


def _touch_minutes(meeting: Meeting) -> None:
    meeting.minutes_updated_at = timezone.now()
    meeting.save(update_fields=["minutes_updated_at", "updated_at"])


@transaction.atomic
def minutes_update(*, user, meeting: Meeting, summary: str, points: Mapping[int, str] | None = None) -> Meeting:
    """Write the minutes: the summary and the points discussed under each agenda item (keyed by item id)."""
    require_manage(user=user, meeting=meeting)
    _check_minutes_allowed(meeting)
    points = dict(points or {})
    items = {item.pk: item for item in meeting.agenda_items.all()}
    unknown = set(points) - set(items)
    if unknown:
        raise ValidationError(
            {
                "points": _("These agenda items are not on this meeting's agenda: %(ids)s.")
                % {"ids": ", ".join(str(pk) for pk in sorted(unknown))}
            }
        )
    for pk, text in points.items():
        item = items[pk]
        if item.minutes_points != text.strip():
            item.minutes_points = text.strip()
            item.save(update_fields=["minutes_points"])
    meeting.minutes_summary = summary.strip()
    meeting.full_clean()
    meeting.save(update_fields=["minutes_summary", "updated_at"])
    _touch_minutes(meeting)
    audit_record(actor=user, action=AuditAction.CHANGE, instance=meeting, fields=["minutes"])
    return meeting


def _check_agenda_item(meeting: Meeting, agenda_item: AgendaItem | None) -> None:
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("This agenda item belongs to another meeting.")})


@transaction.atomic
def decision_add(*, user, meeting: Meeting, text: str, agenda_item: AgendaItem | None = None) -> Decision:
    """Record a decision in the minutes, after the ones already there."""
    require_manage(user=user, meeting=meeting)
    _check_minutes_allowed(meeting)
    _check_agenda_item(meeting, agenda_item)
    if not text.strip():
        raise ValidationError({"text": _("Write the decision.")})
    last = meeting.decisions.aggregate(last=Max("position"))["last"] or 0
    decision = Decision(meeting=meeting, agenda_item=agenda_item, text=text.strip(), position=last + 1)
    decision.full_clean()
    decision.save()
    _touch_minutes(meeting)
    audit_record(actor=user, action=AuditAction.CREATE, instance=decision)
    return decision


@transaction.atomic
def decision_update(*, user, decision: Decision, text: str, agenda_item: AgendaItem | None = None) -> Decision:
    require_manage(user=user, meeting=decision.meeting)
    _check_agenda_item(decision.meeting, agenda_item)
    if not text.strip():
        raise ValidationError({"text": _("Write the decision.")})
    decision.text, decision.agenda_item = text.strip(), agenda_item
    decision.full_clean()
    decision.save()
    _touch_minutes(decision.meeting)
    audit_record(actor=user, action=AuditAction.CHANGE, instance=decision, fields=["text"])
    return decision


@transaction.atomic
def decision_delete(*, user, decision: Decision) -> None:
    """Remove a decision; one that already has action items is kept, so the follow-up never loses its origin."""
    require_manage(user=user, meeting=decision.meeting)
    if decision.action_items.exists():
        raise ValidationError(
            {"decision": _("This decision has action items. Remove or move them before removing the decision.")}
        )
    meeting = decision.meeting
    audit_record(actor=user, action=AuditAction.DELETE, instance=decision)
    decision.delete()
    _touch_minutes(meeting)
