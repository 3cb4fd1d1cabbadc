"""Who sees which Jitupasna: provincial staff and agency users all; an officer only the assessments of disasters
affecting their kabupaten/kota, and there only their own kabupaten/kota's entries and figures; read-only API clients
final assessments only. Everything else answers 404 on every page and endpoint, exactly like a missing record."""

from decimal import Decimal

import pytest

from banten_dinsos.accounts.roles import Perm, has_perm
from jitupasna.selectors import assessment_list, assessment_summary, damage_entry_list
from jitupasna.services import (
    assessment_finalise,
    assessment_output_build,
    damage_entry_create,
    loss_entry_create,
    needs_entry_create,
)

from .conftest import KOTA_TANGERANG, TANGSEL, region, rp, sector, sub_sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(staf, assessment):
    made = {}
    for kabkota in (KOTA_TANGERANG, TANGSEL):
        made[("damage", kabkota)] = damage_entry_create(
            user=staf,
            assessment=assessment,
            sub_sector=sub_sector("perumahan"),
            kabkota=region(kabkota),
            asset_kind="Rumah",
            units_light=rp(10),
            unit_cost=rp(20_000_000),
        )
        made[("loss", kabkota)] = loss_entry_create(
            user=staf,
            assessment=assessment,
            sub_sector=sub_sector("perdagangan"),
            kabkota=region(kabkota),
            description="Pasar tutup",
            lost_income=rp(1_000_000),
            recovery_months=1,
        )
        made[("needs", kabkota)] = needs_entry_create(
            user=staf, assessment=assessment, sector=sector("permukiman"), kabkota=region(kabkota), access=rp(5)
        )
    assessment_output_build(assessment_id=assessment.pk, fmt="pdf")
    return made


def page_urls(assessment, entries, kabkota):
    a = assessment.pk
    return [
        f"/jitupasna/{a}/",
        f"/jitupasna/{a}/ubah/",
        f"/jitupasna/{a}/buka-masukan/",
        f"/jitupasna/{a}/kerusakan/",
        f"/jitupasna/{a}/kerugian/",
        f"/jitupasna/{a}/kebutuhan/",
        f"/jitupasna/{a}/kerusakan/{entries['damage', kabkota].pk}/",
        f"/jitupasna/{a}/kerugian/{entries['loss', kabkota].pk}/",
        f"/jitupasna/{a}/kebutuhan/{entries['needs', kabkota].pk}/",
        f"/jitupasna/{a}/dokumen/pdf/",
    ]


def api_urls(assessment, entries, kabkota):
    base = f"/api/v1/jitupasna/assessments/{assessment.pk}"
    return [
        f"{base}/",
        f"{base}/summary/",
        f"{base}/input/",
        f"{base}/damage/",
        f"{base}/losses/",
        f"{base}/needs/",
        f"{base}/damage/{entries['damage', kabkota].pk}/",
        f"{base}/losses/{entries['loss', kabkota].pk}/",
        f"{base}/needs/{entries['needs', kabkota].pk}/",
        f"{base}/document.pdf",
    ]


def post_urls(assessment, entries, kabkota):
    a = assessment.pk
    return [
        f"/jitupasna/{a}/final/",
        f"/jitupasna/{a}/isi-dari-laporan/",
        f"/jitupasna/{a}/masukan/kirim/",
        f"/jitupasna/{a}/dokumen/pdf/buat/",
        f"/jitupasna/{a}/kerusakan/",
        f"/jitupasna/{a}/kerusakan/{entries['damage', kabkota].pk}/hapus/",
    ]


def test_an_officer_of_another_kabupaten_kota_gets_404_everywhere(assessment, entries, petugas_lebak, page_as, api_as):
    browser, client = page_as(petugas_lebak), api_as(petugas_lebak)
    for url in page_urls(assessment, entries, KOTA_TANGERANG):
        assert browser.get(url).status_code == 404, url
    for url in post_urls(assessment, entries, KOTA_TANGERANG):
        assert browser.post(url).status_code == 404, url
    for url in api_urls(assessment, entries, KOTA_TANGERANG):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/api/v1/jitupasna/assessments/{assessment.pk}/damage/", {}).status_code == 404
    assert client.get("/api/v1/jitupasna/assessments/").json()["count"] == 0
    assert not assessment_list(user=petugas_lebak).exists()


def test_an_officer_of_an_affected_kabupaten_kota_sees_only_their_own_entries_and_figures(
    assessment, entries, petugas_kota_tangerang, page_as, api_as
):
    assert list(damage_entry_list(user=petugas_kota_tangerang, assessment=assessment)) == [
        entries["damage", KOTA_TANGERANG]
    ]
    browser, client = page_as(petugas_kota_tangerang), api_as(petugas_kota_tangerang)
    # Another kabupaten/kota's entries answer 404, as if they did not exist.
    for url in page_urls(assessment, entries, TANGSEL)[6:9] + api_urls(assessment, entries, TANGSEL)[6:9]:
        response = browser.get(url) if url.startswith("/jitupasna") else client.get(url)
        assert response.status_code == 404, url
    for kind in ("damage", "losses", "needs"):
        body = client.get(f"/api/v1/jitupasna/assessments/{assessment.pk}/{kind}/").json()
        assert {row["kabkota"] for row in body["results"]} == {KOTA_TANGERANG}
    figures = assessment_summary(user=petugas_kota_tangerang, assessment=assessment)
    assert figures.kabkota == [(KOTA_TANGERANG, "Kota Tangerang")]
    # 10 × 20.000.000 × 0,5 = 100.000.000: Tangerang Selatan's equal entry is not added.
    assert figures.total.damage == Decimal("100000000")
    summary = client.get(f"/api/v1/jitupasna/assessments/{assessment.pk}/summary/").json()
    assert summary["total"]["damage"] == "100000000"
    page = browser.get(f"/jitupasna/{assessment.pk}/").content.decode()
    assert "Kota Tangerang Selatan" not in page
    assert browser.get(f"/jitupasna/{assessment.pk}/dokumen/pdf/").status_code == 404


def test_agency_users_and_staff_see_every_kabupaten_kota(assessment, entries, perkim_user, staf):
    for user in (perkim_user, staf):
        assert damage_entry_list(user=user, assessment=assessment).count() == 2
        assert assessment_summary(user=user, assessment=assessment).total.damage == Decimal("200000000")


def test_read_only_api_clients_see_final_assessments_only(staf, assessment, entries, api_client_user, api_as):
    client = api_as(api_client_user)
    assert client.get("/api/v1/jitupasna/assessments/").json()["count"] == 0
    assert client.get(f"/api/v1/jitupasna/assessments/{assessment.pk}/").status_code == 404
    assessment_finalise(user=staf, assessment=assessment)
    assert client.get("/api/v1/jitupasna/assessments/").json()["count"] == 1
    assert client.get(f"/api/v1/jitupasna/assessments/{assessment.pk}/summary/").json()["total"]["damage"] == (
        "200000000"
    )
    assert not has_perm(api_client_user, Perm.JITUPASNA_INPUT)
