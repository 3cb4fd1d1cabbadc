from django.db.models import Q, QuerySet

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404, scope_queryset

from .models import Evacuee, LdpPost, LdpReferral, LdpSession, OccupancyCount, Shelter
from .services import SHELTER_CLUSTERS
from .sphere import evaluate, thresholds_by_indicator


def _scoped(queryset, *, user):
    return scope_queryset(queryset, user=user, kabkota_field="kabkota", clusters=SHELTER_CLUSTERS)


def shelter_list(*, user, filters: dict | None = None) -> QuerySet[Shelter]:
    """Shelters the user may see, narrowed by ``filters`` (disaster, kabkota, status, kind, sphere_state, q)."""
    require_perm(user, Perm.SHELTER_VIEW)
    queryset = _scoped(
        Shelter.objects.select_related("desa", "kabkota", "managing_agency").prefetch_related("disasters"), user=user
    )
    filters = filters or {}
    if filters.get("disaster"):
        queryset = queryset.filter(disasters=filters["disaster"])
    if filters.get("kabkota"):
        queryset = queryset.filter(kabkota_id=filters["kabkota"])
    for field in ("status", "kind", "sphere_state"):
        if filters.get(field):
            queryset = queryset.filter(**{field: filters[field]})
    if filters.get("q"):
        queryset = queryset.filter(Q(name__icontains=filters["q"]) | Q(desa__name__icontains=filters["q"]))
    return queryset


def shelter_get(*, user, pk) -> Shelter:
    """One shelter in the user's scope; anything else answers 404."""
    return get_scoped_or_404(shelter_list(user=user), pk=pk)


def shelter_sphere(*, shelter: Shelter):
    """The Sphere indicators of one shelter, each with its value, standard and state."""
    return evaluate(shelter, thresholds_by_indicator())


def occupancy_history(*, user, shelter: Shelter) -> QuerySet[OccupancyCount]:
    """Every headcount of a shelter (already fetched through the user's scope), newest first."""
    require_perm(user, Perm.SHELTER_VIEW)
    return shelter.counts.select_related("recorded_by")


def shelter_map_points(*, user, filters: dict | None = None) -> list[dict]:
    """Shelters with coordinates as plain data for the map (one query)."""
    rows = shelter_list(user=user, filters=filters).exclude(latitude__isnull=True)
    return [
        {
            "id": shelter.pk,
            "name": shelter.name,
            "lat": float(shelter.latitude),
            "lon": float(shelter.longitude),
            "status": shelter.status,
            "status_label": str(shelter.get_status_display()),
            "sphere_state": shelter.sphere_state,
            "sphere_label": str(shelter.get_sphere_state_display()),
            "people": shelter.current_total,
            "capacity": shelter.capacity,
            "kabkota": shelter.kabkota.name,
            "url": shelter.get_absolute_url(),
        }
        for shelter in rows
    ]


def evacuee_list(*, user, filters: dict | None = None) -> QuerySet[Evacuee]:
    """Evacuees in the user's area; search by name here, by NIK only through ``evacuee_find_by_nik`` (POST)."""
    require_perm(user, Perm.EVACUEE_VIEW)
    queryset = _scoped(Evacuee.objects.select_related("shelter", "kabkota"), user=user)
    filters = filters or {}
    if filters.get("shelter"):
        queryset = queryset.filter(shelter_id=filters["shelter"])
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("no_kk"):
        queryset = queryset.filter(no_kk=filters["no_kk"])
    if filters.get("q"):
        queryset = queryset.filter(full_name__icontains=filters["q"])
    if filters.get("vulnerable"):
        queryset = queryset.filter(
            Q(is_pregnant=True)
            | Q(is_nursing=True)
            | Q(has_disability=True)
            | Q(is_chronically_ill=True)
            | Q(is_unaccompanied_child=True)
        )
    return queryset


def evacuee_find_by_nik(*, user, nik: str) -> QuerySet[Evacuee]:
    """Family reunification by NIK, within the user's area."""
    return evacuee_list(user=user).filter(nik=nik)


def evacuee_get(*, user, pk) -> Evacuee:
    return get_scoped_or_404(evacuee_list(user=user), pk=pk)


def evacuee_family(*, user, evacuee: Evacuee) -> QuerySet[Evacuee]:
    """Others on the same family card, within the user's area."""
    if not evacuee.no_kk:
        return Evacuee.objects.none()
    return evacuee_list(user=user).filter(no_kk=evacuee.no_kk).exclude(pk=evacuee.pk)


def ldp_post_list(*, user) -> QuerySet[LdpPost]:
    require_perm(user, Perm.LDP_VIEW)
    return _scoped(LdpPost.objects.select_related("desa", "kabkota", "shelter"), user=user)


def ldp_session_list(*, user, filters: dict | None = None) -> QuerySet[LdpSession]:
    require_perm(user, Perm.LDP_VIEW)
    queryset = _scoped(LdpSession.objects.select_related("shelter", "post"), user=user)
    filters = filters or {}
    if filters.get("shelter"):
        queryset = queryset.filter(shelter_id=filters["shelter"])
    if filters.get("post"):
        queryset = queryset.filter(post_id=filters["post"])
    return queryset


def ldp_referral_list(*, user) -> QuerySet[LdpReferral]:
    require_perm(user, Perm.LDP_VIEW)
    return LdpReferral.objects.filter(session__in=ldp_session_list(user=user)).select_related("session")
