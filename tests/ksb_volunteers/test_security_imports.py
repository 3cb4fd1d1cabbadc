"""The roster import does not tell an officer that a member number exists in another kabupaten/kota."""

import pytest

from ksb_volunteers.services import roster_import

from .test_imports import HEADER, csv_bytes, nik

pytestmark = pytest.mark.django_db


def test_a_member_number_of_another_kabkota_is_refused_without_saying_where_it_is(petugas_lebak, member_kota_serang):
    data = csv_bytes([HEADER, f"{member_kota_serang.member_number};{nik(serial=17)};Ganti Nama;L;12/03/1990;;Lebak;;"])
    record = roster_import(user=petugas_lebak, name="roster.csv", data=data)
    [error] = record.errors
    assert error["column"] == "nomor_induk_anggota"
    message = error["message"].lower()
    assert "lain" not in message and "serang" not in message and "milik" not in message
    member_kota_serang.refresh_from_db()
    assert member_kota_serang.full_name != "Ganti Nama"
