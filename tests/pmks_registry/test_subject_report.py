"""Data-subject report (UU 27/2022 access requests): everything held about one NIK, as JSON or PDF, by POST only."""

import datetime
import io
import json

import pytest
from pypdf import PdfReader

from banten_dinsos.audit.models import AuditAction, AuditLog
from pmks_registry.models import ServiceKind
from pmks_registry.services import client_merge, client_service_record, client_status_change

from .conftest import make_client

pytestmark = pytest.mark.django_db
URL = "/pmks/laporan-subjek-data/"


@pytest.fixture
def history(staf, pmks_types):
    """A client with services and a status change, into whom a duplicate record (another NIK) was merged."""
    client = make_client(name="Siti Aminah", no_kk="3602140101100001")
    duplicate = make_client(name="Siti Aminah", types=(21,))
    client_service_record(
        user=staf, client=duplicate, kind=ServiceKind.FOOD_AID, provided_on=datetime.date(2026, 1, 3), notes="paket 1"
    )
    client_status_change(user=staf, client=client, status="dalam_rehabilitasi", changed_on=datetime.date(2026, 1, 4))
    client_merge(user=staf, keep=client, merge=duplicate, reason="NIK ganda")
    return client, duplicate.nik


def test_json_report_holds_the_record_its_history_and_the_processing_trail(page_as, staf, history):
    client, merged_nik = history
    response = page_as(staf).post(URL, {"nik": client.nik, "format": "json"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert client.nik not in response["Content-Disposition"]
    report = json.loads(response.content)
    assert report["client"]["nik"] == client.nik and report["client"]["no_kk"] == "3602140101100001"
    assert [t["number"] for t in report["client"]["pmks_types"]] == [9, 21]
    assert report["services"][0]["kind"] == "bantuan_sembako"
    assert report["status_history"][0]["to"] == "dalam_rehabilitasi"
    assert report["merged_records"][0]["nik"] == merged_nik
    actions = [entry["action"] for entry in report["processing_history"]]
    assert "change" in actions and "delete" in actions  # the merge, on both records
    entry = AuditLog.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert entry.object_id == str(client.pk) and "json" in entry.note and client.nik not in str(entry.__dict__)


def test_the_merged_nik_finds_the_kept_record(page_as, staf, history):
    client, merged_nik = history
    report = json.loads(page_as(staf).post(URL, {"nik": merged_nik, "format": "json"}).content)
    assert report["client"]["record_id"] == client.pk and report["asked_nik"] == merged_nik


def test_pdf_report_is_a_readable_pdf_with_the_data(page_as, staf, history):
    client, _merged = history
    response = page_as(staf).post(URL, {"nik": client.nik, "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert client.nik in text and "Siti Aminah" in text
    assert "Laporan data pribadi" in text and "Riwayat pemrosesan" in text


def test_screen_view_and_unknown_nik(page_as, staf, history):
    client, _merged = history
    browser = page_as(staf)
    shown = browser.post(URL, {"nik": client.nik})
    assert shown.status_code == 200 and "Siti Aminah" in shown.text
    missing = browser.post(URL, {"nik": "3171010101800009"})
    assert "Tidak ada data pribadi" in missing.text
    assert AuditLog.objects.filter(note="data-subject report: nothing held").exists()


def test_report_is_for_provincial_staff_only_and_never_takes_the_nik_from_the_url(
    page_as, petugas_lebak, staf, history
):
    client, _merged = history
    assert page_as(petugas_lebak).post(URL, {"nik": client.nik, "format": "json"}).status_code == 403
    page = page_as(staf).get(URL, {"nik": client.nik})
    assert page.status_code == 200 and "Siti Aminah" not in page.text
    assert 'method="post"' in page.text
