from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404, scope_queryset
from banten_dinsos.core.filtering import filter_queryset

from .filters import ActivityFilter, DisasterFilter, FieldReportFilter, NeedFilter, VerificationQueueFilter
from .models import (
    Activity,
    ActivityStatus,
    ApprovalLevels,
    Cluster,
    Disaster,
    DisasterType,
    FieldReport,
    Need,
    ReportDayCount,
    ReportState,
)

# Coordinators read disasters and impact figures province-wide: those belong to every cluster.
# Needs and activities belong to one cluster: coordinators see their own (a sub-cluster counts for its parent).


def cluster_list(*, user, filters: dict | None = None) -> QuerySet[Cluster]:
    """Clusters are reference data shared by everyone signed in."""
    return Cluster.objects.select_related("lead_agency", "parent").filter(is_active=True)


def disaster_type_list() -> QuerySet[DisasterType]:
    return DisasterType.objects.filter(is_active=True)


def disaster_list(*, user, filters=None) -> QuerySet[Disaster]:
    """Disaster events the user may see: officers those affecting their kabupaten/kota, everyone else all;
    ``filters``: query data for ``DisasterFilter`` (status, active, disaster_type, region, q)."""
    require_perm(user, Perm.DISASTER_VIEW)
    queryset = scope_queryset(
        Disaster.objects.select_related("disaster_type"),
        user=user,
        kabkota_field="affected_kabkota",
        coordinators_see_all=True,
    )
    return filter_queryset(DisasterFilter, filters, queryset=queryset, user=user)


def disaster_get(*, user, pk) -> Disaster:
    """One disaster event with its areas and status history; out of scope answers 404."""
    queryset = disaster_list(user=user).prefetch_related(
        "affected_kabkota", "affected_kecamatan", "affected_desa", "status_history__changed_by"
    )
    return get_scoped_or_404(queryset, pk=pk)


def _reader_only(user) -> bool:
    """Coordinators and API clients read the verified picture, not work in progress."""
    return not (has_perm(user, Perm.FIELDREPORT_CREATE) or has_perm(user, Perm.FIELDREPORT_VERIFY))


def _field_reports(user) -> QuerySet[FieldReport]:
    require_perm(user, Perm.FIELDREPORT_VIEW)
    queryset = scope_queryset(
        FieldReport.objects.select_related("disaster", "area", "kabkota", "created_by"),
        user=user,
        kabkota_field="kabkota",
        coordinators_see_all=True,
    )
    if _reader_only(user):
        queryset = queryset.filter(state__in=[ReportState.VERIFIED, ReportState.SUPERSEDED])
    return queryset


def field_report_list(*, user, filters=None) -> QuerySet[FieldReport]:
    """Field reports in the user's scope, newest observation first; ``filters``: query data for
    ``FieldReportFilter`` (disaster, state, kind, region, mine, observed_after, observed_before)."""
    return filter_queryset(FieldReportFilter, filters, queryset=_field_reports(user), user=user)


def field_report_get(*, user, pk) -> FieldReport:
    queryset = field_report_list(user=user).select_related(
        "submitted_by", "verified_by", "returned_by", "approved_by", "area__parent", "disaster__disaster_type"
    )
    queryset = queryset.prefetch_related("needs__cluster", "events__actor")
    return get_scoped_or_404(queryset, pk=pk)


