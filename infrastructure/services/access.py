from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import scope_allows, scope_cluster_codes
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.regions.models import Region, RegionLevel
from clusters.models import Disaster
from clusters.selectors import disaster_list

from ..models import ACCESS_CLUSTERS, SERVICE_FIELDS, AccessStatus, AreaAccess, RoadAccess, ServiceState

STATUS_FIELDS = (
    "road_access",
    "bridges",
    "electricity",
    "clean_water",
    "telecom",
    "source",
    "expected_restoration",
    "note",
    "latitude",
    "longitude",
)
# Phones' clocks drift; an observation a few minutes "in the future" is still now.
CLOCK_SKEW = timedelta(minutes=10)


def check_access_scope(user, *, kabkota_code: str | None, field: str) -> None:
    """Refuse a write outside the user's kabupaten/kota unless they are a member of Sarana dan Prasarana."""
    if scope_allows(user, kabkota_code=kabkota_code, clusters=ACCESS_CLUSTERS):
        return
    if scope_cluster_codes(user):
        message = _(
            "Only members of the Sarana dan Prasarana cluster may record access and services; your cluster is "
            "another one."
        )
    else:
        message = _("You may only record access and services for your own kabupaten/kota.")
    raise ValidationError({field: message})


def _disaster(user, disaster_id) -> Disaster:
    try:
        return disaster_list(user=user).get(pk=getattr(disaster_id, "pk", disaster_id))
    except (Disaster.DoesNotExist, ValueError, TypeError) as exc:
        raise ValidationError({"disaster": _("Disaster event not found.")}) from exc


def _area(code) -> Region:
    code = getattr(code, "code", code)
    region = Region.objects.filter(code=code, level__in=[RegionLevel.DESA, RegionLevel.KECAMATAN]).first()
    if region is None:
        raise ValidationError({"area": _("Desa/kelurahan or kecamatan %(code)s not found.") % {"code": code}})
    return region


def check_area_in_disaster(*, disaster: Disaster, area: Region) -> None:
    """The area must lie in an affected kabupaten/kota and, where the disaster names kecamatan there, in one of them."""
    kabkota = area.code[:5]
    if not disaster.affected_kabkota.filter(code=kabkota).exists():
        raise ValidationError(
            {
                "area": _("%(area)s is outside the area of this disaster (its kabupaten/kota is not affected).")
                % {"area": area.name}
            }
        )
    named = set(disaster.affected_kecamatan.filter(code__startswith=kabkota).values_list("code", flat=True))
    if named and area.code[:8] not in named:
        raise ValidationError(
            {
                "area": _("%(area)s is outside the area of this disaster (its kecamatan is not affected).")
                % {"area": area.name}
            }
        )


def area_access_refresh(*, disaster_id: int, area_id: str) -> AreaAccess | None:
    """Recompute the current picture of one area from its whole history (a late observation may land in the middle)."""
    history = list(AccessStatus.objects.filter(disaster_id=disaster_id, area_id=area_id).order_by("observed_at", "id"))
    if not history:
        AreaAccess.objects.filter(disaster_id=disaster_id, area_id=area_id).delete()
        return None
    cut_off_since = restored_at = None
    for status in history:
        if status.road_access == RoadAccess.CUT:
            if cut_off_since is None:
                cut_off_since = status.observed_at
            restored_at = None
        elif cut_off_since is not None:
            cut_off_since, restored_at = None, status.observed_at
    latest = history[-1]
    placed = [status for status in history if status.latitude is not None and status.longitude is not None]
    current, _created = AreaAccess.objects.update_or_create(
        disaster_id=disaster_id,
        area_id=area_id,
        defaults={
            "kabkota_id": latest.kabkota_id,
            "latest": latest,
            "road_access": latest.road_access,
            "services_down": sum(getattr(latest, name) == ServiceState.OFF for name in SERVICE_FIELDS),
            "cut_off_since": cut_off_since,
            "restored_at": restored_at,
            "observations": len(history),
            "latitude": placed[-1].latitude if placed else None,
            "longitude": placed[-1].longitude if placed else None,
        },
    )
    return current


@transaction.atomic
def access_status_record(*, user, disaster, area, observed_at: datetime, **fields) -> AccessStatus:
    """Record one observation of access and services in a desa or kecamatan of the disaster; the history is kept and
    the area's current picture (isolated, cut off since) follows in the same transaction."""
    require_perm(user, Perm.ACCESS_RECORD)
    disaster = _disaster(user, disaster)
    area = _area(area)
    check_access_scope(user, kabkota_code=area.code[:5], field="area")
    check_area_in_disaster(disaster=disaster, area=area)
    if observed_at is None or timezone.is_naive(observed_at):
        raise ValidationError({"observed_at": _("Give the date and time of the observation with its time zone.")})
    if observed_at > timezone.now() + CLOCK_SKEW:
        raise ValidationError({"observed_at": _("The observation time is in the future.")})
    if observed_at.date() < disaster.started_on - timedelta(days=1):
        raise ValidationError({"observed_at": _("The observation is from before the disaster started.")})
    restoration: date | None = fields.get("expected_restoration")
    if restoration and restoration < timezone.localtime(observed_at).date():
        raise ValidationError({"expected_restoration": _("The expected restoration is before the observation.")})
    status = AccessStatus(
        disaster=disaster,
        area=area,
        kabkota_id=area.code[:5],
        observed_at=observed_at,
        recorded_by=user,
        **{name: value for name, value in fields.items() if name in STATUS_FIELDS and value is not None},
    )
    status.full_clean()
    status.save()
    area_access_refresh(disaster_id=disaster.pk, area_id=area.code)
    audit_record(actor=user, action=AuditAction.CREATE, instance=status, kabkota_code=status.kabkota_id)
    return status


@transaction.atomic
def area_access_rebuild(*, disaster_id: int | None = None) -> int:
    """Rebuild every current picture from the history (after a repair or import); returns the areas rebuilt."""
    statuses = AccessStatus.objects.all()
    current = AreaAccess.objects.all()
    if disaster_id is not None:
        statuses, current = statuses.filter(disaster_id=disaster_id), current.filter(disaster_id=disaster_id)
    current.delete()
    pairs = statuses.order_by().values_list("disaster_id", "area_id").distinct()
    rebuilt = 0
    for disaster, area in pairs:
        area_access_refresh(disaster_id=disaster, area_id=area)
        rebuilt += 1
    return rebuilt
