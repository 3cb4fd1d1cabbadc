from django.db.models import Q, QuerySet

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404, scope_covering_queryset
from clusters.selectors import disaster_list

from .models import GeneratedReport
from .registry import report_builders


def report_list(*, user, filters: dict | None = None) -> QuerySet[GeneratedReport]:
    """Reports whose contents the user may see: a kind their role may read, built for a scope theirs covers
    (all of Banten for provincial staff; the same kabupaten/kota or clusters otherwise), about a disaster event
    they can see."""
    require_perm(user, Perm.REPORT_VIEW)
    kinds = [kind for kind, builder in report_builders().items() if has_perm(user, builder.view_perm)]
    queryset = GeneratedReport.objects.filter(kind__in=kinds).select_related("requested_by")
    queryset = scope_covering_queryset(
        queryset,
        user=user,
        province_wide_field="scope_province_wide",
        kabkota_field="scope_kabkota",
        clusters_field="scope_clusters__cluster_code",
    )
    visible_disasters = disaster_list(user=user).values("pk") if has_perm(user, Perm.DISASTER_VIEW) else []
    queryset = queryset.filter(Q(disaster_id__isnull=True) | Q(disaster_id__in=visible_disasters))
    filters = filters or {}
    if filters.get("disaster"):
        queryset = queryset.filter(disaster_id=filters["disaster"])
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    return queryset.order_by("-created_at", "-id")


def report_get(*, user, pk) -> GeneratedReport:
    """One report the user may see; anything else answers 404, exactly like a missing one."""
    return get_scoped_or_404(report_list(user=user), pk=pk)
