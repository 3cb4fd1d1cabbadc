"""Roster import: CSV (comma or semicolon, with or without BOM) and XLSX, row-by-row error report, re-import."""

import io
from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from ksb_volunteers.models import Availability, RosterImport, TaganaMember
from ksb_volunteers.selectors import member_skills
from ksb_volunteers.services import roster_import

from .factories import synthetic_nik

pytestmark = pytest.mark.django_db

HEADER = "Nomor Induk Anggota;NIK;Nama;Jenis Kelamin;Tanggal Lahir;No HP;Kabupaten/Kota;Keahlian;Status"


def nik(sex="L", born=date(1990, 3, 12), serial=1, kabkota="36.02"):
    return synthetic_nik(kabkota_code=kabkota, sex=sex, birth_date=born, serial=serial)


def csv_bytes(lines, *, bom=True):
    text = "\r\n".join(lines) + "\r\n"
    return text.encode("utf-8-sig" if bom else "utf-8")


@pytest.fixture
def messy_roster(member_kota_serang):
    """A roster as it arrives from a kabupaten: Excel-saved CSV with a BOM and semicolons, and many mistakes."""
    return csv_bytes(
        [
            HEADER,
            # 2: valid, skills by name, comma-separated inside the cell
            f"TGN.3602.0001;{nik()};Ahmad  Fauzi;L;12/03/1990;0812-1111-2222;Lebak;SAR air, Dapur umum;siaga",
            # 3: valid, ISO date, +62 phone, code for the kabupaten, a skill alias
            f"tgn.3602.0002;{nik('P', date(1992, 7, 5), 2)};Siti Aminah;Perempuan;1992-07-05;+62 857 1234 5678;"
            "36.02;psikososial;",
            # 4: NIK with 15 digits
            f"TGN.3602.0003;{nik(serial=3)[:15]};Budi Santoso;L;12/03/1990;;Lebak;;",
            # 5: a woman's NIK (day + 40) for a man
            f"TGN.3602.0004;{nik('P', date(1990, 3, 12), 4)};Dedi Kurnia;L;12/03/1990;;Lebak;;",
            # 6: 31 February
            f"TGN.3602.0005;{nik(serial=5)};Euis Suryani;P;31/02/1990;;Lebak;;",
            # 7: phone too short
            f"TGN.3602.0006;{nik(serial=6)};Iwan Setiawan;L;12/03/1990;12345;Lebak;;",
            # 8: not a Banten kabupaten
            f"TGN.3602.0007;{nik(serial=7)};Joko Susilo;L;12/03/1990;;Kabupaten Bogor;;",
            # 9: a skill that is not on the reference list
            f"TGN.3602.0008;{nik(serial=8)};Rudi Hartono;L;12/03/1990;;Lebak;terjun payung;",
            # 10: the member number of row 2 again
            f"TGN.3602.0001;{nik(serial=10)};Agus Salim;L;12/03/1990;;Lebak;;",
            # 11: no member number
            f";{nik(serial=11)};Tanpa Nomor;L;12/03/1990;;Lebak;;",
            # 12: the NIK of row 2 under another member number
            f"TGN.3602.0012;{nik()};Ahmad Fauzi Kembar;L;12/03/1990;;Lebak;;",
            # 13: Kota Serang, outside the officer's kabupaten
            f"TGN.3673.0013;{nik(serial=13, kabkota='36.73')};Yusuf Maulana;L;12/03/1990;;Kota Serang;;",
            # 14: an empty line, as spreadsheets leave them
            ";;;;;;;;",
            # 15: valid, "Kab." prefix, LK, dashes in the date, availability in other words
            f"TGN.3602.0015;{nik(born=date(1985, 6, 5), serial=15)};Rizki Firmansyah;LK;5-6-1985;;Kab. Lebak;"
            "logistik|P3K;tidak aktif",
            # 16: NIK mangled by Excel into scientific notation
            "TGN.3602.0016;3,60201E+15;Neng Hasanah;P;12/03/1990;;Lebak;;",
            # 17: the member number of a member of Kota Serang
            f"{member_kota_serang.member_number};{nik(serial=17)};Ganti Nama;L;12/03/1990;;Lebak;;",
            # 18: sex written as X, and an unknown availability
            f"TGN.3602.0018;{nik(serial=18)};Asep Jaelani;X;12/03/1990;;Lebak;;cuti",
        ]
    )


