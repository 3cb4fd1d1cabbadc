"""The Jitupasna pages: they render for each role that may use them, call the same services, show refusals on the
field they concern (400, nothing saved), and carry no inline script or style (CSP)."""

import re
from decimal import Decimal

import pytest

from jitupasna.models import Assessment, AssessmentStatus, DamageEntry, LossEntry, NeedsEntry
from jitupasna.services import (
    assessment_open_for_input,
    damage_entry_create,
)
from meetings.models import DocumentInput

from .conftest import KOTA_TANGERANG, TANGSEL, region, rp, sub_sector, wib

pytestmark = pytest.mark.django_db


def form_data(**values):
    data = {
        "sub_sector": sub_sector("perumahan").pk,
        "kabkota": KOTA_TANGERANG,
        "kecamatan": "",
        "asset_kind": "Rumah permanen",
        "unit_label": "unit",
        "total_stock": "",
        "units_heavy": "12",
        "units_moderate": "7",
        "units_light": "30",
        "unit_cost": "85500000",
        "note": "",
    }
    data.update(values)
    return data


def test_every_page_renders_for_staff_without_inline_scripts(staf, assessment, page_as):
    entry = damage_entry_create(
        user=staf,
        assessment=assessment,
        sub_sector=sub_sector("perumahan"),
        kabkota=region(KOTA_TANGERANG),
        asset_kind="Rumah",
        units_light=rp(2),
        unit_cost=rp(1_500_000),
    )
    browser = page_as(staf)
    a = assessment.pk
    for url in [
        "/jitupasna/",
        "/jitupasna/baru/",
        "/jitupasna/referensi/",
        f"/jitupasna/{a}/",
        f"/jitupasna/{a}/ubah/",
        f"/jitupasna/{a}/buka-masukan/",
        f"/jitupasna/{a}/kerusakan/",
        f"/jitupasna/{a}/kerugian/",
        f"/jitupasna/{a}/kebutuhan/",
        f"/jitupasna/{a}/kerusakan/{entry.pk}/",
    ]:
        response = browser.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), url
        assert "<style" not in html and ' style="' not in html, url
    damage_page = browser.get(f"/jitupasna/{a}/kerusakan/").content.decode()
    assert 'id="damage-total">1.500.000<' in damage_page  # 2 × 1.500.000 × 0,5
    assert "Jitupasna" in browser.get("/").content.decode()


