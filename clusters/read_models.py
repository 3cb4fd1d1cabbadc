"""The cluster-status read model, kept ready by the services that change it.

Three tables (clusters/models.py): ``AreaLatestReport`` (the latest verified report of each area of a disaster,
flagged ``counted`` by the kecamatan rule), ``ClusterStatusCell`` (open needs and 3W activities per disaster ×
kabupaten/kota × cluster) and ``ClusterStatusVersion`` (one counter per disaster, raised by every change).
Beside them ``ReportDayCount`` keeps the reports received per disaster × kabupaten/kota × day (WIB) for the
dashboard's chart: the submit and edit services add and take away their report (``reports_received_move``).

Every service that verifies, supersedes, returns, withdraws or edits a field report, a need or an activity calls
one of the ``apply_*`` functions below inside its own transaction, so the read model commits (or rolls back) with
the change; paths that write in bulk call ``cluster_status_rebuild`` for the disasters they touched. Each call
locks the disaster's version row first: changes to one disaster's read model are serialised (each recomputes a
handful of rows from the source tables), other disasters go on in parallel. ``manage.py cluster_status_rebuild``
recomputes everything from the source tables; tests prove both ways give the same rows.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Count, F, Max, Q, Sum, Window
from django.db.models.functions import RowNumber, TruncDate
from django.utils import timezone

from .models import (
    IMPACT_FIELDS,
    Activity,
    ActivityStatus,
    AreaLatestReport,
    ClusterStatusCell,
    ClusterStatusVersion,
    FieldReport,
    Need,
    NeedStatus,
    ReportDayCount,
    ReportState,
)

KECAMATAN_CODE_LENGTH = 8  # "36.71.08"
WIB = ZoneInfo("Asia/Jakarta")
LATEST_FIELDS = ("id", "disaster_id", "area_id", "kabkota_id", "observed_at", "verified_at", *IMPACT_FIELDS)
ACTIVITY_COUNTS = {
    ActivityStatus.PLANNED: "activities_planned",
    ActivityStatus.ONGOING: "activities_ongoing",
    ActivityStatus.COMPLETED: "activities_completed",
}
REACHING = (ActivityStatus.ONGOING, ActivityStatus.COMPLETED)
CELL_FIGURES = (
    "needs_open",
    "people_in_need",
    "needs_as_of",
    "activities_planned",
    "activities_ongoing",
    "activities_completed",
    "people_reached",
    "activities_as_of",
)


def counting_needs() -> Q:
    """Needs that cluster status counts: open, and either declared directly or written in a verified report."""
    return Q(status=NeedStatus.OPEN) & (Q(report__isnull=True) | Q(report__state=ReportState.VERIFIED))


# ---------------------------------------------------------------------------------------------------------------
# The version
# ---------------------------------------------------------------------------------------------------------------


def _lock(disaster_id: int) -> None:
    """Take the disaster's read-model lock (its version row, created on first use)."""
    ClusterStatusVersion.objects.bulk_create([ClusterStatusVersion(disaster_id=disaster_id)], ignore_conflicts=True)
    ClusterStatusVersion.objects.select_for_update().filter(disaster_id=disaster_id).exists()


def _bump(disaster_ids: Iterable[int]) -> None:
    ClusterStatusVersion.objects.filter(disaster_id__in=list(disaster_ids)).update(
        version=F("version") + 1, changed_at=timezone.now()
    )


@transaction.atomic
def cluster_status_touch(*, disaster_ids: Iterable[int]) -> None:
    """Raise the version of these disasters' cluster status (for changes outside the read model's tables)."""
    ids = sorted(set(disaster_ids))
    for disaster_id in ids:
        _lock(disaster_id)
    _bump(ids)


def cluster_status_versions(disaster_ids: Iterable[int]) -> dict[int, int]:
    return dict(
        ClusterStatusVersion.objects.filter(disaster_id__in=list(disaster_ids)).values_list("disaster_id", "version")
    )


# ---------------------------------------------------------------------------------------------------------------
# Latest verified report per area
# ---------------------------------------------------------------------------------------------------------------


