"""Benchmark of the provincial dashboard's server time against a trivial page, in one run. Not a test.

It loads the benchmark volume into its own PostgreSQL database (default dev_dashboard_bench, dropped and created
again at the start): Banten's regions, one disaster affecting the 8 kabupaten/kota, 10,000 field reports (most
verified), 500 shelters with two weeks of headcounts, needs and 3W activities, and 223,142 PMKS clients (COPY).
It then renders, in this process through Django's test client, the dashboard cold (cache cleared before each
request), the dashboard cached, the htmx panel refresh, and a trivial page (the user's profile), and prints the
median and the 90th percentile of each in milliseconds.

    .venv/bin/python bench/dashboard.py                  # a few minutes on a 2-core machine (mostly the load)
    BENCH_DATABASE_URL=postgres://... BENCH_REDIS_URL=redis://... .venv/bin/python bench/dashboard.py --runs 30
"""

import argparse
import io
import os
import random
import statistics
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


def load(seed: int) -> None:
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
        for index in range(REPORTS):
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
    for index in range(CLIENTS):
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
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"loaded {REPORTS:,} field reports, {SHELTERS:,} shelters ({len(counts):,} headcounts), "
        f"{CLIENTS:,} PMKS clients in {time.perf_counter() - started:.0f} s"
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
    print(f"\n{'server time, in-process, ms':34} {'median':>8} {'p90':>8}   ({runs} requests each)")
    for label, values in series.items():
        ordered = sorted(values)
        p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
        print(f"{label:34} {statistics.median(values):8.1f} {p90:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="requests per measurement (default 20)")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="reuse an already loaded database")
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ["DATABASE_URL"] = url
    os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    os.environ["DJANGO_SETTINGS_MODULE"] = "banten_dinsos.settings.test"
    sys.path.insert(0, str(ROOT))
    if not args.keep:
        recreate_database(url)

    import django

    django.setup()
    if not args.keep:
        load(args.seed)
    measure(max(3, args.runs))


if __name__ == "__main__":
    main()
