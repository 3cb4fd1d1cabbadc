import uuid
from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.models import TimeStampedModel


class Cluster(models.Model):
    """A national disaster cluster (SK Kepala BNPB 173/2014) or one of its sub-clusters, with its Banten lead."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subclusters",
        help_text=_("Set for a sub-cluster."),
    )
    national_coordinator = models.CharField(_("national coordinator"), max_length=120, blank=True)
    lead_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("lead agency in Banten"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_clusters",
    )
    member_agencies = models.ManyToManyField(
        "agencies.Agency", verbose_name=_("member agencies"), blank=True, related_name="clusters"
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("coordinators"), blank=True, related_name="coordinated_clusters"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self):
        return self.name


class DisasterType(models.Model):
    """A BNPB (DIBI) disaster type such as 101 Banjir; reference data editable in the admin."""

    code = models.CharField(_("BNPB code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("disaster type")
        verbose_name_plural = _("disaster types")

    def __str__(self):
        return f"{self.code} {self.name}"


class EmergencyStatus(models.TextChoices):
    SIAGA = "siaga_darurat", _("Emergency alert (siaga darurat)")
    TANGGAP = "tanggap_darurat", _("Emergency response (tanggap darurat)")
    TRANSISI = "transisi_darurat", _("Transition to recovery (transisi darurat)")
    PEMULIHAN = "pemulihan", _("Recovery (pemulihan)")
    SELESAI = "selesai", _("Closed (selesai)")


# Which status may follow which. The three emergency statuses may follow themselves: an extension decree
# (perpanjangan) keeps the status but is recorded with its own decree number and dates.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    EmergencyStatus.SIAGA: frozenset({EmergencyStatus.SIAGA, EmergencyStatus.TANGGAP, EmergencyStatus.SELESAI}),
    EmergencyStatus.TANGGAP: frozenset(
        {EmergencyStatus.TANGGAP, EmergencyStatus.TRANSISI, EmergencyStatus.PEMULIHAN, EmergencyStatus.SELESAI}
    ),
    EmergencyStatus.TRANSISI: frozenset(
        {EmergencyStatus.TRANSISI, EmergencyStatus.TANGGAP, EmergencyStatus.PEMULIHAN, EmergencyStatus.SELESAI}
    ),
    EmergencyStatus.PEMULIHAN: frozenset({EmergencyStatus.SELESAI}),
    EmergencyStatus.SELESAI: frozenset(),
}


class ApprovalLevels(models.IntegerChoices):
    PROVINCE = 1, _("One level: the province verifies directly")
    KABKOTA_THEN_PROVINCE = 2, _("Two levels: the kabupaten/kota approves, then the province verifies")


class ReportingLevel(models.TextChoices):
    KECAMATAN = "kecamatan", _("Per kecamatan")
    DESA = "desa", _("Per desa/kelurahan")


class Disaster(TimeStampedModel):
    """A disaster event (kejadian bencana) affecting one or more kabupaten/kota, with its emergency status."""

    disaster_type = models.ForeignKey(
        DisasterType, verbose_name=_("disaster type"), on_delete=models.PROTECT, related_name="disasters"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    status = models.CharField(
        _("emergency status"), max_length=20, choices=EmergencyStatus.choices, default=EmergencyStatus.TANGGAP
    )
    decree_number = models.CharField(_("decree number"), max_length=120, blank=True)
    status_valid_from = models.DateField(_("status valid from"), null=True, blank=True)
    status_valid_until = models.DateField(_("status valid until"), null=True, blank=True)
    affected_kabkota = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("affected kabupaten/kota"),
        limit_choices_to={"level": "kabkota"},
        related_name="disasters",
    )
    affected_kecamatan = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("affected kecamatan"),
        blank=True,
        limit_choices_to={"level": "kecamatan"},
        related_name="+",
    )
    affected_desa = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("affected desa/kelurahan"),
        blank=True,
        limit_choices_to={"level": "desa"},
        related_name="+",
    )
    # Where daily reporting completeness is counted: per kecamatan (a report of any of its desa counts for it), or,
    # for a disaster declared at desa level, per desa (each affected desa needs its own report).
    reporting_level = models.CharField(
        _("reporting level"), max_length=10, choices=ReportingLevel.choices, default=ReportingLevel.KECAMATAN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    # Field-report workflow of this disaster: one level (as before) or the kabupaten/kota's approval first.
    approval_levels = models.PositiveSmallIntegerField(
        _("approval levels"), choices=ApprovalLevels.choices, default=ApprovalLevels.PROVINCE
    )
    # Each affected kecamatan is expected to have an approved report for the day by this time (WIB).
    report_deadline = models.TimeField(_("daily reporting deadline (WIB)"), default=time(16, 0))

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("disaster event")
        verbose_name_plural = _("disaster events")
        indexes = [models.Index(fields=["status", "started_on"], name="disaster_status_started_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="disaster_ended_after_started",
            ),
            models.CheckConstraint(
                condition=models.Q(status_valid_until__isnull=True)
                | models.Q(status_valid_from__isnull=True)
                | models.Q(status_valid_until__gte=models.F("status_valid_from")),
                name="disaster_status_period_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("clusters:disaster-detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == EmergencyStatus.SELESAI

    @property
    def two_levels(self) -> bool:
        return self.approval_levels == ApprovalLevels.KABKOTA_THEN_PROVINCE

    @property
    def reports_per_desa(self) -> bool:
        return self.reporting_level == ReportingLevel.DESA


class DisasterStatusChange(models.Model):
    """One step in a disaster's emergency-status history: the decree, its period, who recorded it and when."""

    disaster = models.ForeignKey(
        Disaster, verbose_name=_("disaster event"), on_delete=models.CASCADE, related_name="status_history"
    )
    from_status = models.CharField(_("previous status"), max_length=20, choices=EmergencyStatus.choices, blank=True)
    to_status = models.CharField(_("new status"), max_length=20, choices=EmergencyStatus.choices)
    decree_number = models.CharField(_("decree number"), max_length=120, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("emergency status change")
        verbose_name_plural = _("emergency status history")

    def __str__(self):
        return f"{self.disaster_id}: {self.from_status or '-'} → {self.to_status}"


class ReportKind(models.TextChoices):
    RAPID_ASSESSMENT = "kaji_cepat", _("Rapid assessment (kaji cepat)")
    UPDATE = "perkembangan", _("Situation update (laporan perkembangan)")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved by the kabupaten/kota")
    VERIFIED = "verified", _("Verified")
    RETURNED = "returned", _("Returned for correction")
    SUPERSEDED = "superseded", _("Superseded by a correction")


class FacilityKind(models.TextChoices):
    SCHOOL = "school", _("Schools")
    WORSHIP = "worship", _("Places of worship")
    HEALTH = "health", _("Health facilities")
    OFFICE = "office", _("Offices")
    PUBLIC = "public", _("Public facilities")
    BRIDGE = "bridge", _("Bridges")


class DamageClass(models.TextChoices):
    HEAVY = "rb", _("Heavily damaged (RB)")
    MODERATE = "rs", _("Moderately damaged (RS)")
    LIGHT = "rr", _("Lightly damaged (RR)")


# The DIBI impact figures a field report carries, in the order forms and exports show them.
PEOPLE_FIELDS = ("dead", "missing", "injured", "affected_people", "affected_families", "displaced")
HOUSE_FIELDS = (
    "houses_heavily_damaged",
    "houses_moderately_damaged",
    "houses_lightly_damaged",
    "houses_submerged",
)
IMPACT_FIELDS = PEOPLE_FIELDS + HOUSE_FIELDS
MAX_COUNT = 10_000_000


def _count_field(label):
    return models.PositiveIntegerField(label, default=0, validators=[MaxValueValidator(MAX_COUNT)])


def _reported_count_field(label):
    # Blank is not zero: NULL means "not reported" (belum dilaporkan), 0 means the officer counted none.
    return models.PositiveIntegerField(label, null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)])