def counted_flags(rows: list[dict]) -> dict[str, bool]:
    """area_id -> counted, for the latest rows of one disaster: the newer side of each kecamatan is counted (its
    recap when at least as new as every desa report inside it, else the desa reports)."""
    recaps = {row["area_id"]: row for row in rows if len(row["area_id"]) <= KECAMATAN_CODE_LENGTH}
    newest_desa: dict[str, object] = {}
    for row in rows:
        if len(row["area_id"]) > KECAMATAN_CODE_LENGTH:
            kecamatan = row["area_id"][:KECAMATAN_CODE_LENGTH]
            if kecamatan not in newest_desa or row["observed_at"] > newest_desa[kecamatan]:
                newest_desa[kecamatan] = row["observed_at"]
    flags = {}
    for row in rows:
        kecamatan = row["area_id"][:KECAMATAN_CODE_LENGTH]
        recap = recaps.get(kecamatan)
        recap_wins = recap is not None and (
            kecamatan not in newest_desa or recap["observed_at"] >= newest_desa[kecamatan]
        )
        is_recap = len(row["area_id"]) <= KECAMATAN_CODE_LENGTH
        flags[row["area_id"]] = recap_wins if is_recap else not recap_wins
    return flags


def _latest_row(row: dict, *, counted: bool) -> AreaLatestReport:
    return AreaLatestReport(
        disaster_id=row["disaster_id"],
        area_id=row["area_id"],
        kabkota_id=row["kabkota_id"],
        kecamatan_code=row["area_id"][:KECAMATAN_CODE_LENGTH],
        report_id=row["id"],
        observed_at=row["observed_at"],
        verified_at=row["verified_at"],
        counted=counted,
        **{name: row[name] for name in IMPACT_FIELDS},
    )


def _refresh_area(disaster_id: int, area_id: str) -> None:
    """Recompute the latest verified report of one area (one index probe), then the kecamatan's counted flags."""
    latest = (
        FieldReport.objects.filter(disaster_id=disaster_id, area_id=area_id, state=ReportState.VERIFIED)
        .order_by("-observed_at", "-verified_at", "-id")
        .values(*LATEST_FIELDS)
        .first()
    )
    if latest is None:
        AreaLatestReport.objects.filter(disaster_id=disaster_id, area_id=area_id).delete()
    else:
        AreaLatestReport.objects.bulk_create(
            [_latest_row(latest, counted=True)],
            update_conflicts=True,
            unique_fields=["disaster", "area"],
            update_fields=["kabkota", "kecamatan_code", "report", "observed_at", "verified_at", *IMPACT_FIELDS],
        )
    kecamatan = area_id[:KECAMATAN_CODE_LENGTH]
    rows = list(
        AreaLatestReport.objects.filter(disaster_id=disaster_id, kecamatan_code=kecamatan).values(
            "id", "area_id", "observed_at", "counted"
        )
    )
    flags = counted_flags(rows)
    changed = [row for row in rows if row["counted"] != flags[row["area_id"]]]
    for counted in (True, False):
        ids = [row["id"] for row in changed if flags[row["area_id"]] is counted]
        if ids:
            AreaLatestReport.objects.filter(pk__in=ids).update(counted=counted)


# ---------------------------------------------------------------------------------------------------------------
# Needs and activities per disaster × kabupaten/kota × cluster
# ---------------------------------------------------------------------------------------------------------------


def _cell_figures(needs, activities) -> dict[tuple, dict]:
    """(disaster_id, kabkota_id, cluster_id) -> figures, from GROUP BYs over the given needs and activities."""
    cells: dict[tuple, dict] = defaultdict(lambda: {"sector_id": None, **dict.fromkeys(CELL_FIGURES, 0)})
    for row in (
        needs.filter(counting_needs())
        .order_by()
        .values("disaster_id", "kabkota_id", "cluster_id", "sector_id")
        .annotate(count=Count("id"), people=Sum("people_in_need"), as_of=Max("updated_at"))
    ):
        cell = cells[(row["disaster_id"], row["kabkota_id"], row["cluster_id"])]
        cell.update(sector_id=row["sector_id"], needs_open=row["count"], people_in_need=row["people"] or 0)
        cell["needs_as_of"] = row["as_of"]
    for row in (
        activities.order_by()
        .values("disaster_id", "kabkota_id", "cluster_id", "sector_id", "status")
        .annotate(count=Count("id"), people=Sum("people_reached"), as_of=Max("updated_at"))
    ):
        cell = cells[(row["disaster_id"], row["kabkota_id"], row["cluster_id"])]
        cell["sector_id"] = row["sector_id"]
        if row["status"] in ACTIVITY_COUNTS:
            cell[ACTIVITY_COUNTS[row["status"]]] = row["count"]
        if row["status"] in REACHING:
            cell["people_reached"] += row["people"] or 0
        if not cell["activities_as_of"] or row["as_of"] > cell["activities_as_of"]:
            cell["activities_as_of"] = row["as_of"]
    for cell in cells.values():
        for name in ("needs_as_of", "activities_as_of"):
            cell[name] = cell[name] or None
    return cells


