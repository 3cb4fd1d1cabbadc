"""Benchmark of the PMKS import and client list at the target caseload (223,142 clients). Not a test.

Runs against its own database (default dev_pmks_bench, created and migrated if missing) and prints, from the
same run and the same generated rows:

* PostgreSQL COPY of the rows into the client table with all its indexes (the ceiling for this table);
* the plain Django path: csv parse, model construction, bulk_create in batches of 5,000 (clients and types);
* the portal's import (streaming read, full validation, COPY staging, upsert, types, error report);
* a second import of the same file (nothing changes);
* ratios between them, and the list latency (selector, page, API, statistics) at 223,142 clients.

It cleans up after itself: the temporary folder with the generated file is removed and the database is dropped at
the end (``--keep`` keeps it). Peak memory is that of a fresh process running only the import (``ru_maxrss`` of
the measuring process would include the earlier steps).

Usage: .venv/bin/python bench/pmks_import.py [--rows 223142] [--database-url postgres://.../dev_pmks_bench] [--keep]
"""

import argparse
import csv
import datetime
import io
import logging
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from memory import peak_rss_mb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_ROWS = 223_142
TIME_BUDGET_S = 600


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=TARGET_ROWS)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/dev_pmks_bench")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each import measurement (median printed)")
    parser.add_argument("--keep", action="store_true", help="keep the database (default: dropped at the end)")
    parser.add_argument("--measure-import", help=argparse.SUPPRESS)  # internal: the fresh import process
    return parser.parse_args()


def drop_database(url: str) -> None:
    import psycopg2
    from django.db import connections
    from psycopg2 import sql

    connections.close_all()
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(url.rsplit("/", 1)[1])))
    admin.close()


def import_child(path: str) -> None:
    """The import alone in a fresh process: its own peak RSS, and the RSS before it started."""
    from pmks_registry.services import import_job_create_from_path, import_job_run

    empty_tables()
    before = peak_rss_mb()
    job = import_job_create_from_path(path=path, source="dtks")
    job = import_job_run(job_id=job.pk, path=path)
    peak = peak_rss_mb()
    print(f"status={job.status}\nrss_before={before}\nrss_peak={peak}")


def measure_import_memory(url: str, path: Path) -> dict:
    import subprocess

    output = subprocess.run(
        [sys.executable, __file__, "--database-url", url, "--measure-import", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(line.split("=", 1) for line in output.strip().splitlines() if "=" in line)


def ensure_database(url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"  # no query log kept in memory
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "banten_dinsos.settings.local")
    import django

    django.setup()


def generate_file(path: Path, rows: int) -> None:
    """A CSV as Excel in Indonesia saves it (BOM, semicolons), every row valid and with a distinct NIK."""
    from banten_dinsos.core.nik import nik_generate
    from banten_dinsos.regions.models import Region, RegionLevel

    rng = random.Random(223142)
    desas = list(Region.objects.filter(level=RegionLevel.DESA).values_list("code", flat=True).order_by("code"))
    names = ["Siti", "Nur", "Ahmad", "Budi", "Dewi", "Rina", "Ujang", "Euis", "Iwan", "Yuli", "Lilis", "Joko"]
    family = ["Aminah", "Hidayat", "Saputra", "Rahmawati", "Setiawan", "Maulana", "Kurniawan", "Suryani"]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(["nik", "no_kk", "nama", "jenis_kelamin", "tanggal_lahir", "kode_wilayah", "jenis_pmks"])
        for serial in range(1, rows + 1):
            sex = "LP"[serial % 2]
            born = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 84))
            desa = desas[rng.randrange(len(desas))]
            prefix = desa.replace(".", "")[:6]
            # serial 1..9999 within each birth date and prefix keeps NIKs unique: vary the prefix's last digits
            nik = nik_generate(region_prefix=prefix, sex=sex, birth_date=born, serial=serial % 9999 + 1)
            nik = nik[:12] + f"{(serial * 7919) % 9999 + 1:04d}"
            types = str(rng.randint(1, 26)) if rng.random() < 0.8 else f"{rng.randint(1, 13)},{rng.randint(14, 26)}"
            writer.writerow(
                [
                    nik,
                    f"{prefix}{rng.randrange(10**9, 10**10)}",
                    f"{rng.choice(names)} {rng.choice(family)}",
                    sex,
                    born.strftime("%d/%m/%Y"),
                    desa,
                    types,
                ]
            )


def dedupe_file(path: Path) -> int:
    """Drop the few generated rows whose NIK repeats, so every measurement inserts the same distinct rows."""
    seen, kept = set(), []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        for row in reader:
            if row[0] not in seen:
                seen.add(row[0])
                kept.append(row)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(kept)
    return len(kept)