class FieldReport(TimeStampedModel):
    """A field report (laporan kaji cepat / lapangan): the DIBI impact seen in one kecamatan or desa at one time."""

    disaster = models.ForeignKey(
        Disaster, verbose_name=_("disaster event"), on_delete=models.PROTECT, related_name="field_reports"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices, default=ReportKind.RAPID_ASSESSMENT)
    area = models.ForeignKey(
        "regions.Region", verbose_name=_("area (kecamatan or desa)"), on_delete=models.PROTECT, related_name="+"
    )
    # Stored (derived from the area by the service) so scoping and grouping by kabupaten/kota need no join.
    kabkota = models.ForeignKey(
        "regions.Region", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    observed_at = models.DateTimeField(_("time of observation"))
    dead = _reported_count_field(_("dead"))
    missing = _reported_count_field(_("missing"))
    injured = _reported_count_field(_("injured"))
    affected_people = _reported_count_field(_("affected people"))
    affected_families = _reported_count_field(_("affected families (KK)"))
    displaced = _reported_count_field(_("displaced people"))
    houses_heavily_damaged = _reported_count_field(_("houses heavily damaged"))
    houses_moderately_damaged = _reported_count_field(_("houses moderately damaged"))
    houses_lightly_damaged = _reported_count_field(_("houses lightly damaged"))
    houses_submerged = _reported_count_field(_("houses submerged"))
    # {"school": {"rb": 1, "rs": 0, "rr": 2}, ...}: kinds and classes from FacilityKind and DamageClass.
    facilities_damaged = models.JSONField(_("damaged public facilities"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT)
    # Generated by the client: a retried submission carries the same key and finds the report it created.
    idempotency_key = models.UUIDField(_("idempotency key"), unique=True, default=uuid.uuid4, editable=False)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("corrects report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("returned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by (kabupaten/kota)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # What the soft validation rules said when the report was last submitted ([{"rule", "message"}]) and the
    # reporter's explanation, shown to the approvers.
    rule_warnings = models.JSONField(_("validation warnings"), default=list, blank=True, editable=False)
    warning_comment = models.TextField(_("comment on the warnings"), blank=True)

    class Meta:
        ordering = ["-observed_at", "-id"]
        verbose_name = _("field report")
        verbose_name_plural = _("field reports")
        indexes = [
            # The cluster-status read: latest verified report per area of one disaster.
            models.Index(
                fields=["disaster", "area", "-observed_at", "-verified_at"],
                condition=models.Q(state="verified"),
                name="fieldreport_latest_idx",
            ),
            models.Index(fields=["state", "submitted_at"], name="fieldreport_queue_idx"),
            models.Index(fields=["kabkota", "state"], name="fieldreport_kabkota_state_idx"),
            models.Index(fields=["created_by", "-created_at"], name="fieldreport_author_idx"),
            # Lists newest first (the API's keyset pages): province-wide, per disaster, per kabupaten/kota.
            models.Index(fields=["-observed_at", "-id"], name="fieldreport_observed_idx"),
            models.Index(fields=["disaster", "-observed_at", "-id"], name="fieldreport_disaster_obs_idx"),
            models.Index(fields=["kabkota", "-observed_at", "-id"], name="fieldreport_kabkota_obs_idx"),
            # Reports received per day of the active disasters (dashboard chart).
            models.Index(fields=["disaster", "submitted_at"], name="fieldreport_disaster_sub_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(displaced__lte=models.F("affected_people")),
                name="fieldreport_displaced_within_affected",
            ),
            models.CheckConstraint(
                condition=models.Q(dead__lte=models.F("affected_people")),
                name="fieldreport_dead_within_affected",
            ),
            models.CheckConstraint(
                condition=models.Q(affected_families__lte=models.F("affected_people")),
                name="fieldreport_families_within_people",
            ),
        ]

    def __str__(self):
        return _("Report #%(id)s %(area)s") % {"id": self.pk, "area": self.area_id}

    def get_absolute_url(self):
        return reverse("clusters:report-detail", args=[self.pk])

    def clean(self):
        errors = {}
        for name in ("dead", "displaced"):
            value = getattr(self, name)
            if value is not None and self.affected_people is not None and value > self.affected_people:
                errors[name] = _("%(field)s (%(value)s) cannot be greater than affected people (%(affected)s).") % {
                    "field": capfirst(self._meta.get_field(name).verbose_name),
                    "value": value,
                    "affected": self.affected_people,
                }
        if (
            self.affected_families is not None
            and self.affected_people is not None
            and self.affected_families > self.affected_people
        ):
            errors["affected_families"] = _("Affected families (KK) cannot outnumber affected people.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_editable(self) -> bool:
        """Approved and verified data is locked: only a draft or a returned report changes."""
        return self.state in (ReportState.DRAFT, ReportState.RETURNED)

    @property
    def is_withdrawable(self) -> bool:
        """Its author may take it back until the province has verified it."""
        return self.state in (ReportState.SUBMITTED, ReportState.APPROVED)


class ReportAction(models.TextChoices):
    CREATE = "create", _("Created")
    EDIT = "edit", _("Edited")
    SUBMIT = "submit", _("Submitted")
    APPROVE = "approve", _("Approved by the kabupaten/kota")
    VERIFY = "verify", _("Verified")
    RETURN = "return", _("Returned for correction")
    SUPERSEDE = "supersede", _("Superseded by a correction")
    UNAPPROVE = "unapprove", _("Approval withdrawn")
    WITHDRAW = "withdraw", _("Withdrawn by the reporter")
    REINSTATE = "reinstate", _("Verified again (its correction was unapproved)")


class FieldReportEvent(models.Model):
    """One step of a field report's workflow: what was done, by whom and when (with the reason for a return)."""

    report = models.ForeignKey(
        FieldReport, verbose_name=_("field report"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=12, choices=ReportAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("field report step")
        verbose_name_plural = _("field report steps")

    def __str__(self):
        return f"#{self.report_id} {self.action} @ {self.at:%Y-%m-%d %H:%M}"


class RuleSeverity(models.TextChoices):
    HARD = "hard", _("Hard: the report is refused")
    SOFT = "soft", _("Soft: a warning that needs a comment")


class ValidationRule(TimeStampedModel):
    """A plausibility rule checked when a field report is submitted, written in the rules' small language."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=150)
    expression = models.CharField(
        _("expression"),
        max_length=500,
        help_text=_(
            "What a plausible report satisfies, e.g. “displaced <= affected_people”; the rule fires when it is false. "
            "Figures: the report's counts; functions prev(), kabkota_max(), kabkota_avg(); and, or, not."
        ),
    )
    message = models.CharField(
        _("message"), max_length=300, help_text=_("Shown to the reporter and the approvers when the rule fires.")
    )
    severity = models.CharField(_("severity"), max_length=4, choices=RuleSeverity.choices, default=RuleSeverity.SOFT)
    is_active = models.BooleanField(_("active"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["severity", "code"]
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("clusters:rule-edit", args=[self.pk])

    def clean(self):
        from .rule_expressions import RuleSyntaxError, parse_rule

        try:
            parse_rule(self.expression)
        except RuleSyntaxError as error:
            raise ValidationError({"expression": [str(error)]}) from error


class NeedPriority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met")
    CANCELLED = "cancelled", _("Cancelled")


class Need(TimeStampedModel):
    """A need declared for one cluster in one area of a disaster, from a field report or entered directly."""

    disaster = models.ForeignKey(
        Disaster, verbose_name=_("disaster event"), on_delete=models.PROTECT, related_name="needs"
    )
    # Needs written in a report count once the report is verified; direct needs count at once.
    report = models.ForeignKey(
        FieldReport,
        verbose_name=_("field report"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="needs",
    )
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster or sub-cluster"), on_delete=models.PROTECT, related_name="+"
    )
    # The national cluster: the cluster itself or the parent of a sub-cluster (set by the service).
    sector = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    area = models.ForeignKey("regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    kabkota = models.ForeignKey(
        "regions.Region", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    description = models.CharField(_("need"), max_length=500)
    people_in_need = _count_field(_("people in need"))
    priority = models.CharField(_("priority"), max_length=10, choices=NeedPriority.choices, default=NeedPriority.URGENT)
    status = models.CharField(_("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [models.Index(fields=["disaster", "kabkota", "sector", "status"], name="need_status_idx")]

    def __str__(self):
        return self.description


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(TimeStampedModel):
    """A 3W line: who (agency) does what (activity, cluster) where (area), when, and for how many people."""

    disaster = models.ForeignKey(
        Disaster, verbose_name=_("disaster event"), on_delete=models.PROTECT, related_name="activities"
    )
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster or sub-cluster"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    need = models.ForeignKey(
        Need,
        verbose_name=_("need addressed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    title = models.CharField(_("activity"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    area = models.ForeignKey("regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    kabkota = models.ForeignKey(
        "regions.Region", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    people_reached = _count_field(_("people reached"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("3W activity")
        verbose_name_plural = _("3W activities")
        indexes = [models.Index(fields=["disaster", "kabkota", "sector", "status"], name="activity_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="activity_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title


class IntakeSource(models.TextChoices):
    KOBO = "kobo", _("KoboToolbox (REST Services)")
    ODK = "odk", _("ODK Central (OData or webhook)")


class IntakeForm(TimeStampedModel):
    """A partner's KoboToolbox or ODK form registered to send its submissions in as field reports of one disaster.

    ``field_mapping`` is data, edited in the admin::

        {"location": "lokasi/desa",                       # question holding the desa (its code, or a value below)
         "locations": {"sukamaju": "36.02.01.2001"},      # optional: answer -> Kemendagri desa code
         "observed_at": "waktu_kaji",                     # optional; else the submission time
         "notes": "catatan",                              # optional
         "figures": {"dampak/meninggal": "dead", "dampak/mengungsi": "displaced", ...}}
    """

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("address name"), max_length=60, unique=True, help_text=_("Part of the endpoint URL."))
    source = models.CharField(_("source"), max_length=10, choices=IntakeSource.choices)
    disaster = models.ForeignKey(
        Disaster, verbose_name=_("disaster event"), on_delete=models.PROTECT, related_name="intake_forms"
    )
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("partner account"),
        on_delete=models.PROTECT,
        related_name="intake_forms",
        help_text=_("Reports are created under this account, within its kabupaten/kota."),
    )
    field_mapping = models.JSONField(_("field mapping"), default=dict)
    submit_on_receipt = models.BooleanField(
        _("submit for verification at once"), default=True, help_text=_("Otherwise each report stays a draft.")
    )
    # SHA-256 of the secret the partner's server sends; the secret itself is shown once, when it is generated.
    token_hash = models.CharField(_("token hash"), max_length=64, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("intake form (Kobo/ODK)")
        verbose_name_plural = _("intake forms (Kobo/ODK)")

    def __str__(self):
        return self.name

    def clean(self):
        from .intake_mapping import mapping_errors

        problems = mapping_errors(self.field_mapping)
        if problems:
            raise ValidationError({"field_mapping": problems})


class IntakeOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class IntakeSubmission(models.Model):
    """One submission a registered form sent in: the field report it became, or why it could not become one."""

    form = models.ForeignKey(
        IntakeForm, verbose_name=_("intake form"), on_delete=models.PROTECT, related_name="submissions"
    )
    submission_uuid = models.CharField(_("submission UUID"), max_length=100)
    outcome = models.CharField(_("outcome"), max_length=10, choices=IntakeOutcome.choices)
    report = models.OneToOneField(
        FieldReport,
        verbose_name=_("field report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="intake_submission",
    )
    payload = models.JSONField(_("payload as received"))
    errors = models.JSONField(_("problems"), default=dict, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("times received"), default=1)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("intake submission")
        verbose_name_plural = _("intake submissions")
        constraints = [
            models.UniqueConstraint(fields=["form", "submission_uuid"], name="intake_submission_once_per_form"),
            models.CheckConstraint(
                condition=models.Q(outcome="rejected") | models.Q(report__isnull=False),
                name="intake_accepted_has_report",
            ),
        ]
        indexes = [models.Index(fields=["outcome", "-received_at"], name="intake_outcome_idx")]

    def __str__(self):
        return f"{self.form_id}:{self.submission_uuid} ({self.outcome})"


# ---------------------------------------------------------------------------------------------------------------
# Cluster-status read model: kept by clusters/read_models.py inside the transaction of every write that changes
# it, rebuilt from the source tables by ``manage.py cluster_status_rebuild``.
# ---------------------------------------------------------------------------------------------------------------


class ClusterStatusVersion(models.Model):
    """The version of one disaster's cluster status: raised by every write that changes its read model."""

    disaster = models.OneToOneField(
        Disaster, verbose_name=_("disaster event"), primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.BigIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("cluster status version")
        verbose_name_plural = _("cluster status versions")

    def __str__(self):
        return f"{self.disaster_id} v{self.version}"


class AreaLatestReport(models.Model):
    """The latest verified field report of one area of a disaster, with its figures and whether it is counted.

    ``counted`` applies the kecamatan rule of cluster status: a kecamatan recap and reports for its desa would
    count the same people twice, so only the newer side of each kecamatan is counted.
    """

    disaster = models.ForeignKey(Disaster, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kabkota = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kecamatan_code = models.CharField(max_length=8)
    report = models.ForeignKey(FieldReport, on_delete=models.CASCADE, related_name="+")
    observed_at = models.DateTimeField()
    verified_at = models.DateTimeField(null=True)
    counted = models.BooleanField(default=True)
    dead = models.PositiveIntegerField(null=True)
    missing = models.PositiveIntegerField(null=True)
    injured = models.PositiveIntegerField(null=True)
    affected_people = models.PositiveIntegerField(null=True)
    affected_families = models.PositiveIntegerField(null=True)
    displaced = models.PositiveIntegerField(null=True)
    houses_heavily_damaged = models.PositiveIntegerField(null=True)
    houses_moderately_damaged = models.PositiveIntegerField(null=True)
    houses_lightly_damaged = models.PositiveIntegerField(null=True)
    houses_submerged = models.PositiveIntegerField(null=True)

    class Meta:
        verbose_name = _("latest verified report of an area")
        verbose_name_plural = _("latest verified reports of areas")
        constraints = [
            models.UniqueConstraint(fields=["disaster", "area"], name="arealatest_one_per_area"),
        ]
        indexes = [
            models.Index(fields=["disaster", "kabkota", "counted"], name="arealatest_kabkota_idx"),
            models.Index(fields=["disaster", "kecamatan_code"], name="arealatest_kecamatan_idx"),
        ]

    def __str__(self):
        return f"{self.disaster_id}:{self.area_id} #{self.report_id}"


class ClusterStatusCell(models.Model):
    """Open needs and 3W activities of one cluster or sub-cluster in one kabupaten/kota of a disaster."""

    disaster = models.ForeignKey(Disaster, on_delete=models.CASCADE, related_name="+")
    kabkota = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="+")
    needs_open = models.PositiveIntegerField(default=0)
    people_in_need = models.PositiveBigIntegerField(default=0)
    needs_as_of = models.DateTimeField(null=True)
    activities_planned = models.PositiveIntegerField(default=0)
    activities_ongoing = models.PositiveIntegerField(default=0)
    activities_completed = models.PositiveIntegerField(default=0)
    people_reached = models.PositiveBigIntegerField(default=0)
    activities_as_of = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("cluster status cell")
        verbose_name_plural = _("cluster status cells")
        constraints = [
            models.UniqueConstraint(fields=["disaster", "kabkota", "cluster"], name="statuscell_one_per_key"),
        ]

    def __str__(self):
        return f"{self.disaster_id}:{self.kabkota_id}:{self.cluster_id}"


class ReportDayCount(models.Model):
    """How many field reports of a disaster were received (submitted) in one kabupaten/kota on one day (WIB): the
    dashboard's reports-per-day chart, kept by the submit and edit services instead of counted over every report."""

    # db_index=False: the unique constraint below leads with the disaster.
    disaster = models.ForeignKey(Disaster, on_delete=models.CASCADE, related_name="+", db_index=False)
    kabkota = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("field reports received per day")
        verbose_name_plural = _("field reports received per day")
        constraints = [
            models.UniqueConstraint(fields=["disaster", "day", "kabkota"], name="reportday_one_per_key"),
        ]

    def __str__(self):
        return f"{self.disaster_id}:{self.kabkota_id}:{self.day}: {self.n}"
