"""Benchmark of the logistics stock ledger at 1,000,000 moves. Not a test.

Posts moves through the portal's own service (logistics.services.moves_post, as every page and endpoint does: checks,
balance rows locked in key order, one multi-row INSERT, one UPDATE of the balances, all in one transaction per
document of ``--batch`` lines) into its own database (default bench_logistics_ledger, dropped at the end unless
``--keep``), and prints, from the same run:

* the posting rate (moves/s) next to a bare INSERT of the same rows into the same table (same indexes, same trigger,
  one transaction per batch, nothing else), and the ratio between them (goal: >= 30 %);
* the stock-position query time (median and p95 of ``stock_position``, province-wide and for one warehouse) once the
  ledger holds all the moves (goal: < 50 ms);
* the time of the drift check (balances against the sum of the ledger), which must find nothing.

Both run document by document, alternating which goes first, so they meet the same table size and the same load on
a shared machine: each document's rows are inserted bare and rolled back, then posted (or the other way round). The
sequence of moves is random but seeded: receipts from donors into the nine warehouses, transfers between them and
issues to 200 desa, never more than is on hand.

Bounded: 10-25 minutes for 1,000,000 moves on a busy 2-core machine; try --moves 100000 first.

Usage: .venv/bin/python bench/logistics_ledger.py [--moves 1000000] [--batch 1000]
       [--database-url postgres://postgres@127.0.0.1:5432/bench_logistics_ledger] [--keep]
"""

import argparse
import functools
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
print = functools.partial(print, flush=True)  # noqa: A001 - progress shows as it happens, also when redirected
sys.path.insert(0, str(ROOT))
SEED = 14
KABKOTA = ["36.01", "36.02", "36.03", "36.04", "36.71", "36.72", "36.73", "36.74"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=1000, help="lines per posted document")
    parser.add_argument("--runs", type=int, default=30, help="stock-position queries timed")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/bench_logistics_ledger")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def _admin(url: str):
    import psycopg2

    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    return admin


def recreate_database(url: str) -> None:
    from psycopg2 import sql

    name = url.rsplit("/", 1)[1]
    admin = _admin(url)
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def drop_database(url: str) -> None:
    from django.db import connections
    from psycopg2 import sql

    connections.close_all()
    admin = _admin(url)
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(url.rsplit("/", 1)[1])))
    admin.close()


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"  # no query log kept in memory
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "banten_dinsos.settings.local")
    import django

    django.setup()


def prepare():
    """Regions, the catalogue, nine warehouses, 200 desa, one batch per item (expiring items get three)."""
    from datetime import date

    from django.core.management import call_command

    from banten_dinsos.accounts.models import User
    from banten_dinsos.accounts.roles import Role
    from banten_dinsos.regions.models import Region
    from banten_dinsos.regions.services import regions_load
    from logistics.models import Item, Location, LocationKind
    from logistics.services import batch_for, logistics_load_reference

    call_command("migrate", verbosity=0, skip_checks=True)
    regions_load()
    logistics_load_reference()
    staf, _created = User.objects.get_or_create(username="bench.staf", defaults={"role": Role.STAF_PROVINSI})
    warehouses = [
        Location.objects.create(
            code="bench-provinsi", name="Gudang provinsi", kind=LocationKind.GUDANG_PROVINSI, region_id="36"
        )
    ]
    warehouses += [
        Location.objects.create(
            code=f"bench-{code}",
            name=f"Gudang {code}",
            kind=LocationKind.GUDANG_KABKOTA,
            region_id=code,
            kabkota_id=code,
        )
        for code in KABKOTA
    ]
    desa = [
        Location.objects.create(
            code=f"bench-desa-{region.code}",
            name=region.name,
            kind=LocationKind.DESA,
            region=region,
            kabkota_id=region.code[:5],
        )
        for region in Region.objects.filter(level="desa").order_by("code")[:200]
    ]
    supplier = Location.objects.get(code="sumber-kemensos")
    stock = []  # (item, batch)
    for item in Item.objects.order_by("pk"):
        if item.tracks_expiry:
            stock += [(item, batch_for(item=item, code=f"B{n}", expiry_date=date(2030, n, 1))) for n in (1, 2, 3)]
        else:
            stock.append((item, batch_for(item=item)))
    return staf, supplier, warehouses, desa, stock


