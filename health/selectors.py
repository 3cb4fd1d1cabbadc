from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404, scope_queryset

from .models import HEALTH_CLUSTERS, Complaint, Consultation, ConsultationCount, HealthPost, Signal, SignalState


def _scoped(queryset: QuerySet, *, user) -> QuerySet:
    return scope_queryset(queryset, user=user, kabkota_field="kabkota", clusters=HEALTH_CLUSTERS)


def _common(queryset: QuerySet, filters: dict) -> QuerySet:
    """The filters every health list takes: disaster, kabupaten/kota and cluster (health records are Kesehatan's)."""
    if filters.get("disaster"):
        queryset = queryset.filter(disaster_id=filters["disaster"])
    if filters.get("kabkota"):
        queryset = queryset.filter(kabkota_id=filters["kabkota"])
    if filters.get("cluster") and filters["cluster"] not in HEALTH_CLUSTERS:
        queryset = queryset.none()
    return queryset


def health_post_list(*, user, filters: dict | None = None) -> QuerySet[HealthPost]:
    """Health posts in the user's scope; ``date`` keeps the posts open on that day."""
    require_perm(user, Perm.HEALTH_VIEW)
    filters = filters or {}
    queryset = _common(
        _scoped(HealthPost.objects.select_related("disaster", "desa", "kabkota", "shelter"), user=user), filters
    )
    if filters.get("date"):
        day = filters["date"]
        queryset = queryset.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=day), opened_on__lte=day)
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("q"):
        queryset = queryset.filter(Q(name__icontains=filters["q"]) | Q(desa__name__icontains=filters["q"]))
    return queryset


def health_post_get(*, user, pk) -> HealthPost:
    return get_scoped_or_404(health_post_list(user=user), pk=pk)


def consultation_list(*, user, filters: dict | None = None) -> QuerySet[Consultation]:
    """Daily consultations in scope, newest first, each with its counts (one prefetch query)."""
    require_perm(user, Perm.HEALTH_VIEW)
    filters = filters or {}
    queryset = _common(
        _scoped(
            Consultation.objects.select_related("post", "kabkota").prefetch_related(
                Prefetch("counts", queryset=ConsultationCount.objects.select_related("complaint"))
            ),
            user=user,
        ),
        filters,
    )
    if filters.get("post"):
        queryset = queryset.filter(post_id=filters["post"])
    if filters.get("date"):
        queryset = queryset.filter(date=filters["date"])
    if filters.get("date_from"):
        queryset = queryset.filter(date__gte=filters["date_from"])
    if filters.get("date_to"):
        queryset = queryset.filter(date__lte=filters["date_to"])
    return queryset


def consultation_get(*, user, pk) -> Consultation:
    return get_scoped_or_404(consultation_list(user=user), pk=pk)


def signal_list(*, user, filters: dict | None = None) -> QuerySet[Signal]:
    """Early-warning signals in scope, open ones first, then the most recent."""
    require_perm(user, Perm.HEALTH_VIEW)
    filters = filters or {}
    queryset = _common(
        _scoped(Signal.objects.select_related("threshold__complaint", "post__desa", "kabkota"), user=user), filters
    ).order_by("-state", "-last_date", "-id")
    if filters.get("state"):
        queryset = queryset.filter(state=filters["state"])
    if filters.get("date"):
        queryset = queryset.filter(first_date__lte=filters["date"], last_date__gte=filters["date"])
    return queryset


def signal_get(*, user, pk) -> Signal:
    return get_scoped_or_404(signal_list(user=user), pk=pk)


def complaint_list() -> QuerySet[Complaint]:
    return Complaint.objects.filter(is_active=True)


def post_consultation_grid(*, consultation: Consultation | None) -> dict[tuple[str, str, str], int]:
    """{(complaint code, age group, sex): count} of one day, to fill the phone form when correcting it."""
    if consultation is None:
        return {}
    return {(cell.complaint.code, cell.age_group, cell.sex): cell.count for cell in consultation.counts.all()}


def health_panel(
    *, user, disaster_ids: list[int] | None = None, kabkota: str | None = None, days: int = 14
) -> dict | None:
    """The dashboard's and situation report's health figures for some disasters (all when None): consultations over
    ``days`` days, top complaints, referrals and deaths, open signals. Four queries whatever the volume; None for
    roles without health access."""
    if not has_perm(user, Perm.HEALTH_VIEW):
        return None
    filters = {"kabkota": kabkota}
    since = timezone.localdate() - timedelta(days=days - 1)
    consultations = consultation_list(user=user, filters=filters).filter(date__gte=since).order_by()
    signals = signal_list(user=user, filters={**filters, "state": SignalState.OPEN})
    if disaster_ids is not None:
        consultations = consultations.filter(disaster_id__in=disaster_ids)
        signals = signals.filter(disaster_id__in=disaster_ids)
    totals = consultations.aggregate(
        consultations=Sum("total", default=0),
        referrals=Sum("referrals", default=0),
        deaths=Sum("deaths", default=0),
        pregnant_women=Sum("pregnant_women", default=0),
        infants=Sum("infants", default=0),
        disabled=Sum("disabled", default=0),
        posts_reporting=Count("post", distinct=True),
    )
    counts = ConsultationCount.objects.filter(consultation__in=consultations.values("pk"))
    top = list(
        counts.values("complaint__code", "complaint__name")
        .annotate(cases=Sum("count"))
        .order_by("-cases", "complaint__code")[:5]
    )
    by_day = defaultdict(int)
    for row in consultations.values("date").annotate(cases=Sum("total")):
        by_day[row["date"]] = row["cases"]
    signals = list(
        signals[:10].values("id", "threshold__name", "post__name", "first_date", "last_date", "days", "figures")
    )
    day_list: list[date] = [since + timedelta(days=offset) for offset in range(days)]
    return {
        "since": since,
        "totals": totals,
        "top_complaints": [
            {"code": row["complaint__code"], "name": row["complaint__name"], "cases": row["cases"]} for row in top
        ],
        "days": [day.isoformat() for day in day_list],
        "per_day": [by_day[day] for day in day_list],
        "open_signals": signals,
    }
