import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.storage import private_storage


def report_storage():
    """The private storage (``STORAGES["private"]``); the name stays because migrations refer to it."""
    return private_storage()


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel (XLSX)")
    CSV = "csv", _("CSV")


CONTENT_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.CSV: "text/csv; charset=utf-8",
}


class GeneratedReport(models.Model):
    """A report file built in the background: who asked for it, with which parameters, and the file's checksum."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    format = models.CharField(_("format"), max_length=10, choices=ReportFormat.choices)
    title = models.CharField(_("title"), max_length=300)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, default="id")
    # Empty for the daily reports of the schedule.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    disaster_id = models.PositiveBigIntegerField(_("disaster event"), null=True, blank=True, db_index=True)
    # The scope the contents were built for. Whoever downloads the file must see at least as much.
    scope_province_wide = models.BooleanField(_("all of Banten"), default=False)
    scope_kabkota = models.CharField(_("kabupaten/kota"), max_length=13, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_note = models.CharField(_("step"), max_length=200, blank=True)
    file = models.FileField(_("file"), storage=report_storage, upload_to="reports/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    checksum_sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    error = models.TextField(_("why it failed"), blank=True)
    # Scheduled runs: one report per disaster, day and format, however often the schedule fires.
    schedule_key = models.CharField(_("schedule key"), max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        indexes = [
            models.Index(fields=["status", "created_at"], name="report_status_idx"),
            models.Index(fields=["scope_kabkota", "-created_at"], name="report_kabkota_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="report_progress_at_most_100"),
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(checksum_sha256=""), name="report_done_has_checksum"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.format, "application/octet-stream")


class ReportScopeCluster(models.Model):
    """One cluster of the scope a report was built for (a coordinator's reports); a row each, so the database can
    tell who may read the report."""

    report = models.ForeignKey(GeneratedReport, on_delete=models.CASCADE, related_name="scope_clusters")
    cluster_code = models.CharField(_("cluster"), max_length=40)

    class Meta:
        verbose_name = _("report scope cluster")
        verbose_name_plural = _("report scope clusters")
        constraints = [models.UniqueConstraint(fields=["report", "cluster_code"], name="report_scope_cluster_uniq")]

    def __str__(self):
        return self.cluster_code
