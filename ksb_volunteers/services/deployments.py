from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import scope_allows
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from clusters.models import Disaster, EmergencyStatus
from shelters.models import LdpPost, Shelter

from ..alerts import volunteer_deployed_alert
from ..models import Availability, Deployment, DeploymentStatus, KsbUnit, TaganaMember
from .members import member_on_assignment

EXCLUSION_CONSTRAINT = "deployment_no_double_booking"
# Clocks on phones drift; a time this far ahead of the server still counts as "now".
CLOCK_TOLERANCE = timedelta(minutes=10)


def overlapping(*, member: TaganaMember, start_at: datetime, end_at: datetime | None, exclude_pk=None):
    """Not cancelled assignments of ``member`` overlapping [start_at, end_at); an empty end is open-ended.

    The same half-open ranges as the exclusion constraint, written portably so SQLite answers it too.
    """
    queryset = Deployment.objects.filter(member=member).exclude(status=DeploymentStatus.CANCELLED)
    queryset = queryset.filter(Q(end_at__isnull=True) | Q(end_at__gt=start_at))
    if end_at is not None:
        queryset = queryset.filter(start_at__lt=end_at)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.select_related("disaster").order_by("start_at")


def find_overlap(*, member: TaganaMember, start_at: datetime, end_at: datetime | None) -> Deployment | None:
    """The first assignment of ``member`` that a new one in [start_at, end_at) would overlap."""
    return overlapping(member=member, start_at=start_at, end_at=end_at).first()


def _when(value: datetime | None) -> str:
    if value is None:
        return _("further notice")
    return formats.date_format(timezone.localtime(value), "j M Y H:i")


DEADLOCK = "40P01"


def _double_booking_error(member: TaganaMember, other: Deployment | None) -> ValidationError:
    if other is None:
        message = _(
            "%(name)s already has an assignment in this period; one person cannot hold two overlapping assignments."
        ) % {"name": member.full_name}
    else:
        message = _(
            "%(name)s is already assigned from %(start)s until %(end)s (%(disaster)s); one person cannot hold two "
            "overlapping assignments. Choose another period or end that assignment first."
        ) % {
            "name": member.full_name,
            "start": _when(other.start_at),
            "end": _when(other.end_at),
            "disaster": other.disaster.title,
        }
    return ValidationError({"start_at": message}, code="double_booking")


def _check_period(*, disaster: Disaster, start_at: datetime, end_at: datetime | None) -> None:
    errors = {}
    start_day = timezone.localtime(start_at).date()
    if end_at is not None and end_at <= start_at:
        errors["end_at"] = _("The end of the assignment must be after its start.")
    if start_day < disaster.started_on:
        errors["start_at"] = _("The assignment cannot start before the disaster began (%(date)s).") % {
            "date": formats.date_format(disaster.started_on, "j M Y")
        }
    if disaster.ended_on is not None:
        ended = formats.date_format(disaster.ended_on, "j M Y")
        if start_day > disaster.ended_on:
            errors["start_at"] = _("The assignment cannot start after the disaster ended (%(date)s).") % {"date": ended}
        elif end_at is None:
            errors["end_at"] = _("The disaster ended on %(date)s; give the end of the assignment.") % {"date": ended}
        elif timezone.localtime(end_at - timedelta(microseconds=1)).date() > disaster.ended_on:
            errors["end_at"] = _("The assignment cannot go on after the disaster ended (%(date)s).") % {"date": ended}
    elif disaster.status == EmergencyStatus.SELESAI:
        errors["disaster"] = _("This disaster is closed; no new assignments can be made to it.")
    if errors:
        raise ValidationError(errors)


def _check_site(*, disaster: Disaster, shelter: Shelter | None, ldp_post: LdpPost | None) -> str | None:
    if shelter is not None and ldp_post is not None:
        raise ValidationError({"ldp_post": _("Choose a shelter or an LDP post, not both.")})
    site = shelter or ldp_post
    if site is None:
        return None
    affected = set(disaster.affected_kabkota.values_list("code", flat=True))
    if site.kabkota_id not in affected:
        field = "shelter" if shelter is not None else "ldp_post"
        raise ValidationError({field: _("This place is not in a kabupaten/kota affected by the chosen disaster.")})
    return site.kabkota_id