def reports_received_per_day(*, user, disasters: QuerySet, kabkota: str | None = None, since: date) -> dict:
    """Field reports of ``disasters`` received (submitted) per day (WIB) from ``since`` on, in the user's scope:
    ``{day: number}``. Read from the kept ``ReportDayCount`` (a row per kabupaten/kota and day, however many
    reports); a reader who sees only verified reports gets the live count of those."""
    if _reader_only(user):
        wib = ZoneInfo("Asia/Jakarta")
        reports = field_report_list(user=user).filter(
            disaster__in=disasters.values("pk"), submitted_at__gte=datetime.combine(since, time.min, tzinfo=wib)
        )
        if kabkota:
            reports = reports.filter(kabkota_id=kabkota)
        per_day = reports.annotate(day=TruncDate("submitted_at", tzinfo=wib))
        return dict(per_day.order_by().values_list("day").annotate(n=Count("id")))
    require_perm(user, Perm.FIELDREPORT_VIEW)
    counts = scope_queryset(
        ReportDayCount.objects.filter(disaster__in=disasters.values("pk"), day__gte=since),
        user=user,
        kabkota_field="kabkota",
        coordinators_see_all=True,
    )
    if kabkota:
        counts = counts.filter(kabkota_id=kabkota)
    return dict(counts.order_by().values_list("day").annotate(n=Sum("n")))


def queue_condition(user) -> Q:
    """What waits for ``user``: the province verifies what the kab/kota approved (or, for a one-level disaster, what
    was submitted); the koordinator kab/kota approves what was submitted under a two-level disaster."""
    if has_perm(user, Perm.FIELDREPORT_VERIFY):
        return Q(state=ReportState.APPROVED) | Q(
            state=ReportState.SUBMITTED, disaster__approval_levels=ApprovalLevels.PROVINCE
        )
    if has_perm(user, Perm.FIELDREPORT_APPROVE):
        return Q(state=ReportState.SUBMITTED, disaster__approval_levels=ApprovalLevels.KABKOTA_THEN_PROVINCE)
    return Q(pk__in=[])


def verification_queue(*, user, filters=None) -> QuerySet[FieldReport]:
    """Reports waiting for this approver (see ``queue_condition``), oldest first, in their scope; ``filters``: query
    data for ``VerificationQueueFilter`` (a state or "mine" in them is not a filter of the queue and is ignored)."""
    if not has_perm(user, Perm.FIELDREPORT_APPROVE):
        require_perm(user, Perm.FIELDREPORT_VERIFY)
    queryset = _field_reports(user).filter(queue_condition(user)).order_by("submitted_at", "id")
    return filter_queryset(VerificationQueueFilter, filters, queryset=queryset, user=user)


def scoped_by_cluster(queryset: QuerySet, *, user) -> QuerySet:
    """Needs and activities: a kabupaten/kota officer sees theirs; a coordinator their cluster or sub-cluster's."""
    by_cluster = scope_queryset(queryset, user=user, kabkota_field="kabkota", cluster_field="cluster__code")
    by_sector = scope_queryset(queryset, user=user, kabkota_field="kabkota", cluster_field="sector__code")
    return by_cluster | by_sector


def declared_needs() -> Q:
    """Needs written in a report count once the report is verified (a superseded report's needs no longer do)."""
    return Q(report__isnull=True) | Q(report__state=ReportState.VERIFIED)


def need_list(*, user, filters=None) -> QuerySet[Need]:
    """Declared needs in scope, each with the people reached by the activities that address it; ``filters``: query
    data for ``NeedFilter`` (disaster, cluster, status, priority, region)."""
    require_perm(user, Perm.NEED_VIEW)
    queryset = scoped_by_cluster(
        Need.objects.select_related("cluster", "sector", "area", "kabkota", "disaster"), user=user
    ).filter(declared_needs())
    queryset = filter_queryset(NeedFilter, filters, queryset=queryset, user=user)
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


def activity_list(*, user, filters=None) -> QuerySet[Activity]:
    """3W activities in scope, newest first; ``filters``: query data for ``ActivityFilter`` (disaster, cluster,
    status, agency, region)."""
    require_perm(user, Perm.ACTIVITY_VIEW)
    queryset = scoped_by_cluster(
        Activity.objects.select_related("agency", "cluster", "sector", "area__parent", "kabkota", "disaster", "need"),
        user=user,
    )
    return filter_queryset(ActivityFilter, filters, queryset=queryset, user=user)


def activity_get(*, user, pk) -> Activity:
    return get_scoped_or_404(activity_list(user=user), pk=pk)
