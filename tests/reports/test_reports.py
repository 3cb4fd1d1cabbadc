"""Situation reports: asked for on a page, built in the background, downloadable only by those who may see them."""

import hashlib
from datetime import date
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django_celery_beat.models import CrontabSchedule, PeriodicTask
from openpyxl import load_workbook
from pypdf import PdfReader

from banten_dinsos.audit.models import AuditAction, AuditLog
from banten_dinsos.core.demo import demo_date
from banten_dinsos.notifications.models import AlertKind, Channel, Delivery
from banten_dinsos.reports.models import GeneratedReport, ReportStatus
from banten_dinsos.reports.services import (
    report_build,
    report_request,
    report_schedules_load_reference,
    situation_reports_schedule,
)

pytestmark = pytest.mark.django_db


def pdf_text(report) -> str:
    with report.file.open("rb") as handle:
        return "\n".join(page.extract_text() for page in PdfReader(BytesIO(handle.read())).pages)


def sheet_rows(report, title) -> list[tuple]:
    with report.file.open("rb") as handle:
        workbook = load_workbook(BytesIO(handle.read()))
    return list(workbook[title].iter_rows(values_only=True))


def built(user, disaster, formats=("pdf", "xlsx")):
    reports = report_request(user=user, kind="situation", data={"disaster": disaster.pk}, formats=formats)
    return {report.format: report_build(report_id=report.pk) for report in reports}


def test_situation_report_of_the_demo_disaster_has_the_figures_in_pdf_and_xlsx(demo, demo_users):
    reports = built(demo_users["staf.provinsi"], demo)
    pdf, xlsx = reports["pdf"], reports["xlsx"]
    assert pdf.status == xlsx.status == ReportStatus.DONE
    with pdf.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == pdf.checksum_sha256
    text = pdf_text(pdf)
    assert demo.title in text
    # Totals of the latest verified reports: 12.100 affected, 2.830 displaced (Indonesian digit grouping).
    assert "12.100" in text and "2.830" in text
    assert "Kota Tangerang Selatan" in text and "Posko SDN Periuk 1" in text
    assert "Tenda keluarga dan alas tidur" in text, "an open need is listed"

    summary = sheet_rows(xlsx, "Ringkasan")
    total = next(row for row in summary if row[0] == "Jumlah")
    # dead, missing, injured, affected people, families, displaced
    assert total[1:7] == (1, 1, 6, 12100, 3470, 2830)
    timeline = sheet_rows(xlsx, "Pengungsi dari waktu ke waktu")
    assert timeline[0] == ("Tanggal", "Mengungsi (laporan)", "Di pengungsian")
    days = {row[0].date(): row[1:] for row in timeline[1:]}
    # The demo story (January 2026) is moved so that it ends today: its days are looked up through demo_date.
    assert days[demo_date(date(2026, 1, 17))] == (None, 0)  # no verified report yet: "not reported", not 0 displaced
    assert days[demo_date(date(2026, 1, 18))][0] == 1100 + 480 + 900
    assert days[demo_date(date(2026, 1, 25))][0] == 2830
    shelters = sheet_rows(xlsx, "Tempat pengungsian")
    assert any(row[0] == "Posko SDN Periuk 1" for row in shelters)


def test_officer_report_covers_their_kabupaten_only_and_others_get_404(demo, demo_users, page_as):
    officer = demo_users["petugas.kota-tangerang"]
    reports = built(officer, demo)
    summary = sheet_rows(reports["xlsx"], "Ringkasan")
    names = [row[0] for row in summary]
    assert "Kota Tangerang" in names and "Kabupaten Tangerang" not in names
    pdf = reports["pdf"]
    assert page_as(officer).get(f"/laporan/{pdf.pk}/unduh/").status_code == 200
    # Staff cover every scope; an officer of another kabupaten/kota (even one the disaster affects) does not.
    assert page_as(demo_users["staf.provinsi"]).get(f"/laporan/{pdf.pk}/").status_code == 200
    for other in ("petugas.kota-tangerang-selatan", "petugas.lebak"):
        browser = page_as(demo_users[other])
        assert browser.get(f"/laporan/{pdf.pk}/").status_code == 404
        assert browser.get(f"/laporan/{pdf.pk}/unduh/").status_code == 404


def test_officer_cannot_ask_for_a_report_of_a_disaster_they_cannot_see(demo, demo_users, page_as):
    lebak = demo_users["petugas.lebak"]
    response = page_as(lebak).post("/laporan/baru/situation/", {"disaster": demo.pk, "formats": ["pdf"]})
    assert response.status_code == 400, "the disaster is not among the choices"
    from django.http import Http404

    with pytest.raises(Http404):
        report_request(user=lebak, kind="situation", data={"disaster": demo.pk}, formats=["pdf"])


