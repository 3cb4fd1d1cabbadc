"""The pages: the phone report form, my reports, the verification queue and the disaster page."""

import re
import uuid

import pytest

from clusters.models import EmergencyStatus, FieldReport, ReportState
from clusters.read_models import cluster_status_rebuild

from .conftest import KARAWACI, PERIUK, PERIUK_DESA, PONDOK_AREN
from .factories import FieldReportFactory

pytestmark = pytest.mark.django_db


def _form_data(**overrides):
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "kind": "kaji_cepat",
        "area": PERIUK_DESA,
        "observed_at": "2026-01-18T09:30",
        "dead": "0",
        "missing": "0",
        "injured": "2",
        "affected_people": "850",
        "affected_families": "240",
        "displaced": "300",
        "houses_heavily_damaged": "0",
        "houses_moderately_damaged": "0",
        "houses_lightly_damaged": "4",
        "houses_submerged": "210",
        "facility_school_rr": "1",
        "need_0_cluster": "logistik",
        "need_0_description": "Makanan siap saji",
        "need_0_people": "300",
        "need_0_priority": "urgent",
        "notes": "Air setinggi 80 cm di RW 03",
        "action": "submit",
    }
    data.update(overrides)
    return data


def test_officer_reports_from_the_form_and_staff_verify_from_the_queue(page_as, staf, petugas_kota_tangerang, flood):
    officer = page_as(petugas_kota_tangerang)
    form = officer.get(f"/bencana/{flood.pk}/laporan/baru/")
    assert form.status_code == 200
    assert 'name="viewport"' in form.text and 'inputmode="numeric"' in form.text
    assert PERIUK_DESA in form.text and PONDOK_AREN not in form.text  # only areas of the officer's kab/kota
    posted = officer.post(f"/bencana/{flood.pk}/laporan/baru/", _form_data())
    report = FieldReport.objects.get()
    assert posted.status_code == 302 and posted["Location"] == f"/bencana/laporan/{report.pk}/"
    assert (report.state, report.area_id, report.facilities_damaged) == (
        "submitted",
        PERIUK_DESA,
        {"school": {"rr": 1}},
    )
    assert list(report.needs.values_list("cluster__code", "people_in_need")) == [("logistik", 300)]
    mine = officer.get("/bencana/laporan/saya/")
    assert f"#{report.pk}" in mine.text and "Dikirim" in mine.text

    province = page_as(staf)
    queue = province.get("/bencana/laporan/verifikasi/")
    assert f"#{report.pk}" in queue.text
    detail = province.get(f"/bencana/laporan/{report.pk}/")
    assert f"/bencana/laporan/{report.pk}/verifikasi/" in detail.text
    returned = province.post(f"/bencana/laporan/{report.pk}/kembalikan/", {"reason": "Foto dan jumlah KK belum ada."})
    assert returned.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED

    again = officer.get(f"/bencana/laporan/{report.pk}/ubah/")
    assert "Foto dan jumlah KK belum ada." in again.text and 'value="850"' in again.text
    resubmitted = officer.post(
        f"/bencana/laporan/{report.pk}/ubah/",
        _form_data(affected_families="250", idempotency_key=str(report.idempotency_key)),
    )
    assert resubmitted.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.affected_families) == (ReportState.SUBMITTED, 250)
    assert province.post(f"/bencana/laporan/{report.pk}/verifikasi/").status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.VERIFIED and report.verified_by == staf
    disaster_page = province.get(f"/bencana/{flood.pk}/")
    assert "850" in disaster_page.text and "Status klaster" in disaster_page.text


def test_report_form_keeps_what_was_typed_and_says_why_when_validation_fails(page_as, petugas_kota_tangerang, flood):
    response = page_as(petugas_kota_tangerang).post(
        f"/bencana/{flood.pk}/laporan/baru/", _form_data(displaced="5000", notes="Catatan yang diketik di lapangan")
    )
    assert response.status_code == 400
    assert 'value="5000"' in response.text and "Catatan yang diketik di lapangan" in response.text
    assert "tidak boleh lebih besar dari jumlah terdampak" in response.text
    assert "Makanan siap saji" in response.text
    assert not FieldReport.objects.exists()