def _cell(key: tuple, figures: dict) -> ClusterStatusCell:
    disaster_id, kabkota_id, cluster_id = key
    return ClusterStatusCell(disaster_id=disaster_id, kabkota_id=kabkota_id, cluster_id=cluster_id, **figures)


def _refresh_cells(disaster_id: int, keys: Iterable[tuple[str, int]]) -> None:
    """Recompute the cells ``(kabkota_id, cluster_id)`` of one disaster from their needs and activities."""
    keys = set(keys)
    if not keys:
        return
    match = Q()
    for kabkota_id, cluster_id in keys:
        match |= Q(kabkota_id=kabkota_id, cluster_id=cluster_id)
    cells = _cell_figures(
        Need.objects.filter(match, disaster_id=disaster_id), Activity.objects.filter(match, disaster_id=disaster_id)
    )
    stale = Q()
    for kabkota_id, cluster_id in keys:
        if (disaster_id, kabkota_id, cluster_id) not in cells:
            stale |= Q(kabkota_id=kabkota_id, cluster_id=cluster_id)
    if stale:
        ClusterStatusCell.objects.filter(stale, disaster_id=disaster_id).delete()
    if cells:
        ClusterStatusCell.objects.bulk_create(
            [_cell(key, figures) for key, figures in cells.items()],
            update_conflicts=True,
            unique_fields=["disaster", "kabkota", "cluster"],
            update_fields=["sector", *CELL_FIGURES],
        )


# ---------------------------------------------------------------------------------------------------------------
# What services call
# ---------------------------------------------------------------------------------------------------------------


def apply_report_change(report: FieldReport, *, previous_area_id: str | None = None) -> None:
    """Bring the read model up to date after ``report`` changed state, figures or area (verify, supersede, return,
    withdraw, unapprove, edit). Call inside the service's transaction, after saving the report; for a correction
    that supersedes another report, one call covers both (same disaster and area) except the corrected report's
    needs: call it for the corrected report too, or pass both to ``apply_reports_change``."""
    apply_reports_change([report], previous_area_ids=[previous_area_id] if previous_area_id else ())


# savepoint=False: inside a service's transaction this adds no query; alone (a fixture, a script) it opens one, which
# the row lock needs.
@transaction.atomic(savepoint=False)
def apply_reports_change(reports: Iterable[FieldReport], *, previous_area_ids: Iterable[str] = ()) -> None:
    reports = list(reports)
    if not reports:
        return
    disaster_id = reports[0].disaster_id
    if any(report.disaster_id != disaster_id for report in reports):
        for report in reports:
            apply_reports_change([report])
        return
    _lock(disaster_id)
    for area_id in sorted({report.area_id for report in reports} | set(previous_area_ids)):
        _refresh_area(disaster_id, area_id)
    keys = Need.objects.filter(report__in=[report.pk for report in reports]).values_list("kabkota_id", "cluster_id")
    _refresh_cells(disaster_id, keys)
    _bump([disaster_id])


def apply_need_change(need: Need, *, previous: tuple[str, int] | None = None) -> None:
    """After a need was created or changed (status, people, cluster or area): its cell, and the one it left."""
    apply_cells_change(
        disaster_id=need.disaster_id, keys=[(need.kabkota_id, need.cluster_id), *filter(None, [previous])]
    )


def apply_activity_change(activity: Activity, *, previous: tuple[str, int] | None = None) -> None:
    """After a 3W activity was created or changed: its cell, and the one it left (``(kabkota_id, cluster_id)``)."""
    apply_cells_change(
        disaster_id=activity.disaster_id, keys=[(activity.kabkota_id, activity.cluster_id), *filter(None, [previous])]
    )


@transaction.atomic(savepoint=False)
def apply_cells_change(*, disaster_id: int, keys: Iterable[tuple[str, int]]) -> None:
    _lock(disaster_id)
    _refresh_cells(disaster_id, keys)
    _bump([disaster_id])


