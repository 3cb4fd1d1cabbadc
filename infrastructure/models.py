from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.models import TimeStampedModel, latitude_field, longitude_field

# Access and basic services are the Sarana dan Prasarana cluster's (Dinas PUPR takes part in it in Banten).
ACCESS_CLUSTERS = ("sarana-prasarana",)


class RoadAccess(models.TextChoices):
    NORMAL = "normal", _("Normal")
    LIMITED = "terbatas", _("Only 4WD or boat")
    CUT = "terputus", _("Cut off")


class BridgeState(models.TextChoices):
    NORMAL = "normal", _("Passable")
    DAMAGED = "rusak", _("Damaged, limited use")
    DOWN = "putus", _("Collapsed or closed")
    UNKNOWN = "tidak_diketahui", _("Unknown")


class ServiceState(models.TextChoices):
    ON = "normal", _("Working")
    PARTIAL = "sebagian", _("Partly working")
    OFF = "padam", _("Down")
    UNKNOWN = "tidak_diketahui", _("Unknown")


SERVICE_FIELDS = ("electricity", "clean_water", "telecom")


class AccessStatus(models.Model):
    """One observation of road access and basic services in a desa or kecamatan during a disaster (history kept)."""

    disaster = models.ForeignKey(
        "clusters.Disaster", verbose_name=_("disaster event"), on_delete=models.PROTECT, related_name="access_statuses"
    )
    area = models.ForeignKey(
        "regions.Region",
        verbose_name=_("desa/kelurahan or kecamatan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Derived from the area by the service, so scoping and grouping by kabupaten/kota need no join.
    kabkota = models.ForeignKey(
        "regions.Region", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    observed_at = models.DateTimeField(_("observed at"))
    road_access = models.CharField(_("road access"), max_length=10, choices=RoadAccess.choices)
    bridges = models.CharField(_("bridges"), max_length=16, choices=BridgeState.choices, default=BridgeState.UNKNOWN)
    electricity = models.CharField(
        _("electricity"), max_length=16, choices=ServiceState.choices, default=ServiceState.UNKNOWN
    )
    clean_water = models.CharField(
        _("clean water"), max_length=16, choices=ServiceState.choices, default=ServiceState.UNKNOWN
    )
    telecom = models.CharField(
        _("telecommunication"), max_length=16, choices=ServiceState.choices, default=ServiceState.UNKNOWN
    )
    source = models.CharField(_("source"), max_length=200, help_text=_("Who observed or reported it."))
    expected_restoration = models.DateField(_("expected restoration"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-observed_at", "-id"]
        verbose_name = _("access and services status")
        verbose_name_plural = _("access and services statuses")
        indexes = [
            models.Index(fields=["disaster", "area", "observed_at"], name="access_disaster_area_at_idx"),
            models.Index(fields=["disaster", "kabkota"], name="access_disaster_kk_idx"),
        ]

    def __str__(self):
        return f"{self.area_id} {self.observed_at:%Y-%m-%d %H:%M}: {self.road_access}"

    @property
    def services_down(self) -> list[str]:
        return [name for name in SERVICE_FIELDS if getattr(self, name) == ServiceState.OFF]


class AreaAccess(TimeStampedModel):
    """The current access picture of one area in one disaster, kept by the service from the area's history.

    ``cut_off_since`` is when the latest uninterrupted run of "cut off" observations began (None when not cut off);
    ``restored_at`` is the first observation after the last cut-off run, for an area that was cut off and is not now.
    """

    disaster = models.ForeignKey(
        "clusters.Disaster", verbose_name=_("disaster event"), on_delete=models.CASCADE, related_name="+"
    )
    area = models.ForeignKey("regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    kabkota = models.ForeignKey(
        "regions.Region", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, related_name="+"
    )
    latest = models.ForeignKey(
        AccessStatus, verbose_name=_("latest status"), on_delete=models.CASCADE, related_name="+"
    )
    road_access = models.CharField(_("road access"), max_length=10, choices=RoadAccess.choices)
    services_down = models.PositiveSmallIntegerField(_("basic services down"), default=0)
    cut_off_since = models.DateTimeField(_("cut off since"), null=True, blank=True)
    restored_at = models.DateTimeField(_("access restored at"), null=True, blank=True)
    observations = models.PositiveIntegerField(_("observations"), default=0)
    # The last position reported for the area (an observation may come without one), for the map.
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["kabkota_id", "area_id"]
        verbose_name = _("current access of an area")
        verbose_name_plural = _("current access of areas")
        constraints = [models.UniqueConstraint(fields=["disaster", "area"], name="areaaccess_one_per_disaster_area")]
        indexes = [models.Index(fields=["disaster", "road_access"], name="areaaccess_disaster_road_idx")]

    def __str__(self):
        return f"{self.area_id}: {self.road_access}"

    @property
    def is_isolated(self) -> bool:
        return self.road_access == RoadAccess.CUT

    def get_absolute_url(self):
        return reverse("infrastructure:area-detail", args=[self.disaster_id, self.area_id])
