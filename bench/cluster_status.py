"""Benchmark of GET /api/v1/cluster-status/ against a bare DRF endpoint, on one gunicorn, in one run.

Not a test. It loads a realistic volume into its own PostgreSQL database (the 8 kabupaten/kota, 155 kecamatan
and 1,552 desa of Banten; one disaster affecting all 8; 10,000 field reports, most verified, some superseded by
newer ones; needs and 3W activities), serves it with gunicorn on 127.0.0.1 only, drives both endpoints with the
same bounded closed-loop load (a fixed number of requests or a time limit, whichever comes first) and prints
requests per second, p50 and p99 latency, and the ratio of cluster status to the constant endpoint.

    .venv/bin/python bench/cluster_status.py            # about two minutes on a 2-core machine
    BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/cluster_status.py --requests 1000

The database (default bench_clusters) is dropped and created again at the start and dropped at the end.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_clusters"
WIB = ZoneInfo("Asia/Jakarta")


def recreate_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
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


def load(reports: int) -> tuple[int, str]:
    """Migrate, load reference data and the volume; return the disaster id and an API token."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from rest_framework.authtoken.models import Token

    from banten_dinsos.accounts.models import User
    from banten_dinsos.accounts.roles import Role
    from banten_dinsos.agencies.models import Agency
    from banten_dinsos.regions.models import Region, RegionLevel
    from clusters.models import Activity, ActivityStatus, Cluster, DisasterType, FieldReport, Need, ReportState
    from clusters.services import disaster_create

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    rng = random.Random(2026)
    with transaction.atomic():
        staf = User.objects.create(username="staf.bench", role=Role.STAF_PROVINSI)
        reader = User.objects.create(username="api.bench", role=Role.API_CLIENT)
        kabkota = list(Region.objects.filter(level=RegionLevel.KABKOTA))
        kecamatan = list(Region.objects.filter(level=RegionLevel.KECAMATAN).values_list("code", flat=True))
        desa = list(Region.objects.filter(level=RegionLevel.DESA).values_list("code", flat=True))
        disaster = disaster_create(
            user=staf,
            disaster_type=DisasterType.objects.get(code="101"),
            title="Banjir se-Banten (benchmark)",
            started_on=datetime(2026, 1, 10).date(),
            affected_kabkota=kabkota,
        )
        start = datetime(2026, 1, 10, 6, tzinfo=WIB)
        rows = []
        for _ in range(reports):
            # Mostly kecamatan recaps, with desa reports beside them, several updates per area.
            area = rng.choice(kecamatan) if rng.random() < 0.6 else rng.choice(desa)
            affected = rng.randint(50, 5000)
            observed = start + timedelta(minutes=rng.randint(0, 60 * 24 * 20))
            roll = rng.random()
            state = ReportState.VERIFIED if roll < 0.8 else ReportState.SUBMITTED if roll < 0.93 else ReportState.DRAFT
            rows.append(
                FieldReport(
                    disaster=disaster,
                    area_id=area,
                    kabkota_id=area[:5],
                    observed_at=observed,
                    affected_people=affected,
                    affected_families=affected // 4,
                    displaced=rng.randint(0, affected // 2),
                    dead=rng.randint(0, 2),
                    injured=rng.randint(0, 10),
                    houses_submerged=rng.randint(0, affected // 5),
                    state=state,
                    verified_at=observed + timedelta(hours=3) if state == ReportState.VERIFIED else None,
                    idempotency_key=uuid.uuid4(),
                    created_by=staf,
                )
            )
        FieldReport.objects.bulk_create(rows, batch_size=2000)
        clusters = list(Cluster.objects.filter(is_active=True).select_related("parent"))
        agencies = list(Agency.objects.all())
        needs = []
        for _ in range(reports // 5):
            cluster, area = rng.choice(clusters), rng.choice(kecamatan)
            needs.append(
                Need(
                    disaster=disaster,
                    cluster=cluster,
                    sector=cluster.parent or cluster,
                    area_id=area,
                    kabkota_id=area[:5],
                    description="Kebutuhan",
                    people_in_need=rng.randint(10, 800),
                    created_by=staf,
                )
            )
        Need.objects.bulk_create(needs, batch_size=2000)
        activities = []
        for _ in range(reports // 10):
            cluster, area = rng.choice(clusters), rng.choice(kecamatan)
            activities.append(
                Activity(
                    disaster=disaster,
                    agency=rng.choice(agencies),
                    cluster=cluster,
                    sector=cluster.parent or cluster,
                    area_id=area,
                    kabkota_id=area[:5],
                    title="Kegiatan",
                    start_date=start.date(),
                    people_reached=rng.randint(0, 500),
                    status=rng.choice([ActivityStatus.PLANNED, ActivityStatus.ONGOING, ActivityStatus.COMPLETED]),
                    created_by=staf,
                )
            )
        Activity.objects.bulk_create(activities, batch_size=2000)
        token = Token.objects.create(user=reader)
    with django.db.connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"loaded {len(kabkota)} kab/kota, {len(kecamatan)} kecamatan, {len(desa)} desa, {reports:,} reports, "
        f"{len(needs):,} needs, {len(activities):,} activities in {time.monotonic() - started:.1f} s"
    )
    return disaster.pk, token.key


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, token: str) -> tuple[int, float]:
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Authorization": f"Token {token}", "Connection": "close"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, time.perf_counter() - began


def worker(args) -> list[float]:
    port, path, token, count, deadline = args
    latencies = []
    for _ in range(count):
        if time.monotonic() > deadline:
            break
        status, elapsed = fetch(port, path, token)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        latencies.append(elapsed)
    return latencies


def drive(port: int, path: str, token: str, *, requests: int, concurrency: int, seconds: float) -> dict:
    with multiprocessing.Pool(concurrency) as pool:
        pool.map(worker, [(port, path, token, 20, time.monotonic() + 10)] * concurrency)  # warm-up
        began = time.monotonic()
        deadline = began + seconds
        per_worker = requests // concurrency
        results = pool.map(worker, [(port, path, token, per_worker, deadline)] * concurrency)
        wall = time.monotonic() - began
    latencies = sorted(latency for result in results for latency in result)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


def wait_until_up(port: int, token: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if fetch(port, "/bench/constant/", token)[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=2_000, help="per endpoint (upper bound)")
    parser.add_argument("--seconds", type=float, default=25, help="per endpoint (upper bound)")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    options = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "cluster_status_settings",
        "SECRET_KEY": "benchmark-only-" + uuid.uuid4().hex,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "bench")]),
    }
    env.pop("REDIS_URL", None)  # no cache or broker involved in these two endpoints
    os.environ.update({key: env[key] for key in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY")})
    os.environ.pop("REDIS_URL", None)
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

    recreate_database(url)
    server = None
    try:
        disaster_id, token = load(options.reports)
        from django.db import connections

        connections.close_all()
        port = free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "banten_dinsos.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(options.workers),
                "--worker-class",
                "sync",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        wait_until_up(port, token)
        status_path = f"/api/v1/cluster-status/?disaster={disaster_id}&page_size=100"
        check = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        check.request("GET", status_path, headers={"Authorization": f"Token {token}"})
        body = json.loads(check.getresponse().read())
        check.close()
        print(
            f"cluster status: {body['count']} rows (kab/kota x cluster), {body['totals']['areas_reported']} areas "
            f"counted, {body['totals']['affected_people']:,} people affected"
        )
        figures = {}
        for name, path in (("constant DRF endpoint", "/bench/constant/"), ("cluster status", status_path)):
            figures[name] = drive(
                port, path, token, requests=options.requests, concurrency=options.concurrency, seconds=options.seconds
            )
        print(f"\ngunicorn -w {options.workers} sync on 127.0.0.1, {options.concurrency} closed-loop clients, same run")
        print(f"{'endpoint':<24}{'requests':>10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}")
        for name, result in figures.items():
            print(
                f"{name:<24}{result['requests']:>10}{result['rps']:>10.0f}{result['p50_ms']:>10.1f}{result['p99_ms']:>10.1f}"
            )
        ratio = figures["cluster status"]["rps"] / figures["constant DRF endpoint"]["rps"]
        print(f"\ncluster status / constant: {ratio:.2f} of the throughput")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if not options.keep:
            from django.db import connections

            connections.close_all()
            drop_database(url)


if __name__ == "__main__":
    main()
