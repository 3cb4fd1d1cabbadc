"""Pre-fill from verified field reports: houses by damage class (and damaged facilities) per kabupaten/kota, taken
from the cluster-status read model (latest verified report per area, no double counting), marked as pre-filled,
editable, and left alone by a later pre-fill once someone changed them."""

import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banten_dinsos.accounts.roles import Role
from clusters.services import field_report_create, field_report_verify
from jitupasna.models import DamageEntry, EntrySource
from jitupasna.selectors import assessment_summary
from jitupasna.services import assessment_finalise, assessment_prefill, damage_entry_update

from ..factories import UserFactory
from .conftest import KAB_TANGERANG, KOTA_TANGERANG, PERIUK, PONDOK_AREN, rp, wib

pytestmark = pytest.mark.django_db
PERIUK_DESA = "36.71.08.1001"
KARAWACI = "36.71.07"
TELUKNAGA = "36.03.13"
LEBAK_KECAMATAN = "36.02.14"


def at(day, hour=8):
    return wib(2026, 1, day, hour)


def houses_of(assessment, kabkota):
    entry = DamageEntry.objects.get(assessment=assessment, kabkota_id=kabkota, sub_sector__code="perumahan")
    return entry, (entry.units_heavy, entry.units_moderate, entry.units_light)


@pytest.fixture
def reports(flood, report_of, petugas_kota_tangerang, petugas_tangsel, staf):
    """Verified reports of Periuk (an older and a newer one), Karawaci and Pondok Aren, plus reports that must not
    count: a submitted one, a draft, and a desa report older than the Periuk recap."""
    officer = petugas_kota_tangerang
    report_of(officer, flood, PERIUK, observed=at(18), houses_heavily_damaged=50, houses_lightly_damaged=99)
    report_of(
        officer,
        flood,
        PERIUK,
        observed=at(19),
        houses_heavily_damaged=4,
        houses_moderately_damaged=6,
        houses_lightly_damaged=35,
        facilities_damaged={"school": {"rs": 1, "rr": 2}, "bridge": {"rb": 1}},
    )
    report_of(officer, flood, PERIUK_DESA, observed=at(18, 12), houses_heavily_damaged=7)
    report_of(officer, flood, KARAWACI, observed=at(18), houses_moderately_damaged=3, houses_lightly_damaged=5)
    report_of(officer, flood, KARAWACI, observed=at(20), houses_heavily_damaged=900, state="submitted")
    report_of(officer, flood, KARAWACI, observed=at(20), houses_heavily_damaged=800, state="draft")
    report_of(petugas_tangsel, flood, PONDOK_AREN, observed=at(18), houses_submerged=640)


def test_prefill_counts_houses_by_damage_class_from_the_latest_verified_reports(staf, assessment, reports):
    result = assessment_prefill(user=staf, assessment=assessment)
    entry, units = houses_of(assessment, KOTA_TANGERANG)
    # Periuk's newer recap (4/6/35; its older desa report is dropped) + Karawaci (0/3/5); pending reports not counted.
    assert units == (Decimal(4), Decimal(9), Decimal(40))
    assert entry.source == EntrySource.PREFILL
    assert entry.unit_cost == 0
    assert entry.prefill_units == {"units_heavy": 4, "units_moderate": 9, "units_light": 40}
    assert "Laporan lapangan terverifikasi" in entry.prefill_note
    # Facilities of the same reports go to their sub-sectors.
    school = DamageEntry.objects.get(assessment=assessment, sub_sector__code="pendidikan")
    bridge = DamageEntry.objects.get(assessment=assessment, sub_sector__code="transportasi")
    assert (school.units_moderate, school.units_light, school.asset_kind) == (1, 2, "Gedung sekolah")
    assert (bridge.units_heavy, bridge.asset_kind) == (1, "Jembatan")
    # Submerged houses are not a damage class: Tangerang Selatan gets no entry.
    assert not DamageEntry.objects.filter(assessment=assessment, kabkota_id="36.74").exists()
    assert (result.created, result.updated, result.unchanged, result.reports) == (3, 0, 0, 3)


