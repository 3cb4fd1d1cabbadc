"""The cluster-status read model: per disaster × national cluster × kabupaten/kota, one trustworthy picture.

Impact figures come from the latest verified field report of each area. Within a kecamatan, a recap for the
whole kecamatan and reports for its desa would count the same people twice, so the newer side wins: the
kecamatan recap when it is at least as new as every desa report inside it, otherwise the desa reports.
Impact figures describe the kabupaten/kota; they repeat on each cluster row and are counted once in the totals.

The number of SQL queries is fixed whatever the number of reports: the disaster, its kabupaten/kota, the
clusters, the latest reports per area (one DISTINCT ON, or a window function where that is missing), one
GROUP BY for needs, one for activities, and whatever each registered contributor declares.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Count, F, Max, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404, scope_cluster_codes, scope_queryset

from .contributions import contributed_figures, status_contributors
from .figures import add_reported, sum_reported
from .models import IMPACT_FIELDS, Activity, ActivityStatus, Cluster, FieldReport, Need, NeedStatus, ReportState
from .selectors import declared_needs, disaster_list, scoped_by_cluster

KECAMATAN_CODE_LENGTH = 8  # "36.71.08"
ACTIVITY_COUNTS = {
    ActivityStatus.PLANNED: "activities_planned",
    ActivityStatus.ONGOING: "activities_ongoing",
    ActivityStatus.COMPLETED: "activities_completed",
}
REACHING = (ActivityStatus.ONGOING, ActivityStatus.COMPLETED)
ROW_COUNTS = (
    "needs_open",
    "people_in_need",
    "activities_planned",
    "activities_ongoing",
    "activities_completed",
    "people_reached",
    "gap",
)


@dataclass(frozen=True)
class RowCluster:
    id: int
    code: str
    name: str
    # How needs and activities are matched: "sector" for a national cluster, "cluster" for a sub-cluster.
    match: str


def latest_verified_reports(queryset: QuerySet[FieldReport], *, distinct_on: bool | None = None) -> list[dict]:
    """The verified report with the newest observation for each area (ties: the later verification, then id)."""
    fields = ("id", "area_id", "kabkota_id", "observed_at", "verified_at", *IMPACT_FIELDS)
    queryset = queryset.filter(state=ReportState.VERIFIED)
    if distinct_on is None:
        distinct_on = connection.vendor == "postgresql"
    if distinct_on:
        ordered = queryset.order_by("area_id", "-observed_at", "-verified_at", "-id").distinct("area_id")
        return list(ordered.values(*fields))
    ranked = queryset.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("area_id")],
            order_by=[F("observed_at").desc(), F("verified_at").desc(), F("id").desc()],
        )
    ).filter(rank=1)
    return list(ranked.values(*fields))


def counted_reports(latest: list[dict]) -> list[dict]:
    """Drop whichever side of a kecamatan (its recap or its desa reports) is older, so no one is counted twice."""
    recaps = {row["area_id"]: row for row in latest if len(row["area_id"]) <= KECAMATAN_CODE_LENGTH}
    desa = defaultdict(list)
    for row in latest:
        if len(row["area_id"]) > KECAMATAN_CODE_LENGTH:
            desa[row["area_id"][:KECAMATAN_CODE_LENGTH]].append(row)
    counted = []
    for kecamatan in sorted(set(recaps) | set(desa)):
        recap, villages = recaps.get(kecamatan), desa.get(kecamatan, [])
        if recap and all(recap["observed_at"] >= row["observed_at"] for row in villages):
            counted.append(recap)
        else:
            counted.extend(villages)
    return counted


def _newest(*moments: datetime | None) -> datetime | None:
    present = [moment for moment in moments if moment is not None]
    return max(present) if present else None


def _row_clusters(clusters: list[dict], *, user, cluster_code: str | None) -> list[RowCluster] | None:
    """The clusters that get a row; None when ``cluster_code`` names no cluster."""
    by_code = {cluster["code"]: cluster for cluster in clusters}
    if cluster_code:
        chosen = by_code.get(cluster_code)
        if chosen is None:
            return None
        match = "cluster" if chosen["parent_id"] else "sector"
        rows = [RowCluster(chosen["id"], chosen["code"], chosen["name"], match)]
    else:
        rows = [
            RowCluster(cluster["id"], cluster["code"], cluster["name"], "sector")
            for cluster in clusters
            if cluster["parent_id"] is None
        ]
    coordinated = scope_cluster_codes(user)
    if coordinated:
        # A coordinator's rows: their clusters, and the national cluster of a sub-cluster they coordinate.
        parents = {cluster["parent__code"] for cluster in clusters if cluster["code"] in coordinated}
        own = set(coordinated) | (parents - {None})
        rows = [row for row in rows if row.code in own or by_code[row.code]["parent__code"] in own]
    return rows


def _empty_impact() -> dict:
    return {**dict.fromkeys(IMPACT_FIELDS), "areas_reported": 0, "last_observed_at": None, "verified_at": None}


def cluster_status(*, user, disaster_id, cluster_code: str | None = None, region_code: str | None = None) -> dict:
    """The read model for one disaster, limited to what ``user`` may see and narrowed by cluster and region.

    Raises Http404 when the disaster is out of scope and returns ``{"unknown_cluster": True}`` when
    ``cluster_code`` names no cluster.
    """
    require_perm(user, Perm.DISASTER_VIEW)
    disaster = get_scoped_or_404(disaster_list(user=user), pk=disaster_id)
    kabkota_queryset = scope_queryset(
        disaster.affected_kabkota.all(), user=user, kabkota_field="code", coordinators_see_all=True
    )
    if region_code:
        kabkota_queryset = kabkota_queryset.filter(Q(code__startswith=region_code) | Q(code=region_code[:5]))
    kabkota = list(kabkota_queryset.order_by("code").values_list("code", "name"))
    kabkota_codes = [code for code, _name in kabkota]

    clusters = list(
        Cluster.objects.filter(is_active=True)
        .order_by("position", "code")
        .values("id", "code", "name", "parent_id", "parent__code")
    )
    row_clusters = _row_clusters(clusters, user=user, cluster_code=cluster_code)
    if row_clusters is None:
        return {"unknown_cluster": True}
    match = row_clusters[0].match if row_clusters else "sector"

    # Impact: latest verified report per area, then one side of each kecamatan.
    reports = FieldReport.objects.filter(disaster=disaster, kabkota__in=kabkota_codes)
    if region_code:
        reports = reports.filter(area__code__startswith=region_code)
    impact = {code: _empty_impact() for code in kabkota_codes}
    for row in counted_reports(latest_verified_reports(reports)):
        figures = impact[row["kabkota_id"]]
        for name in IMPACT_FIELDS:
            figures[name] = add_reported(figures[name], row[name])
        figures["areas_reported"] += 1
        figures["last_observed_at"] = _newest(figures["last_observed_at"], row["observed_at"])
        figures["verified_at"] = _newest(figures["verified_at"], row["verified_at"])

    # Needs and activities of the row clusters, as the user may see them.
    group = "sector_id" if match == "sector" else "cluster_id"
    row_ids = [row.id for row in row_clusters]
    needs = scoped_by_cluster(Need.objects.all(), user=user).filter(
        declared_needs(),
        disaster=disaster,
        kabkota__in=kabkota_codes,
        status=NeedStatus.OPEN,
        **{f"{group}__in": row_ids},
    )
    activities = scoped_by_cluster(Activity.objects.all(), user=user).filter(
        disaster=disaster, kabkota__in=kabkota_codes, **{f"{group}__in": row_ids}
    )
    if region_code:
        needs = needs.filter(area__code__startswith=region_code)
        activities = activities.filter(area__code__startswith=region_code)
    need_figures = {
        (row["kabkota_id"], row[group]): row
        for row in needs.order_by()
        .values("kabkota_id", group)
        .annotate(count=Count("id"), people=Sum("people_in_need"), as_of=Max("updated_at"))
    }
    activity_figures = defaultdict(lambda: {"people": 0, "as_of": None})
    for row in (
        activities.order_by()
        .values("kabkota_id", group, "status")
        .annotate(count=Count("id"), people=Sum("people_reached"), as_of=Max("updated_at"))
    ):
        figures = activity_figures[(row["kabkota_id"], row[group])]
        if row["status"] in ACTIVITY_COUNTS:
            figures[ACTIVITY_COUNTS[row["status"]]] = row["count"]
        if row["status"] in REACHING:
            figures["people"] += row["people"] or 0
        figures["as_of"] = _newest(figures["as_of"], row["as_of"])

    contributions = {}
    row_codes = [row.code for row in row_clusters]
    for contributor in status_contributors():
        for key, contribution in contributor.compute(
            user=user,
            disaster=disaster,
            kabkota_codes=kabkota_codes,
            region_code=region_code,
            cluster_codes=row_codes,
        ).items():
            contributions.setdefault(key, []).append(contribution)
    extra_names = [figure.name for figure in contributed_figures()]

    rows = []
    for code, name in kabkota:
        figures = impact[code]
        for cluster in row_clusters:
            need = need_figures.get((code, cluster.id), {})
            activity = activity_figures.get((code, cluster.id), {})
            contributed = dict.fromkeys(extra_names, 0)
            contributed_as_of = []
            for contribution in contributions.get((code, cluster.code), []):
                for key, value in contribution.figures.items():
                    contributed[key] = contributed.get(key, 0) + (value or 0)
                contributed_as_of.append(contribution.as_of)
            people_in_need = need.get("people") or 0
            people_reached = activity.get("people", 0)
            rows.append(
                {
                    "kabkota": code,
                    "kabkota_name": name,
                    "cluster": cluster.code,
                    "cluster_name": cluster.name,
                    **{field: figures[field] for field in IMPACT_FIELDS},
                    "areas_reported": figures["areas_reported"],
                    "needs_open": need.get("count", 0),
                    "people_in_need": people_in_need,
                    **{key: activity.get(key, 0) for key in ACTIVITY_COUNTS.values()},
                    "people_reached": people_reached,
                    "gap": max(people_in_need - people_reached, 0),
                    "contributed": contributed,
                    "last_observed_at": figures["last_observed_at"],
                    "data_as_of": _newest(
                        figures["verified_at"], need.get("as_of"), activity.get("as_of"), *contributed_as_of
                    ),
                }
            )

    totals = {field: sum_reported(impact[code][field] for code in kabkota_codes) for field in IMPACT_FIELDS}
    totals["areas_reported"] = sum(impact[code]["areas_reported"] for code in kabkota_codes)
    totals.update({key: sum(row[key] for row in rows) for key in ROW_COUNTS})
    totals["contributed"] = {key: sum(row["contributed"].get(key, 0) for row in rows) for key in extra_names}
    return {
        "disaster": disaster,
        "rows": rows,
        # Impact describes the kabupaten/kota, whatever the cluster: one entry each, for the impact export.
        "impact": [{"kabkota": code, "kabkota_name": name, **impact[code]} for code, name in kabkota],
        "totals": totals,
        "contributed_figures": contributed_figures(),
        "data_as_of": _newest(*(row["data_as_of"] for row in rows)),
    }