def test_file_full_of_mistakes_imports_the_valid_rows_and_lists_each_mistake(petugas_lebak, messy_roster):
    record = roster_import(user=petugas_lebak, name="roster_lebak.csv", data=messy_roster)

    assert (record.rows_total, record.rows_created, record.rows_updated, record.rows_failed) == (16, 3, 0, 13)
    assert set(TaganaMember.objects.filter(kabkota_id="36.02").values_list("member_number", flat=True)) == {
        "TGN.3602.0001",
        "TGN.3602.0002",
        "TGN.3602.0015",
    }
    by_row = {}
    for error in record.errors:
        by_row.setdefault(error["row"], set()).add(error["column"])
    assert by_row == {
        4: {"nik"},
        5: {"jenis_kelamin"},
        6: {"tanggal_lahir"},
        7: {"telepon"},
        8: {"kabupaten_kota"},
        9: {"keahlian"},
        10: {"nomor_induk_anggota"},
        11: {"nomor_induk_anggota"},
        12: {"nik"},
        13: {"kabupaten_kota"},
        16: {"nik"},
        17: {"nomor_induk_anggota"},
        18: {"jenis_kelamin", "ketersediaan"},
    }
    messages = {error["row"]: error["message"] for error in record.errors}
    assert "baris 2" in messages[10]
    assert "terjun payung" in messages[9]
    assert "E+" in messages[16]
    # The report never repeats a NIK.
    assert not any(nik() in error["message"] for error in record.errors)

    ahmad = TaganaMember.objects.get(member_number="TGN.3602.0001")
    assert ahmad.full_name == "Ahmad Fauzi" and ahmad.phone == "+6281211112222"
    assert {skill.code for skill in member_skills(member=ahmad)} == {"sar-air", "dapur-umum"}
    rizki = TaganaMember.objects.get(member_number="TGN.3602.0015")
    assert rizki.availability == Availability.INACTIVE and rizki.birth_date == date(1985, 6, 5)
    assert {skill.code for skill in member_skills(member=rizki)} == {"logistik", "pertolongan-pertama"}
    assert TaganaMember.objects.get(member_number="TGN.3602.0002").phone == "+6285712345678"


def test_importing_again_updates_by_member_number_instead_of_duplicating(petugas_lebak, messy_roster):
    roster_import(user=petugas_lebak, name="roster_lebak.csv", data=messy_roster)
    corrected = csv_bytes(
        [
            "nomor_induk_anggota,nik,nama,jenis_kelamin,tanggal_lahir,telepon,kabupaten_kota,keahlian",
            f"TGN.3602.0001,{nik()},Ahmad Fauzi,L,12/03/1990,0813-9999-0000,Lebak,assessment",
            f"TGN.3602.0003,{nik(serial=3)},Budi Santoso,L,12/03/1990,,Lebak,",
        ],
        bom=False,
    )
    record = roster_import(user=petugas_lebak, name="roster_lebak_perbaikan.csv", data=corrected)
    assert (record.rows_created, record.rows_updated, record.rows_failed) == (1, 1, 0)
    ahmad = TaganaMember.objects.get(member_number="TGN.3602.0001")
    assert ahmad.phone == "+6281399990000"
    assert {skill.code for skill in member_skills(member=ahmad)} == {"assessment"}
    assert TaganaMember.objects.filter(full_name="Ahmad Fauzi").count() == 1
    assert RosterImport.objects.count() == 2


def test_xlsx_roster_is_imported_and_numeric_nik_cells_are_refused(petugas_lebak, skills):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NIA", "NIK", "Nama Lengkap", "JK", "Tgl Lahir", "HP", "Kab/Kota", "Keahlian"])
    sheet.append(["TGN.3602.0101", nik(serial=101), "Lilis Nurhayati", "P", datetime(1990, 3, 12), "", "Lebak", ""])
    sheet.append(["TGN.3602.0102", int(nik(serial=102)), "Wulan Sari", "L", datetime(1990, 3, 12), "", "36.02", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    record = roster_import(user=petugas_lebak, name="roster.xlsx", data=buffer.getvalue())
    assert (record.rows_created, record.rows_failed) == (0, 2)
    assert [error["column"] for error in record.errors] == ["jenis_kelamin", "nik"]

    sheet.delete_rows(2, 2)
    sheet.append(
        ["TGN.3602.0101", nik("P", serial=101), "Lilis Nurhayati", "P", datetime(1990, 3, 12), "", "Lebak", ""]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    record = roster_import(user=petugas_lebak, name="roster.xlsx", data=buffer.getvalue())
    assert (record.rows_created, record.rows_failed) == (1, 0)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("roster.txt", b"nik;nama", ".csv"),
        ("roster.csv", b"", "kosong"),
        ("roster.csv", b"nik;nama\r\n", "nomor_induk_anggota"),
        ("roster.csv", "nomor_induk_anggota;nik;nama\r\nx;y;Jos\xe9".encode("latin-1"), "UTF-8"),
        ("roster.xlsx", b"not a workbook", "Excel"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_as_a_whole(petugas_lebak, skills, name, data, words):
    with pytest.raises(ValidationError) as caught:
        roster_import(user=petugas_lebak, name=name, data=data)
    assert words in caught.value.message_dict["file"][0]
    assert not RosterImport.objects.exists()
