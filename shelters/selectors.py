from django.db.models import Q, QuerySet

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404, scope_queryset

from .models import Shelter
from .services import SHELTER_CLUSTERS


def shelter_list(*, user, filters: dict | None = None) -> QuerySet[Shelter]:
    """Shelters the user may see, narrowed by ``filters`` (kabkota, status, kind, q)."""
    require_perm(user, Perm.SHELTER_VIEW)
    queryset = scope_queryset(
        Shelter.objects.select_related("desa", "kabkota", "managing_agency"),
        user=user,
        kabkota_field="kabkota",
        clusters=SHELTER_CLUSTERS,
    )
    filters = filters or {}
    if filters.get("kabkota"):
        queryset = queryset.filter(kabkota_id=filters["kabkota"])
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("q"):
        queryset = queryset.filter(Q(name__icontains=filters["q"]) | Q(desa__name__icontains=filters["q"]))
    return queryset


def shelter_get(*, user, pk) -> Shelter:
    """One shelter in the user's scope; anything else answers 404."""
    return get_scoped_or_404(shelter_list(user=user), pk=pk)
