"""The HTML pages: they render, keep what was typed on errors, are scoped like the API and print the roster."""

import re
from datetime import date

import pytest

from banten_dinsos.audit.models import AuditAction, AuditLog
from ksb_volunteers.models import Deployment, KsbUnit, TaganaMember

from .conftest import at
from .factories import MemberFactory, synthetic_nik

pytestmark = pytest.mark.django_db

RECORD_PAGES = [
    ("get", "/relawan/tagana/{member}/"),
    ("get", "/relawan/tagana/{member}/ubah/"),
    ("post", "/relawan/tagana/{member}/ketersediaan/"),
    ("get", "/relawan/tagana/impor/{import}/"),
    ("get", "/relawan/ksb/{unit}/"),
    ("get", "/relawan/ksb/{unit}/ubah/"),
    ("post", "/relawan/ksb/{unit}/pengurus/"),
    ("post", "/relawan/ksb/{unit}/lumbung/"),
    ("post", "/relawan/ksb/{unit}/pemangku/"),
    ("post", "/relawan/ksb/pengurus/{officer}/hapus/"),
    ("post", "/relawan/ksb/lumbung/{item}/hapus/"),
    ("post", "/relawan/ksb/pemangku/{stakeholder}/hapus/"),
    ("get", "/relawan/pelatihan/{training}/"),
    ("post", "/relawan/pelatihan/{training}/peserta/"),
    ("post", "/relawan/pelatihan/{training}/peserta/{participation}/hapus/"),
    ("get", "/relawan/penugasan/{deployment}/"),
    ("post", "/relawan/penugasan/{deployment}/selesai/"),
    ("post", "/relawan/penugasan/{deployment}/laporan/"),
    ("post", "/relawan/penugasan/{deployment}/batal/"),
    ("get", "/relawan/jadwal-piket/posko/{shelter}/"),
]
LIST_PAGES = [
    "/relawan/",
    "/relawan/tagana/baru/",
    "/relawan/tagana/cari/",
    "/relawan/tagana/impor/",
    "/relawan/ksb/",
    "/relawan/ksb/baru/",
    "/relawan/ksb/forum/",
    "/relawan/pelatihan/",
    "/relawan/pelatihan/baru/",
    "/relawan/penugasan/",
    "/relawan/penugasan/baru/",
    "/relawan/jadwal-piket/",
]


@pytest.mark.parametrize(("method", "template"), RECORD_PAGES)
def test_officer_of_another_kabupaten_gets_404_on_every_record_page(
    page_as, petugas_kota_serang, petugas_lebak, lebak_records, method, template
):
    path = template.format(**{key: record.pk for key, record in lebak_records.items()})
    assert getattr(page_as(petugas_kota_serang), method)(path).status_code == 404, path
    if method == "get":
        assert page_as(petugas_lebak).get(path).status_code == 200, path


@pytest.mark.parametrize("path", LIST_PAGES)
def test_every_page_renders_for_the_officer_without_inline_scripts_or_styles(page_as, petugas_lebak, flood, path):
    response = page_as(petugas_lebak).get(path)
    assert response.status_code == 200
    assert not re.search(r"<script(?![^>]*\bsrc=)", response.text)
    assert " style=" not in response.text and "<style" not in response.text and " onclick=" not in response.text


def test_lists_of_an_officer_hold_nothing_of_another_kabupaten(page_as, petugas_kota_serang, lebak_records):
    browser = page_as(petugas_kota_serang)
    for path in ("/relawan/", "/relawan/ksb/", "/relawan/ksb/forum/", "/relawan/penugasan/", "/relawan/pelatihan/"):
        text = browser.get(path).text
        for name in ("Ujang Hidayat", "KSB Muara Ciujung", "Haji Marno", "Simulasi Evakuasi Lebak"):
            assert name not in text, (path, name)


