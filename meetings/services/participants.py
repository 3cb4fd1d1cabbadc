from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.agencies.models import Agency
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.regions.models import Region, RegionLevel

from ..alerts import meeting_invitation_alert
from ..formatting import format_date
from ..models import AttendanceStatus, Meeting, Participant, ParticipantGroup, today_wib
from .common import require_manage


def _kabkota_of(*, person=None, agency: Agency | None = None, kabkota: Region | None = None) -> Region | None:
    """The kabupaten/kota a participant is counted under: given, else the person's, else the agency's."""
    if kabkota is not None:
        return kabkota
    if person is not None and person.kabkota_id:
        return person.kabkota
    if agency is not None and agency.region_id:
        return agency.region
    return None


def _find_existing(meeting: Meeting, *, person=None, agency=None, name: str = "", organisation: str = ""):
    """The participant row the identity already has in this meeting, if any."""
    rows = meeting.participants.all()
    if person is not None:
        return rows.filter(user=person).first()
    if name.strip():
        return rows.filter(
            user__isnull=True, name__iexact=name.strip(), organisation__iexact=organisation.strip()
        ).first()
    if agency is not None:
        return rows.filter(agency=agency, user__isnull=True, name="").first()
    return None


def _build(
    meeting: Meeting,
    *,
    person=None,
    agency: Agency | None = None,
    name: str = "",
    organisation: str = "",
    position: str = "",
    kabkota: Region | None = None,
    phone: str = "",
    group: str = ParticipantGroup.GOVERNMENT,
    walk_in: bool = False,
) -> Participant:
    if person is None and agency is None and not name.strip():
        raise ValidationError({"name": _("Choose an agency or a portal user, or write the person's name.")})
    if kabkota is not None and kabkota.level != RegionLevel.KABKOTA:
        raise ValidationError({"kabkota": _("Choose a kabupaten/kota, not another kind of region.")})
    if person is not None:
        agency = agency or person.agency
        name = name.strip() or person.get_full_name() or person.get_username()
    return Participant(
        meeting=meeting,
        user=person,
        agency=agency,
        name=name.strip(),
        organisation=organisation.strip(),
        position=position.strip(),
        kabkota=_kabkota_of(person=person, agency=agency, kabkota=kabkota),
        phone=phone.strip(),
        group=group,
        is_walk_in=walk_in,
    )


def _already_invited_error(existing: Participant) -> ValidationError:
    field = "user" if existing.user_id else ("agency" if existing.is_agency_invitation else "name")
    return ValidationError(
        {field: _("%(name)s is already on the list of participants.") % {"name": existing.display_name}}
    )


@transaction.atomic
def participant_invite(
    *,
    user,
    meeting: Meeting,
    person=None,
    agency: Agency | None = None,
    name: str = "",
    organisation: str = "",
    position: str = "",
    kabkota: Region | None = None,
    phone: str = "",
    group: str = ParticipantGroup.GOVERNMENT,
) -> Participant:
    """Invite an agency (``agency`` only), a portal user (``person``) or someone without an account (``name``)."""
    require_manage(user=user, meeting=meeting)
    if meeting.is_cancelled:
        raise ValidationError({"meeting": _("This meeting has been cancelled; nobody can be invited to it.")})
    existing = _find_existing(meeting, person=person, agency=agency, name=name, organisation=organisation)
    if existing is not None:
        raise _already_invited_error(existing)
    participant = _build(
        meeting,
        person=person,
        agency=agency,
        name=name,
        organisation=organisation,
        position=position,
        kabkota=kabkota,
        phone=phone,
        group=group,
    )
    participant.full_clean()
    participant.save()
    audit_record(actor=user, action=AuditAction.CREATE, instance=participant)
    meeting_invitation_alert(participant=participant, actor=user)
    return participant


@transaction.atomic
def participant_invite_agencies(
    *, user, meeting: Meeting, agencies: Iterable[Agency], group: str = ParticipantGroup.GOVERNMENT
) -> list[Participant]:
    """Invite several agencies at once; those already invited are left as they are."""
    require_manage(user=user, meeting=meeting)
    if meeting.is_cancelled:
        raise ValidationError({"meeting": _("This meeting has been cancelled; nobody can be invited to it.")})
    invited = set(meeting.participants.filter(user__isnull=True, name="").values_list("agency_id", flat=True))
    created = []
    for agency in agencies:
        if agency.pk in invited:
            continue
        participant = _build(meeting, agency=agency, group=group)
        participant.full_clean()
        participant.save()
        meeting_invitation_alert(participant=participant, actor=user)
        invited.add(agency.pk)
        created.append(participant)
    if created:
        audit_record(
            actor=user,
            action=AuditAction.CREATE,
            model="meetings.participant",
            object_id=str(meeting.pk),
            note=f"{len(created)} agencies invited",
        )
    return created