def empty_tables() -> None:
    from django.db import connection

    from pmks_registry.models import Client, ClientPmksType, ImportJob

    with connection.cursor() as cursor:
        cursor.execute(
            f"TRUNCATE {ClientPmksType._meta.db_table}, {Client._meta.db_table} RESTART IDENTITY CASCADE; "
            f"DELETE FROM {ImportJob._meta.db_table}"
        )
        cursor.execute(f"VACUUM ANALYZE {Client._meta.db_table}")


def copy_text(path: Path) -> str:
    """The rows in COPY text format for the client table (prepared before timing, as `\\copy` would read)."""
    out = io.StringIO()
    now = "2026-01-01 00:00:00+07"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        for nik, no_kk, name, sex, born, desa, _types in reader:
            day, month, year = born.split("/")
            out.write(
                f"{nik}\t{no_kk}\t{name}\t{name.upper()}\t{sex}\t{year}-{month}-{day}\t{desa}\t{desa[:5]}\t\taktif\tdtks"
                f"\t{now}\t{now}\n"
            )
    return out.getvalue()


def index_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'pmks_registry_client'")
        return cursor.fetchone()[0]


def measure_copy(data: str) -> float:
    from django.db import connection, transaction

    empty_tables()
    started = time.perf_counter()
    # Timed up to the commit: PostgreSQL checks Django's (deferred) foreign keys when the transaction commits.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.copy_expert(
            "COPY pmks_registry_client (nik, no_kk, name, name_key, sex, birth_date, desa_id, kabkota_id, address, "
            "status, source, created_at, updated_at) FROM STDIN",
            io.StringIO(data),
        )
    return time.perf_counter() - started


def measure_bulk_create(path: Path) -> float:
    """The plain Django path: parse, build model instances, bulk_create 5,000 at a time (clients, then types)."""
    from django.db import transaction
    from django.utils import timezone

    from pmks_registry.models import Client, ClientPmksType

    empty_tables()
    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic(), path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        batch, types = [], []

        def flush():
            Client.objects.bulk_create(batch, batch_size=5000)
            links = [
                ClientPmksType(client=c, pmks_type_id=n)
                for c, numbers in zip(batch, types, strict=True)
                for n in numbers
            ]
            ClientPmksType.objects.bulk_create(links, batch_size=5000)
            batch.clear()
            types.clear()

        for nik, no_kk, name, sex, born, desa, type_text in reader:
            day, month, year = born.split("/")
            batch.append(
                Client(
                    nik=nik,
                    no_kk=no_kk,
                    name=name,
                    name_key=name.upper(),
                    sex=sex,
                    birth_date=datetime.date(int(year), int(month), int(day)),
                    desa_id=desa,
                    kabkota_id=desa[:5],
                    source="dtks",
                    created_at=now,
                )
            )
            types.append([int(n) for n in type_text.split(",")])
            if len(batch) == 5000:
                flush()
        if batch:
            flush()
    return time.perf_counter() - started


def measure_import(path: Path, user, *, empty: bool = True):
    from pmks_registry.services import import_job_create_from_path, import_job_run

    if empty:
        empty_tables()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    job = import_job_create_from_path(path=str(path), source="dtks", user=user)
    job = import_job_run(job_id=job.pk, path=str(path))
    elapsed = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return elapsed, job, (rss_after - rss_before) / 1024


def median_ms(fn, runs=15) -> float:
    fn()  # warm the cache and the connection
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure_lists(user) -> list[tuple[str, float]]:
    from django.db import connection
    from django.test import Client as Browser

    from pmks_registry.models import Client
    from pmks_registry.selectors import client_page, pmks_statistics

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    low_id = Client.objects.order_by("id").values_list("id", flat=True)[1000]
    cases = [
        ("selector: first page, no filter", {}),
        ("selector: kab/kota 36.02", {"kabkota": "36.02"}),
        ("selector: kab/kota 36.02 + status aktif", {"kabkota": "36.02", "status": "aktif"}),
        ("selector: kecamatan prefix 36.02.13", {"wilayah": "36.02.13"}),
        ("selector: PMKS type 21", {"pmks_type": 21}),
        ("selector: name starts with 'SITI A'", {"q": "Siti A"}),
        ("selector: source referral (no match)", {"source": "rujukan"}),
    ]
    results = []
    for label, filters in cases:
        results.append((label, median_ms(lambda f=filters: client_page(user=user, filters=f, size=25))))
    results.append(
        ("selector: deep page (keyset after id near the end)", median_ms(lambda: client_page(user=user, after=low_id)))
    )
    results.append(("statistics (type × kab/kota, status, month)", median_ms(lambda: pmks_statistics(user=user), 5)))
    browser = Browser()
    browser.force_login(user)
    pages = [
        ("HTTP page /pmks/ (full render)", "/pmks/", {}),
        ("HTTP page /pmks/?kabkota=36.73", "/pmks/", {"kabkota": "36.73"}),
        ("HTTP API /api/v1/pmks/clients/", "/api/v1/pmks/clients/", {}),
    ]
    logging.disable(logging.CRITICAL)  # a failing page is reported below, not as a traceback per request
    try:
        for label, url, query in pages:
            try:
                results.append((label, median_ms(lambda u=url, q=query: _get_ok(browser, u, q))))
            except Exception as error:  # e.g. another app's URLconf is broken in this working tree
                print(f"  {label}: not measured ({type(error).__name__}: {str(error)[:80]})")
    finally:
        logging.disable(logging.NOTSET)
    return results


