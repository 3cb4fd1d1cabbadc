"""The approval flow end to end through the pages: report form → kab/kota approval → province verification (two
levels) or straight to the province (one level); returns, withdrawal, unapproval, the lock, the queue's duplicate
flags, the completeness page, approval settings and the validation-rule pages."""

import uuid

import pytest

from banten_dinsos.notifications.models import Alert, AlertKind
from clusters.models import ApprovalLevels, FieldReport, ReportState, ValidationRule

from ..conftest import PERIUK

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "kind": "kaji_cepat",
        "area": PERIUK,
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
        "notes": "Air setinggi 80 cm",
        "action": "submit",
    }
    data.update(overrides)
    return data


def test_two_levels_end_to_end_through_the_pages(
    page_as, two_level_flood, petugas_kota_tangerang, koordinator_kota_tangerang, staf
):
    officer, approver, province = page_as(petugas_kota_tangerang), page_as(koordinator_kota_tangerang), page_as(staf)
    posted = officer.post(f"/bencana/{two_level_flood.pk}/laporan/baru/", form_data())
    report = FieldReport.objects.get()
    assert posted.status_code == 302 and report.state == ReportState.SUBMITTED

    queue = approver.get("/bencana/laporan/verifikasi/")
    assert queue.status_code == 200 and f"/bencana/laporan/{report.pk}/" in queue.text
    assert "menunggu persetujuan Anda" in queue.text
    assert f"/bencana/laporan/{report.pk}/" not in province.get("/bencana/laporan/verifikasi/").text

    detail = approver.get(f"/bencana/laporan/{report.pk}/")
    assert f"/bencana/laporan/{report.pk}/setujui/" in detail.text
    assert f"/bencana/laporan/{report.pk}/verifikasi/" not in detail.text

    approved = approver.post(f"/bencana/laporan/{report.pk}/setujui/")
    assert approved.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED

    detail = officer.get(f"/bencana/laporan/{report.pk}/")
    assert "Data yang sudah disetujui terkunci" in detail.text
    assert f"/bencana/laporan/{report.pk}/ubah/" not in detail.text
    assert f"/bencana/laporan/{report.pk}/tarik/" in detail.text
    edit = officer.get(f"/bencana/laporan/{report.pk}/ubah/", follow=True)
    assert "Hanya laporan draf atau yang dikembalikan yang dapat diubah." in edit.text

    verified = province.post(f"/bencana/laporan/{report.pk}/verifikasi/")
    assert verified.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.VERIFIED
    page = province.get(f"/bencana/laporan/{report.pk}/")
    assert f"/bencana/laporan/{report.pk}/batalkan-persetujuan/" in page.text

    refused = province.post(f"/bencana/laporan/{report.pk}/batalkan-persetujuan/", {"reason": ""}, follow=True)
    assert "Tuliskan alasan persetujuan ditarik kembali." in refused.text
    report.refresh_from_db()
    assert report.state == ReportState.VERIFIED
    province.post(f"/bencana/laporan/{report.pk}/batalkan-persetujuan/", {"reason": "Angka ganda."})
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED


def test_one_level_end_to_end_through_the_pages(
    page_as, flood, petugas_kota_tangerang, koordinator_kota_tangerang, staf
):
    officer, approver, province = page_as(petugas_kota_tangerang), page_as(koordinator_kota_tangerang), page_as(staf)
    officer.post(f"/bencana/{flood.pk}/laporan/baru/", form_data())
    report = FieldReport.objects.get()
    assert f"/bencana/laporan/{report.pk}/" not in approver.get("/bencana/laporan/verifikasi/").text
    assert f"/bencana/laporan/{report.pk}/setujui/" not in approver.get(f"/bencana/laporan/{report.pk}/").text
    refused = approver.post(f"/bencana/laporan/{report.pk}/setujui/", follow=True)
    assert "Laporan bencana ini diverifikasi langsung oleh provinsi." in refused.text
    assert f"/bencana/laporan/{report.pk}/" in province.get("/bencana/laporan/verifikasi/").text
    province.post(f"/bencana/laporan/{report.pk}/verifikasi/")
    report.refresh_from_db()
    assert report.state == ReportState.VERIFIED


def test_kabkota_returns_and_the_officer_reads_the_alert_corrects_and_resubmits(
    page_as, two_level_flood, petugas_kota_tangerang, koordinator_kota_tangerang
):
    officer, approver = page_as(petugas_kota_tangerang), page_as(koordinator_kota_tangerang)
    officer.post(f"/bencana/{two_level_flood.pk}/laporan/baru/", form_data())
    report = FieldReport.objects.get()
    approver.post(f"/bencana/laporan/{report.pk}/kembalikan/", {"reason": "Jumlah KK belum sesuai."})
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    bell = officer.get("/notifikasi/")
    assert "Laporan dikembalikan untuk diperbaiki: Periuk" in bell.text
    edited = officer.post(
        f"/bencana/laporan/{report.pk}/ubah/",
        form_data(affected_families="250", idempotency_key=str(report.idempotency_key)),
    )
    assert edited.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.affected_families) == (ReportState.SUBMITTED, 250)
    assert Alert.objects.filter(kind=AlertKind.FIELD_REPORT_WAITING).count() == 2


