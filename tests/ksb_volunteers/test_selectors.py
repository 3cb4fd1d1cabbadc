"""Reads: the availability search, the duty roster and region scoping of every list."""

from datetime import date

import pytest
from django.db import connection

from ksb_volunteers.models import Availability, DeploymentRole
from ksb_volunteers.selectors import (
    availability_search,
    deployment_list,
    duty_roster,
    ksb_unit_list,
    member_list,
    training_list,
)
from ksb_volunteers.services import deployment_cancel, deployment_create

from .conftest import at
from .factories import KsbUnitFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _search(user, skills, code="sar-air", kabkota="36.02", start=None, end=None):
    return list(
        availability_search(
            user=user, skill=skills[code], kabkota_code=kabkota, start_at=start or at(20), end_at=end or at(22)
        )
    )


def test_search_finds_members_with_the_skill_in_the_kabupaten_who_are_free_in_the_window(staf, flood, skills):
    free = MemberFactory(full_name="A Bebas", roster_skills=["sar-air"])
    busy = MemberFactory(full_name="B Bertugas", roster_skills=["sar-air"])
    later = MemberFactory(full_name="C Nanti", roster_skills=["sar-air"])
    MemberFactory(full_name="D Tanpa Keahlian", roster_skills=["logistik"])
    MemberFactory(full_name="E Berhalangan", roster_skills=["sar-air"], availability=Availability.UNAVAILABLE)
    MemberFactory(full_name="F Nonaktif", roster_skills=["sar-air"], availability=Availability.INACTIVE)
    MemberFactory(full_name="G Kota Serang", roster_skills=["sar-air"], kabkota_id="36.73")
    deployment_create(
        user=staf, disaster=flood, member=busy, role=DeploymentRole.WATER_RESCUE, start_at=at(19), end_at=at(21)
    )
    deployment_create(
        user=staf, disaster=flood, member=later, role=DeploymentRole.WATER_RESCUE, start_at=at(22), end_at=None
    )
    assert _search(staf, skills) == [free, later]  # C's assignment starts exactly when the window ends
    assert _search(staf, skills, start=at(23), end=at(24)) == [free, busy]
    assert {member.full_name for member in _search(staf, skills, kabkota=None)} == {
        "A Bebas",
        "C Nanti",
        "G Kota Serang",
    }


def test_a_member_deployed_now_is_found_for_a_window_after_the_assignment(staf, flood, skills):
    member = MemberFactory(roster_skills=["dapur-umum"], availability=Availability.DEPLOYED)
    deployment = deployment_create(
        user=staf, disaster=flood, member=member, role=DeploymentRole.PUBLIC_KITCHEN, start_at=at(18), end_at=at(21)
    )
    assert _search(staf, skills, code="dapur-umum", start=at(20), end=at(22)) == []
    assert _search(staf, skills, code="dapur-umum", start=at(21), end=at(23)) == [member]
    deployment_cancel(user=staf, deployment=deployment, reason="Batal berangkat")
    assert _search(staf, skills, code="dapur-umum", start=at(20), end=at(22)) == [member]


def test_search_is_scoped_an_officer_finds_only_their_own_members(petugas_kota_serang, skills):
    MemberFactory(roster_skills=["sar-air"], kabkota_id="36.02")
    mine = MemberFactory(roster_skills=["sar-air"], kabkota_id="36.73")
    assert _search(petugas_kota_serang, skills, kabkota=None) == [mine]
    assert _search(petugas_kota_serang, skills, kabkota="36.02") == []


