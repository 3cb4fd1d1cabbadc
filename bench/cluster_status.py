"""Benchmark of GET /api/v1/cluster-status/ (200 and 304) and the field-report list against a bare DRF endpoint, on
one gunicorn, in one run, at 1x and 10x the seed's scale (10,000 and 100,000 field reports). Not a test.

For each scale it loads a realistic volume into its own PostgreSQL database (the 8 kabupaten/kota, 155 kecamatan
and 1,552 desa of Banten; one disaster affecting all 8; field reports, most verified, several per area; needs and
3W activities) with ``bulk_create``, then brings the cluster-status read model up to date the way any bulk path
does (``cluster_status_rebuild``). It serves the portal with gunicorn on 127.0.0.1, drives each endpoint with the
same bounded closed-loop load, in slices taken in turn with the other endpoints (``--rounds``; on a shared machine a
change of load then weighs on every endpoint alike), and prints requests per second, p50/p95/p99 latency and the
ratio of each endpoint to the constant one measured in the same run, with the spread of that ratio over the rounds,
and the CPU each request cost the gunicorn workers and the PostgreSQL backends (which, unlike requests/s, hardly
moves with the rest of a shared machine's load);
the cluster status computed without its cache (median of in-process calls); the EXPLAIN of the field-report list
queries; the peak resident memory of the gunicorn workers (the measured processes alone, from /proc, not of this
loader); and the machine's load average before and after.

    .venv/bin/python bench/cluster_status.py                 # both scales; the 10x load takes a few minutes
    .venv/bin/python bench/cluster_status.py --scales 1      # 10,000 reports only

Each scale's database (default bench_clusters) is dropped and created again at its start and dropped at its end;
nothing is written under /tmp.
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
CONSTANT_PATH = "/api/v1/bench-constant/"  # the baseline, under /api/ as cluster status is (cluster_status_urls.py)
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

    from banten_dinsos.accounts.models import User
    from banten_dinsos.accounts.roles import Role
    from banten_dinsos.accounts.tokens import api_token_create
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
                    submitted_at=observed + timedelta(hours=1) if state != ReportState.DRAFT else None,
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
        _token, key = api_token_create(user=reader, name="bench")
    # The rows above were written with bulk_create: bring the read model up to date as every bulk path does.
    from clusters.read_models import cluster_status_rebuild

    cluster_status_rebuild(disaster_ids=[disaster.pk])
    with django.db.connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"loaded {len(kabkota)} kab/kota, {len(kecamatan)} kecamatan, {len(desa)} desa, {reports:,} reports, "
        f"{len(needs):,} needs, {len(activities):,} activities in {time.monotonic() - started:.1f} s"
    )
    return disaster.pk, key


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, token: str, etag: str | None = None) -> tuple[int, float, str]:
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Token {token}", "Connection": "close"}
    if etag:
        headers["If-None-Match"] = etag
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, time.perf_counter() - began, response.getheader("ETag") or ""


def worker(args) -> list[float]:
    port, path, token, etag, expected, count, deadline = args
    latencies = []
    for _ in range(count):
        if time.monotonic() > deadline:
            break
        status, elapsed, _etag = fetch(port, path, token, etag)
        if status != expected:
            raise RuntimeError(f"{path} answered {status}, expected {expected}")
        latencies.append(elapsed)
    return latencies


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def summarize(latencies: list[float], wall: float) -> dict:
    latencies = sorted(latencies)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
    }


def server_cpu(master_pid: int, database: str) -> dict[int, float]:
    """CPU seconds (user + system) so far of each process that serves the requests: the gunicorn workers and the
    PostgreSQL backends connected to the benchmark's database. Unlike requests/s, the CPU a request costs these
    processes hardly moves with what else the shared machine runs."""
    ticks = os.sysconf("SC_CLK_TCK")
    usage = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        # The backend's title: "postgres: <cluster>: <user> <database> <client> <state>".
        if fields[1] == str(master_pid) or (command.startswith(b"postgres: ") and f" {database} ".encode() in command):
            usage[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return usage


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU spent between two ``server_cpu`` readings (a process started in between counts from zero; one that ended,
    e.g. a backend closed after CONN_MAX_AGE, loses its last moments, alike for every endpoint)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def drive(port, token, endpoints, *, requests, concurrency, seconds, rounds, cpu=None) -> dict:
    """Each endpoint under the same closed-loop load, in ``rounds`` slices taken in turn (the order rotating each
    round), so that a change in the machine's load while the benchmark runs weighs on every endpoint alike rather
    than on whichever happened to be measured then. Figures per endpoint over all its slices, plus the spread of its
    ratio to the constant endpoint measured in the same round; with ``cpu`` (a function returning ``server_cpu``),
    the server-side CPU each request cost."""
    latencies = {name: [] for name, *_rest in endpoints}
    walls = dict.fromkeys(latencies, 0.0)
    ratios = {name: [] for name in latencies}
    cpu_seconds = dict.fromkeys(latencies, 0.0)
    with multiprocessing.Pool(concurrency) as pool:
        for _name, path, tag, expected in endpoints:  # warm-up
            pool.map(worker, [(port, path, token, tag, expected, 10, time.monotonic() + 10)] * concurrency)
        for round_number in range(rounds):
            turn = endpoints[round_number % len(endpoints) :] + endpoints[: round_number % len(endpoints)]
            rates = {}
            for name, path, tag, expected in turn:
                began = time.monotonic()
                before = cpu() if cpu else {}
                per_worker = max(1, requests // rounds // concurrency)
                job = (port, path, token, tag, expected, per_worker, began + seconds / rounds)
                results = pool.map(worker, [job] * concurrency)
                wall = time.monotonic() - began
                if cpu:
                    cpu_seconds[name] += cpu_spent(before, cpu())
                done = [latency for result in results for latency in result]
                latencies[name] += done
                walls[name] += wall
                rates[name] = len(done) / wall
            base = rates[endpoints[0][0]]
            for name, rate in rates.items():
                ratios[name].append(rate / base)
    return {
        name: {
            **summarize(latencies[name], walls[name]),
            "ratios": sorted(ratios[name]),
            "cpu_ms": cpu_seconds[name] * 1000 / len(latencies[name]) if cpu else None,
        }
        for name in latencies
    }


def wait_until_up(port: int, token: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if fetch(port, CONSTANT_PATH, token)[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def load_average() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def worker_peak_rss_mb(master_pid: int) -> list[float]:
    """Peak resident memory (VmHWM) of each gunicorn worker: the processes that served the requests, alone."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid) and "VmHWM" in fields:
            peaks.append(int(fields["VmHWM"].split()[0]) / 1024)
    return sorted(peaks)


