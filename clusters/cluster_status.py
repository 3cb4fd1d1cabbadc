"""The cluster-status read model: per disaster × national cluster × kabupaten/kota, one trustworthy picture.

Impact figures come from the latest verified field report of each area. Within a kecamatan, a recap for the
whole kecamatan and reports for its desa would count the same people twice, so the newer side wins: the
kecamatan recap when it is at least as new as every desa report inside it, otherwise the desa reports.
Impact figures describe the kabupaten/kota; they repeat on each cluster row and are counted once in the totals.

The number of SQL queries is fixed whatever the number of reports: the disaster, its kabupaten/kota, the
clusters, the latest reports per area (one DISTINCT ON, or a window function where that is missing), one
GROUP BY for needs, one for activities, and whatever each registered contributor declares.
"""

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404, scope_cluster_codes, scope_queryset, scope_stamp
from banten_dinsos.core.models import DataVersion

from .contributions import contributed_figures, status_contributors
from .figures import add_reported, sum_reported
from .models import (
    IMPACT_FIELDS,
    Activity,
    ActivityStatus,
    AreaLatestReport,
    Cluster,
    ClusterStatusCell,
    ClusterStatusVersion,
    Disaster,
    FieldReport,
    Need,
    NeedStatus,
    ReportState,
)
from .selectors import declared_needs, disaster_list, scoped_by_cluster

KECAMATAN_CODE_LENGTH = 8  # "36.71.08"
KABKOTA_CODE_LENGTH = 5  # "36.71"
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
    return {
        **dict.fromkeys(IMPACT_FIELDS),
        "reported_areas": dict.fromkeys(IMPACT_FIELDS, 0),
        "areas_reported": 0,
        "last_observed_at": None,
        "verified_at": None,
    }


def _impact_read_model(disaster, kabkota_codes: list[str]) -> dict[str, dict]:
    """Impact per kabupaten/kota from the kept latest report of each counted area (one GROUP BY)."""
    impact = {code: _empty_impact() for code in kabkota_codes}
    rows = (
        AreaLatestReport.objects.filter(disaster=disaster, kabkota_id__in=kabkota_codes, counted=True)
        .order_by()
        .values("kabkota_id")
        .annotate(
            areas=Count("id"),
            observed=Max("observed_at"),
            verified=Max("verified_at"),
            **{f"sum__{name}": Sum(name) for name in IMPACT_FIELDS},
            **{f"reported__{name}": Count(name) for name in IMPACT_FIELDS},
        )
    )
    for row in rows:
        figures = impact[row["kabkota_id"]]
        figures.update({name: row[f"sum__{name}"] for name in IMPACT_FIELDS})
        figures["reported_areas"] = {name: row[f"reported__{name}"] for name in IMPACT_FIELDS}
        figures["areas_reported"] = row["areas"]
        figures["last_observed_at"], figures["verified_at"] = row["observed"], row["verified"]
    return impact


def _impact_live(disaster, kabkota_codes: list[str], region_code: str) -> dict[str, dict]:
    """Impact within ``region_code`` from the reports themselves: latest verified per area, one side of each
    kecamatan."""
    impact = {code: _empty_impact() for code in kabkota_codes}
    reports = FieldReport.objects.filter(
        disaster=disaster, kabkota__in=kabkota_codes, area__code__startswith=region_code
    )
    for row in counted_reports(latest_verified_reports(reports)):
        figures = impact[row["kabkota_id"]]
        for name in IMPACT_FIELDS:
            figures[name] = add_reported(figures[name], row[name])
            figures["reported_areas"][name] += row[name] is not None
        figures["areas_reported"] += 1
        figures["last_observed_at"] = _newest(figures["last_observed_at"], row["observed_at"])
        figures["verified_at"] = _newest(figures["verified_at"], row["verified_at"])
    return impact


def _cells_read_model(disaster, kabkota_codes, *, user, group, row_ids) -> tuple[dict, dict]:
    """Needs and activities per (kabupaten/kota, row cluster) from the kept cells the user may see."""
    need_figures: dict[tuple, dict] = {}
    activity_figures: dict[tuple, dict] = {}
    cells = scoped_by_cluster(ClusterStatusCell.objects.all(), user=user).filter(
        disaster=disaster, kabkota__in=kabkota_codes, **{f"{group}__in": row_ids}
    )
    for cell in cells.order_by().values(
        "kabkota_id",
        group,
        "needs_open",
        "people_in_need",
        "needs_as_of",
        *ACTIVITY_COUNTS.values(),
        "people_reached",
        "activities_as_of",
    ):
        key = (cell["kabkota_id"], cell[group])
        if cell["needs_open"]:
            need = need_figures.setdefault(key, {"count": 0, "people": 0, "as_of": None})
            need["count"] += cell["needs_open"]
            need["people"] += cell["people_in_need"]
            need["as_of"] = _newest(need["as_of"], cell["needs_as_of"])
        if cell["activities_as_of"]:
            activity = activity_figures.setdefault(key, {"people": 0, "as_of": None})
            for name in ACTIVITY_COUNTS.values():
                activity[name] = activity.get(name, 0) + cell[name]
            activity["people"] += cell["people_reached"]
            activity["as_of"] = _newest(activity["as_of"], cell["activities_as_of"])
    return need_figures, activity_figures


