from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import scope_allows
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.exceptions import ConflictError
from banten_dinsos.core.services import model_update
from banten_dinsos.regions.models import Region, RegionLevel

from ..alerts import is_over_capacity, shelter_breach_alert
from ..models import Shelter, ShelterKind, ShelterStatus
from .sphere import shelter_sphere_refresh

# The clusters that own shelters: their coordinators see and edit shelters province-wide.
SHELTER_CLUSTERS = ("pengungsian-perlindungan", "hunian")

DETAIL_FIELDS = (
    "address",
    "latitude",
    "longitude",
    "covered_area_m2",
    "latrines",
    "water_points",
    "water_litres_per_day",
    "has_public_kitchen",
    "is_accessible",
    "managing_agency",
    "contact_name",
    "contact_phone",
    "status",
    "opened_on",
    "closed_on",
)
EDITABLE_FIELDS = ("name", "kind", "desa", "capacity", *DETAIL_FIELDS)


def _check_location(*, user, desa: Region) -> None:
    if desa.level != RegionLevel.DESA:
        raise ValidationError({"desa": _("Choose a desa/kelurahan, not a higher region.")})
    if not scope_allows(user, kabkota_code=desa.kabkota_code, clusters=SHELTER_CLUSTERS):
        raise ValidationError({"desa": _("This desa/kelurahan is outside your kabupaten/kota.")})


def _check_status_dates(shelter: Shelter) -> None:
    errors = {}
    if shelter.status in (ShelterStatus.OPEN, ShelterStatus.CLOSED) and not shelter.opened_on:
        errors["opened_on"] = _("An open or closed shelter needs the date it opened.")
    if shelter.status == ShelterStatus.CLOSED and not shelter.closed_on:
        errors["closed_on"] = _("A closed shelter needs the date it closed.")
    if shelter.closed_on and shelter.status != ShelterStatus.CLOSED:
        errors["closed_on"] = _("Only a closed shelter has a closing date.")
    if shelter.opened_on and shelter.closed_on and shelter.closed_on < shelter.opened_on:
        errors["closed_on"] = _("The closing date cannot be before the opening date.")
    if shelter.opened_on and shelter.opened_on > timezone.localdate():
        errors["opened_on"] = _("The opening date cannot be in the future.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def _set_disasters(*, shelter: Shelter, disasters) -> list[str]:
    """Link the disasters the shelter serves; each must affect the shelter's kabupaten/kota."""
    disasters = list(disasters)
    wrong = [d.title for d in disasters if not d.affected_kabkota.filter(code=shelter.kabkota_id).exists()]
    if wrong:
        raise ValidationError(
            {
                "disasters": _("These disasters do not affect this shelter's kabupaten/kota: %(titles)s.")
                % {"titles": ", ".join(wrong)}
            }
        )
    before = set(shelter.disasters.values_list("pk", flat=True))
    shelter.disasters.set(disasters)
    return ["disasters"] if before != {d.pk for d in disasters} else []


@transaction.atomic
def shelter_create(
    *, user, name: str, kind: ShelterKind, desa: Region, capacity: int, disasters=(), **details
) -> Shelter:
    """Register a shelter in a desa/kelurahan the user may act in, serving the given disasters."""
    require_perm(user, Perm.SHELTER_CREATE)
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"unknown shelter fields: {sorted(unknown)}")
    _check_location(user=user, desa=desa)
    shelter = Shelter(
        name=name, kind=kind, desa=desa, kabkota_id=desa.kabkota_code, capacity=capacity, created_by=user, **details
    )
    _check_status_dates(shelter)
    shelter.full_clean()
    shelter_sphere_refresh(shelter=shelter)
    shelter.save()
    _set_disasters(shelter=shelter, disasters=disasters)
    audit_record(actor=user, action=AuditAction.CREATE, instance=shelter, kabkota_code=shelter.kabkota_id)
    return shelter


@transaction.atomic
def shelter_update(*, user, shelter: Shelter, version: int, data: dict, disasters=None) -> Shelter:
    """Change a shelter the user can see, refusing the change if someone else saved it since ``version``.

    ``disasters`` replaces the disasters it serves; None leaves them as they are.
    """
    require_perm(user, Perm.SHELTER_CHANGE)
    current = Shelter.objects.select_for_update().get(pk=shelter.pk)
    if current.version != version:
        raise ConflictError(
            _(
                "Someone else changed this shelter while you were editing (version %(theirs)s, yours %(yours)s). "
                "Reload it, check their change, and save again."
            )
            % {"theirs": current.version, "yours": version},
            errors={"version": [_("Out of date.")]},
        )
    state_before, over_capacity_before = current.sphere_state, is_over_capacity(current)
    changed = model_update(instance=current, data=data, fields=EDITABLE_FIELDS, strip=False)
    if "desa" in changed:
        _check_location(user=user, desa=data["desa"])
    current.kabkota_id = current.desa.kabkota_code
    _check_status_dates(current)
    current.full_clean()
    if disasters is not None:
        changed += _set_disasters(shelter=current, disasters=disasters)
    if changed:
        current.version += 1
        shelter_sphere_refresh(shelter=current)
        current.save()
        audit_record(
            actor=user,
            action=AuditAction.CHANGE,
            instance=current,
            kabkota_code=current.kabkota_id,
            fields=changed,
        )
        shelter_breach_alert(
            shelter=current, state_before=state_before, over_capacity_before=over_capacity_before, actor=user
        )
    return current
