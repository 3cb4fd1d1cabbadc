from django.db.models import QuerySet

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404, scope_kabkota_code, scope_queryset
from banten_dinsos.core.filtering import filter_queryset
from banten_dinsos.regions.models import Region, RegionLevel
from banten_dinsos.regions.selectors import region_choices_within

from .filters import EvacueeFilter, LdpSessionFilter, ShelterFilter
from .models import Evacuee, LdpPost, LdpReferral, LdpSession, OccupancyCount, Shelter, ShelterStatus
from .services import SHELTER_CLUSTERS
from .sphere import evaluate, thresholds_by_indicator


def _scoped(queryset, *, user):
    return scope_queryset(queryset, user=user, kabkota_field="kabkota", clusters=SHELTER_CLUSTERS)


def shelter_list(*, user, filters=None) -> QuerySet[Shelter]:
    """Shelters the user may see, narrowed by ``filters`` (query data for ``ShelterFilter``: disaster, kabkota,
    status, kind, sphere_state, q)."""
    require_perm(user, Perm.SHELTER_VIEW)
    queryset = _scoped(
        Shelter.objects.select_related("desa", "kabkota", "managing_agency").prefetch_related("disasters"), user=user
    )
    return filter_queryset(ShelterFilter, filters, queryset=queryset, user=user)


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


def evacuee_list(*, user, filters=None) -> QuerySet[Evacuee]:
    """Evacuees in the user's area (``EvacueeFilter``); search by name here, by NIK only through
    ``evacuee_find_by_nik`` (POST)."""
    require_perm(user, Perm.EVACUEE_VIEW)
    queryset = _scoped(Evacuee.objects.select_related("shelter", "kabkota"), user=user)
    return filter_queryset(EvacueeFilter, filters, queryset=queryset, user=user)


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


def ldp_session_list(*, user, filters=None) -> QuerySet[LdpSession]:
    """Psychosocial sessions in the user's area (``LdpSessionFilter``: shelter, post)."""
    require_perm(user, Perm.LDP_VIEW)
    queryset = _scoped(LdpSession.objects.select_related("shelter", "post"), user=user)
    return filter_queryset(LdpSessionFilter, filters, queryset=queryset, user=user)


def ldp_referral_list(*, user) -> QuerySet[LdpReferral]:
    require_perm(user, Perm.LDP_VIEW)
    return LdpReferral.objects.filter(session__in=ldp_session_list(user=user)).select_related("session")


def desa_choices(*, user) -> QuerySet[Region]:
    """The desa/kelurahan a user may place a shelter, post or evacuee's home in (their kabupaten/kota's)."""
    return region_choices_within(code=scope_kabkota_code(user), level=RegionLevel.DESA)


def shelter_open_list(*, user) -> QuerySet[Shelter]:
    """Open shelters in the user's scope: where evacuees can be checked in or moved to."""
    return shelter_list(user=user).filter(status=ShelterStatus.OPEN)
