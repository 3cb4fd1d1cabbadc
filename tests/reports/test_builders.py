"""Reports contributed by other apps through the settings: PMKS statistics (XLSX), meeting minutes (PDF), and the
situation report's sections on volunteers deployed and open action items."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook
from pypdf import PdfReader

from banten_dinsos.reports.models import ReportStatus
from banten_dinsos.reports.registry import report_builders
from banten_dinsos.reports.services import report_build, report_request
from banten_dinsos.reports.situation import situation_data
from ksb_volunteers.services import ksb_seed_demo
from meetings.models import ActionItem, Meeting
from meetings.services import meetings_seed_demo
from pmks_registry.models import PmksType

pytestmark = pytest.mark.django_db


def test_the_settings_register_the_apps_builders_next_to_the_situation_report():
    # The settings name three builders; the list exports register themselves from their apps.
    assert {"situation", "pmks_statistics", "meeting_minutes", "pmks_clients"} <= set(report_builders())


def test_pmks_statistics_are_built_as_xlsx_for_the_requesters_scope(staf, petugas_lebak, reference_data):
    [report] = report_request(user=staf, kind="pmks_statistics", data={"kabkota": "36.02"}, formats=["xlsx"])
    assert report.title == "Statistik PMKS: Kabupaten Lebak" and report.disaster_id is None

    report = report_build(report_id=report.pk)

    assert report.status == ReportStatus.DONE and len(report.checksum_sha256) == 64
    with report.file.open("rb") as handle:
        rows = list(load_workbook(BytesIO(handle.read())).worksheets[0].iter_rows(values_only=True))
    assert rows[0][2] == "Kabupaten Lebak"
    assert len(rows) == PmksType.objects.count() + 2  # header, one row per PMKS type, total
    with pytest.raises(PermissionDenied):
        report_request(user=petugas_lebak, kind="pmks_statistics", data={"kabkota": ""}, formats=["xlsx"])


@pytest.fixture
def demo_response(demo, staf):
    """The demo disaster with its volunteers deployed and its coordination meetings."""
    ksb_seed_demo()
    meetings_seed_demo()
    return demo


def test_meeting_minutes_are_built_as_pdf_and_only_organisers_may_ask(staf, petugas_lebak, demo_response):
    meeting = Meeting.objects.filter(disaster=demo_response).order_by("starts_at").first()
    [report] = report_request(user=staf, kind="meeting_minutes", data={"meeting": meeting.pk}, formats=["pdf"])
    assert report.disaster_id == demo_response.pk

    report = report_build(report_id=report.pk)

    assert report.status == ReportStatus.DONE and report.format == "pdf"
    with report.file.open("rb") as handle:
        text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(handle.read())).pages)
    assert meeting.title.split()[0] in text and meeting.chair in text
    with pytest.raises(PermissionDenied):
        report_request(user=petugas_lebak, kind="meeting_minutes", data={"meeting": meeting.pk}, formats=["pdf"])


def test_the_situation_report_has_the_volunteer_and_action_item_sections(staf, demo_response):
    open_items = ActionItem.objects.filter(meeting__disaster=demo_response).exclude(
        status__in=["selesai", "dibatalkan"]
    )

    data = situation_data(disaster_id=demo_response.pk, viewer=staf, today=date(2026, 1, 30))

    sections = {section["title"]: section for section in data.sections}
    assert set(sections) == {"Relawan yang ditugaskan", "Tindak lanjut yang belum selesai"}
    assert sections["Relawan yang ditugaskan"]["rows"]
    assert len(sections["Tindak lanjut yang belum selesai"]["rows"]) == open_items.count()
    [report] = report_request(user=staf, kind="situation", data={"disaster": demo_response.pk}, formats=["xlsx"])
    report = report_build(report_id=report.pk)
    with report.file.open("rb") as handle:
        sheets = load_workbook(BytesIO(handle.read())).sheetnames
    assert any(name.startswith("Relawan") for name in sheets)
    assert any(name.startswith("Tindak lanjut") for name in sheets)
