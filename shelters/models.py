from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.models import TimeStampedModel


class ShelterKind(models.TextChoices):
    SEKOLAH = "sekolah", _("School")
    MASJID = "masjid", _("Mosque or prayer house")
    BALAI_DESA = "balai_desa", _("Village hall")
    TENDA = "tenda", _("Tent camp")
    GEDUNG_PEMERINTAH = "gedung_pemerintah", _("Government building")
    LAINNYA = "lainnya", _("Other")


class ShelterStatus(models.TextChoices):
    PREPARED = "disiapkan", _("Prepared")
    OPEN = "dibuka", _("Open")
    CLOSED = "ditutup", _("Closed")


class Shelter(TimeStampedModel):
    """A place where displaced people shelter (tempat pengungsian), located in one desa/kelurahan."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ShelterKind.choices)
    desa = models.ForeignKey(
        "regions.Region",
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": "desa"},
        related_name="+",
    )
    # Stored (derived from the desa by the service) so scoping and grouping by kabupaten/kota need no join.
    kabkota = models.ForeignKey(
        "regions.Region", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-7.2")), MaxValueValidator(Decimal("-5.7"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("105.0")), MaxValueValidator(Decimal("106.9"))],
    )
    capacity = models.PositiveIntegerField(_("capacity (people)"), validators=[MaxValueValidator(100_000)])
    covered_area_m2 = models.DecimalField(
        _("covered living area (m²)"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    latrines = models.PositiveIntegerField(_("latrines"), default=0)
    water_points = models.PositiveIntegerField(_("water points"), default=0)
    water_litres_per_day = models.PositiveIntegerField(_("water supplied (litres/day)"), default=0)
    has_public_kitchen = models.BooleanField(_("public kitchen (dapur umum)"), default=False)
    is_accessible = models.BooleanField(_("accessible for people with disabilities"), default=False)
    managing_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("managing agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ShelterStatus.choices, default=ShelterStatus.PREPARED)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Optimistic concurrency: every change increments it; a change based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["kabkota_id", "name"]
        verbose_name = _("shelter")
        verbose_name_plural = _("shelters")
        indexes = [models.Index(fields=["kabkota", "status"], name="shelter_kabkota_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(opened_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="shelter_closed_after_opened",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("shelters:detail", args=[self.pk])