def test_search_is_answered_from_indexes(staf, skills):
    """With sequential scans priced out, the plan still exists: every table is reached through an index."""
    for number in range(40):
        MemberFactory(
            roster_skills=["sar-air" if number % 2 else "logistik"], kabkota_id=("36.02", "36.73")[number % 2]
        )
    queryset = availability_search(
        user=staf, skill=skills["sar-air"], kabkota_code="36.73", start_at=at(20), end_at=at(22)
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = queryset.explain()
    assert "Seq Scan" not in plan, plan
    assert "member_skill_search_idx" in plan, plan
    assert "tagana_kabkota_avail_idx" in plan or "taganamember_kabkota" in plan, plan


def test_duty_roster_lists_who_is_on_duty_that_day_with_their_hours(staf, flood, skills, shelter_periuk):
    morning = MemberFactory(full_name="Pagi", roster_skills=["dapur-umum"])
    whole = MemberFactory(full_name="Sepanjang Hari", roster_skills=["dapur-umum"])
    cancelled = MemberFactory(full_name="Batal", roster_skills=["dapur-umum"])
    MemberFactory(full_name="Tidak Di Sini")
    deployment_create(
        user=staf,
        disaster=flood,
        member=morning,
        shelter=shelter_periuk,
        role=DeploymentRole.PUBLIC_KITCHEN,
        start_at=at(19, 6),
        end_at=at(20, 14),
    )
    deployment_create(
        user=staf,
        disaster=flood,
        member=whole,
        shelter=shelter_periuk,
        role=DeploymentRole.SHELTER,
        start_at=at(18),
        end_at=None,
    )
    deployment_cancel(
        user=staf,
        deployment=deployment_create(
            user=staf,
            disaster=flood,
            member=cancelled,
            shelter=shelter_periuk,
            role=DeploymentRole.SHELTER,
            start_at=at(18),
        ),
        reason="Sakit",
    )
    lines = duty_roster(user=staf, day=date(2026, 1, 20), shelter=shelter_periuk)
    by_name = {line.deployment.member.full_name: line for line in lines}
    assert set(by_name) == {"Pagi", "Sepanjang Hari"}
    assert by_name["Sepanjang Hari"].whole_day
    assert (by_name["Pagi"].on_duty_from, by_name["Pagi"].on_duty_until) == (at(20, 0), at(20, 14))
    assert duty_roster(user=staf, day=date(2026, 1, 17), shelter=shelter_periuk) == []


def test_lists_are_scoped_to_the_officers_kabupaten(petugas_lebak, petugas_kota_serang, staf, flood, skills):
    lebak = MemberFactory(kabkota_id="36.02")
    serang = MemberFactory(kabkota_id="36.73")
    KsbUnitFactory(desa_code="36.02.14.1007")
    KsbUnitFactory(desa_code="36.73.02.1001")
    deployment = deployment_create(
        user=staf, disaster=flood, member=lebak, role=DeploymentRole.ASSESSMENT, start_at=at(18)
    )
    assert list(member_list(user=petugas_lebak)) == [lebak]
    assert list(member_list(user=petugas_kota_serang)) == [serang]
    assert member_list(user=staf).count() == 2
    assert [unit.kabkota_id for unit in ksb_unit_list(user=petugas_kota_serang)] == ["36.73"]
    assert list(deployment_list(user=petugas_lebak)) == [deployment]
    assert list(deployment_list(user=petugas_kota_serang)) == []
    assert list(training_list(user=petugas_kota_serang)) == []


def test_officers_of_the_site_see_assignments_of_volunteers_from_elsewhere(
    staf, petugas_kota_tangerang, petugas_lebak, flood, skills, shelter_periuk
):
    visitor = MemberFactory(kabkota_id="36.02", roster_skills=["dapur-umum"])
    deployment = deployment_create(
        user=staf,
        disaster=flood,
        member=visitor,
        shelter=shelter_periuk,
        role=DeploymentRole.PUBLIC_KITCHEN,
        start_at=at(18),
    )
    assert list(deployment_list(user=petugas_kota_tangerang)) == [deployment]
    assert list(deployment_list(user=petugas_lebak)) == [deployment]
    assert list(member_list(user=petugas_kota_tangerang)) == []  # the member record itself stays with Lebak


def test_cluster_coordinators_read_volunteers_of_their_clusters_only(
    koordinator_pengungsian, koordinator_kesehatan, skills
):
    member = MemberFactory()
    assert list(member_list(user=koordinator_pengungsian)) == [member]
    assert list(member_list(user=koordinator_kesehatan)) == []
