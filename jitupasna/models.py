"""Jitupasna (Pengkajian Kebutuhan Pascabencana, Perka BNPB 15/2011): damage, loss and needs after a disaster.

Money is whole rupiah in ``Decimal`` (``max_digits=18, decimal_places=0``): rupiah has no sub-unit in use and the
tables people exchange are in whole rupiah; 18 digits hold up to a quintillion rupiah, far above any provincial
total in the trillions. Units are ``Decimal`` with two places, so hectares and kilometres fit next to houses.
Computed amounts (damage with its class factors, reconstruction with its build-back-better uplift) are rounded
half-up to the rupiah once per line, in ``calculations.py``; every total sums those rounded lines, so the page,
the API, the workbook and the PDF all add up to the same figure.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.models import TimeStampedModel
from banten_dinsos.core.storage import private_storage
from clusters.models import DamageClass

MONEY = {"max_digits": 18, "decimal_places": 0}
UNITS = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0")


def _money(label, **kwargs):
    return models.DecimalField(label, default=ZERO, **MONEY, **kwargs)


def _units(label, **kwargs):
    return models.DecimalField(label, default=ZERO, **UNITS, **kwargs)


def format_number(value: Decimal) -> str:
    """1234567 -> '1.234.567' and 12.50 -> '12,5' in Indonesian, for messages."""
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(value, force_grouping=True)


def negative_errors(instance: models.Model, names: tuple[str, ...]) -> dict[str, str]:
    """'Units heavily damaged (RB) cannot be negative.' for each field of ``names`` below zero."""
    errors = {}
    for name in names:
        value = getattr(instance, name)
        if value is not None and value < 0:
            label = capfirst(instance._meta.get_field(name).verbose_name)
            errors[name] = gettext("%(field)s cannot be negative.") % {"field": label}
    return errors


def get_jitupasna_storage():
    """The private storage (``STORAGES["private"]``); the name stays because migrations refer to it."""
    return private_storage()


class Sector(models.Model):
    """One of the five Jitupasna sectors (Permukiman, Infrastruktur, Ekonomi Produktif, Sosial, Lintas Sektor)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("Jitupasna sector")
        verbose_name_plural = _("Jitupasna sectors")

    def __str__(self):
        return self.name


