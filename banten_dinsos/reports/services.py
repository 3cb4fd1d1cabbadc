"""Every write of the reports app: asking for reports, building them in the background, the daily schedule."""

import hashlib
import logging
import os
import tempfile
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from banten_dinsos.accounts.models import User
from banten_dinsos.accounts.roles import Role, require_perm
from banten_dinsos.accounts.scoping import scope_stamp
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.downloads import download_filename
from banten_dinsos.core.formatting import format_number
from banten_dinsos.core.queueing import enqueue
from banten_dinsos.notifications.models import AlertKind, Severity
from banten_dinsos.notifications.services import alert_emit

from .models import GeneratedReport, ReportFormat, ReportScopeCluster, ReportStatus
from .registry import report_builder

logger = logging.getLogger(__name__)
DAILY_TASK_NAME = "situation-reports-daily"
DAILY_TASK = "banten_dinsos.reports.tasks.situation_reports_daily"
# A build running longer than this is taken for dead (its worker was killed) and may be claimed again.
STALE_AFTER = timedelta(minutes=30)
# Queued reports are left to their own task this long before the sweep queues them again.
SWEEP_GRACE = timedelta(seconds=60)


def enqueue_builds(report_ids) -> int:
    """Hand reports to the workers; with the broker down they stay queued and the sweep retries."""
    from .tasks import report_build

    queued = 0
    for report_id in report_ids:
        # One attempt each, never retried here: the first failure ends the loop and the sweep queues the rest.
        if not enqueue(report_build, report_id):
            return queued
        queued += 1
    return queued


@transaction.atomic
def report_request(*, user, kind: str, data: dict, formats) -> list[GeneratedReport]:
    """Queue one report per format, built for what ``user`` may see; the worker builds them after commit."""
    builder = report_builder(kind)
    require_perm(user, builder.request_perm)
    parameters = builder.clean_parameters(user=user, data=data)
    formats = [fmt for fmt in builder.formats if fmt in set(formats)] or list(builder.formats[:1])
    province_wide, kabkota_code, cluster_codes = scope_stamp(user)
    reports = [
        GeneratedReport.objects.create(
            kind=kind,
            format=fmt,
            title=builder.title(parameters=parameters)[:300],
            parameters=parameters,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            requested_by=user,
            disaster_id=builder.disaster_id(parameters),
            scope_province_wide=province_wide,
            scope_kabkota=kabkota_code,
        )
        for fmt in formats
    ]
    ReportScopeCluster.objects.bulk_create(
        ReportScopeCluster(report=report, cluster_code=code) for report in reports for code in cluster_codes
    )
    for report in reports:
        audit_record(actor=user, action=AuditAction.EXPORT, instance=report, note=f"requested {kind}")
    transaction.on_commit(partial(enqueue_builds, [report.pk for report in reports]), robust=True)
    return reports


def system_viewer() -> User:
    """The reader the daily schedule builds as: provincial scope, never saved, never able to sign in."""
    return User(username="jadwal-laporan", role=Role.STAF_PROVINSI, is_active=True)


def _claim(report_id: int) -> GeneratedReport | None:
    with transaction.atomic():
        report = (
            GeneratedReport.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("requested_by")
            .filter(pk=report_id)
            .first()
        )
        if report is None:
            return None
        stale = report.status == ReportStatus.RUNNING and report.started_at < timezone.now() - STALE_AFTER
        if report.status != ReportStatus.QUEUED and not stale:
            return None
        report.status, report.started_at, report.progress = ReportStatus.RUNNING, timezone.now(), 1
        report.progress_note, report.error = "", ""
        report.save(update_fields=["status", "started_at", "progress", "progress_note", "error"])
    return report


def _progress(report_id: int, percent: int, note: str) -> None:
    GeneratedReport.objects.filter(pk=report_id, status=ReportStatus.RUNNING).update(
        progress=max(1, min(int(percent), 99)), progress_note=str(note)[:200]
    )


# What each report is called on a file, in the office's words (``<kind>-<subject>-<date>.<ext>``).
FILE_KINDS = {"situation": "laporan-situasi", "meeting_minutes": "notulen-rapat", "pmks_statistics": "statistik-pmks"}


