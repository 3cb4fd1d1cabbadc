from django.db import models
from django.utils.translation import gettext_lazy as _

PROVINCE_CODE = "36"


class RegionLevel(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KABKOTA = "kabkota", _("Regency/city")
    KECAMATAN = "kecamatan", _("District (kecamatan)")
    DESA = "desa", _("Village (desa/kelurahan)")


class RegionQuerySet(models.QuerySet):
    def within(self, code: str):
        """This region and everything under it: one indexed prefix lookup on the code."""
        return self.filter(code__startswith=code)

    def kabkota(self):
        return self.filter(level=RegionLevel.KABKOTA)


class Region(models.Model):
    """A Kemendagri administrative region in Banten, identified by its dotted code (36, 36.01, 36.01.01, ...)."""

    # The code is the primary key, so every foreign key column holds the code itself and
    # "everything under 36.02" is a prefix match on that column, with no join. On PostgreSQL Django adds a
    # varchar_pattern_ops index to varchar keys, which the C.UTF-8 collation needs for LIKE 'prefix%'.
    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(condition=models.Q(code__startswith=PROVINCE_CODE), name="region_code_in_banten"),
            models.CheckConstraint(
                condition=(
                    models.Q(level=RegionLevel.PROVINSI, parent__isnull=True)
                    | (~models.Q(level=RegionLevel.PROVINSI) & models.Q(parent__isnull=False))
                ),
                name="region_parent_matches_level",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def kabkota_code(self) -> str | None:
        """The code of the kabupaten/kota this region lies in (itself if it is one); None for the province."""
        return kabkota_code_of(self.code)


def kabkota_code_of(region_code: str) -> str | None:
    """The kabupaten/kota part of a region code ("36.02.13.2007" -> "36.02"); None for the province."""
    return region_code[:5] if region_code and len(region_code) >= 5 else None