def plan(total: int, batch: int, supplier, warehouses, desa, stock):
    """Documents of ``batch`` lines: (kind, stock index, quantity, source, destination); never more than on hand."""
    from logistics.models import MoveKind

    rng = random.Random(SEED)
    on_hand: dict[tuple[int, int], int] = {}
    made = 0
    while made < total:
        lines = []
        for _ in range(min(batch, total - made)):
            which = rng.randrange(len(stock))
            where = rng.randrange(len(warehouses))
            held = on_hand.get((where, which), 0)
            roll = rng.random()
            if held < 20 or roll < 0.4:
                quantity = rng.randint(50, 500)
                lines.append((MoveKind.RECEIPT, which, quantity, supplier, warehouses[where]))
                on_hand[(where, which)] = held + quantity
            elif roll < 0.7:
                quantity = rng.randint(1, held // 2)
                other = (where + 1 + rng.randrange(len(warehouses) - 1)) % len(warehouses)
                lines.append((MoveKind.TRANSFER, which, quantity, warehouses[where], warehouses[other]))
                on_hand[(where, which)] = held - quantity
                on_hand[(other, which)] = on_hand.get((other, which), 0) + quantity
            else:
                quantity = rng.randint(1, held // 2)
                lines.append((MoveKind.ISSUE, which, quantity, warehouses[where], rng.choice(desa)))
                on_hand[(where, which)] = held - quantity
        made += len(lines)
        yield lines


def _bare_rows(staf, stock, lines):
    from django.utils import timezone

    now = timezone.now()
    return [
        (
            kind,
            now,
            stock[which][0].pk,
            stock[which][1].pk,
            Decimal(quantity),
            source.pk,
            destination.pk,
            source.kabkota_id,
            destination.kabkota_id,
            None,
            "",
            None,
            None,
            None,
            None,
            staf.pk,
        )
        for kind, which, quantity, source, destination in lines
    ]


def bare_insert(rows) -> float:
    """Seconds for a plain multi-row INSERT of ``rows`` with its foreign-key checks, then rolled back.

    The rows are rolled back so the table holds exactly the posted moves; ``SET CONSTRAINTS ALL IMMEDIATE`` runs the
    deferred foreign-key checks inside the timing (what a commit would do), only the commit's WAL flush is left out,
    which favours the bare INSERT.
    """
    from django.db import connection, transaction
    from psycopg2.extras import execute_values

    from logistics.services.ledger import MOVE_COLUMNS

    sql = f"INSERT INTO logistics_stockmove ({', '.join(MOVE_COLUMNS)}) VALUES %s"
    with transaction.atomic():
        started = time.perf_counter()
        with connection.cursor() as cursor:
            execute_values(cursor.cursor, sql, rows, page_size=len(rows))
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        spent = time.perf_counter() - started
        transaction.set_rollback(True)
    return spent


def post(staf, stock, lines) -> float:
    """Seconds spent posting one document through the service (committed)."""
    from logistics.services import MoveLine, moves_post

    started = time.perf_counter()
    moves_post(
        user=staf,
        lines=[
            MoveLine(
                kind=kind,
                item=stock[which][0],
                batch=stock[which][1],
                quantity=Decimal(quantity),
                source=source,
                destination=destination,
            )
            for kind, which, quantity, source, destination in lines
        ],
    )
    return time.perf_counter() - started


def compare(args, staf, supplier, warehouses, desa, stock) -> tuple[float, float]:
    """Each document is inserted bare (and rolled back) and posted, alternating which goes first, so both meet the
    same table size and the same load on a shared machine. Returns (bare seconds, posting seconds)."""
    bare_spent = post_spent = 0.0
    done = 0
    for number, lines in enumerate(plan(args.moves, args.batch, supplier, warehouses, desa, stock)):
        rows = _bare_rows(staf, stock, lines)
        if number % 2:
            post_spent += post(staf, stock, lines)
            bare_spent += bare_insert(rows)
        else:
            bare_spent += bare_insert(rows)
            post_spent += post(staf, stock, lines)
        done += len(lines)
        if done % 100_000 == 0:
            print(f"  {done:,} moves: bare {done / bare_spent:,.0f} rows/s, posting {done / post_spent:,.0f} moves/s")
    return bare_spent, post_spent


def timed(runs: int, call) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def _stop(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")


def main():
    import signal

    args = parse_args()
    # A timeout or Ctrl-C still drops the benchmark's database (the finally below).
    signal.signal(signal.SIGTERM, _stop)
    recreate_database(args.database_url)
    setup_django(args.database_url)
    try:
        run(args)
    finally:
        if not args.keep:
            drop_database(args.database_url)
            print(f"dropped {args.database_url.rsplit('/', 1)[1]}")


def run(args):
    from django.db import connection

    from logistics.models import StockMove
    from logistics.selectors import stock_position
    from logistics.services import balances_verify

    staf, supplier, warehouses, desa, stock = prepare()
    print(f"{args.moves:,} moves in documents of {args.batch:,} lines; {len(warehouses)} warehouses, {len(desa)} desa")

    bare, posting = compare(args, staf, supplier, warehouses, desa, stock)
    bare_rate, rate = args.moves / bare, args.moves / posting
    print(f"bare INSERT into logistics_stockmove: {bare:.1f} s, {bare_rate:,.0f} rows/s")
    print(f"posting through moves_post:           {posting:.1f} s, {rate:,.0f} moves/s")
    print(f"posting / bare INSERT:                {rate / bare_rate:.0%} (goal >= 30 %)")
    assert StockMove.objects.count() == args.moves

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE logistics_stockmove; ANALYZE logistics_stockbalance")
    stock_position(user=staf)  # warm the caches once
    median, p95 = timed(args.runs, lambda: stock_position(user=staf))
    print(f"stock position, province-wide:        median {median:.1f} ms, p95 {p95:.1f} ms (goal < 50 ms)")
    median, p95 = timed(args.runs, lambda: stock_position(user=staf, location=warehouses[3]))
    print(f"stock position, one warehouse:        median {median:.1f} ms, p95 {p95:.1f} ms")

    started = time.perf_counter()
    drift = balances_verify()
    print(f"balances against the ledger:          {len(drift)} rows differ ({time.perf_counter() - started:.1f} s)")
    if drift:
        raise SystemExit("drift between the balances and the ledger")


if __name__ == "__main__":
    main()
