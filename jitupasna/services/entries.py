"""Damage, loss and needs entries: added and changed by whoever may enter figures for that sub-sector and area,
never once the assessment is final. Every refusal names the field, and nothing is saved."""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.services import model_update
from banten_dinsos.regions.models import Region

from ..models import (
    DAMAGE_FIELDS,
    LOSS_FIELDS,
    NEEDS_FIELDS,
    Assessment,
    DamageEntry,
    EntrySource,
    LossEntry,
    NeedsEntry,
    Sector,
    SubSector,
)
from ..selectors import can_enter
from .common import area_errors, lock_assessment, raise_if, require_not_final

PREFILLED_UNIT_FIELDS = ("units_heavy", "units_moderate", "units_light")


def _require_enter(*, user, assessment: Assessment, sub_sector=None, sector=None, kabkota_code=None) -> None:
    if not can_enter(user=user, assessment=assessment, sub_sector=sub_sector, sector=sector, kabkota_code=kabkota_code):
        if assessment.status == "draft":
            raise PermissionDenied(_("This Jitupasna is still a draft: BPBD opens it for input first."))
        raise PermissionDenied(_("You may not enter figures for this sub-sector or kabupaten/kota."))


def _sub_sector_errors(sub_sector: SubSector | None) -> dict:
    if sub_sector is None:
        return {"sub_sector": _("Choose the sub-sector.")}
    if not sub_sector.is_active or not sub_sector.sector.is_active:
        return {"sub_sector": _("The sub-sector “%(name)s” is no longer in use.") % {"name": sub_sector.name}}
    return {}


def _save(*, user, entry, changed: list[str], created: bool):
    """Validate, save and audit an entry the caller has checked."""
    entry.updated_by = user
    if created:
        entry.created_by = user
    entry.full_clean()
    entry.save()
    audit_record(
        actor=user,
        action=AuditAction.CREATE if created else AuditAction.CHANGE,
        instance=entry,
        kabkota_code=entry.kabkota_id,
        fields=changed,
    )
    return entry


def _save_area_entry(*, user, assessment: Assessment, entry, changed: list[str], created: bool):
    """Validate and save a damage or loss entry whose fields are already set on ``entry``."""
    current = lock_assessment(assessment)
    require_not_final(current)
    errors = _sub_sector_errors(entry.sub_sector)
    errors.update(area_errors(assessment=current, kabkota=entry.kabkota, kecamatan=entry.kecamatan))
    raise_if(errors)
    _require_enter(user=user, assessment=current, sub_sector=entry.sub_sector, kabkota_code=entry.kabkota.code)
    return _save(user=user, entry=entry, changed=changed, created=created)


def _before_change(*, user, entry) -> None:
    """The user must be allowed to change the entry where it is now, before moving it anywhere."""
    current = lock_assessment(entry.assessment)
    require_not_final(current)
    _require_enter(user=user, assessment=current, sub_sector=entry.sub_sector, kabkota_code=entry.kabkota_id)


# ---------------------------------------------------------------------------------------------------------------
# Damage
# ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def damage_entry_create(
    *,
    user,
    assessment: Assessment,
    sub_sector: SubSector,
    kabkota: Region,
    asset_kind: str,
    units_heavy: Decimal = Decimal(0),
    units_moderate: Decimal = Decimal(0),
    units_light: Decimal = Decimal(0),
    unit_cost: Decimal = Decimal(0),
    total_stock: Decimal | None = None,
    kecamatan: Region | None = None,
    unit_label: str = "",
    note: str = "",
) -> DamageEntry:
    """Record damaged assets of one kind: units by damage class and the pre-disaster unit cost."""
    entry = DamageEntry(
        assessment=assessment,
        sub_sector=sub_sector,
        kabkota=kabkota,
        kecamatan=kecamatan,
        asset_kind=asset_kind.strip(),
        unit_label=unit_label.strip() or "unit",
        total_stock=total_stock,
        units_heavy=units_heavy,
        units_moderate=units_moderate,
        units_light=units_light,
        unit_cost=unit_cost,
        note=note.strip(),
        source=EntrySource.MANUAL,
    )
    return _save_area_entry(user=user, assessment=assessment, entry=entry, changed=[], created=True)


@transaction.atomic
def damage_entry_update(*, user, entry: DamageEntry, data: Mapping) -> DamageEntry:
    """Change a damage entry. A pre-filled entry whose units are changed is marked as edited, so a later pre-fill
    leaves it alone."""
    _before_change(user=user, entry=entry)
    data = dict(data)
    if isinstance(data.get("unit_label"), str) and not data["unit_label"].strip():
        data["unit_label"] = "unit"
    changed = model_update(instance=entry, data=data, fields=DAMAGE_FIELDS)
    if entry.source == EntrySource.PREFILL and any(name in changed for name in PREFILLED_UNIT_FIELDS):
        entry.edited_since_prefill = any(
            Decimal(str(entry.prefill_units.get(name, 0))) != getattr(entry, name) for name in PREFILLED_UNIT_FIELDS
        )
    return _save_area_entry(user=user, assessment=entry.assessment, entry=entry, changed=changed, created=False)


