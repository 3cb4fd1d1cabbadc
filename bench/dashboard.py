"""Benchmark of the provincial dashboard's server time against a trivial page, in one run, at 1x and 10x. Not a test.

For each scale it loads the benchmark volume into its own PostgreSQL database (default dev_dashboard_bench, dropped
and created again at the start of the scale and dropped at its end): Banten's regions, one disaster affecting the
8 kabupaten/kota, 10,000 (10x: 100,000) field reports (most verified), 500 shelters with two weeks of headcounts,
needs and 3W activities, and 223,142 (10x: 2,231,420) PMKS clients (COPY); then it brings the read models up to
date as bulk paths do. The measurement runs in a fresh child process, so its peak memory is the measured process's
alone: it renders through Django's test client the dashboard cold (cache cleared before each request), the
dashboard cached, the htmx panel refresh, and a trivial page (the user's profile), and prints the median and the
90th percentile of each in milliseconds, the number of SQL queries of a cold render at that scale, and the load
average. The bench's Redis database is flushed at the end; nothing is written under /tmp.

    .venv/bin/python bench/dashboard.py                  # both scales; the 10x load takes several minutes
    .venv/bin/python bench/dashboard.py --scales 1 --runs 30
    BENCH_DATABASE_URL=postgres://... BENCH_REDIS_URL=redis://... .venv/bin/python bench/dashboard.py
"""

import argparse
import io
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dev_dashboard_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/8"
WIB = ZoneInfo("Asia/Jakarta")
REPORTS, SHELTERS, CLIENTS = 10_000, 500, 223_142


def recreate_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    admin = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{parsed.path.lstrip("/")}"')
    admin.close()


def drop_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    admin = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')
    admin.close()


