from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.services import model_update
from banten_dinsos.regions.models import Region, RegionLevel

from ..alerts import disaster_status_alert
from ..models import (
    STATUS_TRANSITIONS,
    Disaster,
    DisasterStatusChange,
    DisasterType,
    EmergencyStatus,
    ReportingLevel,
)

EDITABLE_FIELDS = (
    "disaster_type",
    "title",
    "description",
    "started_on",
    "affected_kabkota",
    "affected_kecamatan",
    "affected_desa",
    "reporting_level",
)
AREA_FIELDS = ("affected_kabkota", "affected_kecamatan", "affected_desa")


def _area_errors(
    *, affected_kabkota: list[Region], affected_kecamatan: list[Region], affected_desa: list[Region] = ()
) -> dict:
    errors = {}
    if not affected_kabkota:
        errors["affected_kabkota"] = [_("Choose at least one affected kabupaten/kota.")]
    elif any(region.level != RegionLevel.KABKOTA for region in affected_kabkota):
        errors["affected_kabkota"] = [_("Only kabupaten/kota can be listed as affected kabupaten/kota.")]
    codes = {region.code for region in affected_kabkota}
    outside = [
        region.name
        for region in affected_kecamatan
        if region.level != RegionLevel.KECAMATAN or region.kabkota_code not in codes
    ]
    if outside:
        errors["affected_kecamatan"] = [
            _("These are not kecamatan of the affected kabupaten/kota: %(names)s.") % {"names": ", ".join(outside)}
        ]
    # A desa is declared under one of the declared kecamatan, as the form offers them (kab/kota → kecamatan → desa).
    kecamatan_codes = {region.code for region in affected_kecamatan}
    outside = [
        region.name
        for region in affected_desa
        if region.level != RegionLevel.DESA or region.code[:8] not in kecamatan_codes
    ]
    if outside:
        errors["affected_desa"] = [
            _("These are not desa/kelurahan of the affected kecamatan: %(names)s.") % {"names": ", ".join(outside)}
        ]
    return errors


def _date_errors(*, started_on: date) -> dict:
    if started_on and started_on > timezone.localdate():
        return {"started_on": [_("The start date cannot be in the future.")]}
    return {}


def _period_errors(*, valid_from: date | None, valid_until: date | None) -> dict:
    if valid_from and valid_until and valid_until < valid_from:
        return {"status_valid_until": [_("The end of the status period cannot be before its start.")]}
    return {}


@transaction.atomic
def disaster_create(
    *,
    user,
    disaster_type: DisasterType,
    title: str,
    started_on: date,
    affected_kabkota: Iterable[Region],
    affected_kecamatan: Iterable[Region] = (),
    affected_desa: Iterable[Region] = (),
    reporting_level: str = ReportingLevel.KECAMATAN,
    status: str = EmergencyStatus.TANGGAP,
    decree_number: str = "",
    status_valid_from: date | None = None,
    status_valid_until: date | None = None,
    description: str = "",
) -> Disaster:
    """Declare a disaster event with its first emergency status; the first line of its status history."""
    require_perm(user, Perm.DISASTER_MANAGE)
    affected_kabkota, affected_kecamatan = list(affected_kabkota), list(affected_kecamatan)
    affected_desa = list(affected_desa)
    errors = {
        **_area_errors(
            affected_kabkota=affected_kabkota, affected_kecamatan=affected_kecamatan, affected_desa=affected_desa
        ),
        **_date_errors(started_on=started_on),
        **_period_errors(valid_from=status_valid_from, valid_until=status_valid_until),
    }
    if status == EmergencyStatus.SELESAI:
        errors["status"] = [_("A new disaster event cannot start closed.")]
    disaster = Disaster(
        disaster_type=disaster_type,
        title=title,
        description=description,
        started_on=started_on,
        reporting_level=reporting_level,
        status=status,
        decree_number=decree_number,
        status_valid_from=status_valid_from,
        status_valid_until=status_valid_until,
        created_by=user,
    )
    try:
        disaster.full_clean()
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    disaster.save()
    disaster.affected_kabkota.set(affected_kabkota)
    disaster.affected_kecamatan.set(affected_kecamatan)
    disaster.affected_desa.set(affected_desa)
    change = DisasterStatusChange.objects.create(
        disaster=disaster,
        from_status="",
        to_status=status,
        decree_number=decree_number,
        valid_from=status_valid_from,
        valid_until=status_valid_until,
        changed_by=user,
    )
    audit_record(actor=user, action=AuditAction.CREATE, instance=disaster, kabkota_code="")
    disaster_status_alert(disaster=disaster, change=change, kabkota=affected_kabkota, actor=user)
    return disaster