@transaction.atomic
def damage_entry_delete(*, user, entry: DamageEntry) -> None:
    _before_change(user=user, entry=entry)
    audit_record(actor=user, action=AuditAction.DELETE, instance=entry, kabkota_code=entry.kabkota_id)
    entry.delete()


# ---------------------------------------------------------------------------------------------------------------
# Loss
# ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def loss_entry_create(
    *,
    user,
    assessment: Assessment,
    sub_sector: SubSector,
    kabkota: Region,
    description: str,
    recovery_months: int,
    lost_income: Decimal = Decimal(0),
    extra_costs: Decimal = Decimal(0),
    kecamatan: Region | None = None,
    note: str = "",
) -> LossEntry:
    """Record a change in economic flows until recovery: lost income and extra costs over ``recovery_months``."""
    entry = LossEntry(
        assessment=assessment,
        sub_sector=sub_sector,
        kabkota=kabkota,
        kecamatan=kecamatan,
        description=description.strip(),
        lost_income=lost_income,
        extra_costs=extra_costs,
        recovery_months=recovery_months,
        note=note.strip(),
    )
    return _save_area_entry(user=user, assessment=assessment, entry=entry, changed=[], created=True)


@transaction.atomic
def loss_entry_update(*, user, entry: LossEntry, data: Mapping) -> LossEntry:
    _before_change(user=user, entry=entry)
    changed = model_update(instance=entry, data=data, fields=LOSS_FIELDS)
    return _save_area_entry(user=user, assessment=entry.assessment, entry=entry, changed=changed, created=False)


@transaction.atomic
def loss_entry_delete(*, user, entry: LossEntry) -> None:
    _before_change(user=user, entry=entry)
    audit_record(actor=user, action=AuditAction.DELETE, instance=entry, kabkota_code=entry.kabkota_id)
    entry.delete()


# ---------------------------------------------------------------------------------------------------------------
# Needs
# ---------------------------------------------------------------------------------------------------------------


def _save_needs_entry(*, user, assessment: Assessment, entry: NeedsEntry, changed, created) -> NeedsEntry:
    current = lock_assessment(assessment)
    require_not_final(current)
    errors = {}
    if entry.sector is None:
        errors["sector"] = _("Choose the sector.")
    elif not entry.sector.is_active:
        errors["sector"] = _("The sector “%(name)s” is no longer in use.") % {"name": entry.sector.name}
    errors.update(area_errors(assessment=current, kabkota=entry.kabkota, kecamatan=None))
    raise_if(errors)
    _require_enter(user=user, assessment=current, sector=entry.sector, kabkota_code=entry.kabkota.code)
    return _save(user=user, entry=entry, changed=changed, created=created)


@transaction.atomic
def needs_entry_create(
    *,
    user,
    assessment: Assessment,
    sector: Sector,
    kabkota: Region,
    loss_recovery: Decimal = Decimal(0),
    access: Decimal = Decimal(0),
    function: Decimal = Decimal(0),
    risk: Decimal = Decimal(0),
    bbb_uplift_percent: Decimal | None = None,
    description: str = "",
) -> NeedsEntry:
    """Record a sector's needs in one kabupaten/kota besides rebuilding the damage (computed from the damage)."""
    entry = NeedsEntry(
        assessment=assessment,
        sector=sector,
        kabkota=kabkota,
        bbb_uplift_percent=bbb_uplift_percent,
        loss_recovery=loss_recovery,
        access=access,
        function=function,
        risk=risk,
        description=description.strip(),
    )
    return _save_needs_entry(user=user, assessment=assessment, entry=entry, changed=[], created=True)


@transaction.atomic
def needs_entry_update(*, user, entry: NeedsEntry, data: Mapping) -> NeedsEntry:
    current = lock_assessment(entry.assessment)
    require_not_final(current)
    _require_enter(user=user, assessment=current, sector=entry.sector, kabkota_code=entry.kabkota_id)
    changed = model_update(instance=entry, data=data, fields=NEEDS_FIELDS)
    return _save_needs_entry(user=user, assessment=entry.assessment, entry=entry, changed=changed, created=False)


@transaction.atomic
def needs_entry_delete(*, user, entry: NeedsEntry) -> None:
    current = lock_assessment(entry.assessment)
    require_not_final(current)
    _require_enter(user=user, assessment=current, sector=entry.sector, kabkota_code=entry.kabkota_id)
    audit_record(actor=user, action=AuditAction.DELETE, instance=entry, kabkota_code=entry.kabkota_id)
    entry.delete()
