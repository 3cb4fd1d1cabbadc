"""NIK validation: python-stdnum plus consistency with sex and birth date; masking for lists and exports."""

import datetime

import pytest

from banten_dinsos.core.nik import mask_number, nik_errors, nik_generate, no_kk_errors

BORN = datetime.date(1983, 9, 5)


def fields(errors):
    return [field for field, _message in errors]


def test_a_womans_nik_with_day_plus_40_is_valid():
    assert nik_errors("3602134509830001", sex="P", birth_date=BORN) == []


def test_a_mans_nik_without_offset_is_valid_and_no_banten_prefix_is_needed():
    assert nik_errors("3171010509830001", sex="L", birth_date=BORN) == []


@pytest.mark.parametrize(
    ("nik", "field", "words"),
    [
        ("360213450983001", "nik", "16 digit"),  # 15 digits
        ("36021345098300011", "nik", "16 digit"),  # 17 digits
        ("3602134509830A01", "nik", "hanya boleh berisi angka"),
        ("", "nik", "wajib"),
        ("9902134509830001", "nik", "kode provinsi"),  # no province 99
        ("3602133213830001", "nik", "tanggal"),  # month 13
        ("3602137209830001", "nik", "tanggal"),  # day 72-40 = 32
        ("3602138509830001", "nik", "tanggal"),  # day 85: stdnum alone would read it as the 5th
        ("3602133002830001", "nik", "tanggal"),  # 30 February
        ("3602134509830000", "nik", "0000"),
    ],
)
def test_invalid_nik_is_refused_with_a_reason_in_bahasa_indonesia(nik, field, words):
    errors = nik_errors(nik, sex="P", birth_date=BORN)
    assert field in fields(errors)
    assert any(words in message for _field, message in errors), errors


def test_day_plus_40_inconsistent_with_sex_is_reported_on_the_sex():
    assert fields(nik_errors("3602134509830001", sex="L", birth_date=BORN)) == ["sex"]
    assert fields(nik_errors("3602130509830001", sex="P", birth_date=BORN)) == ["sex"]


def test_birth_date_must_match_the_nik():
    errors = nik_errors("3602134509830001", sex="P", birth_date=datetime.date(1983, 9, 6))
    assert fields(errors) == ["birth_date"]
    assert nik_errors("3602134509830001", sex="P", birth_date=datetime.date(2083 - 100, 9, 5)) == []


def test_messages_never_repeat_the_number():
    nik = "3602134509830001"
    for _field, message in nik_errors(nik, sex="L", birth_date=datetime.date(1990, 1, 1)):
        assert nik not in message and "45" not in message


def test_no_kk_is_optional_but_must_be_16_digits():
    assert no_kk_errors("") == []
    assert no_kk_errors("3602130101100001") == []
    assert no_kk_errors("36021301011") and no_kk_errors("3602130101A00001")


def test_masking_keeps_region_and_serial_and_hides_the_birth_date():
    assert mask_number("3601234509830001") == "3601********0001"
    assert mask_number("") == ""
    assert mask_number("123") == "***"


def test_generated_niks_are_consistent_with_sex_and_birth_date():
    born = datetime.date(2001, 2, 28)
    for sex in "LP":
        nik = nik_generate(region_prefix="367302", sex=sex, birth_date=born, serial=12)
        assert nik_errors(nik, sex=sex, birth_date=born) == []
