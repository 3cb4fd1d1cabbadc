"""Every document the portal produces, drawn from real records: the demo that ``make run`` loads (``seed_demo``), with
a longer meeting added so that the minutes run to several pages, rendered through the code the pages and the worker
use (the download views, ``report_build``, ``assessment_output_build``, ``minutes_pdf_build``), and held to the
layout checks of ``checks.py``. A registered document or a report kind with no rendering here fails the test."""

import io
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from banten_dinsos.accounts.models import User
from banten_dinsos.core.documents import documents
from banten_dinsos.reports.models import ReportStatus
from banten_dinsos.reports.registry import report_builders
from banten_dinsos.reports.services import report_build, report_request

from .checks import assert_pdf_laid_out, assert_workbook_cells

pytestmark = pytest.mark.django_db
DOCUMENTS = documents()

# Report jobs (reports app registry) by kind and format -> the registered document that draws them.
REPORT_JOBS = {
    ("situation", "pdf"): "situation-report-pdf",
    ("situation", "xlsx"): "situation-report-xlsx",
    ("meeting_minutes", "pdf"): "minutes-pdf",
    ("pmks_statistics", "xlsx"): "pmks-statistics-xlsx",
    ("evacuees", "xlsx"): "table-export-xlsx",
    ("field_reports", "xlsx"): "table-export-xlsx",
    ("tagana_members", "xlsx"): "table-export-xlsx",
    ("pmks_clients", "xlsx"): "table-export-xlsx",
    ("logistics_distributions", "xlsx"): "table-export-xlsx",
}


@dataclass
class Rendered:
    label: str
    data: bytes


@dataclass
class World:
    staf: User
    http: HttpClient
    rendered: dict[str, list[Rendered]]


def _get(http: HttpClient, url: str, **kwargs) -> bytes:
    response = http.get(url, **kwargs)
    assert response.status_code == 200, (url, response.status_code)
    return b"".join(response.streaming_content) if response.streaming else response.content


def _longer_meeting(staf):
    """The demo's flood meeting with a fuller record, as a long coordination meeting leaves (longer points per
    agenda item, more decisions and follow-ups), written through the minutes services, so that it breaks pages."""
    from django.utils import timezone

    from meetings.models import Meeting
    from meetings.services import action_item_create, decision_add, minutes_update
    from meetings.services.demo import FLOOD_TITLE

    meeting = Meeting.objects.get(title=FLOOD_TITLE)
    detail = (
        " Jumlah pengungsi, kebutuhan permakanan dan air bersih, serta kendala distribusi ke desa yang masih "
        "terisolasi genangan dibahas bersama perangkat daerah dan kabupaten/kota terdampak; data per posko "
        "dilaporkan setiap hari sebelum pukul 16.00 WIB."
    )
    minutes_update(
        user=staf,
        meeting=meeting,
        summary=meeting.minutes_summary + detail,
        points={item.pk: item.minutes_points + detail * 3 for item in meeting.agenda_items.all()},
    )
    for number in range(1, 9):
        decision = decision_add(
            user=staf,
            meeting=meeting,
            text=f"Dapur umum dan distribusi air bersih ditambah di lokasi pengungsian ke-{number} yang melebihi "
            "standar Sphere, dengan laporan harian ke Dinas Sosial Provinsi Banten.",
        )
        action_item_create(
            user=staf,
            meeting=meeting,
            decision=decision,
            title=f"Penambahan titik distribusi air bersih di lokasi pengungsian ke-{number}",
            owner_agency=meeting.organizer,
            owner_person="Kepala Seksi Penanganan Korban Bencana",
            due_on=timezone.localdate() + timedelta(days=number),
        )
    return meeting


def _report_jobs(staf, flood, meeting) -> dict[str, list[Rendered]]:
    """Every report kind and format of the reports page, built by the worker's service and downloaded."""
    data = {
        "situation": {"disaster": flood.pk},
        "meeting_minutes": {"meeting": meeting.pk},
        "pmks_statistics": {},
    }
    http = HttpClient()
    http.force_login(staf)
    rendered: dict[str, list[Rendered]] = {}
    for (kind, fmt), name in REPORT_JOBS.items():
        (report,) = report_request(user=staf, kind=kind, data=data.get(kind, {}), formats=[fmt])
        report = report_build(report_id=report.pk)
        assert report.status == ReportStatus.DONE, (kind, fmt, report.error)
        body = _get(http, reverse("reports:download", args=[report.pk]))
        rendered.setdefault(name, []).append(Rendered(f"{name} ({kind} report job)", body))
    return rendered