def _running(start_at: datetime, end_at: datetime | None, now: datetime) -> bool:
    return start_at <= now + CLOCK_TOLERANCE and (end_at is None or end_at > now)


@transaction.atomic
def deployment_create(
    *,
    user,
    disaster: Disaster,
    role: str,
    start_at: datetime,
    end_at: datetime | None = None,
    member: TaganaMember | None = None,
    ksb_unit: KsbUnit | None = None,
    shelter: Shelter | None = None,
    ldp_post: LdpPost | None = None,
    note: str = "",
) -> Deployment:
    """Assign a member (or a KSB unit) to a disaster for a time window; a member is never booked twice at once.

    The overlap check here gives the message; the exclusion constraint on PostgreSQL settles races between
    requests that both passed it. Starting now sets the member's availability to deployed.
    """
    require_perm(user, Perm.DEPLOYMENT_MANAGE)
    if (member is None) == (ksb_unit is None):
        raise ValidationError({"member": _("Choose either a TAGANA member or a KSB unit.")})
    if member is not None:
        # The caller's copy may be stale (availability changes often during a response); read the current row.
        member = TaganaMember.objects.select_related("kabkota").get(pk=member.pk)
    owner = member or ksb_unit
    owner_field = "member" if member is not None else "ksb_unit"
    if not scope_allows(user, kabkota_code=owner.kabkota_id):
        raise ValidationError({owner_field: _("This volunteer is outside your kabupaten/kota.")})
    if member is not None and member.availability in (Availability.UNAVAILABLE, Availability.INACTIVE):
        raise ValidationError(
            {
                "member": _("%(name)s is marked %(state)s and cannot be deployed.")
                % {"name": member.full_name, "state": member.get_availability_display().lower()}
            }
        )
    _check_period(disaster=disaster, start_at=start_at, end_at=end_at)
    site_kabkota = _check_site(disaster=disaster, shelter=shelter, ldp_post=ldp_post)
    if member is not None:
        other = find_overlap(member=member, start_at=start_at, end_at=end_at)
        if other is not None:
            raise _double_booking_error(member, other)
    deployment = Deployment(
        disaster=disaster,
        member=member,
        ksb_unit=ksb_unit,
        shelter=shelter,
        ldp_post=ldp_post,
        role=role,
        start_at=start_at,
        end_at=end_at,
        kabkota_id=owner.kabkota_id,
        site_kabkota_id=site_kabkota,
        note=note,
        created_by=user,
    )
    deployment.full_clean()
    try:
        with transaction.atomic():
            deployment.save()
    except (IntegrityError, OperationalError) as error:
        # Another request booked the same person at the same moment. PostgreSQL refuses the later one with the
        # exclusion constraint, or, when both were checking the constraint against each other's uncommitted row,
        # aborts one of them as a deadlock (40P01): either way this booking lost.
        lost_race = EXCLUSION_CONSTRAINT in str(error) or getattr(error.__cause__, "pgcode", None) == DEADLOCK
        if member is not None and lost_race:
            raise _double_booking_error(
                member, overlapping(member=member, start_at=start_at, end_at=end_at).first()
            ) from error
        raise
    if member is not None and _running(start_at, end_at, timezone.now()):
        TaganaMember.objects.filter(pk=member.pk).update(availability=Availability.DEPLOYED, updated_at=timezone.now())
        member.availability = Availability.DEPLOYED
    audit_record(actor=user, action=AuditAction.CREATE, instance=deployment, kabkota_code=deployment.kabkota_id)
    volunteer_deployed_alert(deployment=deployment, actor=user)
    return deployment


def _release(member: TaganaMember | None) -> None:
    """Back on standby when the member's last running assignment is over."""
    if member is None:
        return
    member = TaganaMember.objects.select_for_update().get(pk=member.pk)
    if member.availability == Availability.DEPLOYED and member_on_assignment(member) is None:
        member.availability = Availability.STANDBY
        member.save(update_fields=["availability", "updated_at"])


def _locked(deployment: Deployment) -> Deployment:
    return Deployment.objects.select_for_update(of=("self",)).select_related("member", "disaster").get(pk=deployment.pk)