def test_read_only_roles_see_no_personal_data_and_no_edit_buttons(page_as, koordinator_pengungsian, lebak_records):
    member = lebak_records["member"]
    detail = page_as(koordinator_pengungsian).get(f"/relawan/tagana/{member.pk}/").text
    assert member.nik not in detail and member.nik[-4:] not in detail and "+6281234567890" not in detail
    assert f"/relawan/tagana/{member.pk}/ubah/" not in detail
    assert page_as(koordinator_pengungsian).get(f"/relawan/tagana/{member.pk}/ubah/").status_code == 403
    assert not AuditLog.objects.filter(action=AuditAction.VIEW, actor=koordinator_pengungsian).exists()


def test_member_page_shows_the_whole_nik_to_the_officer_and_audits_it(page_as, petugas_lebak, lebak_records):
    member = lebak_records["member"]
    text = page_as(petugas_lebak).get(f"/relawan/tagana/{member.pk}/").text
    assert member.nik in text
    assert AuditLog.objects.filter(action=AuditAction.VIEW, actor=petugas_lebak, object_id=str(member.pk)).exists()
    listing = page_as(petugas_lebak).get("/relawan/").text
    assert member.nik not in listing and member.nik[:4] + "********" + member.nik[-4:] in listing


def test_member_form_keeps_what_was_typed_and_names_the_wrong_field(page_as, petugas_lebak, skills):
    response = page_as(petugas_lebak).post(
        "/relawan/tagana/baru/",
        {
            "member_number": "TGN.3602.0900",
            "nik": "3602011303900001",
            "full_name": "Ketikan Petugas",
            "sex": "P",
            "birth_date": "1990-03-13",
            "phone": "0812-0000-1111",
            "kabkota": "36.02",
            "availability": "siaga",
            "skills": [skills["sar-air"].pk],
        },
    )
    assert response.status_code == 400
    assert 'value="Ketikan Petugas"' in response.text
    assert "NIK" in response.text
    assert not TaganaMember.objects.exists()


def test_member_is_registered_from_the_page(page_as, petugas_lebak, skills):
    response = page_as(petugas_lebak).post(
        "/relawan/tagana/baru/",
        {
            "member_number": "TGN.3602.0901",
            "nik": synthetic_nik(kabkota_code="36.02", sex="P", birth_date=date(1990, 3, 13), serial=901),
            "full_name": "Euis Komalasari",
            "sex": "P",
            "birth_date": "1990-03-13",
            "phone": "",
            "kabkota": "36.02",
            "availability": "siaga",
            "skills": [skills["sar-air"].pk, skills["dapur-umum"].pk],
        },
    )
    member = TaganaMember.objects.get()
    assert response.status_code == 302 and response["Location"] == member.get_absolute_url()


def test_deployment_form_shows_the_double_booking_refusal(page_as, petugas_lebak, lebak_records):
    response = page_as(petugas_lebak).post(
        "/relawan/penugasan/baru/",
        {
            "disaster": lebak_records["deployment"].disaster_id,
            "member": lebak_records["member"].pk,
            "role": "logistik",
            "start_at": "2026-01-20T08:00",
            "end_at": "2026-01-21T08:00",
        },
    )
    assert response.status_code == 400
    assert "Ujang Hidayat" in response.text
    assert Deployment.objects.count() == 1


def test_end_form_ends_the_assignment_and_keeps_the_report(page_as, petugas_lebak, lebak_records):
    deployment = lebak_records["deployment"]
    response = page_as(petugas_lebak).post(
        f"/relawan/penugasan/{deployment.pk}/selesai/",
        {"end-ended_at": "2026-01-22T17:00", "end-report": "Pengungsi terdata 142 jiwa."},
    )
    assert response.status_code == 302
    deployment.refresh_from_db()
    assert deployment.status == "selesai" and deployment.end_at == at(22, 17)
    assert "142 jiwa" in page_as(petugas_lebak).get(deployment.get_absolute_url()).text


