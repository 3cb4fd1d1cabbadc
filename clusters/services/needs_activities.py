from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.agencies.models import Agency
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.services import model_update
from banten_dinsos.regions.models import Region, RegionLevel

from ..models import Activity, ActivityStatus, Cluster, Disaster, Need, NeedPriority, NeedStatus, ReportState
from ..read_models import apply_activity_change, apply_need_change
from .common import closed_disaster_errors, cluster_errors, location_errors, merge_errors, sector_of

AREA_LEVELS = (RegionLevel.KABKOTA, RegionLevel.KECAMATAN, RegionLevel.DESA)
NEED_FIELDS = ("description", "people_in_need", "priority", "status")
# A need written in a field report keeps the report's words; only whether it is still open changes.
REPORT_NEED_FIELDS = ("status",)
ACTIVITY_FIELDS = (
    "agency",
    "cluster",
    "need",
    "title",
    "description",
    "area",
    "start_date",
    "end_date",
    "people_reached",
    "status",
)


def _cluster_codes(cluster: Cluster) -> tuple[str, ...]:
    return (cluster.code, sector_of(cluster).code)


def _raise(errors: dict, instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        errors = merge_errors(dict(error.message_dict), errors)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def need_create(
    *,
    user,
    disaster: Disaster,
    cluster: Cluster,
    area: Region,
    description: str,
    people_in_need: int = 0,
    priority: str = NeedPriority.URGENT,
) -> Need:
    """Declare a need directly (outside a field report) for one cluster in one area; it counts at once."""
    require_perm(user, Perm.NEED_MANAGE)
    errors = {}
    merge_errors(errors, closed_disaster_errors(disaster))
    merge_errors(errors, cluster_errors(cluster))
    merge_errors(
        errors,
        location_errors(user=user, disaster=disaster, area=area, levels=AREA_LEVELS, clusters=_cluster_codes(cluster)),
    )
    need = Need(
        disaster=disaster,
        cluster=cluster,
        sector=sector_of(cluster),
        area=area,
        kabkota_id=area.kabkota_code,
        description=description,
        people_in_need=people_in_need,
        priority=priority,
        created_by=user,
    )
    _raise(errors, need)
    need.save()
    apply_need_change(need)
    audit_record(actor=user, action=AuditAction.CREATE, instance=need, kabkota_code=need.kabkota_id)
    return need


@transaction.atomic
def need_update(*, user, need: Need, data: dict) -> Need:
    """Change a need, typically marking it met. Needs from a report change only their status, once verified."""
    require_perm(user, Perm.NEED_MANAGE)
    current = Need.objects.select_for_update(of=("self",)).select_related("report", "cluster__parent").get(pk=need.pk)
    errors = {}
    location = location_errors(
        user=user,
        disaster=current.disaster,
        area=current.area,
        levels=AREA_LEVELS,
        clusters=_cluster_codes(current.cluster),
    )
    if location:
        errors["area"] = location["area"]
    if current.report_id:
        fixed = sorted(set(data) - set(REPORT_NEED_FIELDS))
        if fixed:
            errors.update(
                {field: [_("This need comes from a field report; correct the report instead.")] for field in fixed}
            )
        elif current.report.state != ReportState.VERIFIED:
            errors["status"] = [_("The field report of this need is not verified yet.")]
    previous = (current.kabkota_id, current.cluster_id)
    changed = model_update(instance=current, data=data, fields=NEED_FIELDS)
    if current.status not in NeedStatus.values:
        errors["status"] = [_("Unknown status.")]
    _raise(errors, current)
    current.save()
    apply_need_change(current, previous=previous)
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        instance=current,
        kabkota_code=current.kabkota_id,
        fields=changed,
    )
    return current


def _activity_errors(*, user, activity: Activity) -> dict:
    errors = {}
    merge_errors(errors, cluster_errors(activity.cluster))
    merge_errors(
        errors,
        location_errors(
            user=user,
            disaster=activity.disaster,
            area=activity.area,
            levels=AREA_LEVELS,
            clusters=_cluster_codes(activity.cluster),
        ),
    )
    if activity.end_date and activity.start_date and activity.end_date < activity.start_date:
        errors["end_date"] = [_("The end date cannot be before the start date.")]
    if activity.status == ActivityStatus.COMPLETED and not activity.end_date:
        errors["end_date"] = [_("A completed activity needs its end date.")]
    if activity.need is not None:
        if activity.need.disaster_id != activity.disaster_id:
            errors["need"] = [_("The need belongs to another disaster event.")]
        elif activity.need.sector_id != activity.sector_id:
            errors["need"] = [_("The need belongs to another cluster.")]
    if activity.agency is not None and not activity.agency.is_active:
        errors["agency"] = [_("This agency is no longer active.")]
    return errors


@transaction.atomic
def activity_create(
    *,
    user,
    disaster: Disaster,
    agency: Agency,
    cluster: Cluster,
    area: Region,
    title: str,
    start_date: date,
    end_date: date | None = None,
    people_reached: int = 0,
    status: str = ActivityStatus.PLANNED,
    need: Need | None = None,
    description: str = "",
) -> Activity:
    """Record a 3W line: which agency does what, for which cluster, where and when."""
    require_perm(user, Perm.ACTIVITY_MANAGE)
    activity = Activity(
        disaster=disaster,
        agency=agency,
        cluster=cluster,
        sector=sector_of(cluster),
        need=need,
        title=title,
        description=description,
        area=area,
        kabkota_id=area.kabkota_code,
        start_date=start_date,
        end_date=end_date,
        people_reached=people_reached,
        status=status,
        created_by=user,
    )
    errors = merge_errors(closed_disaster_errors(disaster), _activity_errors(user=user, activity=activity))
    _raise(errors, activity)
    activity.save()
    apply_activity_change(activity)
    audit_record(actor=user, action=AuditAction.CREATE, instance=activity, kabkota_code=activity.kabkota_id)
    return activity


@transaction.atomic
def activity_update(*, user, activity: Activity, data: dict) -> Activity:
    """Change a 3W line (progress, people reached, dates); the new place and cluster must be in the user's reach."""
    require_perm(user, Perm.ACTIVITY_MANAGE)
    current = Activity.objects.select_for_update().get(pk=activity.pk)
    previous = (current.kabkota_id, current.cluster_id)
    changed = model_update(instance=current, data=data, fields=ACTIVITY_FIELDS)
    current.sector = sector_of(current.cluster)
    current.kabkota_id = current.area.kabkota_code
    _raise(_activity_errors(user=user, activity=current), current)
    current.save()
    apply_activity_change(current, previous=previous)
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        instance=current,
        kabkota_code=current.kabkota_id,
        fields=changed,
    )
    return current
