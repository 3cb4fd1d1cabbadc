"""Writing a Jitupasna: bad input is refused with a message naming the field and nothing is saved; a final
assessment is frozen; officers and agencies enter only what is theirs, and only while it is open for input."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banten_dinsos.audit.models import AuditLog
from jitupasna.models import Assessment, AssessmentStatus, DamageEntry, LossEntry, NeedsEntry
from jitupasna.services import (
    assessment_create,
    assessment_finalise,
    assessment_open_for_input,
    assessment_update,
    damage_entry_create,
    damage_entry_delete,
    damage_entry_update,
    loss_entry_create,
    loss_entry_update,
    needs_entry_create,
    needs_entry_update,
)

from .conftest import KAB_TANGERANG, KOTA_TANGERANG, LEBAK, PERIUK, TANGSEL, region, rp, sector, sub_sector, wib

pytestmark = pytest.mark.django_db


def houses(user, assessment, *, kabkota=KOTA_TANGERANG, **figures):
    values = {"units_heavy": rp(2), "units_moderate": rp(3), "units_light": rp(4), "unit_cost": rp(90_000_000)}
    values.update(figures)
    return damage_entry_create(
        user=user,
        assessment=assessment,
        sub_sector=sub_sector("perumahan"),
        kabkota=region(kabkota),
        asset_kind=values.pop("asset_kind", "Rumah"),
        **values,
    )


def opened(staf, assessment, time_machine):
    time_machine.move_to(wib(2026, 2, 1), tick=False)
    return assessment_open_for_input(user=staf, assessment=assessment, deadline=wib(2026, 2, 9, 16))


def test_a_new_assessment_copies_the_reference_factors_and_their_source(assessment):
    assert (assessment.factor_heavy, assessment.factor_moderate, assessment.factor_light) == (
        Decimal("1.000"),
        Decimal("0.750"),
        Decimal("0.500"),
    )
    assert assessment.factors_source.startswith("RB, RS, RR: Kelas kerusakan menurut Perka BNPB 15/2011")
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.title == "Jitupasna Banjir Tangerang Raya Januari 2026"


def test_a_disaster_has_one_jitupasna(staf, flood, assessment):
    with pytest.raises(ValidationError) as error:
        assessment_create(user=staf, disaster=flood)
    assert "disaster" in error.value.message_dict


def test_only_provincial_staff_start_an_assessment(petugas_kota_tangerang, perkim_user, flood, jitupasna_reference):
    for user in (petugas_kota_tangerang, perkim_user):
        with pytest.raises(PermissionDenied):
            assessment_create(user=user, disaster=flood)
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("units_heavy", "Unit rusak berat (RB) tidak boleh negatif."),
        ("units_moderate", "Unit rusak sedang (RS) tidak boleh negatif."),
        ("units_light", "Unit rusak ringan (RR) tidak boleh negatif."),
        ("unit_cost", "Harga satuan sebelum bencana (Rp) tidak boleh negatif."),
    ],
)
def test_negative_units_or_costs_are_refused_naming_the_field(staf, assessment, field, label):
    with pytest.raises(ValidationError) as error:
        houses(staf, assessment, **{field: rp(-1)})
    assert error.value.message_dict[field] == [label]
    assert not DamageEntry.objects.exists()


def test_negative_loss_and_needs_amounts_are_refused(staf, assessment):
    with pytest.raises(ValidationError) as error:
        loss_entry_create(
            user=staf,
            assessment=assessment,
            sub_sector=sub_sector("perdagangan"),
            kabkota=region(KOTA_TANGERANG),
            description="Pasar tutup",
            lost_income=rp(-5),
            extra_costs=rp(-1),
            recovery_months=0,
        )
    assert set(error.value.message_dict) == {"lost_income", "extra_costs", "recovery_months"}
    with pytest.raises(ValidationError) as error:
        needs_entry_create(
            user=staf, assessment=assessment, sector=sector("sosial"), kabkota=region(TANGSEL), access=rp(-100)
        )
    assert set(error.value.message_dict) == {"access"}
    assert not LossEntry.objects.exists() and not NeedsEntry.objects.exists()


def test_units_by_class_cannot_exceed_a_known_stock(staf, assessment):
    with pytest.raises(ValidationError) as error:
        houses(staf, assessment, total_stock=rp(8))
    assert error.value.message_dict["total_stock"] == [
        "Unit yang rusak (RB + RS + RR = 9) melebihi jumlah sebelum bencana (8)."
    ]
    assert not DamageEntry.objects.exists()
    entry = houses(staf, assessment, total_stock=rp(9))
    assert entry.units_damaged == 9
    # An unknown stock limits nothing.
    assert houses(staf, assessment, asset_kind="Rumah panggung", units_light=rp(5000)).total_stock is None


def test_an_entry_for_a_kabupaten_kota_the_disaster_did_not_affect_is_refused(staf, assessment):
    with pytest.raises(ValidationError) as error:
        houses(staf, assessment, kabkota=LEBAK)
    message = error.value.message_dict["kabkota"][0]
    assert "Kabupaten Lebak" in message and "Banjir Tangerang Raya" in message
    with pytest.raises(ValidationError) as error:
        needs_entry_create(user=staf, assessment=assessment, sector=sector("sosial"), kabkota=region(LEBAK))
    assert "kabkota" in error.value.message_dict
    assert not DamageEntry.objects.exists() and not NeedsEntry.objects.exists()


def test_a_kecamatan_must_lie_in_the_kabupaten_kota_of_the_entry(staf, assessment):
    with pytest.raises(ValidationError) as error:
        houses(staf, assessment, kabkota=TANGSEL, kecamatan=region(PERIUK))
    assert "kecamatan" in error.value.message_dict
    assert houses(staf, assessment, kecamatan=region(PERIUK)).kecamatan_id == PERIUK


def test_the_same_asset_twice_in_one_area_is_refused(staf, assessment):
    houses(staf, assessment)
    with pytest.raises(ValidationError):
        houses(staf, assessment)
    assert DamageEntry.objects.count() == 1


def test_a_final_assessment_refuses_every_change_and_saves_nothing(staf, assessment):
    entry = houses(staf, assessment)
    needs = needs_entry_create(
        user=staf, assessment=assessment, sector=sector("permukiman"), kabkota=region(KOTA_TANGERANG)
    )
    assessment_finalise(user=staf, assessment=assessment)
    refusals = [
        lambda: houses(staf, assessment, asset_kind="Rumah lain"),
        lambda: damage_entry_update(user=staf, entry=DamageEntry.objects.get(pk=entry.pk), data={"unit_cost": rp(1)}),
        lambda: damage_entry_delete(user=staf, entry=DamageEntry.objects.get(pk=entry.pk)),
        lambda: needs_entry_update(user=staf, entry=NeedsEntry.objects.get(pk=needs.pk), data={"risk": rp(5)}),
        lambda: assessment_update(user=staf, assessment=assessment, data={"bbb_uplift_percent": rp(15)}),
        lambda: assessment_finalise(user=staf, assessment=assessment),
    ]
    for refuse in refusals:
        with pytest.raises(ValidationError) as error:
            refuse()
        assert "sudah final" in " ".join(error.value.messages)
    entry.refresh_from_db()
    assert entry.unit_cost == rp(90_000_000)
    assert DamageEntry.objects.count() == 1
    assert NeedsEntry.objects.get().risk == 0
    assert Assessment.objects.get().bbb_uplift_percent == rp(10)


def test_finalising_needs_figures(staf, assessment):
    with pytest.raises(ValidationError):
        assessment_finalise(user=staf, assessment=assessment)
    assert Assessment.objects.get().status == AssessmentStatus.DRAFT


def test_changed_factors_need_their_source(staf, assessment):
    with pytest.raises(ValidationError) as error:
        assessment_update(user=staf, assessment=assessment, data={"factor_moderate": Decimal("0.6")})
    assert "factors_source" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        assessment_update(
            user=staf, assessment=assessment, data={"factor_moderate": Decimal("1.2"), "factors_source": "Rakor"}
        )
    assert "factor_moderate" in error.value.message_dict
    assessment_update(
        user=staf,
        assessment=assessment,
        data={"factor_moderate": Decimal("0.6"), "factors_source": "Kesepakatan rakor Jitupasna 3 Februari 2026"},
    )
    assessment.refresh_from_db()
    assert assessment.factor_moderate == Decimal("0.600")
    assert assessment.factors_source == "Kesepakatan rakor Jitupasna 3 Februari 2026"


def test_the_uplift_lies_between_0_and_100_percent(staf, assessment):
    for value in ("-1", "100.01"):
        with pytest.raises(ValidationError) as error:
            assessment_update(user=staf, assessment=assessment, data={"bbb_uplift_percent": Decimal(value)})
        assert "bbb_uplift_percent" in error.value.message_dict


def test_officers_and_agencies_wait_until_the_draft_is_opened(staf, assessment, petugas_kota_tangerang, perkim_user):
    for user in (petugas_kota_tangerang, perkim_user):
        with pytest.raises(PermissionDenied):
            houses(user, assessment)
    assert not DamageEntry.objects.exists()


def test_an_officer_enters_figures_for_their_own_kabupaten_kota_only(
    staf, assessment, petugas_kota_tangerang, time_machine
):
    opened(staf, assessment, time_machine)
    entry = houses(petugas_kota_tangerang, assessment)
    assert entry.created_by == petugas_kota_tangerang
    with pytest.raises(PermissionDenied):
        houses(petugas_kota_tangerang, assessment, kabkota=TANGSEL)
    other = houses(staf, assessment, kabkota=KAB_TANGERANG)
    with pytest.raises(PermissionDenied):
        damage_entry_update(user=petugas_kota_tangerang, entry=other, data={"unit_cost": rp(1)})
    # Nor may they move their own entry to another kabupaten/kota.
    with pytest.raises(PermissionDenied):
        damage_entry_update(user=petugas_kota_tangerang, entry=entry, data={"kabkota": region(TANGSEL)})
    assert DamageEntry.objects.get(pk=entry.pk).kabkota_id == KOTA_TANGERANG


def test_an_agency_enters_figures_for_its_own_sub_sectors_only(staf, assessment, perkim_user, time_machine):
    opened(staf, assessment, time_machine)
    entry = houses(perkim_user, assessment, kabkota=TANGSEL)
    assert entry.sub_sector.code == "perumahan"
    with pytest.raises(PermissionDenied):
        damage_entry_create(
            user=perkim_user,
            assessment=assessment,
            sub_sector=sub_sector("transportasi"),
            kabkota=region(TANGSEL),
            asset_kind="Jalan",
        )
    needs = needs_entry_create(
        user=perkim_user, assessment=assessment, sector=sector("permukiman"), kabkota=region(TANGSEL)
    )
    with pytest.raises(PermissionDenied):
        needs_entry_create(user=perkim_user, assessment=assessment, sector=sector("sosial"), kabkota=region(TANGSEL))
    assert needs.created_by == perkim_user


def test_changing_a_loss_entry_is_audited_with_the_changed_field_names(staf, assessment):
    entry = loss_entry_create(
        user=staf,
        assessment=assessment,
        sub_sector=sub_sector("pertanian"),
        kabkota=region(KAB_TANGERANG),
        description="Gagal panen",
        lost_income=rp(1_000_000),
        recovery_months=3,
    )
    loss_entry_update(user=staf, entry=entry, data={"lost_income": rp(2_000_000), "description": "Gagal panen"})
    log = AuditLog.objects.filter(model="jitupasna.lossentry").order_by("-id").first()
    assert log.fields == ["lost_income"]
    assert log.kabkota_code == KAB_TANGERANG