def load(seed: int, scale: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from banten_dinsos.accounts.models import User
    from banten_dinsos.accounts.roles import Role
    from banten_dinsos.agencies.models import Agency
    from banten_dinsos.regions.models import Region, RegionLevel
    from clusters.models import (
        Activity,
        ActivityStatus,
        Cluster,
        Disaster,
        DisasterType,
        EmergencyStatus,
        FieldReport,
        Need,
        ReportState,
    )
    from shelters.models import OccupancyCount, Shelter, ShelterKind, ShelterStatus, SphereState

    rng = random.Random(seed)
    reports_total, clients_total = REPORTS * scale, CLIENTS * scale
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    staf = User.objects.create_user("staf.provinsi", password="bench", role=Role.STAF_PROVINSI)
    kabkota = list(Region.objects.filter(level=RegionLevel.KABKOTA).order_by("code"))
    kecamatan = list(Region.objects.filter(level=RegionLevel.KECAMATAN).values_list("code", flat=True))
    desa = list(Region.objects.filter(level=RegionLevel.DESA).values_list("code", flat=True))
    now = timezone.now()
    with transaction.atomic():
        disaster = Disaster.objects.create(
            disaster_type=DisasterType.objects.get(code="101"),
            title="Banjir Banten (benchmark)",
            started_on=timezone.localdate() - timedelta(days=14),
            status=EmergencyStatus.TANGGAP,
            created_by=staf,
        )
        disaster.affected_kabkota.set(kabkota)

        reports = []
        for index in range(reports_total):
            area = rng.choice(desa) if index % 3 else rng.choice(kecamatan)
            observed = now - timedelta(minutes=rng.randint(0, 14 * 24 * 60))
            affected = rng.randint(10, 3000)
            state = ReportState.VERIFIED if index % 10 else ReportState.SUBMITTED
            reports.append(
                FieldReport(
                    disaster=disaster,
                    area_id=area,
                    kabkota_id=area[:5],
                    observed_at=observed,
                    affected_people=affected,
                    affected_families=affected // 4,
                    displaced=affected // 3,
                    dead=rng.randint(0, 2),
                    injured=rng.randint(0, 5),
                    state=state,
                    submitted_at=observed + timedelta(minutes=30),
                    verified_at=observed + timedelta(hours=2) if state == ReportState.VERIFIED else None,
                    created_by=staf,
                    idempotency_key=uuid.uuid4(),
                )
            )
        FieldReport.objects.bulk_create(reports, batch_size=5000)

        clusters = list(Cluster.objects.filter(is_active=True).select_related("parent"))
        agency = Agency.objects.first()
        needs, activities = [], []
        for _index in range(1000):
            area, cluster = rng.choice(kecamatan), rng.choice(clusters)
            needs.append(
                Need(
                    disaster=disaster,
                    cluster=cluster,
                    sector=cluster.parent or cluster,
                    area_id=area,
                    kabkota_id=area[:5],
                    description="Kebutuhan",
                    people_in_need=rng.randint(10, 2000),
                    created_by=staf,
                )
            )
            activities.append(
                Activity(
                    disaster=disaster,
                    agency=agency,
                    cluster=cluster,
                    sector=cluster.parent or cluster,
                    area_id=area,
                    kabkota_id=area[:5],
                    title="Kegiatan",
                    start_date=timezone.localdate(),
                    people_reached=rng.randint(10, 1500),
                    status=ActivityStatus.ONGOING,
                    created_by=staf,
                )
            )
        Need.objects.bulk_create(needs)
        Activity.objects.bulk_create(activities)

        shelters = []
        for index in range(SHELTERS):
            area = rng.choice(desa)
            shelters.append(
                Shelter(
                    name=f"Posko {index}",
                    kind=ShelterKind.SEKOLAH,
                    desa_id=area,
                    kabkota_id=area[:5],
                    latitude=round(-6.0 - rng.random() * 0.8, 4),
                    longitude=round(105.9 + rng.random() * 0.9, 4),
                    capacity=rng.randint(50, 800),
                    status=ShelterStatus.OPEN if index % 5 else ShelterStatus.PREPARED,
                    opened_on=timezone.localdate() - timedelta(days=14),
                    current_total=rng.randint(0, 600),
                    current_observed_at=now,
                    sphere_state=rng.choice(list(SphereState.values)),
                )
            )
        Shelter.objects.bulk_create(shelters)
        through = Shelter.disasters.through
        through.objects.bulk_create([through(shelter_id=shelter.pk, disaster_id=disaster.pk) for shelter in shelters])
        counts = [
            OccupancyCount(shelter=shelter, observed_at=now - timedelta(hours=hours), total=rng.randint(0, 600))
            for shelter in shelters
            for hours in range(2, 14 * 24, 24)
        ]
        OccupancyCount.objects.bulk_create(counts, batch_size=5000)

    # PMKS clients through COPY (bulk_create would take minutes at this volume).
    buffer = io.StringIO()
    statuses = ["aktif"] * 6 + ["dalam_rehabilitasi", "terminasi", "meninggal", "pindah"]
    stamp = "2026-01-01 00:00:00+07"
    for index in range(clients_total):
        area = desa[index % len(desa)]
        nik = f"3601{index:012d}"
        buffer.write(
            f"{nik}\t\tKlien {index}\tKLIEN {index}\t{'L' if index % 2 else 'P'}\t1980-01-01\t{area}\t{area[:5]}"
            f"\t\t{statuses[index % len(statuses)]}\tdtks\t{stamp}\t{stamp}\n"
        )
    buffer.seek(0)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.copy_expert(
            "COPY pmks_registry_client (nik, no_kk, name, name_key, sex, birth_date, desa_id, kabkota_id, address, "
            "status, source, created_at, updated_at) FROM STDIN",
            buffer,
        )
    # Rows written in bulk: bring the read models up to date as every bulk path does.
    from django.core.management import get_commands

    from clusters.read_models import cluster_status_rebuild

    cluster_status_rebuild(disaster_ids=[disaster.pk])
    if "pmks_counts_rebuild" in get_commands():
        call_command("pmks_counts_rebuild", stdout=open(os.devnull, "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"loaded {reports_total:,} field reports, {SHELTERS:,} shelters ({len(counts):,} headcounts), "
        f"{clients_total:,} PMKS clients in {time.perf_counter() - started:.0f} s"
    )


def timed(client, path: str, *, before=None) -> float:
    if before:
        before()
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return elapsed


def measure(runs: int) -> None:
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import setup_test_environment

    # Started as the web process is: URL patterns loaded, start-up objects frozen out of the garbage collector.
    import banten_dinsos.wsgi  # noqa: F401
    from banten_dinsos.accounts.models import User

    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(username="staf.provinsi"))
    for path in ("/", "/akun/profile/", "/dasbor/panel/"):
        client.get(path)  # warm connections, templates and translations
    series = {
        "trivial page (profile)": [timed(client, "/akun/profile/") for _ in range(runs)],
        "dashboard, cold (cache cleared)": [timed(client, "/", before=cache.clear) for _ in range(runs)],
        "dashboard, cached": [timed(client, "/") for _ in range(runs)],
        "panel refresh, cold": [timed(client, "/dasbor/panel/", before=cache.clear) for _ in range(runs)],
        "panel refresh, cached": [timed(client, "/dasbor/panel/") for _ in range(runs)],
    }
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        timed(client, "/")
    print(f"\n{'server time, in-process, ms':34} {'median':>8} {'p90':>8}   ({runs} requests each)")
    for label, values in series.items():
        ordered = sorted(values)
        p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
        print(f"{label:34} {statistics.median(values):8.1f} {p90:8.1f}")
    cold = statistics.median(series["dashboard, cold (cache cleared)"])
    print(f"SQL queries of a cold dashboard render: {len(queries)}")
    print(f"goal dashboard cold < 150 ms: {cold:.1f} ms {'met' if cold < 150 else 'NOT met'}")
    breakdown(client)
    print(f"peak RSS of the measuring process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    cache.clear()


def breakdown(client, runs: int = 5) -> None:
    """Where a cold dashboard's time goes: each panel's function timed inside a computation without the cache."""
    from banten_dinsos.accounts.models import User
    from banten_dinsos.dashboard import selectors

    spent = {}

    def timed_part(name, function):
        def wrapper(*args, **kwargs):
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent.setdefault(name, []).append((time.perf_counter() - began) * 1000)

        return wrapper

    names = ("_impact", "_shelters", "_areas", "_other_tiles", "_matrix", "health_panel", "access_map_points")
    originals = {name: getattr(selectors, name) for name in names}
    for name, function in originals.items():
        setattr(selectors, name, timed_part(name, function))
    user = User.objects.get(username="staf.provinsi")
    totals = []
    try:
        for _ in range(runs):
            began = time.perf_counter()
            selectors.dashboard_data(user=user, filters=selectors.DashboardFilters(), use_cache=False)
            totals.append((time.perf_counter() - began) * 1000)
    finally:
        for name, function in originals.items():
            setattr(selectors, name, function)
    parts = ", ".join(f"{name.strip('_')} {statistics.median(values):.0f}" for name, values in spent.items())
    print(f"cold computation without rendering: {statistics.median(totals):.0f} ms median; by part (ms): {parts}")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="requests per measurement (default 20)")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--scales", default="1,10", help="comma-separated multiples of the seed's volume (1,10)")
    parser.add_argument("--keep", action="store_true", help="keep the database of the last scale afterwards")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ["DATABASE_URL"] = url
    os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    os.environ["DJANGO_SETTINGS_MODULE"] = "banten_dinsos.settings.test"
    sys.path.insert(0, str(ROOT))
    if args.measure_only:
        import django

        django.setup()
        measure(max(3, args.runs))
        return

    print(f"load average before: {load_average()}")
    scales = [int(part) for part in args.scales.split(",")]
    for position, scale in enumerate(scales):
        recreate_database(url)
        try:
            # Loading and measuring in separate processes: the measured process's peak memory is its own.
            subprocess.run([sys.executable, __file__, "--seed", str(args.seed), "--load-scale", str(scale)], check=True)
            print(f"scale {scale}x, load average {load_average()}")
            subprocess.run([sys.executable, __file__, "--measure-only", "--runs", str(args.runs)], check=True)
        finally:
            if not (args.keep and position == len(scales) - 1):
                drop_database(url)
                subprocess.run([sys.executable, "-c", FLUSH_REDIS, os.environ["REDIS_URL"]], check=False)
    print(f"load average after: {load_average()}")


FLUSH_REDIS = "import sys, redis; redis.Redis.from_url(sys.argv[1]).flushdb()"


def load_main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int)
    parser.add_argument("--load-scale", type=int)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    os.environ["DJANGO_SETTINGS_MODULE"] = "banten_dinsos.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    load(args.seed, args.load_scale)


if __name__ == "__main__":
    if "--load-scale" in sys.argv:
        load_main()
    else:
        main()