@transaction.atomic
def deployment_end(*, user, deployment: Deployment, ended_at: datetime | None = None, report: str = "") -> Deployment:
    """End an assignment (now, or at the time given) and keep the member's assignment report; frees the member."""
    require_perm(user, Perm.DEPLOYMENT_MANAGE)
    deployment = _locked(deployment)
    if deployment.status != DeploymentStatus.ACTIVE:
        raise ValidationError({"status": _("This assignment has already ended or was cancelled.")})
    now = timezone.now()
    ended_at = ended_at or now
    if ended_at > now + CLOCK_TOLERANCE:
        raise ValidationError({"ended_at": _("The end time cannot be in the future; end the assignment when it ends.")})
    if ended_at <= deployment.start_at:
        raise ValidationError({"ended_at": _("The end time must be after the start of the assignment.")})
    fields = ["status", "ended_by", "updated_at"]
    if deployment.end_at is None or ended_at < deployment.end_at:
        deployment.end_at = ended_at
        fields.append("end_at")
    deployment.status = DeploymentStatus.ENDED
    deployment.ended_by = user
    if report.strip():
        deployment.report, deployment.report_submitted_at = report.strip(), now
        fields += ["report", "report_submitted_at"]
    deployment.full_clean()
    deployment.save(update_fields=fields)
    _release(deployment.member)
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        instance=deployment,
        kabkota_code=deployment.kabkota_id,
        fields=[field for field in fields if field != "updated_at"],
        note="end",
    )
    return deployment


@transaction.atomic
def deployment_cancel(*, user, deployment: Deployment, reason: str) -> Deployment:
    """Cancel an assignment that should not have been made; it no longer blocks the member's time."""
    require_perm(user, Perm.DEPLOYMENT_MANAGE)
    deployment = _locked(deployment)
    if deployment.status != DeploymentStatus.ACTIVE:
        raise ValidationError({"status": _("Only an assignment in progress can be cancelled.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    deployment.status = DeploymentStatus.CANCELLED
    deployment.ended_by = user
    deployment.note = reason.strip()[:255]
    deployment.save(update_fields=["status", "ended_by", "note", "updated_at"])
    _release(deployment.member)
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        instance=deployment,
        kabkota_code=deployment.kabkota_id,
        fields=["status"],
        note="cancel",
    )
    return deployment


@transaction.atomic
def deployment_report_submit(*, user, deployment: Deployment, report: str) -> Deployment:
    """Keep (or correct) the member's report on the assignment: what they did, for whom, what is still needed."""
    require_perm(user, Perm.DEPLOYMENT_MANAGE)
    deployment = _locked(deployment)
    if deployment.status == DeploymentStatus.CANCELLED:
        raise ValidationError({"report": _("A cancelled assignment has no report.")})
    if not report.strip():
        raise ValidationError({"report": _("Write the assignment report.")})
    deployment.report, deployment.report_submitted_at = report.strip(), timezone.now()
    deployment.save(update_fields=["report", "report_submitted_at", "updated_at"])
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        instance=deployment,
        kabkota_code=deployment.kabkota_id,
        fields=["report"],
    )
    return deployment


@transaction.atomic
def availability_sync(*, now: datetime | None = None) -> dict:
    """Bring stored states in line with the clock: assignments past their end are ended, members whose assignment
    has started are deployed, members with none running are back on standby. Safe to run any number of times."""
    now = now or timezone.now()
    ended = Deployment.objects.filter(status=DeploymentStatus.ACTIVE, end_at__lte=now).update(
        status=DeploymentStatus.ENDED, updated_at=now
    )
    running = Deployment.objects.filter(
        member=OuterRef("pk"), status=DeploymentStatus.ACTIVE, start_at__lte=now
    ).filter(Q(end_at__isnull=True) | Q(end_at__gt=now))
    deployed = TaganaMember.objects.filter(Exists(running), availability=Availability.STANDBY).update(
        availability=Availability.DEPLOYED, updated_at=now
    )
    freed = (
        TaganaMember.objects.filter(availability=Availability.DEPLOYED)
        .exclude(Exists(running))
        .update(availability=Availability.STANDBY, updated_at=now)
    )
    return {"ended": ended, "deployed": deployed, "freed": freed}
