"""The PMKS client list export as a background job: built by a real worker, every row (no cap), masked,
formula-safe, scoped, audited with the records it holds, and downloaded from the report page once ready."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from banten_dinsos.audit.models import AuditAction, AuditLog
from banten_dinsos.core import table_exports
from banten_dinsos.reports.models import GeneratedReport, ReportStatus
from banten_dinsos.reports.services import report_build, report_request
from pmks_registry.models import ClientStatus

from ..conftest import wait_until
from .conftest import DESA_KOTA_SERANG, make_client


def _read_csv(report) -> list[list[str]]:
    with report.file.open("rb") as handle:
        return list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))


@pytest.mark.django_db
def test_export_streams_every_row_masked_and_safe_and_audits_the_records(staf, pmks_types, monkeypatch):
    monkeypatch.setattr(table_exports, "CHUNK_ROWS", 2)  # several cursor chunks with a handful of rows
    monkeypatch.setattr(table_exports, "PROGRESS_EVERY", 2)
    made = [make_client(name=f"Warga {n}", types=(9, 21)) for n in range(5)]
    formula = make_client(name="=HYPERLINK(1)", status=ClientStatus.TERMINATED)
    make_client(DESA_KOTA_SERANG, name="Budi Santoso", sex="L")
    (report,) = report_request(user=staf, kind="pmks_clients", data={"kabkota": "36.02"}, formats=["csv"])
    report = report_build(report_id=report.pk)
    assert report.status == ReportStatus.DONE, report.error
    rows = _read_csv(report)
    assert rows[0][0] == "NIK" and len(rows) == 1 + 6  # header + the six clients of Lebak, none of Kota Serang
    first = rows[1]  # newest first
    assert first[0] == formula.nik[:4] + "********" + formula.nik[-4:]
    assert first[2] == "'=HYPERLINK(1)" and first[8] == "Terminasi"
    assert rows[2][7] == "9,21" and rows[2][6] == "36.02"
    entry = AuditLog.objects.get(action=AuditAction.EXPORT, model="pmks_registry.client")
    assert f"report {report.pk}" in entry.note and "6 records" in entry.note
    assert f"ids {formula.pk}..{made[0].pk}" in entry.note


@pytest.mark.django_db
def test_xlsx_export_is_a_write_only_workbook_with_text_cells(staf, pmks_types):
    make_client(name="@SUM(A1)")
    (report,) = report_request(user=staf, kind="pmks_clients", data={}, formats=["xlsx"])
    report = report_build(report_id=report.pk)
    with report.file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 2 and values[1][2] == "@SUM(A1)"
    assert sheet.cell(row=2, column=3).data_type == "s"


@pytest.mark.django_db
def test_officer_exports_only_their_kabupaten_and_cannot_ask_for_another(petugas_lebak, pmks_types):
    make_client()
    make_client(DESA_KOTA_SERANG, name="Budi Santoso", sex="L")
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises((PermissionDenied, ValidationError)):
        report_request(user=petugas_lebak, kind="pmks_clients", data={"kabkota": "36.73"}, formats=["csv"])


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_page_asks_a_worker_shows_progress_and_downloads_when_ready(page_as, staf, pmks_types, live_worker):
    for n in range(3):
        make_client(name=f"Warga {n}")
    browser = page_as(staf)
    form = browser.get(reverse("reports:create", args=["pmks_clients"]) + "?status=aktif")
    assert form.status_code == 200 and 'value="aktif" selected' in form.content.decode()
    response = browser.post(reverse("reports:create", args=["pmks_clients"]), {"formats": ["csv"], "status": "aktif"})
    assert response.status_code == 302
    report = GeneratedReport.objects.get(kind="pmks_clients")
    wait_until(lambda: GeneratedReport.objects.get(pk=report.pk).is_finished, timeout=60)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    progress = browser.get(reverse("reports:progress", args=[report.pk])).content.decode()
    assert reverse("reports:download", args=[report.pk]) in progress
    download = browser.get(reverse("reports:download", args=[report.pk]))
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    assert download["Content-Type"].startswith("text/csv") and len(body.strip().splitlines()) == 4