def _cells_live(disaster, kabkota_codes, region_code, *, user, group, row_ids) -> tuple[dict, dict]:
    """Needs and activities within ``region_code``, by GROUP BY over the source tables."""
    needs = scoped_by_cluster(Need.objects.all(), user=user).filter(
        declared_needs(),
        disaster=disaster,
        kabkota__in=kabkota_codes,
        status=NeedStatus.OPEN,
        area__code__startswith=region_code,
        **{f"{group}__in": row_ids},
    )
    activities = scoped_by_cluster(Activity.objects.all(), user=user).filter(
        disaster=disaster, kabkota__in=kabkota_codes, area__code__startswith=region_code, **{f"{group}__in": row_ids}
    )
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
    return need_figures, dict(activity_figures)


def impact_by_kabkota(*, user, disasters: QuerySet, kabkota: str | None = None, fields=IMPACT_FIELDS) -> dict:
    """Verified impact of several disasters per kabupaten/kota, from the read model (one GROUP BY): the counted
    latest report of each area, summed where reported (None where no area reported a figure), with the number of
    areas behind each sum."""
    latest = scope_queryset(
        AreaLatestReport.objects.filter(disaster__in=disasters.values("pk"), counted=True),
        user=user,
        kabkota_field="kabkota",
        coordinators_see_all=True,
    )
    if kabkota:
        latest = latest.filter(kabkota_id=kabkota)
    rows = (
        latest.order_by()
        .values("kabkota_id")
        .annotate(
            areas_reported=Count("id"),
            verified_at=Max("verified_at"),
            **{f"sum__{name}": Sum(name) for name in fields},
            **{f"reported__{name}": Count(name) for name in fields},
        )
    )
    return {
        row["kabkota_id"]: {
            **{name: row[f"sum__{name}"] for name in fields},
            "reported_areas": {name: row[f"reported__{name}"] for name in fields},
            "areas_reported": row["areas_reported"],
            "verified_at": row["verified_at"],
        }
        for row in rows
    }


def viewer_key(user) -> str:
    """Users who see the same cluster status share this key: the role (what may be seen) and the scope."""
    province_wide, kabkota, clusters = scope_stamp(user)
    role = "superuser" if user.is_superuser else user.role
    return f"{role}:{int(province_wide)}:{kabkota}:{','.join(clusters)}"


# The stamp is asked on every request, a 304 included, and building and compiling its ORM query (a scoped disaster,
# four sub-selects) costs several times the query itself: each process compiles it once per viewer and set of
# contributing apps and then only swaps the disaster id in. Keyed by user id and scope, so no one ever runs a
# statement built for someone else's scope; bounded, as it only saves work.
_STAMP_STATEMENTS: dict[tuple, "_StampStatement | None"] = {}
_STAMP_STATEMENTS_MAX = 1024
# A disaster id no row has, put in the query while it is compiled and replaced by the real one when it runs.
_DISASTER_PLACEHOLDER = -1_987_654_321
_PLACEHOLDER = re.compile(r"%(.)")


@dataclass(frozen=True)
class _StampStatement:
    """The compiled stamp query of one viewer: ``sql`` with ``%s`` placeholders, its parameters with the disaster id
    at ``slot``, and the same query as the body of a server-side prepared statement named ``name``."""

    alias: str
    sql: str
    params: tuple
    slot: int
    name: str
    prepare: str


def _stamp_queryset(*, user, disaster_id, topics: list[str]) -> QuerySet:
    queryset = disaster_list(user=user).filter(pk=disaster_id).order_by()
    queryset = queryset.annotate(
        read_version=Subquery(ClusterStatusVersion.objects.filter(disaster_id=OuterRef("pk")).values("version")[:1]),
        **{
            f"topic_{index}": Subquery(DataVersion.objects.filter(topic=topic).values("version")[:1])
            for index, topic in enumerate(topics)
        },
    )
    return queryset.values_list("updated_at", "read_version", *(f"topic_{index}" for index in range(len(topics))))


def _numbered(sql: str) -> str:
    """``sql`` with its ``%s`` placeholders numbered ``$1``, ``$2``... as PREPARE wants them (``%%`` kept)."""
    count = 0

    def number(match):
        nonlocal count
        if match.group(1) != "s":
            return match.group(0)
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(number, sql)


def _stamp_statement(*, user, viewer: str, topics: list[str]) -> "_StampStatement | None":
    """The compiled stamp query for ``user`` (whose ``viewer_key`` is ``viewer``), or None when it cannot be kept
    (then the ORM runs it each time)."""
    key = (user.pk, viewer, tuple(topics))
    if key in _STAMP_STATEMENTS:
        return _STAMP_STATEMENTS[key]
    queryset = _stamp_queryset(user=user, disaster_id=_DISASTER_PLACEHOLDER, topics=topics)
    try:
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:
        # A scope that shows nothing (e.g. an officer bound to no kab/kota): the ORM answers it without SQL.
        return None
    slots = [index for index, value in enumerate(params) if value == _DISASTER_PLACEHOLDER]
    statement = None
    if len(slots) == 1:
        name = "cluster_status_stamp_" + hashlib.sha256(sql.encode()).hexdigest()[:16]
        statement = _StampStatement(queryset.db, sql, tuple(params), slots[0], name, _numbered(sql))
    if len(_STAMP_STATEMENTS) >= _STAMP_STATEMENTS_MAX:
        _STAMP_STATEMENTS.clear()
    _STAMP_STATEMENTS[key] = statement
    return statement


