"""Benchmark of the PMKS export, statistics, dashboard tile and client-list filters at 223,142 and 2.2 M clients.

Not a test. Runs against a database of its own (created, migrated, filled set-based with generate_series, and
dropped at the end; temporary files removed). Prints, per scale, from the same run:

* PostgreSQL ``COPY (SELECT … the export's columns …) TO STDOUT`` rows/s, and the portal's export job (CSV through
  ``core.table_exports``) rows/s and its ratio to COPY (goal ≥ 25 %); the export runs in a fresh process whose
  own peak RSS is reported (goal < 250 MB), next to the RSS of that process before exporting;
* XLSX export rows/s (223k only: openpyxl's cells are the cost);
* PMKS statistics and the dashboard's PMKS tile from the kept counts (goal < 50 ms), next to the live GROUP BY they
  replace, and what a materialized view refreshed CONCURRENTLY would cost per refresh;
* p95 of every client-list filter (goal < 100 ms), with EXPLAIN (ANALYZE, BUFFERS) of each written to
  ``docs/pmks-client-list-explain.txt``.

Usage: .venv/bin/python bench/export.py [--scales 223142,2200000] [--database-url postgres://…/bench_pmks_export]
Heavy at 2.2 M (several minutes): run once, at a quiet moment.
"""

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from memory import peak_rss_mb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_pmks_export"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="223142,2200000")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--keep", action="store_true", help="keep the database (default: dropped at the end)")
    parser.add_argument("--reuse", action="store_true", help="use the kept database as it is (no migrate)")
    parser.add_argument("--xlsx-max", type=int, default=300_000, help="also time XLSX up to this scale (0: never)")
    parser.add_argument("--measure-export", help=argparse.SUPPRESS)  # internal: the fresh export process
    parser.add_argument("--explain-out", default=str(ROOT / "docs" / "pmks-client-list-explain.txt"))
    return parser.parse_args()


def admin_connection(url):
    import psycopg2

    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    return admin


def create_database(url):
    from psycopg2 import sql

    name = url.rsplit("/", 1)[1]
    admin = admin_connection(url)
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def drop_database(url):
    from django.db import connections
    from psycopg2 import sql

    connections.close_all()
    name = url.rsplit("/", 1)[1]
    admin = admin_connection(url)
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    admin.close()


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "banten_dinsos.settings.local")
    import django

    django.setup()


# ---------------------------------------------------------------------------------------------------------------
# Data, set-based
# ---------------------------------------------------------------------------------------------------------------
FILL_SQL = """
WITH desas AS (SELECT array_agg(code ORDER BY code) AS codes FROM regions_region WHERE level = 'desa'),
names AS (SELECT ARRAY['SITI','NUR','AHMAD','BUDI','DEWI','RINA','UJANG','EUIS','IWAN','YULI','LILIS','JOKO'] AS f,
                 ARRAY['AMINAH','HIDAYAT','SAPUTRA','RAHMAWATI','SETIAWAN','MAULANA','KURNIAWAN','SURYANI'] AS l)
INSERT INTO pmks_registry_client (nik, no_kk, name, name_key, sex, birth_date, desa_id, kabkota_id, address, status,
    source, last_verified_on, created_at, updated_at)
SELECT lpad((3600000000000000 + i)::text, 16, '0'),
       lpad((3600000000000000 + i * 7)::text, 16, '0'),
       initcap(n), n, CASE WHEN i % 2 = 0 THEN 'L' ELSE 'P' END,
       DATE '1940-01-01' + (i * 7919 % 30660)::int, d, left(d, 5), '',
       (ARRAY['aktif','aktif','aktif','aktif','aktif','aktif','aktif','dalam_rehabilitasi','terminasi','meninggal',
              'pindah'])[(1 + i % 11)::int],
       (ARRAY['dtks','asesmen','rujukan'])[(1 + i % 3)::int],
       DATE '2025-01-01' + (i % 600)::int,
       now() - ((i % 540) || ' days')::interval, now()
FROM generate_series({start}::bigint, {stop}::bigint) AS i, desas, names,
     LATERAL (SELECT desas.codes[(1 + (i * 104729) % array_length(desas.codes, 1))::int] AS d,
                     names.f[(1 + i % 12)::int] || ' ' || names.l[(1 + (i / 12) % 8)::int] AS n) pick
"""
LINKS_SQL = """
INSERT INTO pmks_registry_clientpmkstype (client_id, pmks_type_id)
SELECT id, 1 + id % 26 FROM pmks_registry_client WHERE id > {after}
UNION ALL
SELECT id, 1 + (id / 26) % 13 + 13 FROM pmks_registry_client WHERE id > {after} AND id % 5 = 0
    AND 1 + (id / 26) % 13 + 13 <> 1 + id % 26
"""


