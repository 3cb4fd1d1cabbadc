"""PMKS type names in the regulation's wording, and NIKs whose first four digits are no kabupaten/kota."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from banten_dinsos.core.nik import national_kabkota_codes, nik_clean, nik_errors, no_kk_errors
from pmks_registry.models import PmksType
from pmks_registry.services.reference import pmks_types_load_reference

BORN = datetime.date(1983, 9, 5)
REGULATION = {
    1: "Anak Balita Terlantar",
    2: "Anak Terlantar",
    3: "Anak yang Berhadapan dengan Hukum",
    6: "Anak yang Menjadi Korban Tindak Kekerasan atau Diperlakukan Salah",
    8: "Lanjut Usia Terlantar",
}
migration = import_module("pmks_registry.migrations.0004_pmks_type_names_per_regulation")


@pytest.mark.django_db
def test_reference_loader_uses_the_regulations_wording(reference_data):
    pmks_types_load_reference()
    names = dict(PmksType.objects.values_list("number", "name"))
    assert {number: names[number] for number in REGULATION} == REGULATION
    assert not [name for name in names.values() if "Telantar" in name]


@pytest.mark.django_db
def test_data_migration_corrects_the_old_names_and_leaves_an_administrators_wording(reference_data):
    pmks_types_load_reference()
    PmksType.objects.filter(number=1).update(name="Anak Balita Telantar")
    PmksType.objects.filter(number=6).update(name="Anak Korban Tindak Kekerasan")
    PmksType.objects.filter(number=8).update(name="Lansia Terlantar (nama lokal)")
    migration.use_regulation_names(apps, None)
    names = dict(PmksType.objects.values_list("number", "name"))
    assert names[1] == REGULATION[1] and names[6] == REGULATION[6]
    assert names[8] == "Lansia Terlantar (nama lokal)"  # edited in the admin: not ours to change
    migration.restore_previous_names(apps, None)
    assert PmksType.objects.get(number=1).name == "Anak Balita Telantar"


def test_the_national_list_has_every_kabkota_of_indonesia():
    codes = national_kabkota_codes()
    assert len(codes) == 514
    assert {"3601", "3674", "3171", "9171"} <= codes  # Banten, Jakarta Pusat, Kota Jayapura
    assert "3699" not in codes


@pytest.mark.parametrize("nik", ["3699134509830001", "3675134509830001", "3200134509830001"])
def test_a_nik_whose_first_four_digits_are_no_kabkota_is_refused_with_a_clear_message(nik):
    errors = nik_errors(nik, sex="P", birth_date=BORN)
    assert [field for field, _message in errors] == ["nik"]
    (message,) = [message for _field, message in errors]
    assert "Empat digit pertama NIK" in message and "kabupaten/kota" in message
    assert nik not in message
    with pytest.raises(ValidationError):
        nik_clean(nik)


@pytest.mark.parametrize("nik", ["3674134509830001", "1101134509830001", "9171134509830001"])
def test_niks_issued_anywhere_in_indonesia_are_accepted(nik):
    assert nik_errors(nik, sex="P", birth_date=BORN) == []


def test_a_family_card_number_gets_the_same_check():
    assert no_kk_errors("3602130101200001") == []
    (message,) = no_kk_errors("3699130101200001")
    assert "Empat digit pertama No. KK" in message