def _get_ok(browser, url, query):
    response = browser.get(url, query)
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}")
    return response


def explain(filters) -> str:
    from django.db import connection

    from pmks_registry.selectors import client_list

    class Staff:
        is_authenticated = is_active = is_superuser = True
        role = "staf_provinsi"

    queryset = client_list(user=Staff(), filters=filters).prefetch_related(None)[:26]
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
        return "\n    ".join(row[0] for row in cursor.fetchall()[:6])


def main():
    args = parse_args()
    if args.measure_import:
        setup_django(args.database_url)
        import_child(args.measure_import)
        return
    ensure_database(args.database_url)
    setup_django(args.database_url)
    workdir = Path(tempfile.mkdtemp(prefix="pmks-bench-"))
    try:
        run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if not args.keep:
            drop_database(args.database_url)


def run(args, workdir: Path):
    bench_started = time.perf_counter()
    from django.core.management import call_command

    from banten_dinsos.accounts.roles import Role
    from banten_dinsos.accounts.services import user_upsert
    from pmks_registry.models import Client, ClientPmksType

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", stdout=io.StringIO())
    user = user_upsert(username="bench.staf", password="bench-only-password", role=Role.STAF_PROVINSI)

    path = workdir / "pmks-bench.csv"
    generate_file(path, args.rows)
    rows = dedupe_file(path)
    size_mb = path.stat().st_size / 1024 / 1024
    print(f"Generated {rows:,} distinct rows ({size_mb:.1f} MB CSV) in {workdir} (removed at the end)")
    load = os.getloadavg()
    print(f"CPUs {os.cpu_count()}, load average before measuring {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")

    data = copy_text(path)
    copy_s = statistics.median(measure_copy(data) for _ in range(args.repeat))
    del data
    bulk_s = statistics.median(measure_bulk_create(path) for _ in range(args.repeat))
    import_runs = [measure_import(path, user) for _ in range(args.repeat)]
    import_s = statistics.median(run[0] for run in import_runs)
    job, rss_mb = import_runs[-1][1], import_runs[-1][2]
    again_s, again_job, _rss = measure_import(path, user, empty=False)

    copy_rate, bulk_rate, import_rate = rows / copy_s, rows / bulk_s, rows / import_s
    print()
    print(f"{'path':58} {'seconds':>8} {'rows/s':>10}")
    label = f"COPY into pmks_registry_client ({index_count()} indexes), clients only"
    print(f"{label:58} {copy_s:8.2f} {copy_rate:10,.0f}")
    print(f"{'plain Django: parse + bulk_create(5,000), clients + types':58} {bulk_s:8.2f} {bulk_rate:10,.0f}")
    print(f"{'portal import: stream + validate + COPY + upsert + types':58} {import_s:8.2f} {import_rate:10,.0f}")
    print(f"{'portal import again, same file (nothing changes)':58} {again_s:8.2f} {rows / again_s:10,.0f}")
    print()
    print(f"import / COPY speed:          {import_rate / copy_rate:6.1%}   (goal >= 25 %)")
    print(f"import / bulk_create speed:   {import_rate / bulk_rate:6.2f}x  (goal >= 3x)")
    print(
        f"import outcome: created {job.created_count:,}, updated {job.updated_count:,}, errors {job.error_rows:,}; "
        f"second run: created {again_job.created_count:,}, updated {again_job.updated_count:,}, "
        f"unchanged {again_job.unchanged_count:,}"
    )
    memory = measure_import_memory(args.database_url, path)
    print(
        f"peak RSS of a fresh process running only the import: {float(memory['rss_peak']):.0f} MB "
        f"({float(memory['rss_before']):.0f} MB before the import; file {size_mb:.0f} MB; in-process growth "
        f"{rss_mb:.0f} MB, which hides under the earlier steps' peak)"
    )
    print(f"clients {Client.objects.count():,}, type links {ClientPmksType.objects.count():,}")
    print()
    if time.perf_counter() - bench_started > TIME_BUDGET_S:
        print("Time budget used up: list latency skipped.")
        return
    print(f"List latency at {Client.objects.count():,} clients (median ms):")
    for label, ms in measure_lists(user):
        print(f"  {label:55} {ms:8.2f}")
    print()
    print("Plan, kecamatan prefix filter (desa_id LIKE '36.02.13%'):\n    " + explain({"wilayah": "36.02.13"}))
    print(f"\nTotal benchmark time: {time.perf_counter() - bench_started:.0f} s")


if __name__ == "__main__":
    main()
