"""Fixtures for the Tangerang Raya floods: a disaster affecting three kabupaten/kota, and their officers."""

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from banten_dinsos.accounts.roles import Role
from banten_dinsos.regions.models import Region
from clusters.models import Cluster, DisasterType, EmergencyStatus
from clusters.services import disaster_create, field_report_create, field_report_submit, field_report_verify

from ..factories import UserFactory

WIB = ZoneInfo("Asia/Jakarta")
KOTA_TANGERANG, TANGSEL, KAB_TANGERANG = "36.71", "36.74", "36.03"
PERIUK, KARAWACI, PONDOK_AREN = "36.71.08", "36.71.07", "36.74.03"
PERIUK_DESA = "36.71.08.1001"


def at(day: int, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(2026, 1, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def petugas_kota_tangerang(reference_data):
    return UserFactory(
        username="petugas.kota-tangerang",
        role=Role.PETUGAS_KABKOTA,
        kabkota=Region.objects.get(code=KOTA_TANGERANG),
    )


@pytest.fixture
def petugas_tangsel(reference_data):
    return UserFactory(
        username="petugas.kota-tangerang-selatan", role=Role.PETUGAS_KABKOTA, kabkota=Region.objects.get(code=TANGSEL)
    )


@pytest.fixture
def koordinator_logistik(reference_data):
    user = UserFactory(username="koordinator.logistik", role=Role.KOORDINATOR_KLASTER)
    Cluster.objects.get(code="logistik").coordinators.add(user)
    return user


@pytest.fixture
def flood(staf):
    """Banjir Tangerang Raya, January 2026, in tanggap darurat."""
    return disaster_create(
        user=staf,
        disaster_type=DisasterType.objects.get(code="101"),
        title="Banjir Tangerang Raya Januari 2026",
        started_on=date(2026, 1, 17),
        affected_kabkota=Region.objects.filter(code__in=[KOTA_TANGERANG, TANGSEL, KAB_TANGERANG]),
        affected_kecamatan=Region.objects.filter(code__in=[PERIUK, PONDOK_AREN]),
        status=EmergencyStatus.TANGGAP,
        decree_number="360/Kep.18-Huk/2026",
    )


@pytest.fixture
def lebak_landslide(staf):
    """A disaster that only affects Lebak: officers of Tangerang Raya must not see it."""
    return disaster_create(
        user=staf,
        disaster_type=DisasterType.objects.get(code="102"),
        title="Longsor Lebak",
        started_on=date(2026, 1, 10),
        affected_kabkota=Region.objects.filter(code="36.02"),
    )


@pytest.fixture
def report_of():
    """Create a report through the services and take it to ``state`` ("draft", "submitted" or "verified")."""

    def make(officer, disaster, area_code, *, observed=None, state="verified", verifier=None, needs=(), **figures):
        figures = {"affected_people": 100, "affected_families": 30, "displaced": 20, **figures}
        report, _created = field_report_create(
            user=officer,
            disaster=disaster,
            area=Region.objects.get(code=area_code),
            observed_at=observed or at(18),
            idempotency_key=uuid.uuid4(),
            needs=list(needs),
            **figures,
        )
        if state in ("submitted", "verified"):
            report = field_report_submit(user=officer, report=report)
        if state == "verified":
            from banten_dinsos.accounts.models import User

            verifier = verifier or User.objects.get(username="staf.provinsi")
            report = field_report_verify(user=verifier, report=report)
        return report

    return make
