from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