class _Prepared:
    """The stamp statements prepared on one database connection, i.e. one PostgreSQL session.

    Prepared statements belong to the session: they outlive rollbacks and vanish with the connection. The state is
    kept on Django's connection object next to the driver connection it describes (held, so that a new connection is
    never taken for it); after any error a statement's state is unknown, and the next run prepares it afresh under
    another name. It holds no data, only which statements the server already knows, so nothing in it can go stale.
    """

    def __init__(self, raw_connection):
        self.raw_connection = raw_connection
        self.names: set[str] = set()
        self.generation = 0

    @classmethod
    def of(cls, wrapper) -> "_Prepared":
        state = getattr(wrapper, "_cluster_status_prepared", None)
        if state is None or state.raw_connection is not wrapper.connection:
            state = wrapper._cluster_status_prepared = cls(wrapper.connection)
        return state


def _run_stamp(statement: _StampStatement, disaster_id: int):
    """Run the stamp query; on PostgreSQL as a prepared statement of the current database connection, prepared in
    the same round trip (and the same query, for query counts) the first time the connection runs it.

    PostgreSQL then skips parsing and planning on every later poll: in-process the stamp took 275 -> 175 us, and under
    the gunicorn bench the PostgreSQL CPU a 304 costs beyond the constant endpoint fell from ~270 to ~55 us, on a
    machine the database shares with the web processes. Connections
    go straight to PostgreSQL (CONN_MAX_AGE keeps them); a pooler that hands one session's statements to another
    client (PgBouncer in transaction mode) would need this turned into the ORM query again.
    """
    wrapper = connections[statement.alias]
    low, high = wrapper.ops.integer_field_range(Disaster._meta.pk.get_internal_type())
    if not low <= disaster_id <= high:
        # No row has such an id, and the prepared statement's typed parameter would refuse it with an error.
        return None
    params = list(statement.params)
    params[statement.slot] = disaster_id
    with wrapper.cursor() as cursor:
        if wrapper.vendor != "postgresql":
            cursor.execute(statement.sql, params)
            return cursor.fetchone()
        prepared = _Prepared.of(wrapper)
        name = f"{statement.name}_{prepared.generation}"
        sql = f"EXECUTE {name} ({', '.join(['%s'] * len(params))})"
        if name not in prepared.names:
            sql = f"PREPARE {name} AS {statement.prepare}; {sql}"
        try:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        except Exception:
            prepared.generation += 1
            prepared.names.clear()
            raise
        prepared.names.add(name)
    return row


def cluster_status_stamp(*, user, disaster_id) -> str:
    """What the cluster status of one disaster depends on, read in one query before anything is computed: who is
    looking (``viewer_key``), the version of its read model, the disaster's own last change and the versions of the
    apps contributing figures.

    Raises Http404 when the disaster is out of ``user``'s scope, exactly like ``cluster_status``.
    """
    require_perm(user, Perm.DISASTER_VIEW)
    viewer = viewer_key(user)
    topics = sorted({contributor.compute.__module__.split(".")[0] for contributor in status_contributors()})
    statement = _stamp_statement(user=user, viewer=viewer, topics=topics)
    if statement is None:
        row = _stamp_queryset(user=user, disaster_id=disaster_id, topics=topics).first()
    else:
        row = _run_stamp(statement, disaster_id)
    if row is None:
        raise Http404
    updated_at, read_version, *versions = row
    contributed = ",".join(f"{topic}={version or 0}" for topic, version in zip(topics, versions, strict=True))
    return f"{viewer}|{disaster_id}:{read_version or 0}:{updated_at}:{contributed}"


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

    group = "sector_id" if match == "sector" else "cluster_id"
    row_ids = [row.id for row in row_clusters]
    if region_code and len(region_code) > KABKOTA_CODE_LENGTH:
        # Narrower than a kabupaten/kota: the read model keeps whole kabupaten/kota, so read the source tables.
        impact = _impact_live(disaster, kabkota_codes, region_code)
        need_figures, activity_figures = _cells_live(
            disaster, kabkota_codes, region_code, user=user, group=group, row_ids=row_ids
        )
    else:
        impact = _impact_read_model(disaster, kabkota_codes)
        need_figures, activity_figures = _cells_read_model(
            disaster, kabkota_codes, user=user, group=group, row_ids=row_ids
        )

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
                    "reported_areas": figures["reported_areas"],
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
    totals["reported_areas"] = {
        field: sum(impact[code]["reported_areas"][field] for code in kabkota_codes) for field in IMPACT_FIELDS
    }
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
