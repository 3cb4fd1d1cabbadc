"""The Jitupasna arithmetic on a worked example computed by hand: Decimal throughout, rounded half-up to the rupiah
once per entry, totals the sum of the rounded amounts, no float anywhere."""

from decimal import Decimal

import pytest

from jitupasna.calculations import damage_amount, reconstruction_amount, to_rupiah
from jitupasna.selectors import assessment_summary
from jitupasna.services import (
    damage_entry_create,
    loss_entry_create,
    needs_entry_create,
)

from .conftest import KOTA_TANGERANG, TANGSEL, region, rp, sector, sub_sector

FACTORS = {"rb": Decimal("1.000"), "rs": Decimal("0.750"), "rr": Decimal("0.500")}


def test_damage_is_units_times_unit_cost_times_class_factor():
    # 85.500.000 × (12 × 1 + 7 × 0,75 + 30 × 0,5) = 85.500.000 × 32,25 = 2.757.375.000
    units = {"rb": Decimal(12), "rs": Decimal(7), "rr": Decimal(30)}
    assert damage_amount(units=units, unit_cost=Decimal("85500000"), factors=FACTORS) == Decimal("2757375000")


def test_damage_is_rounded_half_up_to_the_rupiah_once():
    # 1.234.567 × 333 × 0,75 = 308.333.108,25 -> 308.333.108; 1.000.001 × 0,5 = 500.000,5 -> 500.001
    assert damage_amount(
        units={"rb": Decimal(0), "rs": Decimal(333), "rr": Decimal(0)}, unit_cost=Decimal("1234567"), factors=FACTORS
    ) == Decimal("308333108")
    assert damage_amount(
        units={"rb": Decimal(0), "rs": Decimal(0), "rr": Decimal(1)}, unit_cost=Decimal("1000001"), factors=FACTORS
    ) == Decimal("500001")
    assert to_rupiah(Decimal("0.5")) == Decimal(1)


def test_fractional_units_such_as_hectares_stay_exact():
    # 12,25 ha × 15.000.000 × 1 + 0,5 ha × 15.000.000 × 0,75 = 183.750.000 + 5.625.000 = 189.375.000
    units = {"rb": Decimal("12.25"), "rs": Decimal("0.5"), "rr": Decimal(0)}
    assert damage_amount(units=units, unit_cost=Decimal("15000000"), factors=FACTORS) == Decimal("189375000")


def test_large_amounts_lose_no_digit():
    # 123.456.789,25 units × Rp 987.654.321.987: a 23-digit exact product, checked with integer arithmetic.
    units = {"rb": Decimal("123456789.25"), "rs": Decimal(0), "rr": Decimal(0)}
    exact_hundredths = 12_345_678_925 * 987_654_321_987  # units × 100 × cost, in whole numbers
    expected = (exact_hundredths + 50) // 100  # half-up to the rupiah
    assert damage_amount(units=units, unit_cost=Decimal("987654321987"), factors=FACTORS) == Decimal(expected)


def test_reconstruction_adds_the_build_back_better_uplift():
    # 308.333.108 × 1,10 = 339.166.418,8 -> 339.166.419
    assert reconstruction_amount(damage=Decimal("308333108"), uplift_percent=Decimal("10")) == Decimal("339166419")
    assert reconstruction_amount(damage=Decimal("2757375000"), uplift_percent=Decimal("20")) == Decimal("3308850000")


@pytest.mark.django_db
def test_the_worked_example_adds_up_per_sector_kabupaten_kota_and_overall(staf, assessment):
    kota_tangerang, tangsel = region(KOTA_TANGERANG), region(TANGSEL)
    damage_entry_create(
        user=staf,
        assessment=assessment,
        sub_sector=sub_sector("perumahan"),
        kabkota=kota_tangerang,
        asset_kind="Rumah permanen",
        units_heavy=rp(12),
        units_moderate=rp(7),
        units_light=rp(30),
        unit_cost=rp(85_500_000),
    )
    damage_entry_create(
        user=staf,
        assessment=assessment,
        sub_sector=sub_sector("transportasi"),
        kabkota=kota_tangerang,
        asset_kind="Jalan lingkungan",
        unit_label="m",
        units_moderate=rp(333),
        unit_cost=rp(1_234_567),
    )
    damage_entry_create(
        user=staf,
        assessment=assessment,
        sub_sector=sub_sector("perumahan"),
        kabkota=tangsel,
        asset_kind="Rumah semi permanen",
        units_light=rp(1),
        unit_cost=rp(1_000_001),
    )
    loss_entry_create(
        user=staf,
        assessment=assessment,
        sub_sector=sub_sector("perdagangan"),
        kabkota=kota_tangerang,
        description="Pasar tutup",
        lost_income=rp(850_000_000),
        extra_costs=rp(125_000_000),
        recovery_months=2,
    )
    needs_entry_create(
        user=staf,
        assessment=assessment,
        sector=sector("permukiman"),
        kabkota=kota_tangerang,
        bbb_uplift_percent=rp(20),
        loss_recovery=rp(100_000_000),
        access=rp(50_000_000),
        function=rp(25_000_000),
        risk=rp(75_000_000),
    )

    figures = assessment_summary(user=staf, assessment=assessment)
    codes = [code for code, _name in figures.kabkota]
    assert codes == ["36.03", "36.71", "36.74"]
    by_sector = {row.code: row for row in figures.sectors}
    permukiman_kt = by_sector["permukiman"].cells[codes.index(KOTA_TANGERANG)]
    # Damage 2.757.375.000; reconstruction with the sector's own 20 %: 3.308.850.000;
    # needs 3.308.850.000 + 100.000.000 + 50.000.000 + 25.000.000 + 75.000.000 = 3.558.850.000.
    assert permukiman_kt.damage == Decimal("2757375000")
    assert permukiman_kt.reconstruction == Decimal("3308850000")
    assert permukiman_kt.needs == Decimal("3558850000")
    permukiman_tangsel = by_sector["permukiman"].cells[codes.index(TANGSEL)]
    # 500.001 with the assessment's 10 %: 550.001,1 -> 550.001.
    assert (permukiman_tangsel.damage, permukiman_tangsel.reconstruction) == (Decimal("500001"), Decimal("550001"))
    infrastruktur_kt = by_sector["infrastruktur"].cells[codes.index(KOTA_TANGERANG)]
    assert (infrastruktur_kt.damage, infrastruktur_kt.reconstruction) == (Decimal("308333108"), Decimal("339166419"))
    ekonomi_kt = by_sector["ekonomi-produktif"].cells[codes.index(KOTA_TANGERANG)]
    assert (ekonomi_kt.loss, ekonomi_kt.needs) == (Decimal("975000000"), Decimal(0))

    assert by_sector["permukiman"].total.damage == Decimal("2757875001")
    assert figures.kabkota_totals[codes.index(KOTA_TANGERANG)].damage == Decimal("3065708108")
    # 2.757.375.000 + 308.333.108 + 500.001 = 3.066.208.109
    assert figures.total.damage == Decimal("3066208109")
    assert figures.total.loss == Decimal("975000000")
    # 3.558.850.000 + 339.166.419 + 550.001 = 3.898.566.420
    assert figures.total.needs == Decimal("3898566420")
    for value in figures.total.as_dict().values():
        assert type(value) is Decimal