@transaction.atomic
def participant_remove(*, user, participant: Participant) -> None:
    """Take someone off the list; once their attendance is recorded they stay, so the counts keep their history."""
    require_manage(user=user, meeting=participant.meeting)
    if participant.attendance != AttendanceStatus.NOT_RECORDED:
        raise ValidationError(
            {
                "attendance": _("The attendance of %(name)s has been recorded; mark them absent instead.")
                % {"name": participant.display_name}
            }
        )
    audit_record(actor=user, action=AuditAction.DELETE, instance=participant)
    participant.delete()


# ---------------------------------------------------------------------------------------------------------------
# Attendance
# ---------------------------------------------------------------------------------------------------------------


def _check_attendance_allowed(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError({"attendance": _("This meeting has been cancelled; attendance cannot be recorded.")})
    if today_wib() < meeting.held_on:
        raise ValidationError(
            {
                "attendance": _("Attendance can be recorded from the day of the meeting (%(date)s).")
                % {"date": format_date(meeting.held_on)}
            }
        )


def _apply_attendance(participant: Participant, *, status: str, represented_by: str, user) -> bool:
    if status not in AttendanceStatus.values:
        raise ValidationError({"attendance": _("Choose present, represented or absent.")})
    represented_by = represented_by.strip() if status == AttendanceStatus.REPRESENTED else ""
    if status == AttendanceStatus.REPRESENTED and not represented_by:
        raise ValidationError(
            {
                "represented_by": _("Write the name of whoever represented %(name)s.")
                % {"name": participant.display_name}
            }
        )
    if (participant.attendance, participant.represented_by) == (status, represented_by):
        return False
    participant.attendance, participant.represented_by = status, represented_by
    participant.attendance_recorded_at = timezone.now()
    participant.attendance_recorded_by = user
    participant.full_clean()
    participant.save()
    return True


@dataclass(frozen=True)
class AttendanceEntry:
    participant: Participant
    status: str
    represented_by: str = ""


@transaction.atomic
def attendance_record(*, user, meeting: Meeting, entries: Sequence[AttendanceEntry]) -> int:
    """Record present / represented (by whom) / absent for invited participants; returns how many changed."""
    require_manage(user=user, meeting=meeting)
    _check_attendance_allowed(meeting)
    changed = 0
    for entry in entries:
        if entry.participant.meeting_id != meeting.pk:
            raise ValidationError({"participant": _("This participant belongs to another meeting.")})
        changed += _apply_attendance(
            entry.participant, status=entry.status, represented_by=entry.represented_by, user=user
        )
    if changed:
        audit_record(
            actor=user,
            action=AuditAction.CHANGE,
            instance=meeting,
            fields=["attendance"],
            note=f"{changed} attendance records",
        )
    return changed


@transaction.atomic
def attendance_record_person(
    *,
    user,
    meeting: Meeting,
    status: str = AttendanceStatus.PRESENT,
    represented_by: str = "",
    person=None,
    agency: Agency | None = None,
    name: str = "",
    organisation: str = "",
    position: str = "",
    kabkota: Region | None = None,
    phone: str = "",
    group: str = ParticipantGroup.GOVERNMENT,
) -> tuple[Participant, bool]:
    """Record someone's attendance by who they are. An invited participant is marked as such; anyone else is
    accepted and added as a walk-in (flagged), so the counts stay true to who was in the room.

    Returns the participant and whether they were a walk-in added now.
    """
    require_manage(user=user, meeting=meeting)
    _check_attendance_allowed(meeting)
    existing = _find_existing(meeting, person=person, agency=agency, name=name, organisation=organisation)
    walk_in = existing is None
    if walk_in and status not in (AttendanceStatus.PRESENT, AttendanceStatus.REPRESENTED):
        raise ValidationError(
            {"attendance": _("Someone who was not invited is only recorded when they came (present or represented).")}
        )
    participant = existing or _build(
        meeting,
        person=person,
        agency=agency,
        name=name,
        organisation=organisation,
        position=position,
        kabkota=kabkota,
        phone=phone,
        group=group,
        walk_in=True,
    )
    if walk_in:
        participant.full_clean()
        participant.save()
    _apply_attendance(participant, status=status, represented_by=represented_by, user=user)
    audit_record(
        actor=user,
        action=AuditAction.CREATE if walk_in else AuditAction.CHANGE,
        instance=participant,
        fields=["attendance"],
        note="walk-in" if walk_in else "",
    )
    return participant, walk_in
