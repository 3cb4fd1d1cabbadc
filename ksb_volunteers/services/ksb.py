from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.agencies.models import Agency
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.services import model_update
from banten_dinsos.regions.models import Region
from clusters.models import DisasterType

from ..models import (
    SINGLE_OFFICER_ROLES,
    KsbOfficer,
    KsbStakeholder,
    KsbStatus,
    KsbUnit,
    LumbungItem,
)
from .common import check_desa, check_not_future, phone_clean

UNIT_FIELDS = (
    "name",
    "desa",
    "decree_number",
    "decree_date",
    "member_count",
    "last_activity_on",
    "last_activity",
    "status",
)


def _check_unit(unit: KsbUnit) -> None:
    check_not_future(unit.decree_date, field="decree_date", message=_("The decree date cannot be in the future."))
    check_not_future(
        unit.last_activity_on,
        field="last_activity_on",
        message=_("The date of the last activity cannot be in the future."),
    )
    if unit.decree_date and unit.last_activity_on and unit.last_activity_on < unit.decree_date:
        raise ValidationError({"last_activity_on": _("The last activity cannot be before the founding decree.")})
    duplicate = KsbUnit.objects.filter(desa=unit.desa, name__iexact=unit.name)
    if unit.pk:
        duplicate = duplicate.exclude(pk=unit.pk)
    if duplicate.exists():
        raise ValidationError({"name": _("This desa/kelurahan already has a KSB unit with this name.")})


def _audit(user, action, instance, unit: KsbUnit, **extra):
    audit_record(actor=user, action=action, instance=instance, kabkota_code=unit.kabkota_id, **extra)


@transaction.atomic
def ksb_unit_create(
    *,
    user,
    name: str,
    desa: Region,
    decree_number: str = "",
    decree_date: date | None = None,
    member_count: int = 0,
    hazards: Iterable[DisasterType] = (),
    last_activity_on: date | None = None,
    last_activity: str = "",
    status: str = KsbStatus.ACTIVE,
) -> KsbUnit:
    """Register the KSB of a desa/kelurahan in the user's area."""
    require_perm(user, Perm.VOLUNTEER_CHANGE)
    check_desa(user, desa)
    unit = KsbUnit(
        name=" ".join(name.split()),
        desa=desa,
        kabkota_id=desa.kabkota_code,
        decree_number=decree_number.strip(),
        decree_date=decree_date,
        member_count=member_count,
        last_activity_on=last_activity_on,
        last_activity=last_activity.strip(),
        status=status,
        created_by=user,
    )
    _check_unit(unit)
    unit.full_clean()
    unit.save()
    unit.hazards.set(list(hazards))
    _audit(user, AuditAction.CREATE, unit, unit)
    return unit


@transaction.atomic
def ksb_unit_update(*, user, unit: KsbUnit, data: dict, hazards: Iterable[DisasterType] | None = None) -> KsbUnit:
    """Change a KSB unit the user can see."""
    require_perm(user, Perm.VOLUNTEER_CHANGE)
    current = KsbUnit.objects.select_for_update().get(pk=unit.pk)
    changed = model_update(instance=current, data=data, fields=UNIT_FIELDS)
    if "desa" in changed:
        check_desa(user, data["desa"])
    current.kabkota_id = current.desa.kabkota_code
    _check_unit(current)
    current.full_clean()
    if changed:
        current.save()
    if hazards is not None:
        before = set(current.hazards.values_list("pk", flat=True))
        hazards = list(hazards)
        if before != {hazard.pk for hazard in hazards}:
            current.hazards.set(hazards)
            changed.append("hazards")
    if changed:
        _audit(user, AuditAction.CHANGE, current, current, fields=changed)
    return current


@transaction.atomic
def ksb_officer_add(
    *,
    user,
    unit: KsbUnit,
    full_name: str,
    role: str,
    section: str = "",
    sex: str = "",
    phone: str = "",
    in_forum: bool = False,
) -> KsbOfficer:
    """Add an officer (pengurus) to a unit; a unit has one chair, one secretary and one treasurer."""
    require_perm(user, Perm.VOLUNTEER_CHANGE)
    if role in SINGLE_OFFICER_ROLES and unit.officers.filter(role=role).exists():
        raise ValidationError(
            {
                "role": _("This unit already has a %(role)s; change or remove that officer first.")
                % {"role": KsbOfficer(role=role).get_role_display().lower()}
            }
        )
    officer = KsbOfficer(
        unit=unit,
        full_name=" ".join(full_name.split()),
        role=role,
        section=section.strip(),
        sex=sex,
        phone=phone_clean(phone),
        in_forum=in_forum,
    )
    officer.full_clean()
    try:
        with transaction.atomic():
            officer.save()
    except IntegrityError as error:
        raise ValidationError({"role": _("This unit already has an officer in this role.")}) from error
    _audit(user, AuditAction.CREATE, officer, unit)
    return officer


@transaction.atomic
def ksb_officer_remove(*, user, officer: KsbOfficer) -> None:
    require_perm(user, Perm.VOLUNTEER_CHANGE)
    unit = officer.unit
    _audit(user, AuditAction.DELETE, officer, unit)
    officer.delete()


@transaction.atomic
def lumbung_item_save(
    *,
    user,
    unit: KsbUnit,
    kind: str,
    quantity: int,
    condition: str,
    description: str = "",
    checked_on: date | None = None,
) -> LumbungItem:
    """Record how many of an item the unit's store holds in one condition (replaces the previous count)."""
    require_perm(user, Perm.VOLUNTEER_CHANGE)
    check_not_future(checked_on, field="checked_on", message=_("The date of the check cannot be in the future."))
    item = LumbungItem.objects.filter(
        unit=unit, kind=kind, description=description.strip(), condition=condition
    ).first()
    action = AuditAction.CHANGE if item else AuditAction.CREATE
    item = item or LumbungItem(unit=unit, kind=kind, description=description.strip(), condition=condition)
    item.quantity, item.checked_on = quantity, checked_on
    item.full_clean(validate_unique=False)
    item.save()
    _audit(user, action, item, unit, fields=["quantity"])
    return item


@transaction.atomic
def lumbung_item_remove(*, user, item: LumbungItem) -> None:
    require_perm(user, Perm.VOLUNTEER_CHANGE)
    _audit(user, AuditAction.DELETE, item, item.unit)
    item.delete()


@transaction.atomic
def ksb_stakeholder_add(
    *,
    user,
    unit: KsbUnit,
    name: str,
    kind: str,
    provides: str,
    agency: Agency | None = None,
    since: date | None = None,
) -> KsbStakeholder:
    """Record an organisation that supports the unit (CSR, PMI, media, NGO) and what it provides."""
    require_perm(user, Perm.VOLUNTEER_CHANGE)
    check_not_future(since, field="since", message=_("The start of the support cannot be in the future."))
    if not provides.strip():
        raise ValidationError({"provides": _("Say what this organisation provides.")})
    stakeholder = KsbStakeholder(
        unit=unit,
        name=" ".join((name or (agency.name if agency else "")).split()),
        kind=kind,
        provides=provides.strip(),
        agency=agency,
        since=since,
    )
    stakeholder.full_clean()
    stakeholder.save()
    _audit(user, AuditAction.CREATE, stakeholder, unit)
    return stakeholder


@transaction.atomic
def ksb_stakeholder_remove(*, user, stakeholder: KsbStakeholder) -> None:
    require_perm(user, Perm.VOLUNTEER_CHANGE)
    _audit(user, AuditAction.DELETE, stakeholder, stakeholder.unit)
    stakeholder.delete()
