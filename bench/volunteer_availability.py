"""Benchmark of the TAGANA availability search at 5,000 members. Not a test.

"Who with skill X is available in kabupaten/kota Y during this window": runs the portal's own selector
(ksb_volunteers.selectors.availability_search, as the page and the API call it) against its own database
(default dev_ksb_bench, created and migrated if missing), filled with 5,000 synthetic members, their skills
(roster entries and certificates, some expired) and 1,500 deployments. Prints, from the same run:

* the median and p95 latency of the search (first page of 50 and its count), over varied skills, kabupaten/kota
  and windows;
* the same for a trivial baseline query (one member by primary key), and the ratio between them;
* the query plan (EXPLAIN ANALYZE) of one search, to show it is answered from indexes.

Bounded: about 20 s on a 2-core machine once the reference data is loaded (the first run loads 1,716 regions).

Usage: .venv/bin/python bench/volunteer_availability.py [--members 5000] [--runs 200]
       [--database-url postgres://postgres@127.0.0.1:5432/dev_ksb_bench]
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WIB = ZoneInfo("Asia/Jakarta")
SEED = 5000
KABKOTA = ["36.01", "36.02", "36.03", "36.04", "36.71", "36.72", "36.73", "36.74"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/dev_ksb_bench")
    return parser.parse_args()


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
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "banten_dinsos.settings.local")
    import django

    django.setup()


def prepare_reference() -> None:
    from django.core.management import call_command

    from banten_dinsos.regions.models import Region

    call_command("migrate", verbosity=0, skip_checks=True)
    if not Region.objects.filter(code="36.74").exists():
        from banten_dinsos.regions.services import regions_load

        regions_load()
    from clusters.services import clusters_load_reference
    from ksb_volunteers.services import skills_load_reference

    clusters_load_reference()
    skills_load_reference()


def load_members(count: int) -> dict:
    """Synthetic members, skills and deployments written with bulk_create (the data, not the services, is measured)."""
    from django.db import connection, transaction

    from banten_dinsos.accounts.models import User
    from banten_dinsos.accounts.roles import Role
    from clusters.models import Disaster, DisasterType
    from ksb_volunteers.models import Availability, Deployment, MemberSkill, Skill, TaganaMember

    rng = random.Random(SEED)
    skills = list(Skill.objects.order_by("code"))
    with transaction.atomic():
        Deployment.objects.all().delete()
        MemberSkill.objects.all().delete()
        TaganaMember.objects.all().delete()
        user, _created = User.objects.get_or_create(username="bench.staf", defaults={"role": Role.STAF_PROVINSI})
        disaster = Disaster.objects.filter(title="Bench: banjir").first() or Disaster.objects.create(
            title="Bench: banjir", disaster_type=DisasterType.objects.get(code="101"), started_on=date(2026, 1, 1)
        )
        availability = [Availability.STANDBY] * 85 + [Availability.DEPLOYED] * 8
        availability += [Availability.UNAVAILABLE] * 5 + [Availability.INACTIVE] * 2
        members = []
        for serial in range(1, count + 1):
            sex = "LP"[serial % 2]
            born = date(1970, 1, 1) + timedelta(days=rng.randrange(0, 365 * 35))
            day = born.day + (40 if sex == "P" else 0)
            kabkota = KABKOTA[serial % len(KABKOTA)]
            # A synthetic NIK consistent with sex and birth date; the serial keeps it unique.
            nik = f"{kabkota.replace('.', '')}01{day:02d}{born.month:02d}{born.year % 100:02d}{serial % 10000:04d}"
            members.append(
                TaganaMember(
                    member_number=f"BENCH.{serial:05d}",
                    nik=nik,
                    full_name=f"Anggota {serial:05d}",
                    sex=sex,
                    birth_date=born,
                    kabkota_id=kabkota,
                    availability=rng.choice(availability),
                )
            )
        members = TaganaMember.objects.bulk_create(members, batch_size=2000)
        entries = []
        for member in members:
            for skill in rng.sample(skills, rng.randrange(1, 4)):
                # A third of the entries carry a certificate date, some of them already expired.
                valid_until = rng.choice([None, None, date(2025, 6, 30), date(2027, 12, 31)])
                entries.append(MemberSkill(member=member, skill=skill, valid_until=valid_until))
        MemberSkill.objects.bulk_create(entries, batch_size=5000)
        deployments = []
        for member in rng.sample(members, min(1500, len(members))):
            start = datetime(2026, 1, 1, 8, tzinfo=WIB) + timedelta(hours=rng.randrange(0, 24 * 80))
            end = None if rng.random() < 0.2 else start + timedelta(days=rng.randrange(1, 15))
            deployments.append(
                Deployment(
                    disaster=disaster,
                    member=member,
                    role="logistik",
                    start_at=start,
                    end_at=end,
                    kabkota_id=member.kabkota_id,
                )
            )
        Deployment.objects.bulk_create(deployments, batch_size=2000)
    with connection.cursor() as cursor:
        for table in ("ksb_volunteers_taganamember", "ksb_volunteers_memberskill", "ksb_volunteers_deployment"):
            cursor.execute(f"ANALYZE {table}")
    return {"user": user, "members": len(members), "skills": len(entries), "deployments": len(deployments)}


def measure(function, runs: int) -> list[float]:
    timings = []
    for index in range(runs):
        started = time.perf_counter()
        function(index)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def summary(timings: list[float]) -> str:
    ordered = sorted(timings)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"median {statistics.median(ordered):7.3f} ms   p95 {p95:7.3f} ms"


def main() -> None:
    args = parse_args()
    started = time.perf_counter()
    ensure_database(args.database_url)
    setup_django(args.database_url)
    prepare_reference()
    loaded = load_members(args.members)
    print(
        f"loaded {loaded['members']:,} members, {loaded['skills']:,} skill entries, "
        f"{loaded['deployments']:,} deployments in {time.perf_counter() - started:.1f} s"
    )

    from ksb_volunteers.models import Skill, TaganaMember
    from ksb_volunteers.selectors import availability_search

    user = loaded["user"]
    skills = list(Skill.objects.order_by("code"))
    member_pks = list(TaganaMember.objects.values_list("pk", flat=True))
    rng = random.Random(SEED + 1)
    windows = []
    for _ in range(args.runs):
        start = datetime(2026, 1, 1, 8, tzinfo=WIB) + timedelta(hours=rng.randrange(0, 24 * 90))
        windows.append((rng.choice(skills), rng.choice(KABKOTA), start, start + timedelta(days=rng.randrange(1, 8))))

    found = []

    def search(index):
        skill, kabkota, start, end = windows[index]
        queryset = availability_search(user=user, skill=skill, kabkota_code=kabkota, start_at=start, end_at=end)
        page = list(queryset[:50])
        found.append(queryset.count())
        return page

    def baseline(index):
        return TaganaMember.objects.filter(pk=member_pks[index % len(member_pks)]).values_list("member_number").first()

    measure(search, 10)  # warm the connection and caches
    measure(baseline, 10)
    found.clear()
    search_ms = measure(search, args.runs)
    baseline_ms = measure(baseline, args.runs)

    print(f"availability search (page of 50 + count), {args.runs} runs: {summary(search_ms)}")
    print(f"baseline: one member by primary key,      {args.runs} runs: {summary(baseline_ms)}")
    print(f"ratio search / baseline (medians): {statistics.median(search_ms) / statistics.median(baseline_ms):.1f}x")
    print(f"members found per search: median {statistics.median(found):.0f} (min {min(found)}, max {max(found)})")

    skill, kabkota, start, end = windows[0]
    queryset = availability_search(user=user, skill=skill, kabkota_code=kabkota, start_at=start, end_at=end)
    print("\nEXPLAIN ANALYZE of one search:")
    print(queryset.explain(analyze=True))
    print(f"\ntotal {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