def test_report_page_queues_both_formats_and_shows_progress(
    demo, demo_users, page_as, django_capture_on_commit_callbacks
):
    browser = page_as(demo_users["staf.provinsi"])
    assert browser.get(f"/laporan/baru/situation/?disaster={demo.pk}").status_code == 200
    with django_capture_on_commit_callbacks() as callbacks:
        response = browser.post("/laporan/baru/situation/", {"disaster": demo.pk, "formats": ["pdf", "xlsx"]})
    assert response.status_code == 302
    assert len(callbacks) == 1, "queued for the worker only after the request's transaction committed"
    reports = GeneratedReport.objects.order_by("pk")
    assert [report.format for report in reports] == ["pdf", "xlsx"]
    assert all(report.status == ReportStatus.QUEUED for report in reports)
    assert reports[0].parameters == {"disaster_id": demo.pk, "disaster_title": demo.title}
    progress = browser.get(f"/laporan/{reports[0].pk}/kemajuan/").content.decode()
    assert 'hx-trigger="every 1s"' in progress
    report_build(report_id=reports[0].pk)
    done = browser.get(f"/laporan/{reports[0].pk}/kemajuan/").content.decode()
    assert "hx-trigger" not in done and f"/laporan/{reports[0].pk}/unduh/" in done
    download = browser.get(f"/laporan/{reports[0].pk}/unduh/")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert AuditLog.objects.filter(action=AuditAction.EXPORT, note="downloaded").exists()


def test_building_twice_builds_once_and_tells_the_requester(demo, demo_users):
    staf = demo_users["staf.provinsi"]
    (report,) = report_request(user=staf, kind="situation", data={"disaster": demo.pk}, formats=["xlsx"])
    first = report_build(report_id=report.pk)
    assert report_build(report_id=report.pk) is None
    notice = Delivery.objects.get(alert__kind=AlertKind.REPORT_READY, recipient=staf, channel=Channel.IN_APP)
    assert notice.alert.url == first.get_absolute_url()


def test_failed_build_shows_why(demo, demo_users, page_as, monkeypatch):
    from banten_dinsos.reports import situation

    def broken(**kwargs):
        raise RuntimeError("cluster status unavailable")

    monkeypatch.setattr(situation, "situation_data", broken)
    (report,) = built(demo_users["staf.provinsi"], demo, formats=["pdf"]).values()
    assert report.status == ReportStatus.FAILED
    assert "cluster status unavailable" in report.error
    page = page_as(demo_users["staf.provinsi"]).get(f"/laporan/{report.pk}/").content.decode()
    assert "cluster status unavailable" in page
    assert Delivery.objects.filter(alert__kind=AlertKind.REPORT_FAILED).exists()


def test_a_file_that_no_longer_matches_its_checksum_is_not_handed_out(demo, demo_users, page_as):
    report = built(demo_users["staf.provinsi"], demo, formats=["pdf"])["pdf"]
    report.file.storage.delete(report.file.name)
    report.file.storage.save(report.file.name, ContentFile(b"%PDF-1.4 altered"))
    assert page_as(demo_users["staf.provinsi"]).get(f"/laporan/{report.pk}/unduh/").status_code == 410


def test_report_list_shows_what_the_user_may_see_in_a_fixed_number_of_queries(
    demo, demo_users, page_as, django_assert_num_queries
):
    officer = demo_users["petugas.kota-tangerang"]
    for _ in range(2):
        report_request(user=officer, kind="situation", data={"disaster": demo.pk}, formats=["pdf", "xlsx"])
    report_request(user=demo_users["staf.provinsi"], kind="situation", data={"disaster": demo.pk}, formats=["pdf"])
    browser = page_as(officer)
    browser.get("/laporan/")
    # session, user, the officer's kabupaten/kota in the header, paginator count, the page of reports with who
    # asked (one join; scope and visible disasters are subqueries), and the session save (savepoint, update, release).
    with django_assert_num_queries(8):
        response = browser.get("/laporan/")
    assert len(response.context["page"].object_list) == 4, "the provincial report is not theirs to see"


def test_daily_schedule_queues_one_report_per_open_disaster_and_format_once(demo):
    first = situation_reports_schedule(today=date(2026, 1, 20))
    assert len(first) == 2
    assert situation_reports_schedule(today=date(2026, 1, 20)) == []
    report = GeneratedReport.objects.get(pk=first[0])
    assert report.requested_by is None and report.scope_province_wide
    built_report = report_build(report_id=report.pk)
    assert built_report.status == ReportStatus.DONE


def test_daily_schedule_is_0700_wib_and_edits_in_the_admin_are_kept(db):
    report_schedules_load_reference()
    task = PeriodicTask.objects.get(name="situation-reports-daily")
    assert task.task == "banten_dinsos.reports.tasks.situation_reports_daily"
    assert (task.crontab.minute, task.crontab.hour, str(task.crontab.timezone)) == ("0", "7", "Asia/Jakarta")
    task.crontab = CrontabSchedule.objects.create(minute="30", hour="6", timezone="Asia/Jakarta")
    task.save()
    assert report_schedules_load_reference() == {"created": 0}
    assert PeriodicTask.objects.get(name="situation-reports-daily").crontab.hour == "6"