def cold_compute_ms(disaster_id: int, runs: int = 5) -> float:
    """The cluster status computed from the read model, without any cache, in this process (median of runs)."""
    from banten_dinsos.accounts.models import User
    from clusters.cluster_status import cluster_status

    user = User.objects.get(username="api.bench")
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        cluster_status(user=user, disaster_id=disaster_id)
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings)


def explain_field_report_lists(disaster_id: int) -> None:
    """EXPLAIN ANALYZE of the field-report list queries the API runs (first keyset page), to show the index used."""
    from django.db import connection

    from banten_dinsos.accounts.models import User
    from clusters.selectors import field_report_list

    user = User.objects.get(username="staf.bench")
    for label, filters in (
        ("all reports", {}),
        ("one disaster", {"disaster": disaster_id}),
        ("disaster + kecamatan + state", {"disaster": disaster_id, "region": "36.01.01", "state": "verified"}),
    ):
        queryset = field_report_list(user=user, filters=filters).order_by("-observed_at", "-id")[:51]
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
        scans = [line.strip() for line in plan if "Scan" in line][:2]
        total = next((line for line in plan if line.startswith("Execution Time")), "")
        print(f"  EXPLAIN {label:<30} {'; '.join(scans)[:110]}  [{total}]")


def run_scale(options, reports: int, url: str, env: dict) -> dict:
    recreate_database(url)
    server = None
    try:
        disaster_id, token = load(reports)
        cold_ms = cold_compute_ms(disaster_id)
        explain_field_report_lists(disaster_id)
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
        check = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        check.request("GET", status_path, headers={"Authorization": f"Token {token}"})
        answer = check.getresponse()
        etag = answer.getheader("ETag")
        body = json.loads(answer.read())
        check.close()
        totals = body["totals"]
        print(
            f"cluster status: {body['count']} rows (kab/kota x cluster), {totals['areas_reported']} areas counted, "
            f"{totals['affected_people']:,} people affected; computed without cache in {cold_ms:.1f} ms (median)"
        )
        endpoints = (
            ("constant DRF endpoint", CONSTANT_PATH, None, 200),
            ("cluster status (200)", status_path, None, 200),
            ("cluster status (304)", status_path, etag, 304),
            ("field reports, page 1", f"/api/v1/field-reports/?disaster={disaster_id}", None, 200),
            (
                "field reports, filtered",
                f"/api/v1/field-reports/?disaster={disaster_id}&region=36.01.01&state=verified",
                None,
                200,
            ),
        )
        figures = drive(
            port,
            token,
            endpoints,
            requests=options.requests,
            concurrency=options.concurrency,
            seconds=options.seconds,
            rounds=options.rounds,
            cpu=lambda: server_cpu(server.pid, urlparse(url).path.lstrip("/")),
        )
        peaks = worker_peak_rss_mb(server.pid)
        return {"figures": figures, "cold_ms": cold_ms, "peaks": peaks}
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if not options.keep:
            from django.db import connections

            connections.close_all()
            drop_database(url)


