"""The situation report of the demo disaster, built by a real Celery worker from the real Redis queue."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from banten_dinsos.notifications.models import AlertKind, Channel, Delivery
from banten_dinsos.reports.models import GeneratedReport, ReportStatus
from banten_dinsos.reports.services import report_request
from banten_dinsos.reports.tasks import report_build

from ..conftest import wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_worker_builds_the_demo_situation_report_as_pdf_and_xlsx_with_its_figures(demo, demo_users, live_worker):
    staf = demo_users["staf.provinsi"]
    reports = report_request(user=staf, kind="situation", data={"disaster": demo.pk}, formats=["pdf", "xlsx"])
    ids = [report.pk for report in reports]
    finished = GeneratedReport.objects.filter(pk__in=ids, status__in=[ReportStatus.DONE, ReportStatus.FAILED])
    wait_until(lambda: finished.count() == 2, timeout=60)
    pdf, xlsx = (GeneratedReport.objects.get(pk=pk) for pk in ids)
    assert pdf.status == xlsx.status == ReportStatus.DONE, (pdf.error, xlsx.error)
    assert len(pdf.checksum_sha256) == len(xlsx.checksum_sha256) == 64

    with pdf.file.open("rb") as handle:
        text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(handle.read())).pages)
    assert "Laporan Situasi" in text and demo.title in text
    assert "12.100" in text and "2.830" in text and "Posko SDN Periuk 1" in text

    with xlsx.file.open("rb") as handle:
        workbook = load_workbook(BytesIO(handle.read()))
    total = next(row for row in workbook["Ringkasan"].iter_rows(values_only=True) if row[0] == "Jumlah")
    assert total[1:7] == (1, 1, 6, 12100, 3470, 2830)

    # The requester is told, in the portal, for each file; running the task again changes nothing.
    assert report_build.delay(pdf.pk).get(timeout=30) == "skipped"
    ready = Delivery.objects.filter(alert__kind=AlertKind.REPORT_READY, recipient=staf, channel=Channel.IN_APP)
    assert ready.count() == 2