def fill(target: int) -> float:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), coalesce(max(id), 0) FROM pmks_registry_client")
        have, last_id = cursor.fetchone()
        if have < target:
            cursor.execute(FILL_SQL.format(start=int(have) + 1, stop=int(target)))
            cursor.execute(LINKS_SQL.format(after=int(last_id)))
        cursor.execute("VACUUM ANALYZE pmks_registry_client")
        cursor.execute("VACUUM ANALYZE pmks_registry_clientpmkstype")
    return time.perf_counter() - started


# ---------------------------------------------------------------------------------------------------------------
# Export vs COPY
# ---------------------------------------------------------------------------------------------------------------
class _CountingSink(io.RawIOBase):
    def __init__(self):
        self.bytes = 0

    def writable(self):
        return True

    def write(self, data):
        self.bytes += len(data)
        return len(data)


def copy_to_stdout() -> tuple[float, int]:
    """COPY of the same columns the export writes (masked NIK and No. KK, the type numbers, labels as codes)."""
    from django.db import connection

    from pmks_registry.export_jobs import client_export_rows  # noqa: F401 - the same columns, see export_jobs

    sql = """
        COPY (SELECT c.id,
            CASE WHEN length(c.nik) = 16 THEN left(c.nik, 4) || '********' || right(c.nik, 4)
                 ELSE repeat('*', length(c.nik)) END,
            CASE WHEN length(c.no_kk) = 16 THEN left(c.no_kk, 4) || '********' || right(c.no_kk, 4)
                 ELSE repeat('*', length(c.no_kk)) END,
            c.name, c.sex, c.birth_date, c.desa_id, c.kabkota_id,
            (SELECT string_agg(l.pmks_type_id::text, ',' ORDER BY l.pmks_type_id)
               FROM pmks_registry_clientpmkstype l WHERE l.client_id = c.id),
            c.status, c.source, c.last_verified_on
        FROM pmks_registry_client c ORDER BY c.id DESC) TO STDOUT WITH (FORMAT csv)
    """
    sink = _CountingSink()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.copy_expert(sql, sink)
    return time.perf_counter() - started, sink.bytes


def measure_export_in_fresh_process(url: str, fmt: str) -> dict:
    """The export runs in a process of its own, so its peak RSS is the export's and Django's, nothing else."""
    output = subprocess.run(
        [sys.executable, __file__, "--database-url", url, "--measure-export", fmt],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(line.split("=", 1) for line in output.strip().splitlines() if "=" in line)


def export_child(fmt: str) -> None:
    from banten_dinsos.accounts.models import User
    from banten_dinsos.accounts.roles import Role
    from pmks_registry.export_jobs import PMKS_CLIENTS_EXPORT

    class Report:
        parameters = {"filters": {}}
        format = fmt

    viewer = User(username="bench", role=Role.STAF_PROVINSI, is_active=True)
    before = peak_rss_mb()
    with tempfile.TemporaryDirectory(prefix="pmks-export-bench-") as workdir:
        path = os.path.join(workdir, f"export.{fmt}")
        started = time.perf_counter()
        outcome = PMKS_CLIENTS_EXPORT.write(
            report=Report(), viewer=viewer, progress=lambda percent, note: None, path=path
        )
        seconds = time.perf_counter() - started
        size = os.path.getsize(path)
    print(f"rows={outcome.rows}\nseconds={seconds}\nrss_before={before}\nrss_peak={peak_rss_mb()}\nbytes={size}")


# ---------------------------------------------------------------------------------------------------------------
# Statistics, tile, filters
# ---------------------------------------------------------------------------------------------------------------
def timed(function, runs=7) -> tuple[float, float]:
    """Median and p95 in milliseconds (after one warm-up run)."""
    function()
    samples = []
    for _index in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]


