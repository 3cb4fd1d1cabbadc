"""Fixtures for coordination meetings: the January 2026 Tangerang Raya floods and their coordination meeting."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from banten_dinsos.accounts.roles import Role
from banten_dinsos.agencies.models import Agency
from banten_dinsos.regions.models import Region
from clusters.models import Cluster, DisasterType, EmergencyStatus
from clusters.services import disaster_create
from meetings.models import MeetingKind
from meetings.services import meeting_create

from ..factories import UserFactory

WIB = ZoneInfo("Asia/Jakarta")
KOTA_TANGERANG, TANGSEL, KAB_TANGERANG, LEBAK, KOTA_SERANG = "36.71", "36.74", "36.03", "36.02", "36.73"


def wib(year, month, day, hour=9, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def agency(code: str) -> Agency:
    return Agency.objects.get(code=code)


@pytest.fixture
def flood(staf):
    return disaster_create(
        user=staf,
        disaster_type=DisasterType.objects.get(code="101"),
        title="Banjir Tangerang Raya Januari 2026",
        started_on=date(2026, 1, 17),
        affected_kabkota=Region.objects.filter(code__in=[KOTA_TANGERANG, TANGSEL, KAB_TANGERANG]),
        status=EmergencyStatus.TANGGAP,
    )


@pytest.fixture
def rakor(staf, flood):
    """The governor's flood coordination meeting of 26 January 2026 (concerns the three flooded kabupaten/kota)."""
    return meeting_create(
        user=staf,
        kind=MeetingKind.RAKOR,
        title="Rapat Koordinasi Penanganan Banjir Tangerang Raya",
        starts_at=wib(2026, 1, 26, 9),
        ends_at=wib(2026, 1, 26, 12),
        place="Pendopo Gubernur Banten, Kota Serang",
        chair="Gubernur Banten",
        organizer=agency("bpbd-banten"),
        disaster=flood,
        clusters=Cluster.objects.filter(code="pengungsian-perlindungan"),
        agenda=[
            {"title": "Laporan situasi banjir", "presenter": "Kepala Pelaksana BPBD"},
            {"title": "Kebutuhan pengungsi dan logistik", "presenter": "Kepala Dinas Sosial"},
        ],
    )


@pytest.fixture
def fgd(staf):
    """An FGD of the KSB forum that concerns Lebak only."""
    return meeting_create(
        user=staf,
        kind=MeetingKind.FGD,
        title="FGD Forum KSB Lebak",
        starts_at=wib(2025, 9, 10, 8),
        ends_at=wib(2025, 9, 10, 15),
        place="Aula Dinas Sosial Kabupaten Lebak",
        chair="Kepala Bidang Perlindungan dan Jaminan Sosial",
        organizer=agency("dinsos-banten"),
        concerned_kabkota=Region.objects.filter(code=LEBAK),
    )


@pytest.fixture
def petugas_kota_tangerang(reference_data):
    return UserFactory(
        username="petugas.kota-tangerang",
        role=Role.PETUGAS_KABKOTA,
        kabkota=Region.objects.get(code=KOTA_TANGERANG),
        agency=agency("dinsos-3671"),
    )


@pytest.fixture
def lebak_with_agency(petugas_lebak):
    """The Lebak officer, working for Dinas Sosial Kabupaten Lebak."""
    petugas_lebak.agency = agency("dinsos-3602")
    petugas_lebak.save(update_fields=["agency"])
    return petugas_lebak


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Minutes PDFs and drafts go to a temporary folder, never into var/."""
    settings.PRIVATE_FILES_ROOT = str(tmp_path / "private")
    return tmp_path / "private"
