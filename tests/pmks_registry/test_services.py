"""Services: registration, upsert by NIK (reused by shelters), status history, services, panti, merge."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from banten_dinsos.audit.models import AuditAction, AuditLog
from banten_dinsos.regions.models import Region
from pmks_registry.models import Client, ClientMerge, ClientStatus, DataSource, PmksType, ServiceKind
from pmks_registry.services import (
    client_create,
    client_merge,
    client_register_disaster_victim,
    client_service_record,
    client_status_change,
    client_update,
    client_upsert,
    placement_admit,
    placement_discharge,
    pmks_types_load_reference,
)

from .conftest import DESA_KOTA_SERANG, DESA_LEBAK, make_client

pytestmark = pytest.mark.django_db
BORN = datetime.date(1983, 9, 5)


def _register(user, *, nik="3602144509830001", desa=DESA_LEBAK, types=(9,), **extra):
    return client_create(
        user=user,
        nik=nik,
        name=extra.pop("name", "  Siti   Aminah "),
        sex=extra.pop("sex", "P"),
        birth_date=extra.pop("birth_date", BORN),
        desa=Region.objects.get(code=desa),
        types=PmksType.objects.filter(number__in=types),
        source=DataSource.FIELD_ASSESSMENT,
        **extra,
    )


def test_reference_loader_creates_26_types_and_keeps_an_edited_flag(pmks_types):
    assert PmksType.objects.count() == 26
    assert PmksType.objects.filter(provincial_authority=True).count() == 20
    PmksType.objects.filter(number=24).update(provincial_authority=True)
    pmks_types_load_reference()
    assert PmksType.objects.count() == 26
    assert PmksType.objects.get(number=24).provincial_authority is True


def test_officer_registers_client_in_own_kabupaten_with_derived_kabkota_and_audit(petugas_lebak, pmks_types):
    client = _register(petugas_lebak)
    assert (client.kabkota_id, client.name, client.name_key) == ("36.02", "Siti Aminah", "SITI AMINAH")
    assert list(client.types.values_list("number", flat=True)) == [9]
    entry = AuditLog.objects.get(action=AuditAction.CREATE, model="pmks_registry.client")
    assert entry.object_id == str(client.pk) and entry.kabkota_code == "36.02"
    assert client.nik not in str(entry.__dict__)


def test_officer_cannot_register_client_in_another_kabupaten(petugas_lebak, pmks_types):
    with pytest.raises(ValidationError) as error:
        _register(petugas_lebak, nik="3673024509830001", desa=DESA_KOTA_SERANG)
    assert "desa" in error.value.message_dict
    assert not Client.objects.exists()


def test_nik_inconsistent_with_sex_is_refused_naming_the_field(petugas_lebak, pmks_types):
    with pytest.raises(ValidationError) as error:
        _register(petugas_lebak, sex="L")
    assert "sex" in error.value.message_dict


def test_one_client_per_nik_is_enforced_by_service_and_database(petugas_lebak, pmks_types):
    _register(petugas_lebak)
    with pytest.raises(ValidationError) as error:
        _register(petugas_lebak)
    assert "nik" in str(error.value.message_dict).lower() or "__all__" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Client.objects.create(
            nik="3602144509830001",
            name="X",
            name_key="X",
            sex="P",
            birth_date=BORN,
            desa_id=DESA_LEBAK,
            kabkota_id="36.02",
            source="dtks",
        )


def test_upsert_updates_the_client_and_adds_types_without_removing_any(petugas_lebak, pmks_types):
    client = _register(petugas_lebak, types=(9,))
    again, created = client_upsert(
        user=petugas_lebak,
        nik=client.nik,
        name="Siti Aminah Binti Ujang",
        sex="P",
        birth_date=BORN,
        desa=Region.objects.get(code="36.02.14.1002"),
        types=PmksType.objects.filter(number=21),
        source=DataSource.REFERRAL,
    )
    assert not created and again.pk == client.pk
    assert again.name == "Siti Aminah Binti Ujang" and again.desa_id == "36.02.14.1002"
    assert sorted(again.types.values_list("number", flat=True)) == [9, 21]


def test_evacuee_becomes_korban_bencana_alam_in_one_action(petugas_lebak, pmks_types):
    client, created = client_register_disaster_victim(
        user=petugas_lebak,
        nik="3602140101900003",
        name="Ujang",
        sex="L",
        birth_date=datetime.date(1990, 1, 1),
        desa=Region.objects.get(code=DESA_LEBAK),
    )
    assert created and list(client.types.values_list("number", flat=True)) == [21]
    assert client.source == DataSource.REFERRAL


def test_upsert_refuses_a_nik_registered_in_another_kabupaten(petugas_lebak, client_kota_serang):
    with pytest.raises(ValidationError) as error:
        client_upsert(
            user=petugas_lebak,
            nik=client_kota_serang.nik,
            name="Budi",
            sex="L",
            birth_date=client_kota_serang.birth_date,
            desa=Region.objects.get(code=DESA_LEBAK),
            types=PmksType.objects.filter(number=8),
            source=DataSource.DTKS,
        )
    assert "nik" in error.value.message_dict
    client_kota_serang.refresh_from_db()
    assert client_kota_serang.kabkota_id == "36.73"


def test_update_audits_field_names_only_and_replaces_types(petugas_lebak, client_lebak):
    client_update(
        user=petugas_lebak,
        client=client_lebak,
        data={"address": "Jl. Multatuli RT 01/02"},
        types=PmksType.objects.filter(number__in=[8, 9]),
    )
    entry = AuditLog.objects.filter(action=AuditAction.CHANGE).latest("id")
    assert entry.fields == ["address", "types"]
    assert "Multatuli" not in str(entry.__dict__)


def test_officer_cannot_change_client_of_another_kabupaten(petugas_lebak, client_kota_serang):
    with pytest.raises(PermissionDenied):
        client_update(user=petugas_lebak, client=client_kota_serang, data={"address": "x"})


def test_status_history_is_kept_and_an_ending_status_needs_a_reason_and_ends_the_panti_stay(
    staf, client_lebak, panti_kota_serang
):
    placement_admit(
        user=staf, client=client_lebak, panti=panti_kota_serang, admitted_on=datetime.date(2026, 1, 2), reason="x"
    )
    with pytest.raises(ValidationError) as error:
        client_status_change(user=staf, client=client_lebak, status=ClientStatus.DECEASED, changed_on=BORN.today())
    assert "reason" in error.value.message_dict
    client_status_change(
        user=staf,
        client=client_lebak,
        status=ClientStatus.DECEASED,
        changed_on=datetime.date(2026, 2, 1),
        reason="sakit",
    )
    client_lebak.refresh_from_db()
    assert client_lebak.status == ClientStatus.DECEASED
    change = client_lebak.status_changes.get()
    assert (change.from_status, change.to_status) == (ClientStatus.ACTIVE, ClientStatus.DECEASED)
    assert client_lebak.placements.get().discharged_on == datetime.date(2026, 2, 1)


def test_cash_aid_needs_an_amount_in_rupiah(petugas_lebak, client_lebak):
    with pytest.raises(ValidationError) as error:
        client_service_record(
            user=petugas_lebak, client=client_lebak, kind=ServiceKind.CASH_AID, provided_on=datetime.date(2026, 1, 5)
        )
    assert "amount" in error.value.message_dict
    service = client_service_record(
        user=petugas_lebak,
        client=client_lebak,
        kind=ServiceKind.CASH_AID,
        provided_on=datetime.date(2026, 1, 5),
        amount=Decimal("600000.00"),
    )
    assert service.amount == Decimal("600000.00")


def test_panti_refuses_admission_when_full_and_occupancy_frees_on_discharge(staf, pmks_types, panti_kota_serang):
    first, second, third = (make_client(name=f"Klien {i}") for i in range(3))
    day = datetime.date(2026, 1, 10)
    one = placement_admit(user=staf, client=first, panti=panti_kota_serang, admitted_on=day, reason="rujukan")
    placement_admit(user=staf, client=second, panti=panti_kota_serang, admitted_on=day, reason="rujukan")
    with pytest.raises(ValidationError) as error:
        placement_admit(user=staf, client=third, panti=panti_kota_serang, admitted_on=day, reason="rujukan")
    assert "penuh" in error.value.message_dict["panti"][0]
    with pytest.raises(ValidationError):
        placement_admit(user=staf, client=first, panti=panti_kota_serang, admitted_on=day, reason="lagi")
    placement_discharge(user=staf, placement=one, discharged_on=datetime.date(2026, 2, 1), reason="reunifikasi")
    placement_admit(user=staf, client=third, panti=panti_kota_serang, admitted_on=day, reason="rujukan")


def test_merge_moves_everything_to_the_kept_record_and_remembers_the_merged_nik(staf, pmks_types):
    keep = make_client(name="Siti Aminah", types=(9,))
    other = make_client(name="Siti Aminah", types=(21,), no_kk="3602140101100001")
    client_service_record(user=staf, client=other, kind=ServiceKind.FOOD_AID, provided_on=datetime.date(2026, 1, 3))
    kept = client_merge(user=staf, keep=keep, merge=other, reason="NIK lama salah ketik")
    assert sorted(kept.types.values_list("number", flat=True)) == [9, 21]
    assert kept.services.count() == 1 and kept.no_kk == "3602140101100001"
    assert not Client.objects.filter(pk=other.pk).exists()
    merge = ClientMerge.objects.get()
    assert (merge.merged_nik, merge.merged_client_id) == (other.nik, other.pk)


def test_officer_may_not_merge(petugas_lebak, pmks_types):
    keep, other = make_client(), make_client()
    with pytest.raises(PermissionDenied):
        client_merge(user=petugas_lebak, keep=keep, merge=other, reason="x")