def _filename(report: GeneratedReport) -> str:
    """'laporan-situasi-banjir-tangerang-raya-2026-12-03.pdf': the subject is the title after its colon."""
    subject = report.title.split(": ", 1)[-1]
    kind = FILE_KINDS.get(report.kind, report.kind.replace("_", "-"))
    return download_filename(kind, subject, report.created_at, report.format)


def _announce(report: GeneratedReport, *, ready: bool) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        if ready:
            title = _("Report ready: %(title)s") % {"title": report.title}
            body = _("%(format)s, %(size)s kB.") % {
                "format": ReportFormat(report.format).label,
                "size": format_number(max(1, report.size // 1024)),
            }
        else:
            title = _("Report failed: %(title)s") % {"title": report.title}
            body = report.error
    alert_emit(
        kind=AlertKind.REPORT_READY if ready else AlertKind.REPORT_FAILED,
        title=title,
        body=body,
        severity=Severity.MINOR,
        # A report requested by someone is announced to them; a scheduled one to everyone whose scope covers it.
        kabkota_codes=[report.scope_kabkota] if report.scope_kabkota else [],
        cluster_codes=list(report.scope_clusters.values_list("cluster_code", flat=True)),
        disaster_id=report.disaster_id,
        dedupe_key=f"report:{report.pk}:{'ready' if ready else 'failed'}:{report.finished_at:%Y%m%d%H%M%S%f}",
        payload={"report_id": report.pk, "kind": report.kind, "format": report.format},
        url=report.get_absolute_url(),
        user_ids=[report.requested_by_id] if report.requested_by_id else [],
        cap=None,
    )


def report_build(*, report_id: int) -> GeneratedReport | None:
    """Build one queued report: progress as it goes, then the file and its SHA-256, or why it failed.

    Safe to run twice: a report that is running elsewhere or already finished is left alone (None).
    """
    report = _claim(report_id)
    if report is None:
        return None
    builder = report_builder(report.kind)
    viewer = report.requested_by if report.requested_by_id else system_viewer()
    if hasattr(builder, "write"):
        return _build_to_file(report, builder, viewer)
    try:
        with translation.override(report.language or settings.LANGUAGE_CODE):
            content = builder.build(
                report=report, viewer=viewer, progress=lambda percent, note: _progress(report.pk, percent, note)
            )
    except Exception as exc:
        return _failed(report, exc)
    with transaction.atomic():
        report.filename = _filename(report)
        report.file.save(report.filename, ContentFile(content), save=False)
        report.size = len(content)
        report.checksum_sha256 = hashlib.sha256(content).hexdigest()
        report.status, report.progress, report.progress_note = ReportStatus.DONE, 100, ""
        report.finished_at = timezone.now()
        report.save(
            update_fields=[
                "file",
                "filename",
                "size",
                "checksum_sha256",
                "status",
                "progress",
                "progress_note",
                "finished_at",
            ]
        )
        _announce(report, ready=True)
    return report


def _failed(report: GeneratedReport, exc: Exception) -> GeneratedReport:
    logger.exception("report %s failed", report.pk)
    with transaction.atomic():
        report.status, report.finished_at = ReportStatus.FAILED, timezone.now()
        message = str(getattr(exc, "message", "") or exc) or exc.__class__.__name__
        report.error = _("The report could not be built: %(error)s") % {"error": message}
        report.save(update_fields=["status", "finished_at", "error"])
        if report.requested_by_id:
            _announce(report, ready=False)
    return report


def _sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def _build_to_file(report: GeneratedReport, builder, viewer) -> GeneratedReport:
    """A large export: streamed to a temporary file on the worker's disk, then handed to the storage (a folder
    or object storage) in blocks, checksummed, and audited with the records it holds. Memory stays flat."""
    with tempfile.TemporaryDirectory(prefix="report-") as workdir:
        path = os.path.join(workdir, f"export.{report.format}")
        try:
            with translation.override(report.language or settings.LANGUAGE_CODE):
                outcome = builder.write(
                    report=report,
                    viewer=viewer,
                    progress=lambda percent, note: _progress(report.pk, percent, note),
                    path=path,
                )
            _progress(report.pk, 98, _("Storing the file"))
            checksum = _sha256_of(path)
            size = os.path.getsize(path)
            report.filename = _filename(report)
            with open(path, "rb") as handle:
                report.file.save(report.filename, File(handle), save=False)
        except Exception as exc:
            return _failed(report, exc)
    with transaction.atomic():
        report.size, report.checksum_sha256 = size, checksum
        report.status, report.progress, report.progress_note = ReportStatus.DONE, 100, ""
        report.finished_at = timezone.now()
        report.save(
            update_fields=[
                "file",
                "filename",
                "size",
                "checksum_sha256",
                "status",
                "progress",
                "progress_note",
                "finished_at",
            ]
        )
        # The records that left the portal: how many, the first and last id in the file's order, and a digest of
        # every id (recomputable from the same selection), with the report that holds the filters.
        # Each exported record is named (AuditSubject), so every exported person's data-subject report lists the
        # export; beyond core.table_exports.NAMED_RECORDS_MAX the line keeps the count, range and digest only.
        named = outcome.record_ids is not None
        audit_record(
            actor=report.requested_by,
            action=AuditAction.EXPORT,
            model=outcome.model,
            kabkota_code=report.scope_kabkota,
            note=(
                f"report {report.pk} {report.kind}.{report.format}: {outcome.rows} records"
                f"{' named' if named else ''}, ids {outcome.first_id}..{outcome.last_id}, "
                f"sha256(ids) {outcome.ids_digest[:32]}"
            ),
            subjects=outcome.record_ids if named else (),
        )
        _announce(report, ready=True)
    return report


def report_downloaded(*, user, report: GeneratedReport) -> None:
    audit_record(actor=user, action=AuditAction.EXPORT, instance=report, note="downloaded")


@transaction.atomic
def situation_reports_schedule(*, today: date | None = None) -> list[int]:
    """The daily run: one situation report (PDF and XLSX) per disaster event not yet closed, province-wide.

    Keyed by day, so the schedule firing twice (or a retried task) queues each report once.
    """
    from clusters.models import Disaster, EmergencyStatus

    today = today or timezone.localdate()
    builder = report_builder("situation")
    created_ids = []
    disasters = Disaster.objects.exclude(status=EmergencyStatus.SELESAI).order_by("pk").values_list("pk", "title")
    for disaster_id, title in disasters:
        parameters = {"disaster_id": disaster_id, "disaster_title": title, "date": today.isoformat()}
        with translation.override(settings.LANGUAGE_CODE):
            report_title = f"{builder.title(parameters=parameters)} · {today:%d-%m-%Y}"
        for fmt in builder.formats:
            report, created = GeneratedReport.objects.get_or_create(
                schedule_key=f"daily:{today.isoformat()}:situation:{disaster_id}:{fmt}",
                defaults={
                    "kind": builder.kind,
                    "format": fmt,
                    "title": report_title[:300],
                    "parameters": parameters,
                    "language": settings.LANGUAGE_CODE,
                    "disaster_id": disaster_id,
                    "scope_province_wide": True,
                },
            )
            if created:
                created_ids.append(report.pk)
    transaction.on_commit(partial(enqueue_builds, created_ids), robust=True)
    return created_ids


def reports_sweep() -> int:
    """Queue again what is still waiting (broker down when it was asked for) or whose worker died mid-build."""
    now = timezone.now()
    waiting = GeneratedReport.objects.filter(status=ReportStatus.QUEUED, created_at__lte=now - SWEEP_GRACE)
    dead = GeneratedReport.objects.filter(status=ReportStatus.RUNNING, started_at__lte=now - STALE_AFTER)
    ids = list(waiting.values_list("pk", flat=True)[:200]) + list(dead.values_list("pk", flat=True)[:200])
    return enqueue_builds(ids)


@transaction.atomic
def report_schedules_load_reference(**_ignored) -> dict:
    """The daily situation reports at 07:00 WIB as a django-celery-beat task, editable in the admin.

    Created once; a schedule changed in the admin is kept (this loader never overwrites it).
    """
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Jakarta"
    )
    _task, created = PeriodicTask.objects.get_or_create(
        name=DAILY_TASK_NAME,
        defaults={
            "task": DAILY_TASK,
            "crontab": crontab,
            "description": "Laporan Situasi harian (PDF dan XLSX) untuk setiap kejadian bencana yang belum selesai.",
        },
    )
    return {"created": int(created)}