def report(options, reports: int, result: dict) -> None:
    figures = result["figures"]
    base = figures["constant DRF endpoint"]["rps"]
    print(f"\n{reports:,} reports; gunicorn -w {options.workers} sync on 127.0.0.1, {options.concurrency} clients")
    base_cpu = figures["constant DRF endpoint"]["cpu_ms"]
    print(
        f"{'endpoint':<26}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'x const':>9}"
        f"  {'x const per round (min-max)':>28}{'server CPU ms/req':>19}{'const CPU / this':>18}"
    )
    for name, row in figures.items():
        spread = f"{row['ratios'][0]:.2f}-{row['ratios'][-1]:.2f}"
        print(
            f"{name:<26}{row['requests']:>9}{row['rps']:>8.0f}{row['p50_ms']:>8.1f}{row['p95_ms']:>8.1f}"
            f"{row['p99_ms']:>8.1f}{row['rps'] / base:>9.2f}  {spread:>28}{row['cpu_ms']:>19.2f}"
            f"{base_cpu / row['cpu_ms']:>18.2f}"
        )
    print(
        "(server CPU: gunicorn workers + PostgreSQL backends of the benchmark database, per request; it moves little"
        " with the machine's other load, requests/s moves with it)"
    )
    goals = (
        ("cluster status (200)", 0.7),
        ("cluster status (304)", 0.9),
    )
    for name, goal in goals:
        ratio = figures[name]["rps"] / base
        print(f"goal {name} >= {goal} of the constant endpoint: {ratio:.2f} {'met' if ratio >= goal else 'NOT met'}")
    for name in ("field reports, page 1", "field reports, filtered"):
        p95 = figures[name]["p95_ms"]
        print(f"goal {name} p95 < 100 ms: {p95:.1f} ms {'met' if p95 < 100 else 'NOT met'}")
    print(f"peak RSS of the gunicorn workers (MB): {', '.join(f'{peak:.0f}' for peak in result['peaks'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000, help="reports at scale 1")
    parser.add_argument("--scales", default="1,10", help="comma-separated multiples of --reports (default 1,10)")
    parser.add_argument("--requests", type=int, default=2_000, help="per endpoint (upper bound)")
    parser.add_argument("--seconds", type=float, default=15, help="per endpoint (upper bound)")
    parser.add_argument("--rounds", type=int, default=5, help="slices per endpoint, taken in turn with the others")
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
    # No Redis: each gunicorn worker caches rendered bodies in its own memory (the ETag and the versions come from
    # PostgreSQL, so both workers agree on them).
    env.pop("REDIS_URL", None)
    os.environ.update({key: env[key] for key in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY")})
    os.environ.pop("REDIS_URL", None)
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

    print(f"load average before: {load_average()}")
    for scale in [int(part) for part in options.scales.split(",")]:
        reports = options.reports * scale
        result = run_scale(options, reports, url, env)
        report(options, reports, result)
        print(f"load average: {load_average()}")


if __name__ == "__main__":
    main()