class SubSector(models.Model):
    """A sub-sector of a Jitupasna sector (e.g. Perumahan), with the agency responsible for its input."""

    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="sub_sectors")
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    responsible_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("responsible agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jitupasna_sub_sectors",
        help_text=_("The perangkat daerah that gives the input for this sub-sector."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sector__position", "position", "code"]
        verbose_name = _("Jitupasna sub-sector")
        verbose_name_plural = _("Jitupasna sub-sectors")

    def __str__(self):
        return self.name


class DamageFactor(models.Model):
    """The share of the pre-disaster unit cost counted as damage for one damage class, and where it comes from."""

    damage_class = models.CharField(_("damage class"), max_length=2, choices=DamageClass.choices, unique=True)
    factor = models.DecimalField(_("factor"), max_digits=4, decimal_places=3)
    source = models.CharField(
        _("source of the number"), max_length=500, help_text=_("Where this factor comes from, shown with every total.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-factor", "damage_class"]
        verbose_name = _("damage class factor")
        verbose_name_plural = _("damage class factors")
        constraints = [
            models.CheckConstraint(
                condition=Q(factor__gte=0) & Q(factor__lte=1),
                name="jitupasna_factor_between_0_and_1",
                violation_error_message=_("A damage class factor lies between 0 and 1."),
            )
        ]

    def __str__(self):
        return f"{self.get_damage_class_display()}: {self.factor}"

    def clean(self):
        if self.factor is not None and not 0 <= self.factor <= 1:
            raise ValidationError({"factor": gettext("A damage class factor lies between 0 and 1.")})


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for input")
    FINAL = "final", _("Final")


class Assessment(TimeStampedModel):
    """The Jitupasna of one disaster: damage, loss and needs per sector and kabupaten/kota, drafted by BPBD with
    input from every perangkat daerah, the basis of the rehabilitation and reconstruction plan."""

    disaster = models.OneToOneField(
        "clusters.Disaster",
        verbose_name=_("disaster event"),
        on_delete=models.PROTECT,
        related_name="jitupasna",
    )
    title = models.CharField(_("title"), max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    # The factors are copied from the reference data when the assessment is created, so editing the reference data
    # later never changes the totals of an assessment already under way (or final).
    factor_heavy = models.DecimalField(_("factor for heavy damage (RB)"), max_digits=4, decimal_places=3)
    factor_moderate = models.DecimalField(_("factor for moderate damage (RS)"), max_digits=4, decimal_places=3)
    factor_light = models.DecimalField(_("factor for light damage (RR)"), max_digits=4, decimal_places=3)
    factors_source = models.CharField(_("source of the factors"), max_length=1000)
    bbb_uplift_percent = models.DecimalField(
        _("build-back-better uplift (%)"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        help_text=_("Added to the damage to give the reconstruction need, e.g. 10 for 10 %."),
    )
    notes = models.TextField(_("notes"), blank=True)
    meetings = models.ManyToManyField(
        "meetings.Meeting", verbose_name=_("meetings that discussed it"), blank=True, related_name="+"
    )
    input_round = models.ForeignKey(
        "meetings.InputRound",
        verbose_name=_("input round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened for input at"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finalised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Jitupasna assessment")
        verbose_name_plural = _("Jitupasna assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(bbb_uplift_percent__gte=0) & Q(bbb_uplift_percent__lte=100),
                name="jitupasna_uplift_0_to_100",
                violation_error_message=_("The build-back-better uplift lies between 0 and 100 %."),
            ),
            models.CheckConstraint(
                condition=Q(factor_heavy__gte=0)
                & Q(factor_heavy__lte=1)
                & Q(factor_moderate__gte=0)
                & Q(factor_moderate__lte=1)
                & Q(factor_light__gte=0)
                & Q(factor_light__lte=1),
                name="jitupasna_assessment_factors_0_to_1",
                violation_error_message=_("A damage class factor lies between 0 and 1."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("jitupasna:detail", args=[self.pk])

    def clean(self):
        errors = negative_errors(self, ("bbb_uplift_percent", "factor_heavy", "factor_moderate", "factor_light"))
        if self.bbb_uplift_percent is not None and self.bbb_uplift_percent > 100:
            errors["bbb_uplift_percent"] = gettext("The build-back-better uplift lies between 0 and 100 %.")
        for name in ("factor_heavy", "factor_moderate", "factor_light"):
            value = getattr(self, name)
            if value is not None and value > 1 and name not in errors:
                errors[name] = gettext("%(field)s lies between 0 and 1.") % {
                    "field": capfirst(self._meta.get_field(name).verbose_name)
                }
        if errors:
            raise ValidationError(errors)

    @property
    def is_final(self) -> bool:
        return self.status == AssessmentStatus.FINAL

    @property
    def factors(self) -> dict[str, Decimal]:
        return {
            DamageClass.HEAVY: self.factor_heavy,
            DamageClass.MODERATE: self.factor_moderate,
            DamageClass.LIGHT: self.factor_light,
        }


class EntrySource(models.TextChoices):
    MANUAL = "manual", _("Entered")
    PREFILL = "prefill", _("Pre-filled from verified field reports")


class AreaEntry(TimeStampedModel):
    """Common fields of an entry about one kabupaten/kota (and, where known, one kecamatan)."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("Jitupasna assessment"), on_delete=models.CASCADE, related_name="+"
    )
    sub_sector = models.ForeignKey(SubSector, verbose_name=_("sub-sector"), on_delete=models.PROTECT, related_name="+")
    kabkota = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": "kabkota"},
        related_name="+",
    )
    kecamatan = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kecamatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"level": "kecamatan"},
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )

    class Meta:
        abstract = True

    def area_errors(self) -> dict[str, str]:
        """The kecamatan must lie in the kabupaten/kota of the entry."""
        if self.kecamatan_id and self.kabkota_id and not self.kecamatan_id.startswith(f"{self.kabkota_id}."):
            return {
                "kecamatan": gettext("Kecamatan %(kecamatan)s does not lie in %(kabkota)s.")
                % {"kecamatan": self.kecamatan.name, "kabkota": self.kabkota.name}
            }
        return {}


class DamageEntry(AreaEntry):
    """Damaged assets of one kind in one sub-sector and area: units by damage class and the pre-disaster unit cost.

    Damage (kerusakan) = units × unit cost × class factor, summed over the three classes."""

    asset_kind = models.CharField(_("asset"), max_length=200, help_text=_("e.g. permanent houses, village road"))
    unit_label = models.CharField(_("unit of measure"), max_length=30, default="unit")
    total_stock = models.DecimalField(
        _("total stock before the disaster"),
        null=True,
        blank=True,
        **UNITS,
        help_text=_("Leave empty when unknown; when given, the damaged units cannot exceed it."),
    )
    units_heavy = _units(_("units heavily damaged (RB)"))
    units_moderate = _units(_("units moderately damaged (RS)"))
    units_light = _units(_("units lightly damaged (RR)"))
    unit_cost = _money(_("pre-disaster unit cost (Rp)"))
    source = models.CharField(_("source"), max_length=10, choices=EntrySource.choices, default=EntrySource.MANUAL)
    # What the pre-fill wrote, so the page can show an entry changed since, and a second pre-fill leaves it alone.
    prefill_units = models.JSONField(_("pre-filled units"), default=dict, blank=True, editable=False)
    prefill_note = models.CharField(_("pre-filled from"), max_length=500, blank=True, editable=False)
    prefilled_at = models.DateTimeField(_("pre-filled at"), null=True, blank=True, editable=False)
    edited_since_prefill = models.BooleanField(_("edited since pre-fill"), default=False, editable=False)

    class Meta:
        ordering = ["sub_sector__sector__position", "sub_sector__position", "kabkota_id", "asset_kind", "id"]
        verbose_name = _("damage entry")
        verbose_name_plural = _("damage entries")
        indexes = [models.Index(fields=["assessment", "kabkota"], name="jitupasna_damage_area_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(units_heavy__gte=0) & Q(units_moderate__gte=0) & Q(units_light__gte=0),
                name="jitupasna_damage_units_not_negative",
                violation_error_message=_("Units cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(unit_cost__gte=0),
                name="jitupasna_damage_cost_not_negative",
                violation_error_message=_("The unit cost cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(total_stock__isnull=True)
                | Q(total_stock__gte=F("units_heavy") + F("units_moderate") + F("units_light")),
                name="jitupasna_damage_within_stock",
                violation_error_message=_("The damaged units cannot exceed the total stock."),
            ),
            # A missing kecamatan (a kab/kota-wide entry) counts as one value: COALESCE in a unique index holds on
            # PostgreSQL and SQLite alike (NULLS NOT DISTINCT is PostgreSQL-only and was not created on SQLite).
            models.UniqueConstraint(
                "assessment",
                "sub_sector",
                "kabkota",
                Coalesce("kecamatan", Value("")),
                "asset_kind",
                name="jitupasna_damage_unique_asset",
                violation_error_message=_("This asset is already entered for this sub-sector and area."),
            ),
        ]

    def __str__(self):
        return f"{self.asset_kind} ({self.kabkota_id})"

    def clean(self):
        errors = negative_errors(self, ("units_heavy", "units_moderate", "units_light", "unit_cost", "total_stock"))
        errors.update(self.area_errors())
        units = (self.units_heavy, self.units_moderate, self.units_light)
        if self.total_stock is not None and "total_stock" not in errors and all(unit is not None for unit in units):
            damaged = sum(units, ZERO)
            if damaged > self.total_stock:
                errors["total_stock"] = gettext(
                    "The damaged units (RB + RS + RR = %(damaged)s) exceed the total stock before the disaster "
                    "(%(stock)s)."
                ) % {"damaged": format_number(damaged), "stock": format_number(self.total_stock)}
        if errors:
            raise ValidationError(errors)

    @property
    def units_damaged(self) -> Decimal:
        return self.units_heavy + self.units_moderate + self.units_light

    @property
    def units_by_class(self) -> dict[str, Decimal]:
        return {
            DamageClass.HEAVY: self.units_heavy,
            DamageClass.MODERATE: self.units_moderate,
            DamageClass.LIGHT: self.units_light,
        }


class LossEntry(AreaEntry):
    """A change in economic flows in one sub-sector and area until recovery: lost income and extra costs."""

    description = models.CharField(_("description"), max_length=255)
    lost_income = _money(_("lost income (Rp)"))
    extra_costs = _money(_("extra costs (Rp)"))
    recovery_months = models.PositiveSmallIntegerField(
        _("months until recovery"), help_text=_("The period the lost income and extra costs cover.")
    )

    class Meta:
        ordering = ["sub_sector__sector__position", "sub_sector__position", "kabkota_id", "id"]
        verbose_name = _("loss entry")
        verbose_name_plural = _("loss entries")
        indexes = [models.Index(fields=["assessment", "kabkota"], name="jitupasna_loss_area_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(lost_income__gte=0) & Q(extra_costs__gte=0),
                name="jitupasna_loss_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(recovery_months__gte=1) & Q(recovery_months__lte=240),
                name="jitupasna_loss_recovery_period",
                violation_error_message=_("The period until recovery is 1 to 240 months."),
            ),
        ]

    def __str__(self):
        return f"{self.description} ({self.kabkota_id})"

    def clean(self):
        errors = negative_errors(self, ("lost_income", "extra_costs"))
        errors.update(self.area_errors())
        if self.recovery_months is not None and not 1 <= self.recovery_months <= 240:
            errors["recovery_months"] = gettext("The period until recovery is 1 to 240 months.")
        if errors:
            raise ValidationError(errors)

    @property
    def total(self) -> Decimal:
        return self.lost_income + self.extra_costs


class NeedsEntry(TimeStampedModel):
    """The needs of one sector in one kabupaten/kota besides rebuilding the damage: recovery of the losses and the
    human dimension (gangguan akses, gangguan fungsi, peningkatan risiko), with an optional uplift of its own."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("Jitupasna assessment"), on_delete=models.CASCADE, related_name="+"
    )
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+")
    kabkota = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": "kabkota"},
        related_name="+",
    )
    bbb_uplift_percent = models.DecimalField(
        _("build-back-better uplift (%) for this sector"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty to use the uplift of the assessment."),
    )
    loss_recovery = _money(_("recovery of losses (Rp)"))
    access = _money(_("restoring access (gangguan akses) (Rp)"))
    function = _money(_("restoring function (gangguan fungsi) (Rp)"))
    risk = _money(_("reducing increased risk (peningkatan risiko) (Rp)"))
    description = models.TextField(_("programmes and activities"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["sector__position", "kabkota_id", "id"]
        verbose_name = _("needs entry")
        verbose_name_plural = _("needs entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(loss_recovery__gte=0) & Q(access__gte=0) & Q(function__gte=0) & Q(risk__gte=0),
                name="jitupasna_needs_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(bbb_uplift_percent__isnull=True)
                | (Q(bbb_uplift_percent__gte=0) & Q(bbb_uplift_percent__lte=100)),
                name="jitupasna_needs_uplift_0_to_100",
                violation_error_message=_("The build-back-better uplift lies between 0 and 100 %."),
            ),
            models.UniqueConstraint(
                fields=["assessment", "sector", "kabkota"],
                name="jitupasna_needs_once_per_sector_area",
                violation_error_message=_("The needs of this sector in this kabupaten/kota are already entered."),
            ),
        ]

    def __str__(self):
        return f"{self.sector_id} ({self.kabkota_id})"

    def clean(self):
        errors = negative_errors(self, ("loss_recovery", "access", "function", "risk", "bbb_uplift_percent"))
        if self.bbb_uplift_percent is not None and self.bbb_uplift_percent > 100:
            errors["bbb_uplift_percent"] = gettext("The build-back-better uplift lies between 0 and 100 %.")
        if errors:
            raise ValidationError(errors)


class OutputFormat(models.TextChoices):
    XLSX = "xlsx", _("Workbook (XLSX)")
    PDF = "pdf", _("PDF document")


CONTENT_TYPES = {
    OutputFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    OutputFormat.PDF: "application/pdf",
}


class AssessmentOutput(models.Model):
    """A Jitupasna document file (XLSX workbook or PDF) built in the background, with its SHA-256 checksum."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("Jitupasna assessment"), on_delete=models.CASCADE, related_name="outputs"
    )
    format = models.CharField(_("format"), max_length=4, choices=OutputFormat.choices)
    file = models.FileField(
        _("file"), storage=get_jitupasna_storage, upload_to="jitupasna/", blank=True, editable=False
    )
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    # Fingerprint of the figures the stored file was built from: unchanged figures are not rebuilt.
    source = models.CharField(max_length=64, blank=True, editable=False)
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)

    class Meta:
        ordering = ["assessment", "format"]
        verbose_name = _("Jitupasna document")
        verbose_name_plural = _("Jitupasna documents")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "format"], name="jitupasna_output_once_per_format")
        ]

    def __str__(self):
        return f"{self.assessment_id}.{self.format}"

    @property
    def pending(self) -> bool:
        return bool(self.requested_at) and (self.built_at is None or self.requested_at > self.built_at)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


# What a person enters for each kind of entry (forms, serializers and services take the same fields).
DAMAGE_FIELDS = (
    "sub_sector",
    "kabkota",
    "kecamatan",
    "asset_kind",
    "unit_label",
    "total_stock",
    "units_heavy",
    "units_moderate",
    "units_light",
    "unit_cost",
    "note",
)
LOSS_FIELDS = (
    "sub_sector",
    "kabkota",
    "kecamatan",
    "description",
    "lost_income",
    "extra_costs",
    "recovery_months",
    "note",
)
NEEDS_FIELDS = ("sector", "kabkota", "bbb_uplift_percent", "loss_recovery", "access", "function", "risk", "description")
