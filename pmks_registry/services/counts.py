"""The PMKS counts and the possible duplicates, kept ready by the writes instead of computed by every read.

``ClientCount`` holds clients (type 0) and client–type links per kabupaten/kota × PMKS type × status × month of
registration; ``DuplicateCandidate`` the name and birth date pairs that two or more clients share. The client
services wrap their change in ``counts_kept`` (what the touched clients counted before is taken away and what they
count after is added, in the same transaction); the import adds its set-based deltas itself (``import_save``).
``counts_rebuild`` recomputes both from the client tables (``manage.py pmks_counts_rebuild``), and
``counts_live`` gives what the maintained tables must equal.

A materialized view refreshed after each import was measured against this (bench/pmks_statistics.py): the refresh
is a full GROUP BY over every client (seconds at 2.2 M), and a single client edit would need one too.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from banten_dinsos.core.data_versions import data_version_bump

from ..models import CLIENT_ROW, Client, ClientCount, ClientPmksType, DuplicateCandidate

KEYS_PER_QUERY = 200

Cell = tuple[str, int, str, datetime.date]  # kab/kota, type (0 = client), status, first day of the month
Key = tuple[str, datetime.date]  # name key, birth date


# Per kab/kota, the name and birth date pairs held by two or more clients in all (a window over the groups).
DUPLICATES_SQL = (
    "SELECT name_key, birth_date, kabkota_id, n FROM ("
    "SELECT name_key, birth_date, kabkota_id, count(*) AS n, "
    "sum(count(*)) OVER (PARTITION BY name_key, birth_date) AS total "
    f"FROM {Client._meta.db_table} GROUP BY name_key, birth_date, kabkota_id) per_kab WHERE total > 1"
)


def month_of(moment: datetime.datetime) -> datetime.date:
    """The month a client was registered in, in WIB (the statistics' months)."""
    return timezone.localtime(moment).date().replace(day=1)


def month_sql(column: str) -> str:
    """``month_of`` in PostgreSQL, for the import's set-based deltas."""
    return f"date_trunc('month', {column} AT TIME ZONE '{settings.TIME_ZONE}')::date"


def _contribution(client_ids: Iterable[int]) -> tuple[Counter, set[Key]]:
    """What these clients add to the counts, and their name and birth date pairs."""
    ids = list(client_ids)
    cells: Counter = Counter()
    keys: set[Key] = set()
    if not ids:
        return cells, keys
    rows = {
        pk: (kab, status, month_of(created), (name_key, birth))
        for pk, kab, status, created, name_key, birth in Client.objects.filter(pk__in=ids).values_list(
            "pk", "kabkota_id", "status", "created_at", "name_key", "birth_date"
        )
    }
    for kab, status, month, key in rows.values():
        cells[(kab, CLIENT_ROW, status, month)] += 1
        keys.add(key)
    for client_id, number in ClientPmksType.objects.filter(client_id__in=ids).values_list("client_id", "pmks_type_id"):
        kab, status, month, _key = rows[client_id]
        cells[(kab, number, status, month)] += 1
    return cells, keys


def counts_apply(delta: dict[Cell, int]) -> None:
    """Add ``delta`` to the counts (one upsert; cells whose change is 0 are left alone)."""
    # Sorted: two transactions touching the same cells lock them in the same order (no deadlock).
    values = sorted((kab, number, status, month, n) for (kab, number, status, month), n in delta.items() if n)
    if not values:
        return
    table = ClientCount._meta.db_table
    placeholders = ", ".join(["(%s, %s, %s, %s, %s)"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} AS t (kabkota, pmks_type, status, month, n) VALUES {placeholders} "
            "ON CONFLICT (kabkota, pmks_type, status, month) DO UPDATE SET n = t.n + excluded.n",
            [value for row in values for value in row],
        )


def _key_condition(keys) -> Q:
    condition = Q()
    for name_key, birth_date in keys:
        condition |= Q(name_key=name_key, birth_date=birth_date)
    return condition


def duplicates_refresh(keys: Iterable[Key]) -> None:
    """Recount the possible duplicates of these name and birth date pairs from the client table."""
    keys = sorted(set(keys))
    for start in range(0, len(keys), KEYS_PER_QUERY):
        chunk = keys[start : start + KEYS_PER_QUERY]
        condition = _key_condition(chunk)
        DuplicateCandidate.objects.filter(condition).delete()
        per_kab = list(
            Client.objects.filter(condition)
            .order_by()
            .values_list("name_key", "birth_date", "kabkota_id")
            .annotate(n=Count("id"))
        )
        totals: Counter = Counter()
        for name_key, birth_date, _kab, n in per_kab:
            totals[(name_key, birth_date)] += n
        DuplicateCandidate.objects.bulk_create(
            DuplicateCandidate(name_key=name_key, birth_date=birth_date, kabkota=kab, n=n)
            for name_key, birth_date, kab, n in per_kab
            if totals[(name_key, birth_date)] > 1
        )


class CountsChange:
    """The clients one service call touches: what they counted before, then the difference once it is done."""

    def __init__(self):
        self.before: Counter = Counter()
        self.keys: set[Key] = set()
        self.ids: set[int] = set()

    def watch(self, *client_ids: int) -> None:
        """Take the current contribution of these clients (call before changing them; a new client: after)."""
        new = [pk for pk in client_ids if pk is not None and pk not in self.ids]
        self.ids.update(new)
        cells, keys = _contribution(new)
        self.before.update(cells)
        self.keys |= keys

    def added(self, *client_ids: int) -> None:
        """Clients created by this change: they counted nothing before."""
        self.ids.update(pk for pk in client_ids if pk is not None)

    def apply(self) -> None:
        after, keys = _contribution(self.ids)
        delta = Counter(after)
        delta.subtract(self.before)
        counts_apply(delta)
        # A changed name, birth date or kab/kota, a new or a deleted client: its pairs are counted again.
        if self.keys != keys or any(cell[1] == CLIENT_ROW and n for cell, n in delta.items()):
            duplicates_refresh(self.keys | keys)


@contextmanager
def counts_kept(*client_ids: int):
    """Keep the counts right across the change made inside the block (the caller's transaction)."""
    change = CountsChange()
    change.watch(*client_ids)
    yield change
    change.apply()


# ---------------------------------------------------------------------------------------------------------------
# Rebuild and the live truth
# ---------------------------------------------------------------------------------------------------------------
def counts_live(*, duplicates: bool = True) -> tuple[dict[Cell, int], dict[tuple, int]]:
    """The counts and possible duplicates computed from the client tables now (a full GROUP BY each)."""
    cells: dict[Cell, int] = {}
    clients = (
        Client.objects.order_by()
        .annotate(month=TruncMonth("created_at"))
        .values_list("kabkota_id", "status", "month")
        .annotate(n=Count("id"))
    )
    for kab, status, month, n in clients:
        cells[(kab, CLIENT_ROW, status, _as_date(month))] = n
    links = (
        ClientPmksType.objects.order_by()
        .annotate(month=TruncMonth("client__created_at"))
        .values_list("client__kabkota_id", "pmks_type_id", "client__status", "month")
        .annotate(n=Count("id"))
    )
    for kab, number, status, month, n in links:
        cells[(kab, number, status, _as_date(month))] = n
    if not duplicates:
        return cells, {}
    with connection.cursor() as cursor:
        cursor.execute(DUPLICATES_SQL)
        return cells, {(k, _as_date(b), kab): n for k, b, kab, n in cursor.fetchall()}


def counts_maintained() -> tuple[dict[Cell, int], dict[tuple, int]]:
    """What the maintained tables hold (cells at 0 left out), in the shape of ``counts_live``."""
    cells = {
        (kab, number, status, month): n
        for kab, number, status, month, n in ClientCount.objects.exclude(n=0).values_list(
            "kabkota", "pmks_type", "status", "month", "n"
        )
    }
    rows = DuplicateCandidate.objects.values_list("name_key", "birth_date", "kabkota", "n")
    duplicates = {(k, b, kab): n for k, b, kab, n in rows}
    return cells, duplicates


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


@transaction.atomic
def counts_rebuild() -> dict:
    """Recompute the counts and the possible duplicates from the client tables (replaces what is there)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Nobody writes clients or their types meanwhile (an import or a service waits for the commit).
            cursor.execute(f"LOCK TABLE {Client._meta.db_table}, {ClientPmksType._meta.db_table} IN SHARE MODE")
    cells, _duplicates = counts_live(duplicates=False)
    ClientCount.objects.all().delete()
    DuplicateCandidate.objects.all().delete()
    ClientCount.objects.bulk_create(
        (ClientCount(kabkota=kab, pmks_type=number, status=status, month=month, n=n))
        for (kab, number, status, month), n in cells.items()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {DuplicateCandidate._meta.db_table} (name_key, birth_date, kabkota, n) {DUPLICATES_SQL}"
        )
        duplicates = cursor.rowcount
    clients = sum(n for (_kab, number, _status, _month), n in cells.items() if number == CLIENT_ROW)
    # Not an audited write: raise the PMKS data version itself, so the cached statistics see the rebuilt counts.
    data_version_bump(Client._meta.app_label)
    return {"cells": len(cells), "duplicates": duplicates, "clients": clients}
