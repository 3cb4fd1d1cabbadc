from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import scope_allows
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.regions.models import Region

from ..models import MemberSkill, Skill, TaganaMember, Training, TrainingParticipation
from .common import check_kabkota


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    # The 31st of a shorter month falls back to the month's last day.
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def certificate_expiry(training: Training) -> date | None:
    """When certificates of ``training`` expire by default: its last day plus the validity in months."""
    if not training.certificate_months:
        return None
    return _add_months(training.ends_on, training.certificate_months)


@transaction.atomic
def training_create(
    *,
    user,
    title: str,
    kind: str,
    starts_on: date,
    ends_on: date,
    place: str,
    kabkota: Region,
    organiser: str,
    skills: Iterable[Skill] = (),
    certificate_months: int | None = None,
) -> Training:
    """Record a training, simulation or drill held in a kabupaten/kota the user may act in."""
    require_perm(user, Perm.TRAINING_MANAGE)
    check_kabkota(user, kabkota)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
    if certificate_months is not None and not 1 <= certificate_months <= 120:
        raise ValidationError({"certificate_months": _("A certificate is valid for 1 to 120 months.")})
    training = Training(
        title=" ".join(title.split()),
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        place=place.strip(),
        kabkota=kabkota,
        organiser=organiser.strip(),
        certificate_months=certificate_months,
        created_by=user,
    )
    training.full_clean()
    training.save()
    training.skills.set(list(skills))
    audit_record(actor=user, action=AuditAction.CREATE, instance=training, kabkota_code=training.kabkota_id)
    return training


@transaction.atomic
def training_participant_add(
    *,
    user,
    training: Training,
    member: TaganaMember,
    passed: bool = True,
    certificate_number: str = "",
    certificate_expires_on: date | None = None,
) -> TrainingParticipation:
    """Add a member to a training; a certified participant holds its skills until the certificate expires."""
    require_perm(user, Perm.TRAINING_MANAGE)
    if not scope_allows(user, kabkota_code=member.kabkota_id):
        raise ValidationError({"member": _("This member is outside your kabupaten/kota.")})
    if training.participations.filter(member=member).exists():
        raise ValidationError({"member": _("This member is already listed for this training.")})
    if passed and certificate_expires_on is None:
        certificate_expires_on = certificate_expiry(training)
    if certificate_expires_on is not None and certificate_expires_on < training.ends_on:
        raise ValidationError({"certificate_expires_on": _("The certificate cannot expire before the training ended.")})
    participation = TrainingParticipation(
        training=training,
        member=member,
        passed=passed,
        certificate_number=certificate_number.strip(),
        certificate_expires_on=certificate_expires_on if passed else None,
    )
    participation.full_clean()
    participation.save()
    if passed:
        MemberSkill.objects.bulk_create(
            [
                MemberSkill(member=member, skill=skill, valid_until=certificate_expires_on, participation=participation)
                for skill in training.skills.all()
            ]
        )
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        instance=training,
        kabkota_code=member.kabkota_id,
        fields=["participants"],
        note=f"add member {member.pk}",
    )
    return participation


@transaction.atomic
def training_participant_remove(*, user, participation: TrainingParticipation) -> None:
    """Take a member off a training; the skills it certified go with it."""
    require_perm(user, Perm.TRAINING_MANAGE)
    if not scope_allows(user, kabkota_code=participation.member.kabkota_id):
        raise ValidationError({"member": _("This member is outside your kabupaten/kota.")})
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        instance=participation.training,
        kabkota_code=participation.member.kabkota_id,
        fields=["participants"],
        note=f"remove member {participation.member_id}",
    )
    participation.delete()