def test_approver_refused_outside_kabkota_and_for_own_report(
    page_as, two_level_flood, petugas_kota_tangerang, koordinator_tangsel, koordinator_kota_tangerang
):
    page_as(petugas_kota_tangerang).post(f"/bencana/{two_level_flood.pk}/laporan/baru/", form_data())
    report = FieldReport.objects.get()
    assert page_as(koordinator_tangsel).post(f"/bencana/laporan/{report.pk}/setujui/").status_code == 404
    own = page_as(koordinator_kota_tangerang)
    own.post(f"/bencana/{two_level_flood.pk}/laporan/baru/", form_data(observed_at="2026-01-18T11:00"))
    mine = FieldReport.objects.get(created_by=koordinator_kota_tangerang)
    answer = own.post(f"/bencana/laporan/{mine.pk}/setujui/", follow=True)
    assert "Anda tidak dapat menyetujui laporan yang Anda tulis atau kirim sendiri." in answer.text
    mine.refresh_from_db()
    assert mine.state == ReportState.SUBMITTED


def test_the_queue_flags_likely_duplicates_and_the_officer_withdraws_one(
    page_as, two_level_flood, petugas_kota_tangerang, koordinator_kota_tangerang
):
    officer = page_as(petugas_kota_tangerang)
    officer.post(f"/bencana/{two_level_flood.pk}/laporan/baru/", form_data())
    officer.post(f"/bencana/{two_level_flood.pk}/laporan/baru/", form_data(observed_at="2026-01-18T10:00"))
    first, twin = FieldReport.objects.order_by("pk")
    queue = page_as(koordinator_kota_tangerang).get("/bencana/laporan/verifikasi/")
    assert queue.text.count("Kemungkinan duplikat dari") == 2
    assert f"Kemungkinan duplikat dari #{twin.pk}" in queue.text
    officer.post(f"/bencana/laporan/{twin.pk}/tarik/")
    twin.refresh_from_db()
    assert twin.state == ReportState.DRAFT
    queue = page_as(koordinator_kota_tangerang).get("/bencana/laporan/verifikasi/")
    assert "Kemungkinan duplikat dari" not in queue.text


def test_soft_warning_on_the_form_asks_for_a_comment_then_the_approver_sees_it(
    page_as, two_level_flood, petugas_kota_tangerang, koordinator_kota_tangerang, default_rules
):
    officer = page_as(petugas_kota_tangerang)
    data = form_data(dead="2", injured="0", missing="0")
    first = officer.post(f"/bencana/{two_level_flood.pk}/laporan/baru/", data)
    assert first.status_code == 400
    assert "Ada korban meninggal tetapi tidak ada korban luka-luka atau hilang." in first.text
    assert 'id="id_warning_comment"' in first.text and "is-invalid" in first.text
    assert not FieldReport.objects.exists()
    second = officer.post(
        f"/bencana/{two_level_flood.pk}/laporan/baru/", {**data, "warning_comment": "Tertimbun longsoran."}
    )
    assert second.status_code == 302
    report = FieldReport.objects.get()
    page = page_as(koordinator_kota_tangerang).get(f"/bencana/laporan/{report.pk}/")
    assert "Peringatan validasi" in page.text and "Tertimbun longsoran." in page.text


def test_completeness_page_and_approval_settings(page_as, flood, staf, petugas_kota_tangerang, report_of):
    report_of(petugas_kota_tangerang, flood, PERIUK)
    province = page_as(staf)
    settings_page = province.get(f"/bencana/{flood.pk}/persetujuan/")
    assert settings_page.status_code == 200
    bad = province.post(f"/bencana/{flood.pk}/persetujuan/", {"approval_levels": "3", "report_deadline": "25:00"})
    assert bad.status_code == 400
    flood.refresh_from_db()
    assert flood.approval_levels == ApprovalLevels.PROVINCE
    saved = province.post(f"/bencana/{flood.pk}/persetujuan/", {"approval_levels": "2", "report_deadline": "15:00"})
    assert saved.status_code == 302
    flood.refresh_from_db()
    assert (flood.approval_levels, flood.report_deadline.strftime("%H.%M")) == (2, "15.00")
    assert page_as(petugas_kota_tangerang).get(f"/bencana/{flood.pk}/persetujuan/").status_code == 403

    page = page_as(petugas_kota_tangerang).get(f"/bencana/{flood.pk}/kelengkapan/?tanggal=2026-01-18")
    assert page.status_code == 200
    assert "Kota Tangerang" in page.text and "Tangerang Selatan" not in page.text
    assert "100,0%" in page.text and "15.00 WIB" in page.text
    assert page_as(petugas_kota_tangerang).get(f"/bencana/{flood.pk}/kelengkapan/?tanggal=x").status_code == 400


def test_validation_rule_pages(page_as, staf, petugas_kota_tangerang):
    province = page_as(staf)
    bad = province.post(
        "/bencana/aturan-validasi/baru/",
        {"code": "a", "name": "A", "expression": "displaced >> 1", "message": "m", "severity": "hard"},
    )
    assert (
        bad.status_code == 400 and "Diharapkan angka, nama angka laporan, atau “(” pada posisi 12 (“&gt;”)." in bad.text
    )
    assert not ValidationRule.objects.exists()
    province.post("/bencana/aturan-validasi/bawaan/")
    assert ValidationRule.objects.count() == 5
    rule = ValidationRule.objects.get(code="meninggal-tanpa-luka")
    edited = province.post(
        f"/bencana/aturan-validasi/{rule.pk}/",
        {
            "code": rule.code,
            "name": rule.name,
            "expression": rule.expression,
            "message": rule.message,
            "severity": "hard",
            "is_active": "on",
        },
    )
    assert edited.status_code == 302
    rule.refresh_from_db()
    assert rule.severity == "hard"
    officer = page_as(petugas_kota_tangerang)
    listing = officer.get("/bencana/aturan-validasi/")
    assert listing.status_code == 200 and rule.expression.replace(">", "&gt;") in listing.text
    assert officer.get("/bencana/aturan-validasi/baru/").status_code == 403
