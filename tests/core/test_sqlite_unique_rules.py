"""The two unique rules that treat "no kecamatan" / "anywhere" as one value hold on SQLite too (the database of
`make run` on a newcomer's laptop), not only on PostgreSQL: this test runs the project on SQLite itself, in a
separate process with the local settings, and asks the services and the database for duplicates."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE = Path(__file__).resolve().parent.parent.parent

SCRIPT = r"""
import django
django.setup()
from decimal import Decimal
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from banten_dinsos.accounts.models import User
from banten_dinsos.accounts.roles import Role
from banten_dinsos.notifications.models import Subscription
from banten_dinsos.notifications.services.subscriptions import subscription_add
from banten_dinsos.regions.models import Region
from clusters.models import DisasterType, EmergencyStatus
from clusters.services import disaster_create
from jitupasna.models import DamageEntry, SubSector
from jitupasna.services import assessment_create
from jitupasna.services.entries import damage_entry_create

assert connection.vendor == "sqlite", connection.vendor
call_command("load_reference_data", stdout=open("/dev/null", "w"))
staf = User.objects.create(username="staf.sqlite", role=Role.STAF_PROVINSI)
flood = disaster_create(
    user=staf, disaster_type=DisasterType.objects.get(code="101"), title="Banjir SQLite",
    started_on=__import__("datetime").date(2026, 1, 17), affected_kabkota=Region.objects.filter(code="36.71"),
    status=EmergencyStatus.TANGGAP,
)
assessment = assessment_create(user=staf, disaster=flood, bbb_uplift_percent=Decimal("10"))
sub_sector = SubSector.objects.order_by("pk").first()
kabkota = Region.objects.get(code="36.71")
fields = dict(assessment=assessment, sub_sector=sub_sector, kabkota=kabkota, asset_kind="Rumah permanen")
damage_entry_create(user=staf, units_heavy=Decimal(3), unit_cost=Decimal(1000), **fields)
try:
    damage_entry_create(user=staf, units_heavy=Decimal(4), unit_cost=Decimal(1000), **fields)
    print("damage service: accepted a duplicate")
except ValidationError as error:
    print("damage service: refused:", "; ".join(error.messages))
try:
    with transaction.atomic():
        DamageEntry.objects.create(unit_label="unit", **fields)
    print("damage database: accepted a duplicate")
except IntegrityError:
    print("damage database: refused")

first = subscription_add(user=staf, channel="in_app")
again = subscription_add(user=staf, channel="in_app")
print("subscription service:", "same rule" if first.pk == again.pk else "a second rule")
try:
    with transaction.atomic():
        Subscription.objects.create(
            user=staf, channel="in_app", kind="", cluster_code="", min_severity=first.min_severity
        )
    print("subscription database: accepted a duplicate")
except IntegrityError:
    print("subscription database: refused")
print("damage rows:", DamageEntry.objects.count())
"""


@pytest.fixture
def sqlite_env(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="banten_dinsos.settings.local",
        DATABASE_URL=f"sqlite:///{tmp_path / 'sqlite-rules.sqlite3'}",
        PYTHONPATH=str(BASE),
    )
    return env


def _run(args, env):
    return subprocess.run(args, env=env, cwd=BASE, capture_output=True, text=True, timeout=600)


def test_unique_rules_hold_on_sqlite_in_the_services_and_the_database(sqlite_env):
    migrate = _run([sys.executable, "manage.py", "migrate", "--noinput"], sqlite_env)
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    assert "W047" not in migrate.stdout + migrate.stderr  # the system check no longer warns about skipped rules
    check = _run([sys.executable, "manage.py", "check"], sqlite_env)
    assert check.returncode == 0 and "W047" not in check.stdout + check.stderr, check.stdout + check.stderr
    result = _run([sys.executable, "-c", SCRIPT], sqlite_env)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert any(line.startswith("damage service: refused:") for line in lines), result.stdout
    assert "damage database: refused" in lines, result.stdout
    assert "subscription service: same rule" in lines, result.stdout
    assert "subscription database: refused" in lines, result.stdout
    assert "damage rows: 1" in lines, result.stdout
