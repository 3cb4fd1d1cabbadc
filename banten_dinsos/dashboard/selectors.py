"""The provincial dashboard's read model: every figure read through the owning app's scoped selectors.

One call assembles the whole picture for a user and a pair of filters (disaster, kabupaten/kota) with a fixed
number of SQL queries whatever the volume: one query (or one GROUP BY) per panel, reading the read models the
services keep (latest verified report per area, cluster-status cells) rather than recomputing them. The result is
plain data, cached per scope, filters, language and day under the data versions of the apps it reads
(``core/data_versions.py``): a committed write to any of them changes the key, so the next request recomputes,
and nothing older than the last write is ever served. The ages of matrix cells are recomputed on every read.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber, TruncDate
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language

from banten_dinsos.accounts.roles import Perm, has_perm
from banten_dinsos.accounts.scoping import (
    scope_cluster_codes,
    scope_is_province_wide,
    scope_kabkota_code,
    scope_queryset,
)
from banten_dinsos.core.data_versions import data_versions
from banten_dinsos.regions.selectors import kabkota_list
from clusters.approval_selectors import completeness_disaster_get, reporting_completeness
from clusters.cluster_status import cluster_status, impact_by_kabkota
from clusters.figures import sum_reported
from clusters.models import Disaster, EmergencyStatus, ReportState
from clusters.selectors import disaster_list, field_report_list, reports_received_per_day, verification_queue
from health.selectors import health_panel
from infrastructure.selectors import access_map_points
from ksb_volunteers.models import Availability
from ksb_volunteers.selectors import member_list
from meetings.selectors import action_items_overdue
from pmks_registry.selectors import pmks_tile
from shelters.models import OccupancyCount, ShelterStatus, SphereState
from shelters.selectors import shelter_list

WIB = ZoneInfo("Asia/Jakarta")
HISTORY_DAYS = 14
CACHE_VERSION = 3
# Entries are found by the data versions in their key; the expiry only bounds the memory they take.
CACHE_SECONDS = 60 * 60
# The apps whose writes change what the dashboard shows (their audited writes raise these versions).
DEPENDS_ON = ("clusters", "shelters", "health", "infrastructure", "ksb_volunteers", "meetings", "pmks_registry")
KABKOTA_CODE = re.compile(r"36\.\d{2}")
CASUALTY_FIELDS = ("dead", "missing", "injured", "displaced", "affected_people")


@dataclass(frozen=True)
class DashboardFilters:
    """The two filters the dashboard keeps in its URL."""

    disaster: int | None = None
    kabkota: str | None = None

    def as_params(self) -> dict[str, str]:
        params = {}
        if self.disaster:
            params["disaster"] = str(self.disaster)
        if self.kabkota:
            params["kabkota"] = self.kabkota
        return params


def dashboard_filters(*, user, params) -> DashboardFilters:
    """Filters from the query string. An officer is locked to their own kabupaten/kota, whatever the URL says."""
    kabkota = (params.get("kabkota") or "").strip() or None
    if scope_kabkota_code(user):
        kabkota = scope_kabkota_code(user)
    elif kabkota and not KABKOTA_CODE.fullmatch(kabkota):
        kabkota = None
    raw_disaster = (params.get("disaster") or "").strip()
    disaster = int(raw_disaster) if raw_disaster.isdigit() and len(raw_disaster) < 10 else None
    return DashboardFilters(disaster=disaster, kabkota=kabkota)


def _cache_key(user, filters: DashboardFilters) -> str:
    """Users who see exactly the same thing share an entry.

    Province-wide users see everything their role allows, so their role is the key. Everyone else is keyed by
    their own id: meetings (and so overdue action items) also depend on personal invitations.
    """
    if scope_is_province_wide(user) and not scope_cluster_codes(user):
        who = "superuser" if user.is_superuser else f"role-{user.role}"
    else:
        who = f"user-{user.pk}"
    versions = data_versions(DEPENDS_ON)
    stamp = ".".join(str(versions.get(topic, 0)) for topic in DEPENDS_ON)
    today = timezone.localdate(timezone.now(), WIB).isoformat()
    return (
        f"dashboard:v{CACHE_VERSION}:{stamp}:{today}:{who}:{filters.disaster or '-'}:{filters.kabkota or '-'}:"
        f"{get_language()}"
    )


def dashboard_data(*, user, filters: DashboardFilters, use_cache: bool = True) -> dict:
    """The whole dashboard for ``user``: cached until the next write, computed with a fixed number of queries."""
    if not use_cache:
        return _compute(user=user, filters=filters)
    key = _cache_key(user, filters)
    data = cache.get(key)
    if data is None:
        data = _compute(user=user, filters=filters)
        cache.set(key, data, CACHE_SECONDS)
    elif data.get("matrix"):
        _age_cells(data["matrix"], now=timezone.now())
    return data


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=WIB)


def _days(today: date) -> list[date]:
    return [today - timedelta(days=offset) for offset in range(HISTORY_DAYS - 1, -1, -1)]


def _day_label(day: date) -> str:
    return formats.date_format(day, "j M")


def _compute(*, user, filters: DashboardFilters) -> dict:
    now = timezone.now()
    today = timezone.localdate(now, WIB)
    days = _days(today)
    since = _day_start(days[0])

    regions = list(
        scope_queryset(kabkota_list(), user=user, kabkota_field="code", coordinators_see_all=True)
        .order_by("code")
        .values("code", "name", "latitude", "longitude")
    )
    region_names = {region["code"]: region["name"] for region in regions}
    kabkota = filters.kabkota if filters.kabkota in region_names else None

    data = {
        "computed_at": now,
        "stale_hours": settings.DASHBOARD_STALE_HOURS,
        "kabkota_options": [(region["code"], region["name"]) for region in regions],
        "kabkota": kabkota,
        "kabkota_name": region_names.get(kabkota),
        "disaster_options": [],
        "disaster": None,
        "tiles": {},
        "chart": {"days": [_day_label(day) for day in days]},
        "map": {"shelters": [], "areas": []},
        "matrix": None,
    }

    # Disasters: the active ones the user may see (narrowed to the kabupaten/kota), and the one chosen.
    active = None
    if has_perm(user, Perm.DISASTER_VIEW):
        active = disaster_list(user=user, filters={"active": True, **({"region": kabkota} if kabkota else {})})
        disasters = list(
            active.order_by("-started_on", "-id").values("id", "title", "status", "started_on", "disaster_type__name")
        )
        for disaster in disasters:
            disaster["status_label"] = str(EmergencyStatus(disaster["status"]).label)
        data["disaster_options"] = [(disaster["id"], disaster["title"]) for disaster in disasters]
        chosen = [disaster for disaster in disasters if disaster["id"] == filters.disaster]
        data["disaster"] = chosen[0] if chosen else None
        shown = chosen or disasters
        data["tiles"]["disasters"] = {
            "count": len(shown),
            "list": shown,
            "by_status": _count_by(shown, "status", EmergencyStatus.choices),
        }
        if chosen:
            active = active.filter(pk=chosen[0]["id"])
    disaster_id = data["disaster"]["id"] if data["disaster"] else None

    impact = _impact(user=user, active=active, kabkota=kabkota, days=days, since=since, data=data)
    _shelters(user=user, disaster_id=disaster_id, kabkota=kabkota, days=days, since=since, data=data)
    _areas(active=active, kabkota=kabkota, regions=regions, impact=impact, data=data)
    _other_tiles(user=user, kabkota=kabkota, data=data)
    # Health and access, from their apps' selectors: the chosen disaster's, else every active one's.
    shown_ids = [disaster_id] if disaster_id else [option[0] for option in data["disaster_options"]]
    data["health"] = health_panel(user=user, disaster_ids=shown_ids, kabkota=kabkota)
    data["map"]["access"] = access_map_points(user=user, disaster_ids=shown_ids, kabkota=kabkota)
    if data["disaster_options"]:
        matrix_disaster = disaster_id or data["disaster_options"][0][0]
        data["matrix"] = _matrix(user=user, disaster_id=matrix_disaster, kabkota=kabkota, now=now)
        data["completeness"] = _completeness(user=user, disaster_id=matrix_disaster, kabkota=kabkota, now=now)
        data["chart"]["coverage"] = data["matrix"]["coverage"]
    return data


def _count_by(rows: list[dict], field: str, choices) -> list[dict]:
    counts = defaultdict(int)
    for row in rows:
        counts[row[field]] += 1
    return [{"code": code, "label": str(label), "count": counts[code]} for code, label in choices if counts.get(code)]


def _impact(*, user, active, kabkota, days, since, data) -> dict[str, dict]:
    """Reports of the active disasters: received per day, waiting for verification, and verified impact."""
    if active is None or not has_perm(user, Perm.FIELDREPORT_VIEW):
        return {}
    reports = field_report_list(user=user).filter(disaster__in=active.values("pk"))
    if kabkota:
        reports = reports.filter(kabkota_id=kabkota)

    # Received per day from the kept counts (a row per kabupaten/kota and day), not a GROUP BY over the reports.
    per_day = reports_received_per_day(user=user, disasters=active, kabkota=kabkota, since=days[0])
    data["chart"]["reports"] = [per_day.get(day, 0) for day in days]

    if has_perm(user, Perm.FIELDREPORT_VERIFY):
        # The same narrowing as ``reports`` on the (state, submitted_at) index, rather than an IN over every report.
        waiting = verification_queue(user=user).filter(disaster__in=active.values("pk"))
        if kabkota:
            waiting = waiting.filter(kabkota_id=kabkota)
        waiting_url = "clusters:report-queue"
    else:
        waiting = reports.filter(state=ReportState.SUBMITTED)
        waiting_url = "clusters:report-mine"
    data["tiles"]["waiting"] = {"count": waiting.order_by().count(), "url_name": waiting_url}

    # The counted latest verified report of each area, kept by the clusters read model: one GROUP BY.
    impact = impact_by_kabkota(user=user, disasters=active, kabkota=kabkota, fields=CASUALTY_FIELDS)
    totals = {name: sum_reported(figures[name] for figures in impact.values()) for name in CASUALTY_FIELDS}
    totals["areas_reported"] = sum(figures["areas_reported"] for figures in impact.values())
    totals["reported_areas"] = {
        name: sum(figures["reported_areas"][name] for figures in impact.values()) for name in CASUALTY_FIELDS
    }
    data["tiles"]["casualties"] = totals
    data["tiles"]["displaced"] = {
        "reported": totals["displaced"],
        "areas": totals["reported_areas"]["displaced"],
        "kabkota": len(impact),
    }
    return impact


def _shelters(*, user, disaster_id, kabkota, days, since, data) -> None:
    """Shelter figures, map points and people in shelters per day (from the headcounts)."""
    if not has_perm(user, Perm.SHELTER_VIEW):
        return
    filters = {key: value for key, value in (("disaster", disaster_id), ("kabkota", kabkota)) if value}
    shelters = shelter_list(user=user, filters=filters)
    is_open = Q(status=ShelterStatus.OPEN)
    figures = shelters.order_by().aggregate(
        open=Count("id", filter=is_open),
        prepared=Count("id", filter=Q(status=ShelterStatus.PREPARED)),
        people=Sum("current_total", filter=is_open, default=0),
        capacity=Sum("capacity", filter=is_open, default=0),
        breach=Count("id", filter=is_open & Q(sphere_state=SphereState.BREACH)),
        warning=Count("id", filter=is_open & Q(sphere_state=SphereState.WARNING)),
    )
    figures["occupancy"] = round(100 * figures["people"] / figures["capacity"]) if figures["capacity"] else None
    data["tiles"]["shelters"] = figures
    data["map"]["shelters"] = _map_points(shelters)

    # The last headcount of each shelter on each day; a shelter keeps its figure until its next headcount. Summed
    # per kabupaten/kota and day in the database (a few hundred rows back instead of every headcount of the
    # fortnight): each shelter-day adds what changed since that shelter's previous headcount day, so the running
    # sum over the days is the people in shelters each day.
    per_day = _occupancy_changes(shelters, since=since)
    series = {}
    for code, changes in sorted(per_day.items()):
        current, line = 0, []
        for day in days:
            current += changes.get(day, 0)
            line.append(current)
        series[code] = line
    names = dict(data["kabkota_options"])
    data["chart"]["displaced"] = [{"label": names.get(code, code), "data": line} for code, line in series.items()]


def _occupancy_changes(shelters, *, since: datetime) -> dict[str, dict[date, int]]:
    """kab/kota -> day -> change in people in shelters that day: per shelter, its last headcount of the day minus
    its last headcount of the previous day it counted (0 before its first headcount since ``since``)."""
    counts = OccupancyCount.objects.filter(shelter__in=shelters.values("pk"), observed_at__gte=since).annotate(
        day=TruncDate("observed_at", tzinfo=WIB)
    )
    if connection.vendor == "postgresql":  # DISTINCT ON: one sort where the window function takes two
        last_of_day = counts.order_by("shelter_id", "day", "-observed_at", "-id").distinct("shelter_id", "day")
    else:
        rank = Window(
            RowNumber(),
            partition_by=[F("shelter_id"), F("day")],
            order_by=[F("observed_at").desc(), F("id").desc()],
        )
        last_of_day = counts.annotate(rank=rank).filter(rank=1).order_by()
    last_of_day = last_of_day.values("shelter_id", "shelter__kabkota_id", "day", "total")
    inner, params = last_of_day.query.sql_with_params()
    sql = (
        'SELECT kabkota, day, SUM(change) FROM (SELECT "shelter__kabkota_id" AS kabkota, "day" AS day, "total" - '
        'COALESCE(LAG("total") OVER (PARTITION BY "shelter_id" ORDER BY "day"), 0) AS change '
        f"FROM ({inner}) last_of_day) changes GROUP BY kabkota, day"
    )
    changes: dict[str, dict[date, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kabkota, day, change in cursor.fetchall():
            day = date.fromisoformat(day) if isinstance(day, str) else day  # SQLite answers text
            changes[kabkota][day] = int(change)
    return changes


def _map_points(shelters) -> list[dict]:
    """The shelters app's map points (same fields), read as plain values from the same scoped list.

    ``shelter_map_points`` builds a model instance, its disasters and a reversed URL per shelter: fine for the
    shelters map, but at 500 shelters that is most of the dashboard's time, refreshed every minute.
    """
    status_labels = {code: str(label) for code, label in ShelterStatus.choices}
    sphere_labels = {code: str(label) for code, label in SphereState.choices}
    sentinel = 987654321
    url_pattern = reverse("shelters:detail", args=[sentinel])
    rows = (
        shelters.exclude(latitude__isnull=True)
        .exclude(status=ShelterStatus.CLOSED)
        .select_related(None)
        .prefetch_related(None)
        .values("id", "name", "latitude", "longitude", "status", "sphere_state", "current_total", "capacity")
        .annotate(kabkota_name=F("kabkota__name"))
    )
    return [
        {
            "id": row["id"],
            "name": row["name"],
            "lat": float(row["latitude"]),
            "lon": float(row["longitude"]),
            "status": row["status"],
            "status_label": status_labels.get(row["status"], row["status"]),
            "sphere_state": row["sphere_state"],
            "sphere_label": sphere_labels.get(row["sphere_state"], row["sphere_state"]),
            "people": row["current_total"],
            "capacity": row["capacity"],
            "kabkota": row["kabkota_name"],
            "url": url_pattern.replace(str(sentinel), str(row["id"])),
        }
        for row in rows
    ]


def _areas(*, active, kabkota, regions, impact, data) -> None:
    """Affected kabupaten/kota of the active disasters, placed at their seat, with their verified figures."""
    if active is None:
        return
    links = Disaster.affected_kabkota.through.objects.filter(disaster__in=active.values("pk"))
    if kabkota:
        links = links.filter(region_id=kabkota)
    affected = set(links.values_list("region_id", flat=True))
    data["map"]["areas"] = [
        {
            "code": region["code"],
            "name": region["name"],
            "lat": float(region["latitude"]),
            "lon": float(region["longitude"]),
            # None where no area of the kab/kota reported the figure: blank is not zero.
            "displaced": impact.get(region["code"], {}).get("displaced"),
            "dead": impact.get(region["code"], {}).get("dead"),
        }
        for region in regions
        if region["code"] in affected and region["latitude"] is not None
    ]
    data["tiles"].setdefault("displaced", {"reported": 0, "kabkota": 0})["affected_kabkota"] = len(affected)


def _other_tiles(*, user, kabkota, data) -> None:
    if has_perm(user, Perm.VOLUNTEER_VIEW):
        by_availability = dict(
            member_list(user=user, filters={"kabkota": kabkota} if kabkota else {})
            .order_by()
            .values_list("availability")
            .annotate(n=Count("id"))
        )
        data["tiles"]["volunteers"] = {
            "deployed": by_availability.get(Availability.DEPLOYED, 0),
            "standby": by_availability.get(Availability.STANDBY, 0),
        }
    if has_perm(user, Perm.MEETING_VIEW):
        data["tiles"]["action_items"] = {"overdue": action_items_overdue(user=user).order_by().count()}
    if has_perm(user, Perm.PMKS_VIEW):
        # From the PMKS counts the client services and the import keep (one small GROUP BY, not over the clients).
        data["tiles"]["pmks"] = pmks_tile(user=user, kabkota=kabkota)


def _matrix(*, user, disaster_id: int, kabkota: str | None, now: datetime) -> dict:
    """Cluster × kabupaten/kota for one disaster, from the cluster-status read model, with the age of each cell."""
    status = cluster_status(user=user, disaster_id=disaster_id, region_code=kabkota)
    clusters, kabkotas, cells = {}, {}, {}
    coverage = defaultdict(lambda: {"need": 0, "reached": 0})
    for row in status.get("rows", []):
        clusters.setdefault(row["cluster"], row["cluster_name"])
        kabkotas.setdefault(row["kabkota"], row["kabkota_name"])
        need, reached = row["people_in_need"], row["people_reached"]
        cells[(row["kabkota"], row["cluster"])] = {
            "needs_open": row["needs_open"],
            "people_in_need": need,
            "people_reached": reached,
            "gap": row["gap"],
            "coverage": min(round(100 * reached / need), 999) if need else None,
            "as_of": row["data_as_of"],
        }
        coverage[row["cluster"]]["need"] += need
        coverage[row["cluster"]]["reached"] += reached
    rows = [
        {"code": code, "name": name, "cells": [{"cluster": cluster, **cells[(code, cluster)]} for cluster in clusters]}
        for code, name in kabkotas.items()
    ]
    disaster = status["disaster"]
    matrix = {
        "disaster": {"id": disaster.pk, "title": disaster.title},
        "clusters": [{"code": code, "name": name} for code, name in clusters.items()],
        "rows": rows,
        "coverage": {
            "labels": list(clusters.values()),
            "need": [coverage[code]["need"] for code in clusters],
            "reached": [coverage[code]["reached"] for code in clusters],
        },
    }
    _age_cells(matrix, now=now)
    return matrix


def _completeness(*, user, disaster_id: int, kabkota: str | None, now: datetime) -> dict | None:
    """Today's reporting completeness of the disaster per kabupaten/kota: kecamatan with an approved report, or desa
    for a disaster declared at desa level."""
    if not has_perm(user, Perm.FIELDREPORT_VIEW):
        return None
    disaster = completeness_disaster_get(user=user, pk=disaster_id)
    today = timezone.localdate(now, WIB)
    # Counted per area by the database: the dashboard shows the figures, not the reports behind each area.
    table = reporting_completeness(user=user, disaster=disaster, day=today, now=now, with_report_ids=False)
    return {
        "disaster": {"id": disaster.pk, "title": disaster.title},
        "day": today,
        "deadline": disaster.report_deadline.strftime("%H.%M"),
        "per_desa": disaster.reports_per_desa,
        "rows": [
            {
                "code": row.code,
                "name": row.name,
                "percent": row.percent,
                "complete": row.complete,
                "expected": row.expected,
                "late": len(row.late),
            }
            for row in table
            if kabkota is None or row.code == kabkota
        ],
    }


def _age_cells(matrix: dict, *, now: datetime) -> None:
    """How old each cell's newest data is, and which cells are stale: recomputed on every read, cached or not."""
    stale_after = timedelta(hours=settings.DASHBOARD_STALE_HOURS)
    for row in matrix["rows"]:
        for cell in row["cells"]:
            as_of = cell["as_of"]
            age_hours = int((now - as_of).total_seconds() // 3600) if as_of else None
            cell["age_hours"] = age_hours
            cell["age_days"] = age_hours // 24 if age_hours is not None else None
            cell["stale"] = as_of is None or now - as_of > stale_after
        row["stale"] = sum(1 for cell in row["cells"] if cell["stale"])
    matrix["stale_cells"] = sum(row["stale"] for row in matrix["rows"])
