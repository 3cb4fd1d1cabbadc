from datetime import datetime, timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.exceptions import ConflictError
from banten_dinsos.core.formatting import format_number

from ..alerts import is_over_capacity, shelter_breach_alert
from ..models import OccupancyCount, Shelter, ShelterStatus
from .sphere import shelter_sphere_refresh

BREAKDOWN_FIELDS = ("male", "female", "balita", "anak", "dewasa", "lansia", "pregnant_or_nursing", "disabled")
# Phones' clocks drift; a count a few minutes "in the future" is still today's count.
CLOCK_SKEW = timedelta(minutes=10)


def _check_breakdown(*, total: int, counts: dict[str, int]) -> None:
    errors = {}
    for field in ("total", *BREAKDOWN_FIELDS):
        value = total if field == "total" else counts.get(field, 0)
        if value is None or value < 0:
            errors[field] = _("The number cannot be negative.")
    if errors:
        raise ValidationError(errors)
    if counts["male"] + counts["female"] > total:
        errors["female"] = _("Men and women together (%(sum)s) are more than the total (%(total)s).") % {
            "sum": format_number(counts["male"] + counts["female"]),
            "total": format_number(total),
        }
    ages = counts["balita"] + counts["anak"] + counts["dewasa"] + counts["lansia"]
    if ages > total:
        errors["lansia"] = _("The age groups together (%(sum)s) are more than the total (%(total)s).") % {
            "sum": format_number(ages),
            "total": format_number(total),
        }
    if counts["female"] and counts["pregnant_or_nursing"] > counts["female"]:
        errors["pregnant_or_nursing"] = _("Pregnant or nursing women cannot be more than the women counted.")
    elif counts["pregnant_or_nursing"] > total:
        errors["pregnant_or_nursing"] = _("Pregnant or nursing women cannot be more than the total.")
    if counts["disabled"] > total:
        errors["disabled"] = _("People with disabilities cannot be more than the total.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def occupancy_record(
    *,
    user,
    shelter: Shelter,
    version: int | None,
    total: int,
    observed_at: datetime | None = None,
    idempotency_key: UUID | None = None,
    note: str = "",
    **breakdown: int,
) -> tuple[OccupancyCount, bool]:
    """Record a headcount; returns (count, created). A resent headcount (same key) returns the first one.

    ``version`` is the shelter version the officer saw: if someone recorded or edited since, the count is refused
    so nobody silently overwrites a colleague's figure.
    """
    require_perm(user, Perm.OCCUPANCY_RECORD)
    unknown = set(breakdown) - set(BREAKDOWN_FIELDS)
    if unknown:
        raise TypeError(f"unknown breakdown fields: {sorted(unknown)}")
    # The row lock serialises counts for one shelter, so a resend waiting here sees the first copy once it commits.
    current = Shelter.objects.select_for_update().get(pk=shelter.pk)
    if idempotency_key is not None:
        existing = OccupancyCount.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if existing.shelter_id != shelter.pk:
                raise ValidationError({"idempotency_key": _("This key was already used for another shelter.")})
            return existing, False
    if version is not None and current.version != version:
        raise ConflictError(
            _(
                "Someone else updated this shelter while you were entering the count (version %(theirs)s, "
                "yours %(yours)s). Check the latest figure and send your count again."
            )
            % {"theirs": current.version, "yours": version},
            errors={"version": [_("Out of date.")]},
        )
    if current.status != ShelterStatus.OPEN:
        raise ValidationError({"shelter": _("Headcounts can only be recorded for an open shelter.")})
    observed_at = observed_at or timezone.now()
    if observed_at > timezone.now() + CLOCK_SKEW:
        raise ValidationError({"observed_at": _("The time of the count cannot be in the future.")})
    if current.opened_on and timezone.localdate(observed_at) < current.opened_on:
        raise ValidationError({"observed_at": _("The count cannot be from before the shelter opened.")})
    counts = {field: breakdown.get(field, 0) for field in BREAKDOWN_FIELDS}
    _check_breakdown(total=total, counts=counts)

    count = OccupancyCount(
        shelter=current,
        total=total,
        observed_at=observed_at,
        idempotency_key=idempotency_key,
        note=note,
        recorded_by=user,
        **counts,
    )
    count.full_clean(exclude=["idempotency_key"])
    try:
        with transaction.atomic():
            count.save()
    except IntegrityError:
        if idempotency_key is None:
            raise
        # Two copies of the same resend raced; the other one won, so return it.
        return OccupancyCount.objects.get(idempotency_key=idempotency_key), False

    state_before, over_capacity_before = current.sphere_state, is_over_capacity(current)
    # A late-arriving older count joins the history without replacing the current figure.
    if current.current_observed_at is None or observed_at >= current.current_observed_at:
        current.current_total = total
        current.current_observed_at = observed_at
    current.version += 1
    shelter_sphere_refresh(shelter=current)
    current.save(update_fields=["current_total", "current_observed_at", "sphere_state", "version", "updated_at"])
    shelter_breach_alert(
        shelter=current, state_before=state_before, over_capacity_before=over_capacity_before, actor=user
    )
    audit_record(actor=user, action=AuditAction.CREATE, instance=count, kabkota_code=current.kabkota_id)
    shelter.version, shelter.current_total, shelter.sphere_state = (
        current.version,
        current.current_total,
        (current.sphere_state),
    )
    return count, True
