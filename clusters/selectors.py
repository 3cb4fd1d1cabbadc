from django.db.models import Q, QuerySet, Sum

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404, scope_queryset

from .models import (
    Activity,
    ActivityStatus,
    Cluster,
    Disaster,
    DisasterType,
    EmergencyStatus,
    FieldReport,
    Need,
    ReportState,
)

# Coordinators read disasters and impact figures province-wide: those belong to every cluster.
# Needs and activities belong to one cluster: coordinators see their own (a sub-cluster counts for its parent).


def cluster_list(*, user, filters: dict | None = None) -> QuerySet[Cluster]:
    """Clusters are reference data shared by everyone signed in."""
    return Cluster.objects.select_related("lead_agency", "parent").filter(is_active=True)


def disaster_type_list() -> QuerySet[DisasterType]:
    return DisasterType.objects.filter(is_active=True)


def disaster_list(*, user, filters: dict | None = None) -> QuerySet[Disaster]:
    """Disaster events the user may see: officers those affecting their kabupaten/kota, everyone else all."""
    require_perm(user, Perm.DISASTER_VIEW)
    queryset = scope_queryset(
        Disaster.objects.select_related("disaster_type"),
        user=user,
        kabkota_field="affected_kabkota",
        coordinators_see_all=True,
    )
    filters = filters or {}
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("active") is True:
        queryset = queryset.exclude(status=EmergencyStatus.SELESAI)
    if filters.get("active") is False:
        queryset = queryset.filter(status=EmergencyStatus.SELESAI)
    if filters.get("disaster_type"):
        queryset = queryset.filter(disaster_type=filters["disaster_type"])
    if filters.get("region"):
        code = filters["region"]
        # "36.03.13" asks for events affecting its kabupaten/kota; "36" for every event.
        queryset = queryset.filter(
            pk__in=Disaster.affected_kabkota.through.objects.filter(
                Q(region__code__startswith=code) | Q(region_id=code[:5])
            ).values("disaster_id")
        )
    if filters.get("q"):
        queryset = queryset.filter(title__icontains=filters["q"])
    return queryset


def disaster_get(*, user, pk) -> Disaster:
    """One disaster event with its areas and status history; out of scope answers 404."""
    queryset = disaster_list(user=user).prefetch_related(
        "affected_kabkota", "affected_kecamatan", "status_history__changed_by"
    )
    return get_scoped_or_404(queryset, pk=pk)


def _reader_only(user) -> bool:
    """Coordinators and API clients read the verified picture, not work in progress."""
    return not (has_perm(user, Perm.FIELDREPORT_CREATE) or has_perm(user, Perm.FIELDREPORT_VERIFY))


def field_report_list(*, user, filters: dict | None = None) -> QuerySet[FieldReport]:
    """Field reports in the user's scope, newest observation first."""
    require_perm(user, Perm.FIELDREPORT_VIEW)
    queryset = scope_queryset(
        FieldReport.objects.select_related("disaster", "area", "kabkota", "created_by"),
        user=user,
        kabkota_field="kabkota",
        coordinators_see_all=True,
    )
    if _reader_only(user):
        queryset = queryset.filter(state__in=[ReportState.VERIFIED, ReportState.SUPERSEDED])
    filters = filters or {}
    if filters.get("disaster"):
        queryset = queryset.filter(disaster_id=filters["disaster"])
    if filters.get("state"):
        queryset = queryset.filter(state=filters["state"])
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("region"):
        queryset = queryset.filter(area__code__startswith=filters["region"])
    if filters.get("mine"):
        queryset = queryset.filter(created_by=user)
    return queryset


def field_report_get(*, user, pk) -> FieldReport:
    queryset = field_report_list(user=user).select_related(
        "submitted_by", "verified_by", "returned_by", "area__parent", "disaster__disaster_type"
    )
    queryset = queryset.prefetch_related("needs__cluster", "events__actor")
    return get_scoped_or_404(queryset, pk=pk)


def verification_queue(*, user, filters: dict | None = None) -> QuerySet[FieldReport]:
    """Submitted reports waiting for provincial staff, oldest first."""
    require_perm(user, Perm.FIELDREPORT_VERIFY)
    filters = {key: value for key, value in (filters or {}).items() if key != "state"}
    return (
        field_report_list(user=user, filters=filters).filter(state=ReportState.SUBMITTED).order_by("submitted_at", "id")
    )


def scoped_by_cluster(queryset: QuerySet, *, user) -> QuerySet:
    """Needs and activities: a kabupaten/kota officer sees theirs; a coordinator their cluster or sub-cluster's."""
    by_cluster = scope_queryset(queryset, user=user, kabkota_field="kabkota", cluster_field="cluster__code")
    by_sector = scope_queryset(queryset, user=user, kabkota_field="kabkota", cluster_field="sector__code")
    return by_cluster | by_sector


def declared_needs() -> Q:
    """Needs written in a report count once the report is verified (a superseded report's needs no longer do)."""
    return Q(report__isnull=True) | Q(report__state=ReportState.VERIFIED)


def _cluster_filter(queryset: QuerySet, code: str) -> QuerySet:
    return queryset.filter(Q(cluster__code=code) | Q(sector__code=code))


def need_list(*, user, filters: dict | None = None) -> QuerySet[Need]:
    """Declared needs in scope, each with the people reached by the activities that address it."""
    require_perm(user, Perm.NEED_VIEW)
    queryset = scoped_by_cluster(
        Need.objects.select_related("cluster", "sector", "area", "kabkota", "disaster"), user=user
    ).filter(declared_needs())
    filters = filters or {}
    if filters.get("disaster"):
        queryset = queryset.filter(disaster_id=filters["disaster"])
    if filters.get("cluster"):
        queryset = _cluster_filter(queryset, filters["cluster"])
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("priority"):
        queryset = queryset.filter(priority=filters["priority"])
    if filters.get("region"):
        queryset = queryset.filter(area__code__startswith=filters["region"])
    # Explicit order: a GROUP BY query does not use Meta.ordering.
    return queryset.order_by("-created_at", "-id").annotate(
        people_reached=Sum(
            "activities__people_reached",
            filter=Q(activities__status__in=[ActivityStatus.ONGOING, ActivityStatus.COMPLETED]),
            default=0,
        )
    )


def need_get(*, user, pk) -> Need:
    return get_scoped_or_404(need_list(user=user), pk=pk)


def activity_list(*, user, filters: dict | None = None) -> QuerySet[Activity]:
    """3W activities in scope, newest first."""
    require_perm(user, Perm.ACTIVITY_VIEW)
    queryset = scoped_by_cluster(
        Activity.objects.select_related("agency", "cluster", "sector", "area__parent", "kabkota", "disaster", "need"),
        user=user,
    )
    filters = filters or {}
    if filters.get("disaster"):
        queryset = queryset.filter(disaster_id=filters["disaster"])
    if filters.get("cluster"):
        queryset = _cluster_filter(queryset, filters["cluster"])
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("agency"):
        queryset = queryset.filter(agency__code=filters["agency"])
    if filters.get("region"):
        queryset = queryset.filter(area__code__startswith=filters["region"])
    return queryset


def activity_get(*, user, pk) -> Activity:
    return get_scoped_or_404(activity_list(user=user), pk=pk)