def test_ksb_unit_is_registered_with_hazards_and_officers(page_as, petugas_lebak, reference_data):
    browser = page_as(petugas_lebak)
    response = browser.post(
        "/relawan/ksb/baru/",
        {"name": "KSB Sukamaju", "desa": "36.02.14.1002", "member_count": 35, "status": "aktif", "hazards": ["101"]},
    )
    unit = KsbUnit.objects.get()
    assert response.status_code == 302 and list(unit.hazards.values_list("code", flat=True)) == ["101"]
    browser.post(f"/relawan/ksb/{unit.pk}/pengurus/", {"officer-full_name": "Bu Ketua", "officer-role": "ketua"})
    refused = browser.post(f"/relawan/ksb/{unit.pk}/pengurus/", {"officer-full_name": "Dua", "officer-role": "ketua"})
    assert refused.status_code == 400 and unit.officers.count() == 1


def test_availability_search_page_lists_who_is_free(page_as, petugas_lebak, flood, member_lebak):
    query = {"skill": "sar-air", "kabkota": "36.02", "start": "2026-03-01T08:00", "end": "2026-03-02T08:00"}
    response = page_as(petugas_lebak).get("/relawan/tagana/cari/", query)
    assert response.status_code == 200 and "Ujang Hidayat" in response.text


def test_roster_page_is_printable_with_its_own_stylesheet_and_script(page_as, petugas_lebak, lebak_records):
    shelter = lebak_records["shelter"]
    response = page_as(petugas_lebak).get(f"/relawan/jadwal-piket/posko/{shelter.pk}/", {"tanggal": "2026-01-19"})
    assert response.status_code == 200
    assert "Ujang Hidayat" in response.text and 'data-lines="1"' in response.text
    assert "/static/ksb_volunteers/ksb.css" in response.text and "/static/ksb_volunteers/roster.js" in response.text
    chooser = page_as(petugas_lebak).get("/relawan/jadwal-piket/", {"shelter": shelter.pk, "date": "2026-01-19"})
    assert chooser.status_code == 302 and chooser["Location"].endswith(f"/posko/{shelter.pk}/?tanggal=2026-01-19")


def test_import_page_shows_the_row_report(page_as, petugas_lebak, skills):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = "nomor_induk_anggota;nik;nama;jenis_kelamin;tanggal_lahir;kabupaten_kota\nTGN.1;123;Ade;L;02/01/1990;Lebak\n"
    upload = SimpleUploadedFile("roster.csv", rows.encode("utf-8-sig"))
    browser = page_as(petugas_lebak)
    response = browser.post("/relawan/tagana/impor/", {"file": upload})
    assert response.status_code == 302
    report = browser.get(response["Location"])
    assert 'id="import-errors"' in report.text and "<code>nik</code>" in report.text


def test_member_list_page_uses_the_same_number_of_queries_for_3_and_30(
    page_as, staf, skills, django_assert_num_queries
):
    browser = page_as(staf)
    for _ in range(3):
        MemberFactory(roster_skills=["sar-air"])
    browser.get("/relawan/")
    # session + user + kab/kota choices + skill choices + count + page + the page's valid skills, then the
    # session's sliding expiry is saved (savepoint, UPDATE, release): 10 whatever the number of rows.
    with django_assert_num_queries(10):
        browser.get("/relawan/")
    for _ in range(27):
        MemberFactory(roster_skills=["logistik"])
    with django_assert_num_queries(10):
        browser.get("/relawan/")


def test_admin_screens_list_volunteer_records_without_personal_data(client, lebak_records, django_user_model):
    admin_user = django_user_model.objects.create_superuser("admin.ksb", password="demo-banten-admin")
    client.force_login(admin_user)
    for model in ("skill", "ksbunit", "taganamember", "training", "deployment", "rosterimport"):
        assert client.get(f"/admin/ksb_volunteers/{model}/").status_code == 200, model
    member = lebak_records["member"]
    page = client.get(f"/admin/ksb_volunteers/taganamember/{member.pk}/change/")
    assert page.status_code == 200 and member.nik not in page.text
    assert client.get(f"/admin/ksb_volunteers/ksbunit/{lebak_records['unit'].pk}/change/").status_code == 200
