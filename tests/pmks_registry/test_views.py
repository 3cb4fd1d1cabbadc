"""Pages: scoping (another kab/kota answers 404), masking in lists and exports, audit of views and exports."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from banten_dinsos.audit.models import AuditAction, AuditLog
from banten_dinsos.reports.services import report_build, report_request

from .conftest import make_client

pytestmark = pytest.mark.django_db


def test_list_page_masks_nik_and_shows_only_own_kabupaten(page_as, petugas_lebak, client_lebak, client_kota_serang):
    page = page_as(petugas_lebak).get("/pmks/")
    assert page.status_code == 200
    assert client_lebak.name in page.text and client_kota_serang.name not in page.text
    assert client_lebak.nik not in page.text
    assert client_lebak.nik[:4] + "********" + client_lebak.nik[-4:] in page.text


def test_detail_page_shows_whole_nik_to_the_officer_and_is_audited(page_as, petugas_lebak, client_lebak):
    page = page_as(petugas_lebak).get(f"/pmks/{client_lebak.pk}/")
    assert page.status_code == 200
    assert client_lebak.nik in page.text and client_lebak.no_kk in page.text
    entry = AuditLog.objects.get(action=AuditAction.VIEW, object_id=str(client_lebak.pk))
    assert entry.path == f"/pmks/{client_lebak.pk}/"
    assert client_lebak.nik not in str(entry.__dict__)


@pytest.mark.parametrize(
    "url",
    [
        "/pmks/{pk}/",
        "/pmks/{pk}/ubah/",
    ],
)
def test_officer_of_another_kabupaten_gets_404_on_client_pages(page_as, petugas_kota_serang, client_lebak, url):
    assert page_as(petugas_kota_serang).get(url.format(pk=client_lebak.pk)).status_code == 404


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/pmks/{pk}/status/", {"status": "pindah", "changed_on": "2026-01-01", "reason": "x"}),
        ("/pmks/{pk}/layanan/", {"kind": "bantuan_sembako", "provided_on": "2026-01-01"}),
        ("/pmks/{pk}/penempatan/", {"admitted_on": "2026-01-01", "admission_reason": "x"}),
        ("/pmks/{pk}/penempatan/1/keluar/", {"discharged_on": "2026-01-01", "discharge_reason": "x"}),
    ],
)
def test_officer_of_another_kabupaten_gets_404_on_client_actions(page_as, petugas_kota_serang, client_lebak, url, data):
    response = page_as(petugas_kota_serang).post(url.format(pk=client_lebak.pk), data)
    assert response.status_code == 404
    client_lebak.refresh_from_db()
    assert client_lebak.status == "aktif" and not client_lebak.services.exists()


def test_search_by_nik_is_a_post_that_redirects_to_an_id_url(page_as, petugas_lebak, client_lebak):
    browser = page_as(petugas_lebak)
    response = browser.post("/pmks/cari-nik/", {"nik": client_lebak.nik})
    assert response.status_code == 302 and response["Location"] == f"/pmks/{client_lebak.pk}/"
    assert client_lebak.nik not in response["Location"]
    assert browser.get("/pmks/cari-nik/", {"nik": client_lebak.nik}).status_code == 405


def test_search_by_nik_of_another_kabupaten_says_not_found(page_as, petugas_kota_serang, client_lebak):
    response = page_as(petugas_kota_serang).post("/pmks/cari-nik/", {"nik": client_lebak.nik}, follow=True)
    assert "Tidak ada klien dengan NIK ini" in response.text
    assert client_lebak.name not in response.text


def test_name_filter_refuses_digits(page_as, petugas_lebak, client_lebak):
    page = page_as(petugas_lebak).get("/pmks/", {"q": "3602"})
    assert "kotak pencarian NIK" in page.text
    assert 'pattern="[^0-9]*"' in page.text


def test_officer_registers_a_client_through_the_form_and_errors_name_the_field(page_as, petugas_lebak, pmks_types):
    browser = page_as(petugas_lebak)
    data = {
        "nik": "3602144509830001",
        "name": "Siti Aminah",
        "sex": "L",
        "birth_date": "1983-09-05",
        "desa": "36.02.14.1007",
        "types": ["9"],
        "source": "asesmen",
    }
    refused = browser.post("/pmks/baru/", data)
    assert refused.status_code == 400 and "perempuan" in refused.text
    assert 'value="Siti Aminah"' in refused.text
    created = browser.post("/pmks/baru/", {**data, "sex": "P"})
    assert created.status_code == 302


def test_status_action_from_the_page_keeps_history(page_as, petugas_lebak, client_lebak):
    response = page_as(petugas_lebak).post(
        f"/pmks/{client_lebak.pk}/status/", {"status": "dalam_rehabilitasi", "changed_on": "2026-01-05"}, follow=True
    )
    assert "Status diubah" in response.text
    assert client_lebak.status_changes.count() == 1


def test_client_list_page_query_count_does_not_grow_with_rows(page_as, staf, pmks_types, django_assert_num_queries):
    browser = page_as(staf)
    for _ in range(3):
        make_client()
    browser.get("/pmks/")
    # session + user + PMKS types and kab/kota for the filter form + one page of clients (desa, kab/kota joined)
    # + their types (prefetch); then the session's sliding expiry is saved (savepoint, UPDATE, release): 9.
    # No COUNT(*): the list is keyset-paginated. + the audit row of the personal data shown (chain lock and last
    # hash in one query, INSERT): 11.
    with django_assert_num_queries(11):
        browser.get("/pmks/")
    for _ in range(27):
        make_client()
    with django_assert_num_queries(11):
        assert browser.get("/pmks/").status_code == 200


def test_keyset_pages_on_the_list_page(page_as, staf, pmks_types):
    made = [make_client(name=f"Klien {i:02d}") for i in range(30)]
    browser = page_as(staf)
    first = browser.get("/pmks/")
    assert made[-1].name in first.text and made[0].name not in first.text
    second = browser.get("/pmks/", {"after": made[5].pk})
    assert made[0].name in second.text and "Halaman pertama" in second.text


def test_export_is_masked_audited_and_needs_its_own_permission(page_as, staf, petugas_lebak, client_lebak):
    assert page_as(petugas_lebak).get("/pmks/ekspor/").status_code == 403
    # The button opens the export job's form with the list's filters (the keyset position left behind).
    response = page_as(staf).get("/pmks/ekspor/", {"kabkota": "36.02", "after": "9"})
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:create", args=["pmks_clients"]) + "?kabkota=36.02"
    (report,) = report_request(user=staf, kind="pmks_clients", data={"kabkota": "36.02"}, formats=["xlsx"])
    report = report_build(report_id=report.pk)
    with report.file.open("rb") as handle:
        rows = list(load_workbook(io.BytesIO(handle.read())).active.iter_rows(values_only=True))
    assert rows[1][0] == client_lebak.nik[:4] + "********" + client_lebak.nik[-4:]
    assert rows[1][1] == "3602********0001"
    assert client_lebak.nik not in str(rows)
    entry = AuditLog.objects.get(action=AuditAction.EXPORT, model="pmks_registry.client")
    assert (
        entry.actor == staf and "1 records" in entry.note and f"ids {client_lebak.pk}..{client_lebak.pk}" in entry.note
    )


def test_statistics_page_scoped_with_charts_from_static_js(page_as, petugas_lebak, client_lebak, client_kota_serang):
    page = page_as(petugas_lebak).get("/pmks/statistik/")
    assert page.status_code == 200
    assert "Kabupaten Lebak" in page.text and "Kota Serang" not in page.text
    assert "/static/pmks_registry/statistics.js" in page.text and 'id="pmks-chart-data"' in page.text
    assert "/static/vendor/chartjs-4.5.1/chart.umd.min.js" in page.text


def test_statistics_export_is_audited_and_refused_to_officers(page_as, staf, petugas_lebak, client_lebak):
    assert page_as(petugas_lebak).get("/pmks/statistik/xlsx/").status_code == 403
    response = page_as(staf).get("/pmks/statistik/xlsx/")
    workbook = load_workbook(io.BytesIO(response.content))
    matrix = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert matrix[0][2] == "Kabupaten Pandeglang"
    assert matrix[9][1] == "Penyandang Disabilitas" and matrix[9][3] == 1  # type 9, Lebak column
    assert AuditLog.objects.filter(action=AuditAction.EXPORT, note="statistics xlsx").count() == 1


def test_duplicates_page_lists_same_name_and_birth_date_and_merge_is_for_staf(page_as, staf, petugas_lebak, pmks_types):
    a, b = make_client(name="Siti Aminah"), make_client(name="SITI  aminah")
    make_client(name="Siti Aminah", birth_date=a.birth_date.replace(year=1990))
    page = page_as(petugas_lebak).get("/pmks/duplikat/")
    assert f"/pmks/{a.pk}/" in page.text and f"/pmks/{b.pk}/" in page.text
    assert "Gabungkan" not in page.text
    assert (
        page_as(petugas_lebak).post("/pmks/duplikat/gabung/", {"keep": a.pk, "merge": b.pk, "reason": "x"}).status_code
        == 403
    )
    merged = page_as(staf).post("/pmks/duplikat/gabung/", {"keep": a.pk, "merge": b.pk, "reason": "NIK ganda"})
    assert merged.status_code == 302 and merged["Location"] == f"/pmks/{a.pk}/"


def test_duplicates_page_is_scoped(page_as, petugas_kota_serang, pmks_types):
    a, b = make_client(name="Siti Aminah"), make_client(name="Siti Aminah")
    page = page_as(petugas_kota_serang).get("/pmks/duplikat/")
    assert f"/pmks/{a.pk}/" not in page.text and f"/pmks/{b.pk}/" not in page.text


def test_panti_pages_show_occupancy_and_are_scoped(page_as, staf, petugas_lebak, panti_kota_serang, client_lebak):
    from pmks_registry.services import placement_admit

    placement_admit(
        user=staf, client=client_lebak, panti=panti_kota_serang, admitted_on=client_lebak.created_at.date(), reason="x"
    )
    listing = page_as(staf).get("/pmks/panti/")
    assert "Panti Uji Kasemen" in listing.text and 'value="1"' in listing.text
    detail = page_as(staf).get(f"/pmks/panti/{panti_kota_serang.pk}/")
    assert client_lebak.name in detail.text and client_lebak.nik not in detail.text
    assert page_as(petugas_lebak).get(f"/pmks/panti/{panti_kota_serang.pk}/").status_code == 404
    assert "Panti Uji Kasemen" not in page_as(petugas_lebak).get("/pmks/panti/").text


@pytest.mark.parametrize("fixture", ["api_client_user", "koordinator_pengungsian"])
@pytest.mark.parametrize("url", ["/pmks/", "/pmks/statistik/", "/pmks/duplikat/", "/pmks/panti/", "/pmks/impor/"])
def test_roles_without_pmks_access_are_refused_every_page(page_as, request, fixture, url, pmks_types):
    assert page_as(request.getfixturevalue(fixture)).get(url).status_code == 403


def test_navigation_shows_pmks_only_to_roles_that_may_see_it(page_as, petugas_lebak, koordinator_pengungsian):
    assert "/pmks/" in page_as(petugas_lebak).get("/").text
    assert 'href="/pmks/"' not in page_as(koordinator_pengungsian).get("/").text