@transaction.atomic
def disaster_update(*, user, disaster: Disaster, data: dict) -> Disaster:
    """Change a disaster's description, affected areas or reporting level. A kabupaten/kota with records cannot be
    removed."""
    require_perm(user, Perm.DISASTER_MANAGE)
    current = Disaster.objects.select_for_update().get(pk=disaster.pk)
    kabkota = list(data.get("affected_kabkota", current.affected_kabkota.all()))
    kecamatan = list(data.get("affected_kecamatan", current.affected_kecamatan.all()))
    desa = list(data.get("affected_desa", current.affected_desa.all()))
    errors = _area_errors(affected_kabkota=kabkota, affected_kecamatan=kecamatan, affected_desa=desa)
    if "started_on" in data:
        errors.update(_date_errors(started_on=data["started_on"]))
    removed = set(current.affected_kabkota.values_list("code", flat=True)) - {region.code for region in kabkota}
    if removed:
        in_use = {
            *current.field_reports.filter(kabkota__in=removed).values_list("kabkota_id", flat=True),
            *current.needs.filter(kabkota__in=removed).values_list("kabkota_id", flat=True),
            *current.activities.filter(kabkota__in=removed).values_list("kabkota_id", flat=True),
        }
        if in_use:
            names = ", ".join(Region.objects.filter(code__in=in_use).values_list("name", flat=True))
            errors["affected_kabkota"] = [
                _("%(names)s already have reports, needs or activities for this event and stay affected.")
                % {"names": names}
            ]
    scalar = {key: value for key, value in data.items() if key not in AREA_FIELDS}
    model_update(instance=current, data=scalar, fields=EDITABLE_FIELDS)
    try:
        current.full_clean()
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    current.save()
    if "affected_kabkota" in data:
        current.affected_kabkota.set(kabkota)
    if "affected_kecamatan" in data:
        current.affected_kecamatan.set(kecamatan)
    if "affected_desa" in data:
        current.affected_desa.set(desa)
    audit_record(actor=user, action=AuditAction.CHANGE, instance=current, fields=data.keys())
    return current


@transaction.atomic
def disaster_change_status(
    *,
    user,
    disaster: Disaster,
    status: str,
    decree_number: str = "",
    valid_from: date | None = None,
    valid_until: date | None = None,
    note: str = "",
) -> Disaster:
    """Move a disaster to its next emergency status (or extend the current one under a new decree)."""
    require_perm(user, Perm.DISASTER_MANAGE)
    current = Disaster.objects.select_for_update().get(pk=disaster.pk)
    previous = current.status
    errors = _period_errors(valid_from=valid_from, valid_until=valid_until)
    if status not in STATUS_TRANSITIONS.get(previous, ()):
        errors["status"] = [
            _("The emergency status cannot change from “%(old)s” to “%(new)s”.")
            % {"old": EmergencyStatus(previous).label, "new": EmergencyStatus(status).label}
            if status in EmergencyStatus.values
            else _("Unknown emergency status.")
        ]
    elif status == previous and (not decree_number or decree_number == current.decree_number):
        errors["decree_number"] = [_("An extension of the same status needs the number of its new decree.")]
    if status == EmergencyStatus.SELESAI:
        ended_on = valid_from or timezone.localdate()
        if ended_on < current.started_on:
            errors["status_valid_from"] = [_("A disaster event cannot end before it started.")]
        current.ended_on = ended_on
    if errors:
        raise ValidationError(errors)
    current.status = status
    current.decree_number = decree_number
    current.status_valid_from = valid_from
    current.status_valid_until = valid_until
    current.full_clean()
    current.save()
    change = DisasterStatusChange.objects.create(
        disaster=current,
        from_status=previous,
        to_status=status,
        decree_number=decree_number,
        valid_from=valid_from,
        valid_until=valid_until,
        note=note,
        changed_by=user,
    )
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        instance=current,
        fields=["status", "decree_number", "status_valid_from", "status_valid_until"],
        note=f"status {previous} -> {status}",
    )
    disaster_status_alert(
        disaster=current, change=change, kabkota=list(current.affected_kabkota.order_by("code")), actor=user
    )
    return current