# ---------------------------------------------------------------------------------------------------------------
# Reports received per disaster × kabupaten/kota × day
# ---------------------------------------------------------------------------------------------------------------


def received_day(moment: datetime) -> date:
    """The day (WIB) a report submitted at ``moment`` counts on."""
    return timezone.localtime(moment, WIB).date()


def reports_received_move(report: FieldReport, *, previous: tuple[str, datetime | None]) -> None:
    """Keep ``ReportDayCount`` right after ``report`` was (re)submitted or moved to another kabupaten/kota: it no
    longer counts where it counted before (``previous``: its kabupaten/kota and submission time then, the time None
    if it had not been submitted) but at its current kabupaten/kota and submission time. One upsert, adding to the
    cells (the row locks serialise concurrent changes of one cell). Call inside the service's transaction."""
    delta: Counter = Counter()
    if previous[1] is not None:
        delta[(previous[0], received_day(previous[1]))] -= 1
    if report.submitted_at is not None:
        delta[(report.kabkota_id, received_day(report.submitted_at))] += 1
    values = sorted((kabkota, day, n) for (kabkota, day), n in delta.items() if n)
    if not values:
        return
    _received_add(report.disaster_id, values)


def _received_add(disaster_id: int, values: list[tuple[str, date, int]]) -> None:
    table = ReportDayCount._meta.db_table
    placeholders = ", ".join(["(%s, %s, %s, %s)"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} AS t (disaster_id, kabkota_id, day, n) VALUES {placeholders} "  # noqa: S608
            "ON CONFLICT (disaster_id, day, kabkota_id) DO UPDATE SET n = t.n + excluded.n",
            [value for kabkota, day, n in values for value in (disaster_id, kabkota, day, n)],
        )


def _received_rebuild(ids: list[int]) -> int:
    ReportDayCount.objects.filter(disaster_id__in=ids).delete()
    rows = (
        FieldReport.objects.filter(disaster_id__in=ids, submitted_at__isnull=False)
        .annotate(day=TruncDate("submitted_at", tzinfo=WIB))
        .order_by()
        .values_list("disaster_id", "kabkota_id", "day")
        .annotate(n=Count("id"))
    )
    cells = [ReportDayCount(disaster_id=d, kabkota_id=k, day=day, n=n) for d, k, day, n in rows]
    ReportDayCount.objects.bulk_create(cells, batch_size=2000)
    return len(cells)


@transaction.atomic
def cluster_status_rebuild(*, disaster_ids: Iterable[int] | None = None) -> dict[str, int]:
    """Recompute the read model of these disasters (all when None) from the source tables, set-based.

    Also what bulk paths (imports, seeds, benchmarks loading rows with ``bulk_create``) call for the disasters
    they wrote to. Returns the number of rows written.
    """
    from .models import Disaster

    ids = sorted(set(disaster_ids) if disaster_ids is not None else Disaster.objects.values_list("pk", flat=True))
    for disaster_id in ids:
        _lock(disaster_id)
    AreaLatestReport.objects.filter(disaster_id__in=ids).delete()
    ClusterStatusCell.objects.filter(disaster_id__in=ids).delete()
    # A window function rather than DISTINCT ON, so the rebuild also runs on SQLite (``make run``).
    latest = list(
        FieldReport.objects.filter(disaster_id__in=ids, state=ReportState.VERIFIED)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("disaster_id"), F("area_id")],
                order_by=[F("observed_at").desc(), F("verified_at").desc(), F("id").desc()],
            )
        )
        .filter(rank=1)
        .values(*LATEST_FIELDS)
    )
    by_disaster = defaultdict(list)
    for row in latest:
        by_disaster[row["disaster_id"]].append(row)
    rows = []
    for disaster_rows in by_disaster.values():
        flags = counted_flags(disaster_rows)
        rows += [_latest_row(row, counted=flags[row["area_id"]]) for row in disaster_rows]
    AreaLatestReport.objects.bulk_create(rows, batch_size=2000)
    cells = _cell_figures(Need.objects.filter(disaster_id__in=ids), Activity.objects.filter(disaster_id__in=ids))
    ClusterStatusCell.objects.bulk_create([_cell(key, figures) for key, figures in cells.items()], batch_size=2000)
    received = _received_rebuild(ids)
    _bump(ids)
    return {"areas": len(rows), "cells": len(cells), "received_days": received}
