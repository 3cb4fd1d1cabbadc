"""Fixtures for volunteers: the skill list, the January 2026 floods, members of Lebak and Kota Serang, a shelter."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from banten_dinsos.accounts.roles import Role
from banten_dinsos.regions.models import Region
from clusters.models import DisasterType, EmergencyStatus
from clusters.services import disaster_create
from ksb_volunteers.models import DeploymentRole, Skill
from ksb_volunteers.services import (
    deployment_create,
    ksb_officer_add,
    ksb_stakeholder_add,
    ksb_unit_create,
    lumbung_item_save,
    roster_import,
    skills_load_reference,
    training_create,
    training_participant_add,
)

from ..factories import ShelterFactory, UserFactory
from .factories import MemberFactory

WIB = ZoneInfo("Asia/Jakarta")
KOTA_TANGERANG = "36.71"


def at(day: int, hour: int = 8, month: int = 1, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, tzinfo=WIB)


@pytest.fixture
def skills(reference_data):
    skills_load_reference()
    return {skill.code: skill for skill in Skill.objects.all()}


@pytest.fixture
def petugas_kota_tangerang(reference_data):
    return UserFactory(
        username="petugas.kota-tangerang", role=Role.PETUGAS_KABKOTA, kabkota=Region.objects.get(code=KOTA_TANGERANG)
    )


@pytest.fixture
def flood(staf):
    """Banjir Tangerang Raya, from 17 January 2026, affecting Kota Tangerang, Tangerang Selatan, Kabupaten
    Tangerang and (for these tests) Lebak, so that officers of Lebak can deploy their members to it."""
    return disaster_create(
        user=staf,
        disaster_type=DisasterType.objects.get(code="101"),
        title="Banjir Tangerang Raya Januari 2026",
        started_on=date(2026, 1, 17),
        affected_kabkota=Region.objects.filter(code__in=["36.71", "36.74", "36.03", "36.02"]),
        status=EmergencyStatus.TANGGAP,
    )


@pytest.fixture
def ended_flood(staf):
    """A flood that ended on 10 December 2025."""
    disaster = disaster_create(
        user=staf,
        disaster_type=DisasterType.objects.get(code="101"),
        title="Banjir Lebak Desember 2025",
        started_on=date(2025, 12, 1),
        affected_kabkota=Region.objects.filter(code="36.02"),
        status=EmergencyStatus.TANGGAP,
    )
    type(disaster).objects.filter(pk=disaster.pk).update(ended_on=date(2025, 12, 10))
    disaster.refresh_from_db()
    return disaster


@pytest.fixture
def member_lebak(skills):
    return MemberFactory(kabkota_id="36.02", full_name="Ujang Hidayat", roster_skills=["sar-air", "dapur-umum"])


@pytest.fixture
def member_kota_serang(skills):
    return MemberFactory(kabkota_id="36.73", full_name="Siti Rahmawati", sex="P", roster_skills=["psikososial-ldp"])


@pytest.fixture
def shelter_periuk(reference_data):
    return ShelterFactory(desa_code="36.71.08.1001", name="Posko SDN Periuk 1")


@pytest.fixture
def lebak_records(staf, petugas_lebak, flood, member_lebak, skills):
    """One record of every kind, all in Lebak."""
    unit = ksb_unit_create(user=petugas_lebak, name="KSB Muara Ciujung", desa=Region.objects.get(code="36.02.14.1007"))
    officer = ksb_officer_add(
        user=petugas_lebak, unit=unit, full_name="Haji Marno", role="ketua", phone="0812345678", in_forum=True
    )
    item = lumbung_item_save(user=petugas_lebak, unit=unit, kind="perahu_karet", quantity=2, condition="baik")
    stakeholder = ksb_stakeholder_add(user=petugas_lebak, unit=unit, name="PMI Lebak", kind="pmi", provides="P3K")
    training = training_create(
        user=petugas_lebak,
        title="Simulasi Evakuasi Lebak",
        kind="simulasi",
        starts_on=date(2025, 9, 1),
        ends_on=date(2025, 9, 2),
        place="Rangkasbitung",
        kabkota=Region.objects.get(code="36.02"),
        organiser="Dinsos Lebak",
        skills=[skills["evakuasi"]],
    )
    participation = training_participant_add(user=petugas_lebak, training=training, member=member_lebak)
    shelter = ShelterFactory(desa_code="36.02.14.1007", name="SDN Muara Ciujung Barat")
    deployment = deployment_create(
        user=petugas_lebak,
        disaster=flood,
        member=member_lebak,
        shelter=shelter,
        role=DeploymentRole.SHELTER,
        start_at=at(18),
    )
    header = "nomor_induk_anggota;nik;nama;jenis_kelamin;tanggal_lahir;kabupaten_kota\r\n"
    record = roster_import(user=petugas_lebak, name="kosong.csv", data=header.encode())
    return {
        "member": member_lebak,
        "unit": unit,
        "officer": officer,
        "item": item,
        "stakeholder": stakeholder,
        "training": training,
        "participation": participation,
        "shelter": shelter,
        "deployment": deployment,
        "import": record,
    }
