from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.nik import nik_check_person, nik_clean
from banten_dinsos.core.services import model_update
from banten_dinsos.regions.models import Region

from ..models import Availability, Deployment, DeploymentStatus, MemberSkill, Skill, TaganaMember
from .common import check_kabkota, check_not_future, member_number_clean, phone_clean

# What can be changed on a member after registration (the member number identifies them and stays).
EDITABLE_FIELDS = ("nik", "full_name", "sex", "birth_date", "phone", "kabkota", "joined_on")
# Availability an officer sets by hand; "deployed" follows from deployments only.
MANUAL_AVAILABILITY = (Availability.STANDBY, Availability.UNAVAILABLE, Availability.INACTIVE)


def skills_from_codes(codes: Iterable[str], *, field: str = "skills") -> list[Skill]:
    """Active reference skills for ``codes``; an unknown code is refused, naming it."""
    wanted = [code.strip().lower() for code in codes if code and code.strip()]
    found = {skill.code: skill for skill in Skill.objects.filter(code__in=wanted, is_active=True)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise ValidationError(
            {
                field: _("Unknown skill: %(codes)s. Choose from the skill reference list.")
                % {"codes": ", ".join(unknown)}
            }
        )
    return list(dict.fromkeys(found[code] for code in wanted))


def _check_identity(*, nik: str, sex: str, birth_date: date | None, exclude_pk=None) -> str:
    errors = {}
    try:
        nik = nik_clean(nik)
    except ValidationError as error:
        errors["nik"] = error.messages
    else:
        errors.update(nik_check_person(nik, sex=sex, birth_date=birth_date))
        others = TaganaMember.objects.filter(nik=nik)
        if exclude_pk is not None:
            others = others.exclude(pk=exclude_pk)
        if others.exists():
            errors["nik"] = _("Another TAGANA member is already registered with this NIK.")
    if birth_date is not None and birth_date > timezone.localdate():
        errors["birth_date"] = _("The birth date cannot be in the future.")
    elif birth_date is not None and birth_date.year < 1900:
        errors["birth_date"] = _("The birth date is not plausible.")
    if errors:
        raise ValidationError(errors)
    return nik


def _integrity_message(error: IntegrityError) -> ValidationError:
    text = str(error)
    if "member_number" in text:
        return ValidationError({"member_number": _("A TAGANA member with this member number is already registered.")})
    return ValidationError({"nik": _("Another TAGANA member is already registered with this NIK.")})


def _set_roster_skills(member: TaganaMember, skills: list[Skill]) -> bool:
    """Make the roster's own skill entries exactly ``skills``; certificates from trainings are left alone."""
    current = set(member.member_skills.filter(participation__isnull=True).values_list("skill_id", flat=True))
    wanted = {skill.pk for skill in skills}
    if current == wanted:
        return False
    member.member_skills.filter(participation__isnull=True, skill_id__in=current - wanted).delete()
    MemberSkill.objects.bulk_create([MemberSkill(member=member, skill_id=pk) for pk in sorted(wanted - current)])
    return True


@transaction.atomic
def member_create(
    *,
    user,
    member_number: str,
    nik: str,
    full_name: str,
    sex: str,
    birth_date: date,
    kabkota: Region,
    phone: str = "",
    joined_on: date | None = None,
    skills: Iterable[Skill] = (),
    availability: str = Availability.STANDBY,
) -> TaganaMember:
    """Register a TAGANA member of a kabupaten/kota the user may act in, with the skills on their roster entry."""
    require_perm(user, Perm.VOLUNTEER_CHANGE)
    check_kabkota(user, kabkota)
    member_number = member_number_clean(member_number)
    if TaganaMember.objects.filter(member_number=member_number).exists():
        raise ValidationError({"member_number": _("A TAGANA member with this member number is already registered.")})
    nik = _check_identity(nik=nik, sex=sex, birth_date=birth_date)
    if availability not in MANUAL_AVAILABILITY:
        raise ValidationError({"availability": _("A new member is on standby, unavailable or inactive.")})
    check_not_future(joined_on, field="joined_on", message=_("The date of joining cannot be in the future."))
    member = TaganaMember(
        member_number=member_number,
        nik=nik,
        full_name=" ".join(full_name.split()),
        sex=sex,
        birth_date=birth_date,
        phone=phone_clean(phone),
        kabkota=kabkota,
        joined_on=joined_on,
        availability=availability,
        created_by=user,
    )
    member.full_clean()
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as error:
        raise _integrity_message(error) from error
    _set_roster_skills(member, list(skills))
    audit_record(actor=user, action=AuditAction.CREATE, instance=member, kabkota_code=member.kabkota_id)
    return member


@transaction.atomic
def member_update(*, user, member: TaganaMember, data: dict, skills: Iterable[Skill] | None = None) -> TaganaMember:
    """Change a member the user can see; ``skills`` (when given) replaces the skills on their roster entry."""
    require_perm(user, Perm.VOLUNTEER_CHANGE)
    current = TaganaMember.objects.select_for_update().get(pk=member.pk)
    if "phone" in data:
        data = {**data, "phone": phone_clean(data["phone"])}
    if "full_name" in data:
        data = {**data, "full_name": " ".join(data["full_name"].split())}
    changed = model_update(instance=current, data=data, fields=EDITABLE_FIELDS)
    if "kabkota" in changed:
        check_kabkota(user, data["kabkota"])
    if {"nik", "sex", "birth_date"} & set(changed):
        current.nik = _check_identity(
            nik=current.nik, sex=current.sex, birth_date=current.birth_date, exclude_pk=current.pk
        )
    check_not_future(current.joined_on, field="joined_on", message=_("The date of joining cannot be in the future."))
    current.full_clean()
    if changed:
        try:
            with transaction.atomic():
                current.save()
        except IntegrityError as error:
            raise _integrity_message(error) from error
    if skills is not None and _set_roster_skills(current, list(skills)):
        changed.append("skills")
    if changed:
        audit_record(
            actor=user,
            action=AuditAction.CHANGE,
            instance=current,
            kabkota_code=current.kabkota_id,
            fields=changed,
        )
    return current


def member_on_assignment(member: TaganaMember, *, at=None) -> Deployment | None:
    """The member's assignment running at ``at`` (now by default), if any."""
    at = at or timezone.now()
    return (
        member.deployments.filter(status=DeploymentStatus.ACTIVE, start_at__lte=at)
        .exclude(end_at__lte=at)
        .order_by("start_at")
        .first()
    )


@transaction.atomic
def member_set_availability(*, user, member: TaganaMember, availability: str) -> TaganaMember:
    """Mark a member on standby, unavailable or inactive; "deployed" is set by deployments only."""
    require_perm(user, Perm.VOLUNTEER_CHANGE)
    if availability not in MANUAL_AVAILABILITY:
        raise ValidationError({"availability": _("“Deployed” is set by recording a deployment, not by hand.")})
    member = TaganaMember.objects.select_for_update().get(pk=member.pk)
    if member_on_assignment(member) is not None:
        raise ValidationError({"availability": _("This member is on an assignment now; end the deployment first.")})
    if member.availability != availability:
        member.availability = availability
        member.save(update_fields=["availability", "updated_at"])
        audit_record(
            actor=user,
            action=AuditAction.CHANGE,
            instance=member,
            kabkota_code=member.kabkota_id,
            fields=["availability"],
        )
    return member


def member_detail_viewed(*, user, member: TaganaMember) -> None:
    """Personal data (whole NIK, phone, birth date) was shown: write who and which record to the audit trail."""
    audit_record(actor=user, action=AuditAction.VIEW, instance=member, kabkota_code=member.kabkota_id)
