import math
import zlib

from django.db.models import Count, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404, scope_queryset

from .models import ACCESS_CLUSTERS, AccessStatus, AreaAccess, RoadAccess


def _scoped(queryset: QuerySet, *, user) -> QuerySet:
    return scope_queryset(queryset, user=user, kabkota_field="kabkota", clusters=ACCESS_CLUSTERS)


def _common(queryset: QuerySet, filters: dict) -> QuerySet:
    if filters.get("disaster"):
        queryset = queryset.filter(disaster_id=filters["disaster"])
    if filters.get("kabkota"):
        queryset = queryset.filter(kabkota_id=filters["kabkota"])
    if filters.get("area"):
        queryset = queryset.filter(area__code__startswith=filters["area"])
    if filters.get("road_access"):
        queryset = queryset.filter(road_access=filters["road_access"])
    if filters.get("cluster") and filters["cluster"] not in ACCESS_CLUSTERS:
        queryset = queryset.none()
    return queryset


def access_status_list(*, user, filters: dict | None = None) -> QuerySet[AccessStatus]:
    """Every recorded observation in scope (the history), newest first; ``date`` keeps one day's (WIB)."""
    require_perm(user, Perm.ACCESS_VIEW)
    filters = filters or {}
    queryset = _common(
        _scoped(AccessStatus.objects.select_related("area__parent", "kabkota", "disaster"), user=user), filters
    )
    if filters.get("date"):
        queryset = queryset.filter(observed_at__date=filters["date"])
    if filters.get("date_from"):
        queryset = queryset.filter(observed_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        queryset = queryset.filter(observed_at__date__lte=filters["date_to"])
    return queryset


def access_status_get(*, user, pk) -> AccessStatus:
    return get_scoped_or_404(access_status_list(user=user), pk=pk)


def area_access_list(*, user, filters: dict | None = None) -> QuerySet[AreaAccess]:
    """The current picture per area in scope: cut-off areas first (longest cut off first), then by region code.
    ``isolated=True`` keeps the areas cut off now, ``restored=True`` those whose access came back."""
    require_perm(user, Perm.ACCESS_VIEW)
    filters = filters or {}
    queryset = _common(
        _scoped(AreaAccess.objects.select_related("area__parent", "kabkota", "latest", "disaster"), user=user),
        filters,
    )
    if filters.get("isolated") is not None:
        cut = Q(road_access=RoadAccess.CUT)
        queryset = queryset.filter(cut) if filters["isolated"] else queryset.exclude(cut)
    if filters.get("restored"):
        queryset = queryset.filter(restored_at__isnull=False)
    if filters.get("date"):
        queryset = queryset.filter(latest__observed_at__date__lte=filters["date"])
    return queryset.order_by("cut_off_since", "kabkota_id", "area_id")


def area_access_get(*, user, disaster_id: int, area_code: str) -> AreaAccess:
    return get_scoped_or_404(area_access_list(user=user), disaster_id=disaster_id, area_id=area_code)


def area_history(*, user, current: AreaAccess) -> QuerySet[AccessStatus]:
    """The observations of one area (already fetched through the user's scope), newest first."""
    return access_status_list(user=user, filters={"disaster": current.disaster_id}).filter(area_id=current.area_id)


def _approximate(current: AreaAccess) -> tuple[float, float] | None:
    """Where to draw an area without recorded coordinates: around its kabupaten/kota's seat, at a fixed offset per
    area (no boundary polygons are available), so areas of one kabupaten/kota do not pile up on one point."""
    if current.kabkota.latitude is None:
        return None
    seed = zlib.crc32(current.area_id.encode())
    angle, distance = (seed % 360) * math.pi / 180, 0.02 + (seed // 360 % 5) * 0.01
    return float(current.kabkota.latitude) + distance * math.sin(angle), float(
        current.kabkota.longitude
    ) + distance * math.cos(angle)


def access_map_points(*, user, disaster_ids: list[int] | None = None, kabkota: str | None = None) -> list[dict]:
    """The current access of each area of some disasters (all when None) as plain data for a map layer (one query);
    empty for roles without access to it."""
    if not has_perm(user, Perm.ACCESS_VIEW):
        return []
    points = []
    now = timezone.now()
    areas = area_access_list(user=user, filters={"kabkota": kabkota})
    if disaster_ids is not None:
        areas = areas.filter(disaster_id__in=disaster_ids)
    for current in areas:
        if current.latitude is not None and current.longitude is not None:
            lat, lon, approximate = float(current.latitude), float(current.longitude), False
        else:
            place = _approximate(current)
            if place is None:
                continue
            (lat, lon), approximate = place, True
        points.append(
            {
                "area": current.area_id,
                "name": current.area.name,
                "kabkota": current.kabkota.name,
                "lat": round(lat, 6),
                "lon": round(lon, 6),
                "approximate": approximate,
                "road_access": current.road_access,
                "road_label": str(current.get_road_access_display()),
                "services_down": current.services_down,
                "cut_off_since": current.cut_off_since.isoformat() if current.cut_off_since else None,
                "cut_off_days": (now - current.cut_off_since).days if current.cut_off_since else None,
                "restored": current.restored_at is not None and not current.is_isolated,
                "detail": _("Cut off since %(when)s")
                % {"when": formats.date_format(timezone.localtime(current.cut_off_since), "j M Y H:i")}
                if current.cut_off_since
                else _("Approximate location")
                if approximate
                else "",
                "url": current.get_absolute_url(),
            }
        )
    return points


def access_summary(*, user, disaster_id: int | None = None, kabkota: str | None = None) -> dict | None:
    """Areas by road access and with services down (one GROUP BY); None for roles without access."""
    if not has_perm(user, Perm.ACCESS_VIEW):
        return None
    rows = (
        area_access_list(user=user, filters={"disaster": disaster_id, "kabkota": kabkota})
        .order_by()
        .aggregate(
            areas=Count("id"),
            isolated=Count("id", filter=Q(road_access=RoadAccess.CUT)),
            limited=Count("id", filter=Q(road_access=RoadAccess.LIMITED)),
            services_down=Count("id", filter=Q(services_down__gt=0)),
            restored=Count("id", filter=Q(restored_at__isnull=False) & ~Q(road_access=RoadAccess.CUT)),
        )
    )
    return rows