def live_statistics_ms() -> float:
    """The GROUP BY the statistics page ran before the kept counts (type × kab/kota, status, months), once."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT l.pmks_type_id, c.kabkota_id, count(*) FROM pmks_registry_clientpmkstype l "
            "JOIN pmks_registry_client c ON c.id = l.client_id GROUP BY 1, 2"
        )
        cursor.fetchall()
        cursor.execute("SELECT status, count(*) FROM pmks_registry_client GROUP BY 1")
        cursor.fetchall()
        cursor.execute(
            "SELECT date_trunc('month', created_at AT TIME ZONE 'Asia/Jakarta'), count(*) FROM pmks_registry_client "
            "WHERE created_at >= now() - interval '13 months' GROUP BY 1"
        )
        cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def materialized_view_refresh_ms() -> float:
    from django.db import connection

    from pmks_registry.services.counts import month_sql

    with connection.cursor() as cursor:
        cursor.execute("DROP MATERIALIZED VIEW IF EXISTS bench_pmks_counts")
        cursor.execute(
            f"""CREATE MATERIALIZED VIEW bench_pmks_counts AS
            SELECT c.kabkota_id, coalesce(l.pmks_type_id, 0) AS pmks_type, c.status, {month_sql("c.created_at")} AS m,
                   count(*) AS n
            FROM pmks_registry_client c LEFT JOIN pmks_registry_clientpmkstype l ON l.client_id = c.id
            GROUP BY GROUPING SETS ((1, 3, 4), (1, 2, 3, 4))"""
        )
        cursor.execute("CREATE UNIQUE INDEX ON bench_pmks_counts (kabkota_id, pmks_type, status, m)")
        started = time.perf_counter()
        cursor.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY bench_pmks_counts")
        seconds = time.perf_counter() - started
        cursor.execute("DROP MATERIALIZED VIEW bench_pmks_counts")
    return seconds * 1000


FILTERS = [
    ("no filter", {}),
    ("source=rujukan", {"source": "rujukan"}),
    ("status=meninggal (rare)", {"status": "meninggal"}),
    ("status=aktif", {"status": "aktif"}),
    ("pmks_type=21", {"pmks_type": "21"}),
    ("kabkota=36.02", {"kabkota": "36.02"}),
    ("wilayah=36.02.13 (kecamatan)", {"wilayah": "36.02.13"}),
    ("q=SITI AM", {"q": "Siti Am"}),
    ("kabkota=36.73 + status=pindah", {"kabkota": "36.73", "status": "pindah"}),
    ("kabkota=36.02 + source=asesmen + type=9", {"kabkota": "36.02", "source": "asesmen", "pmks_type": "9"}),
]


def filters_report(staf, explain_out: Path, scale: int) -> list[tuple[str, float, float]]:
    from django.db import connection

    from pmks_registry.selectors import client_list, client_page

    results = []
    lines = [f"=== {scale:,} clients ==="]
    for label, filters in FILTERS:

        def page(filters=filters):
            first = client_page(user=staf, filters=filters, size=25)
            if first.next_after:  # the second page too: keyset, no OFFSET
                client_page(user=staf, filters=filters, after=first.next_after, size=25)

        median, p95 = timed(page, runs=9)
        results.append((label, median, p95))
        queryset = client_list(user=staf, filters=filters).select_related(None).prefetch_related(None)[:26]
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        lines += [f"--- {label}: page 1+2 median {median:.1f} ms, p95 {p95:.1f} ms", plan, ""]
    explain_out.parent.mkdir(parents=True, exist_ok=True)
    with explain_out.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return results


def main():
    args = parse_args()
    if args.measure_export:
        setup_django(args.database_url)
        export_child(args.measure_export)
        return
    if not args.reuse:
        create_database(args.database_url)
    setup_django(args.database_url)
    try:
        run(args)
    finally:
        if not args.keep:
            drop_database(args.database_url)


def run(args):
    from django.core.management import call_command

    from banten_dinsos.accounts.models import User
    from banten_dinsos.accounts.roles import Role
    from pmks_registry.selectors import pmks_statistics, pmks_tile
    from pmks_registry.services.counts import counts_rebuild

    started = time.perf_counter()
    if not args.reuse:
        call_command("migrate", verbosity=0)
        call_command("load_reference_data", stdout=io.StringIO())
        print(f"migrated and loaded reference data in {time.perf_counter() - started:.0f} s")
    staf, _created = User.objects.get_or_create(username="bench.staf", defaults={"role": Role.STAF_PROVINSI})
    # The statistics and the list are timed as a web process serves them: started through the WSGI module (URL
    # patterns loaded, start-up objects frozen out of the garbage collector). The export child runs as a worker.
    import banten_dinsos.wsgi  # noqa: F401

    explain_out = Path(args.explain_out)
    explain_out.write_text(
        "EXPLAIN (ANALYZE, BUFFERS) of the PMKS client-list query per filter (page 1), written by bench/export.py\n\n",
        encoding="utf-8",
    )
    for scale in [int(value) for value in args.scales.split(",")]:
        fill_s = fill(scale)
        rebuild_started = time.perf_counter()
        counts_rebuild()
        rebuild_s = time.perf_counter() - rebuild_started
        load = os.getloadavg()
        print(f"\n=== {scale:,} clients (filled in {fill_s:.0f} s, counts rebuilt in {rebuild_s:.1f} s) ===")
        print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs")
        copy_s, copy_bytes = copy_to_stdout()
        csv_run = measure_export_in_fresh_process(args.database_url, "csv")
        rows = int(csv_run["rows"])
        copy_rate, export_rate = scale / copy_s, rows / float(csv_run["seconds"])
        print(
            f"COPY (SELECT same columns) TO STDOUT   {copy_s:7.2f} s  {copy_rate:10,.0f} rows/s  "
            f"{copy_bytes / 1e6:.0f} MB"
        )
        print(
            f"portal export job, CSV                 {float(csv_run['seconds']):7.2f} s  {export_rate:10,.0f} rows/s  "
            f"{int(csv_run['bytes']) / 1e6:.0f} MB, {rows:,} rows (all: {rows == scale})"
        )
        print(f"  export / COPY rows/s                 {export_rate / copy_rate:7.1%}   (goal >= 25 %)")
        print(
            f"  export process peak RSS              {float(csv_run['rss_peak']):7.0f} MB (goal < 250 MB; "
            f"{float(csv_run['rss_before']):.0f} MB before exporting)"
        )
        if scale <= args.xlsx_max:
            xlsx_run = measure_export_in_fresh_process(args.database_url, "xlsx")
            print(
                f"portal export job, XLSX (write-only)   {float(xlsx_run['seconds']):7.2f} s  "
                f"{int(xlsx_run['rows']) / float(xlsx_run['seconds']):10,.0f} rows/s, peak RSS "
                f"{float(xlsx_run['rss_peak']):.0f} MB"
            )
        stats_median, stats_p95 = timed(lambda: pmks_statistics(user=staf))
        tile_median, tile_p95 = timed(lambda: pmks_tile(user=staf))
        print(
            f"PMKS statistics (kept counts)          median {stats_median:6.1f} ms, p95 {stats_p95:6.1f} ms (goal < 50)"
        )
        print(
            f"dashboard PMKS tile (kept counts)      median {tile_median:6.1f} ms, p95 {tile_p95:6.1f} ms (goal < 50)"
        )
        print(f"  baseline: live GROUP BY, once        {live_statistics_ms():8.0f} ms")
        # The list before the materialized view: building, refreshing and dropping it writes the whole table again,
        # and the flush of those pages used to land in the first filter's samples (one 100-340 ms outlier in 9).
        filters = filters_report(staf, explain_out, scale)
        print(f"  alternative: REFRESH MATERIALIZED VIEW CONCURRENTLY, once {materialized_view_refresh_ms():8.0f} ms")
        print("client list, page 1 + page 2 (keyset), 9 runs:")
        for label, median, p95 in filters:
            flag = "ok" if p95 < 100 else "OVER GOAL"
            print(f"  {label:42} median {median:7.1f} ms  p95 {p95:7.1f} ms  {flag}")
    print(f"\nEXPLAIN plans written to {explain_out}")


if __name__ == "__main__":
    main()