def _page_downloads(staf, http, flood) -> dict[str, list[Rendered]]:
    """The documents the pages hand out directly or build in the background for one record."""
    from jitupasna.models import Assessment
    from jitupasna.services import assessment_output_build
    from logistics.models import Dispatch, Donation, StockMove
    from meetings.models import Meeting
    from meetings.services.minutes_pdf import minutes_pdf_build
    from pmks_registry.models import Client

    rendered: dict[str, list[Rendered]] = {}

    def add(name, label, body):
        rendered.setdefault(name, []).append(Rendered(f"{name} ({label})", body))

    for meeting in Meeting.objects.order_by("pk"):
        minutes_pdf_build(meeting_id=meeting.pk)
        add("minutes-pdf", meeting.title, _get(http, reverse("meetings:minutes-pdf", args=[meeting.pk])))
    assessment = Assessment.objects.get(disaster=flood)
    for fmt in ("pdf", "xlsx"):
        assessment_output_build(assessment_id=assessment.pk, fmt=fmt)
        add(f"jitupasna-{fmt}", assessment.title, _get(http, reverse("jitupasna:output", args=[assessment.pk, fmt])))
    for dispatch in Dispatch.objects.order_by("pk"):
        add("delivery-note-pdf", dispatch.number, _get(http, reverse("logistics:dispatch-note", args=[dispatch.pk])))
    for donation in Donation.objects.order_by("pk"):
        add(
            "donation-receipt-pdf",
            donation.number,
            _get(http, reverse("logistics:donation-receipt", args=[donation.pk])),
        )
    # The stock card of the busiest item at the busiest place (goods leaving it count as much as goods arriving).
    busiest = StockMove.objects.values("destination", "item").annotate(moves=Count("id")).order_by("-moves").first()
    add(
        "stock-card-xlsx",
        "busiest location and item",
        _get(http, reverse("logistics:stock-card"), data={"location": busiest["destination"], "item": busiest["item"]}),
    )
    add("pmks-statistics-xlsx", "statistics page", _get(http, reverse("pmks_registry:statistics-export")))
    add("pmks-import-template-xlsx", "import page", _get(http, reverse("pmks_registry:import-template-xlsx")))
    client = (
        Client.objects.annotate(history=Count("services", distinct=True) + Count("status_changes", distinct=True))
        .order_by("-history", "pk")
        .first()
    )
    response = http.post(reverse("pmks_registry:subject-report"), {"nik": client.nik, "format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    add("personal-data-report-pdf", "client with the longest history", response.content)
    return rendered


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo as ``make run`` loads it, every document rendered once for the module; rolled back at the end."""
    from clusters.services.demo import demo_disaster

    private = tmp_path_factory.mktemp("private")
    with django_db_blocker.unblock(), override_settings(PRIVATE_FILES_ROOT=str(private)), transaction.atomic():
        cache.clear()
        call_command("seed_demo", force=True, stdout=StringIO())
        staf = User.objects.get(username="staf.provinsi")
        http = HttpClient()
        http.force_login(staf)
        with translation.override("id"):
            meeting = _longer_meeting(staf)
            flood = demo_disaster()
            rendered = _report_jobs(staf, flood, meeting)
            for name, items in _page_downloads(staf, http, flood).items():
                rendered.setdefault(name, []).extend(items)
        yield World(staf=staf, http=http, rendered=rendered)
        transaction.set_rollback(True)
        cache.clear()


def test_every_report_kind_in_pdf_or_xlsx_is_rendered_here():
    wanted = {
        (kind, fmt) for kind, builder in report_builders().items() for fmt in builder.formats if fmt in ("pdf", "xlsx")
    }
    assert wanted == set(REPORT_JOBS), "add the report kind to REPORT_JOBS (and its document to the register)"


def test_every_registered_document_is_rendered_from_real_records(world):
    assert set(DOCUMENTS) == set(world.rendered), set(DOCUMENTS) ^ set(world.rendered)


@pytest.mark.parametrize("name", sorted(name for name, doc in DOCUMENTS.items() if doc.format == "pdf"))
def test_real_pdf_is_on_dinsos_paper_and_laid_out_without_blank_pages_or_stranded_headings(world, name):
    for item in world.rendered[name]:
        assert_pdf_laid_out(item.label, item.data, signed=DOCUMENTS[name].signed)


@pytest.mark.parametrize("name", sorted(name for name, doc in DOCUMENTS.items() if doc.format == "xlsx"))
def test_real_workbook_holds_date_cells_and_numbers_with_a_thousands_format(world, name):
    typed_text = DOCUMENTS[name].typed_text
    for item in world.rendered[name]:
        checked = assert_workbook_cells(item.label, item.data, typed_text=typed_text)
        assert checked or typed_text, f"{item.label}: no date or number cell at all"


def test_the_long_documents_of_the_demo_run_to_several_pages(world):
    """The page checks mean something: the situation report, the Jitupasna and the long minutes break pages."""

    def pages(name, label_part):
        (item,) = [item for item in world.rendered[name] if label_part in item.label]
        return len(PdfReader(io.BytesIO(item.data)).pages)

    assert pages("situation-report-pdf", "situation") >= 2
    assert pages("jitupasna-pdf", "Jitupasna") >= 2
    assert pages("minutes-pdf", "meeting_minutes report job") >= 2