def test_form_rejects_negative_numbers_and_half_filled_needs(page_as, petugas_kota_tangerang, flood):
    response = page_as(petugas_kota_tangerang).post(
        f"/bencana/{flood.pk}/laporan/baru/", _form_data(injured="-2", need_0_description="")
    )
    assert response.status_code == 400
    assert 'value="-2"' in response.text and "Uraikan kebutuhan untuk klaster ini." in response.text
    assert not FieldReport.objects.exists()


def test_submitting_the_same_form_twice_creates_one_report(page_as, petugas_kota_tangerang, flood):
    officer = page_as(petugas_kota_tangerang)
    data = _form_data()
    first = officer.post(f"/bencana/{flood.pk}/laporan/baru/", data)
    second = officer.post(f"/bencana/{flood.pk}/laporan/baru/", data)
    assert first["Location"] == second["Location"]
    assert FieldReport.objects.count() == 1


def test_officer_of_another_kabupaten_gets_404_on_every_page(
    page_as, petugas_kota_tangerang, petugas_tangsel, petugas_lebak, flood, report_of
):
    report = report_of(petugas_kota_tangerang, flood, PERIUK)
    draft = report_of(petugas_kota_tangerang, flood, KARAWACI, state="draft")
    tangsel = page_as(petugas_tangsel)
    for url in (
        f"/bencana/laporan/{report.pk}/",
        f"/bencana/laporan/{draft.pk}/ubah/",
        f"/bencana/laporan/{report.pk}/koreksi/",
    ):
        assert tangsel.get(url).status_code == 404, url
    assert tangsel.post(f"/bencana/laporan/{draft.pk}/kirim/").status_code == 404
    assert tangsel.post(f"/bencana/laporan/{report.pk}/verifikasi/").status_code == 404
    assert tangsel.post(f"/bencana/laporan/{report.pk}/kembalikan/", {"reason": "x"}).status_code == 404
    assert tangsel.post(f"/bencana/laporan/{draft.pk}/ubah/", _form_data(area=PONDOK_AREN)).status_code == 404
    lebak = page_as(petugas_lebak)
    assert lebak.get(f"/bencana/{flood.pk}/").status_code == 404
    assert lebak.get(f"/bencana/{flood.pk}/laporan/baru/").status_code == 404
    assert flood.title not in lebak.get("/bencana/").text
    draft.refresh_from_db()
    assert draft.state == ReportState.DRAFT


def test_officers_cannot_use_the_queue_or_declare_disasters(page_as, petugas_kota_tangerang, flood):
    officer = page_as(petugas_kota_tangerang)
    assert officer.get("/bencana/laporan/verifikasi/").status_code == 403
    assert officer.get("/bencana/baru/").status_code == 403
    assert officer.get(f"/bencana/{flood.pk}/status/").status_code == 403


def test_a_verified_report_is_corrected_with_a_new_report_from_the_page(
    page_as, staf, petugas_kota_tangerang, flood, report_of
):
    original = report_of(petugas_kota_tangerang, flood, PERIUK_DESA, affected_people=850)
    officer = page_as(petugas_kota_tangerang)
    assert officer.get(f"/bencana/laporan/{original.pk}/ubah/").status_code == 302  # verified: no edit
    form = officer.get(f"/bencana/laporan/{original.pk}/koreksi/")
    assert f"#{original.pk}" in form.text and 'value="850"' in form.text
    posted = officer.post(f"/bencana/laporan/{original.pk}/koreksi/", _form_data(affected_people="900"))
    correction = FieldReport.objects.exclude(pk=original.pk).get()
    assert posted.status_code == 302 and correction.supersedes == original
    page_as(staf).post(f"/bencana/laporan/{correction.pk}/verifikasi/")
    original.refresh_from_db()
    assert (original.state, original.affected_people) == (ReportState.SUPERSEDED, 850)


