from django.db import models
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.models import TimeStampedModel


class AgencyKind(models.TextChoices):
    PERANGKAT_DAERAH = "perangkat_daerah", _("Regional government office (perangkat daerah)")
    INSTANSI_PUSAT = "instansi_pusat", _("Central government agency")
    PMI = "pmi", _("Indonesian Red Cross (PMI)")
    RELAWAN = "relawan", _("Volunteer organisation (TAGANA, KSB forum)")
    PERUSAHAAN = "perusahaan", _("Company (CSR)")
    LSM = "lsm", _("Non-governmental organisation")
    MEDIA = "media", _("Media")
    LAINNYA = "lainnya", _("Other")


class Agency(TimeStampedModel):
    """An organisation that takes part in disaster coordination: a government office, PMI, volunteers, CSR, NGO."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    # Empty for provincial or national bodies; a kabupaten/kota for the local offices.
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kabupaten/kota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"level": "kabkota"},
        related_name="agencies",
    )
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.short_name or self.name