def test_a_second_prefill_changes_nothing_and_a_new_verified_report_updates_untouched_entries(
    staf, assessment, reports, petugas_kota_tangerang, flood, report_of
):
    assessment_prefill(user=staf, assessment=assessment)
    again = assessment_prefill(user=staf, assessment=assessment)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    report_of(petugas_kota_tangerang, flood, KARAWACI, observed=at(21), houses_heavily_damaged=2)
    third = assessment_prefill(user=staf, assessment=assessment)
    assert third.updated == 1
    assert houses_of(assessment, KOTA_TANGERANG)[1] == (Decimal(6), Decimal(6), Decimal(35))


def test_prefilled_entries_are_editable_and_a_changed_entry_is_left_alone(
    staf, assessment, reports, petugas_kota_tangerang, flood, report_of
):
    assessment_prefill(user=staf, assessment=assessment)
    entry, _units = houses_of(assessment, KOTA_TANGERANG)
    # A unit cost is expected and does not count as changing the pre-filled counts.
    entry = damage_entry_update(user=staf, entry=entry, data={"unit_cost": rp(95_000_000)})
    assert not entry.edited_since_prefill
    entry = damage_entry_update(user=staf, entry=entry, data={"units_light": rp(38)})
    assert entry.edited_since_prefill and entry.source == EntrySource.PREFILL
    report_of(petugas_kota_tangerang, flood, KARAWACI, observed=at(21), houses_heavily_damaged=2)
    result = assessment_prefill(user=staf, assessment=assessment)
    assert result.kept == ["Rumah (Kota Tangerang)"]
    assert "diubah secara manual" in result.message
    entry.refresh_from_db()
    assert (entry.units_heavy, entry.units_light, entry.unit_cost) == (4, 38, 95_000_000)


def test_prefilled_houses_count_in_the_summary_once_they_have_a_unit_cost(staf, assessment, reports):
    assessment_prefill(user=staf, assessment=assessment)
    entry, _units = houses_of(assessment, KOTA_TANGERANG)
    assert assessment_summary(user=staf, assessment=assessment).total.damage == 0
    damage_entry_update(user=staf, entry=entry, data={"unit_cost": rp(100_000_000)})
    # 100.000.000 × (4 + 9 × 0,75 + 40 × 0,5) = 100.000.000 × 30,75 = 3.075.000.000
    assert assessment_summary(user=staf, assessment=assessment).total.damage == Decimal("3075000000")


def test_a_verified_correction_replaces_the_report_it_corrects(
    staf, assessment, flood, petugas_kota_tangerang, report_of
):
    original = report_of(petugas_kota_tangerang, flood, KARAWACI, observed=at(18), houses_heavily_damaged=12)
    correction, _created = field_report_create(
        user=petugas_kota_tangerang,
        disaster=flood,
        area=original.area,
        observed_at=original.observed_at,
        idempotency_key=uuid.uuid4(),
        supersedes=original,
        affected_people=100,
        affected_families=30,
        houses_heavily_damaged=10,
        submit=True,
    )
    field_report_verify(user=staf, report=correction)
    assessment_prefill(user=staf, assessment=assessment)
    assert houses_of(assessment, KOTA_TANGERANG)[1][0] == 10


def test_only_managers_prefill_and_never_a_final_assessment(staf, assessment, reports, petugas_kota_tangerang):
    with pytest.raises(PermissionDenied):
        assessment_prefill(user=petugas_kota_tangerang, assessment=assessment)
    assessment_prefill(user=staf, assessment=assessment)
    assessment_finalise(user=staf, assessment=assessment)
    with pytest.raises(ValidationError):
        assessment_prefill(user=staf, assessment=assessment)


def test_prefill_reads_only_this_disasters_verified_reports(staf, assessment, reports, report_of, lebak_landslide):
    writer = UserFactory(username="staf.pelapor", role=Role.STAF_PROVINSI)
    report_of(writer, assessment.disaster, TELUKNAGA, observed=at(18), houses_heavily_damaged=12)
    report_of(writer, lebak_landslide, LEBAK_KECAMATAN, observed=at(18), houses_heavily_damaged=30)
    assessment_prefill(user=staf, assessment=assessment)
    assert set(DamageEntry.objects.values_list("kabkota_id", flat=True)) == {KOTA_TANGERANG, KAB_TANGERANG}
    assert houses_of(assessment, KAB_TANGERANG)[1] == (Decimal(12), Decimal(0), Decimal(0))