def test_staff_declare_a_disaster_and_change_its_status_from_the_pages(page_as, staf, reference_data):
    from clusters.models import Disaster

    browser = page_as(staf)
    response = browser.post(
        "/bencana/baru/",
        {
            "disaster_type": "102",
            "title": "Longsor Cibeber",
            "started_on": "2026-02-03",
            "affected_kabkota": ["36.02"],
            "affected_kecamatan": [],
            "status": EmergencyStatus.TANGGAP,
            "decree_number": "360/7/2026",
        },
    )
    disaster = Disaster.objects.get(title="Longsor Cibeber")
    assert response.status_code == 302
    refused = browser.post(f"/bencana/{disaster.pk}/status/", {"status": EmergencyStatus.SIAGA})
    assert refused.status_code == 400 and "tidak dapat berubah" in refused.text
    closed = browser.post(
        f"/bencana/{disaster.pk}/status/", {"status": EmergencyStatus.SELESAI, "valid_from": "2026-02-20"}
    )
    assert closed.status_code == 302
    disaster.refresh_from_db()
    assert disaster.is_closed and disaster.status_history.count() == 2
    empty = browser.post(
        "/bencana/baru/", {"title": "Tanpa wilayah", "disaster_type": "101", "started_on": "2026-02-03"}
    )
    assert empty.status_code == 400 and 'value="Tanpa wilayah"' in empty.text


def test_pages_need_no_inline_script_or_style(page_as, staf, petugas_kota_tangerang, flood, report_of):
    report = report_of(petugas_kota_tangerang, flood, PERIUK)
    browser = page_as(staf)
    for url in (
        "/bencana/",
        f"/bencana/{flood.pk}/",
        f"/bencana/{flood.pk}/laporan/baru/",
        f"/bencana/laporan/{report.pk}/",
        "/bencana/laporan/verifikasi/",
        "/bencana/laporan/saya/",
    ):
        html = browser.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html, url


def test_disaster_page_uses_the_same_number_of_queries_for_3_and_300_reports(
    page_as, staf, flood, django_assert_num_queries
):
    browser = page_as(staf)

    def add(count):
        FieldReport.objects.bulk_create(
            FieldReportFactory.build(disaster=flood, created_by=staf, area_code=f"36.71.{(n % 13) + 1:02d}")
            for n in range(count)
        )
        cluster_status_rebuild(disaster_ids=[flood.pk])  # a bulk write keeps the read model as bulk paths do

    add(3)
    browser.get(f"/bencana/{flood.pk}/")
    # session + user; the disaster, its kab/kota, its kecamatan, its desa, its status history and who recorded it
    # (6); the read model's five queries (disaster, kab/kota, clusters, kept impact, kept cells) and one for each
    # contributor (shelters, health posts, access); the ten latest reports; the session's sliding expiry
    # (savepoint, UPDATE, release): 20 whatever the number of reports.
    with django_assert_num_queries(20):
        browser.get(f"/bencana/{flood.pk}/")
    add(297)
    with django_assert_num_queries(20):
        browser.get(f"/bencana/{flood.pk}/")


def test_my_reports_page_uses_the_same_number_of_queries_for_3_and_30(
    page_as, petugas_kota_tangerang, flood, django_assert_num_queries
):
    browser = page_as(petugas_kota_tangerang)

    def add(count):
        for _ in range(count):
            FieldReportFactory(disaster=flood, created_by=petugas_kota_tangerang, state=ReportState.SUBMITTED)

    add(3)
    browser.get("/bencana/laporan/saya/")
    # session + user + count + the officer's kab/kota (shown in the menu) + one page with disaster, area and
    # kab/kota joined + the session's sliding expiry (savepoint, UPDATE, release): 8.
    with django_assert_num_queries(8):
        browser.get("/bencana/laporan/saya/")
    add(27)
    with django_assert_num_queries(8):
        browser.get("/bencana/laporan/saya/")