def test_staff_create_an_assessment_from_the_page(staf, flood, jitupasna_reference, page_as):
    response = page_as(staf).post(
        "/jitupasna/baru/", {"disaster": flood.pk, "title": "", "bbb_uplift_percent": "10", "notes": ""}
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jitupasna/{assessment.pk}/"
    assert assessment.bbb_uplift_percent == Decimal("10")


def test_a_negative_unit_is_shown_on_its_field_and_nothing_is_saved(staf, assessment, page_as):
    response = page_as(staf).post(f"/jitupasna/{assessment.pk}/kerusakan/", form_data(units_moderate="-7"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Unit rusak sedang (RS) tidak boleh negatif." in html
    assert not DamageEntry.objects.exists()


def test_units_above_the_stock_and_an_unaffected_kabupaten_kota_are_refused_on_the_page(staf, assessment, page_as):
    browser = page_as(staf)
    response = browser.post(f"/jitupasna/{assessment.pk}/kerusakan/", form_data(total_stock="10"))
    assert response.status_code == 400
    assert "melebihi jumlah sebelum bencana (10)" in response.content.decode()
    # Lebak is not among the choices; a forged choice is refused by the form.
    response = browser.post(f"/jitupasna/{assessment.pk}/kerusakan/", form_data(kabkota="36.02"))
    assert response.status_code == 400
    assert not DamageEntry.objects.exists()
    response = browser.post(f"/jitupasna/{assessment.pk}/kerusakan/", form_data())
    assert response.status_code == 302
    assert DamageEntry.objects.get().units_damaged == 49


def test_an_officer_enters_their_kabupaten_kota_once_the_draft_is_open(
    staf, assessment, petugas_kota_tangerang, page_as, time_machine
):
    browser = page_as(petugas_kota_tangerang)
    assert browser.post(f"/jitupasna/{assessment.pk}/kerusakan/", form_data()).status_code == 403
    time_machine.move_to(wib(2026, 2, 1), tick=False)
    assessment_open_for_input(user=staf, assessment=assessment, deadline=wib(2026, 2, 9, 16))
    page = browser.get(f"/jitupasna/{assessment.pk}/kerusakan/").content.decode()
    assert 'value="36.71"' in page and 'value="36.74"' not in page
    assert browser.post(f"/jitupasna/{assessment.pk}/kerusakan/", form_data()).status_code == 302
    assert browser.post(f"/jitupasna/{assessment.pk}/kerusakan/", form_data(kabkota=TANGSEL)).status_code == 400
    loss = browser.post(
        f"/jitupasna/{assessment.pk}/kerugian/",
        {
            "sub_sector": sub_sector("perdagangan").pk,
            "kabkota": KOTA_TANGERANG,
            "description": "Pasar Periuk tutup",
            "lost_income": "850000000",
            "extra_costs": "0",
            "recovery_months": "1",
        },
    )
    assert loss.status_code == 302
    assert LossEntry.objects.get().created_by == petugas_kota_tangerang
    assert DamageEntry.objects.get().created_by == petugas_kota_tangerang


def test_a_final_assessment_shows_why_nothing_changes(staf, assessment, page_as):
    browser = page_as(staf)
    browser.post(f"/jitupasna/{assessment.pk}/kerusakan/", form_data())
    entry = DamageEntry.objects.get()
    response = browser.post(f"/jitupasna/{assessment.pk}/final/", follow=True)
    assert "Jitupasna sudah final" in response.content.decode()
    assert Assessment.objects.get().status == AssessmentStatus.FINAL
    for url, data in [
        (f"/jitupasna/{assessment.pk}/kerusakan/", form_data(asset_kind="Rumah lain")),
        (f"/jitupasna/{assessment.pk}/kerusakan/{entry.pk}/", form_data(unit_cost="1")),
        (f"/jitupasna/{assessment.pk}/kerusakan/{entry.pk}/hapus/", {}),
    ]:
        response = browser.post(url, data, follow=True)
        assert "sudah final: angkanya tidak dapat diubah lagi" in response.content.decode(), url
    assert DamageEntry.objects.get().unit_cost == Decimal("85500000")
    assert browser.get(f"/jitupasna/{assessment.pk}/ubah/").status_code == 200  # shows the form; saving is refused
    response = browser.post(
        f"/jitupasna/{assessment.pk}/ubah/",
        {
            "title": "x",
            "bbb_uplift_percent": "5",
            "factor_heavy": "1",
            "factor_moderate": "0.75",
            "factor_light": "0.5",
            "factors_source": assessment.factors_source,
        },
    )
    assert response.status_code == 400 and "sudah final" in response.content.decode()


def test_prefill_and_input_submission_from_the_pages(
    staf, assessment, perkim_user, petugas_kota_tangerang, report_of, page_as, time_machine
):
    report_of(petugas_kota_tangerang, assessment.disaster, "36.71.08", houses_heavily_damaged=4)
    response = page_as(staf).post(f"/jitupasna/{assessment.pk}/isi-dari-laporan/", follow=True)
    assert "1 isian ditambahkan" in response.content.decode()
    assert "diisi otomatis" in response.content.decode()
    time_machine.move_to(wib(2026, 2, 1), tick=False)
    response = page_as(staf).post(
        f"/jitupasna/{assessment.pk}/buka-masukan/",
        {"deadline": "2026-02-09T16:00", "agencies": [perkim_user.agency_id], "description": ""},
    )
    assert response.status_code == 302
    browser = page_as(perkim_user)
    page = browser.get(f"/jitupasna/{assessment.pk}/").content.decode()
    assert "Tandai masukan instansi Anda sudah dikirim" in page
    response = browser.post(
        f"/jitupasna/{assessment.pk}/masukan/kirim/", {"agency": perkim_user.agency_id, "note": "Lengkap"}, follow=True
    )
    assert "Masukan diterima." in response.content.decode()
    assert DocumentInput.objects.get().agency == perkim_user.agency
    assert 'data-state="on_time"' in response.content.decode()


def test_needs_page_shows_reconstruction_with_the_uplift(staf, assessment, page_as):
    damage_entry_create(
        user=staf,
        assessment=assessment,
        sub_sector=sub_sector("perumahan"),
        kabkota=region(KOTA_TANGERANG),
        asset_kind="Rumah",
        units_heavy=rp(1),
        unit_cost=rp(100_000_000),
    )
    browser = page_as(staf)
    response = browser.post(
        f"/jitupasna/{assessment.pk}/kebutuhan/",
        {
            "sector": NeedsEntry._meta.get_field("sector").related_model.objects.get(code="permukiman").pk,
            "kabkota": KOTA_TANGERANG,
            "bbb_uplift_percent": "",
            "loss_recovery": "0",
            "access": "25000000",
            "function": "0",
            "risk": "0",
            "description": "Hunian sementara",
        },
        follow=True,
    )
    html = response.content.decode()
    # 100.000.000 × 1,10 + 25.000.000 = 135.000.000
    assert 'id="needs-total">135.000.000<' in html


def test_the_change_link_shows_only_on_entries_the_user_may_change(
    staf, assessment, perkim_user, page_as, time_machine
):
    time_machine.move_to(wib(2026, 2, 1), tick=False)
    assessment_open_for_input(user=staf, assessment=assessment, deadline=wib(2026, 2, 9, 16))
    mine = damage_entry_create(
        user=staf,
        assessment=assessment,
        sub_sector=sub_sector("perumahan"),
        kabkota=region(TANGSEL),
        asset_kind="Rumah",
        units_light=rp(1),
        unit_cost=rp(1),
    )
    other = damage_entry_create(
        user=staf,
        assessment=assessment,
        sub_sector=sub_sector("transportasi"),
        kabkota=region(TANGSEL),
        asset_kind="Jembatan",
        units_light=rp(1),
        unit_cost=rp(1),
    )
    browser = page_as(perkim_user)
    page = browser.get(f"/jitupasna/{assessment.pk}/kerusakan/").content.decode()
    assert f"/kerusakan/{mine.pk}/" in page and f"/kerusakan/{other.pk}/" not in page
    assert browser.get(f"/jitupasna/{assessment.pk}/kerusakan/{other.pk}/").status_code == 403
    assert browser.get(f"/jitupasna/{assessment.pk}/kerusakan/{mine.pk}/").status_code == 200
