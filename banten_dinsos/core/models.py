from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def latitude_field() -> models.DecimalField:
    """An optional latitude inside Banten's bounding box (with a margin), for a point on the map."""
    return models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-7.2")), MaxValueValidator(Decimal("-5.7"))],
    )


def longitude_field() -> models.DecimalField:
    """An optional longitude inside Banten's bounding box (with a margin)."""
    return models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("105.0")), MaxValueValidator(Decimal("106.9"))],
    )


class TimeStampedModel(models.Model):
    """A record that knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """The last time a background worker ran the periodic heartbeat task, per worker source."""

    source = models.CharField(_("source"), max_length=100, unique=True)
    last_seen = models.DateTimeField(_("last seen"))
    beats = models.PositiveBigIntegerField(_("beats"), default=0)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.source} @ {self.last_seen:%Y-%m-%d %H:%M}"


class DataVersion(models.Model):
    """How many audited writes touched one app (the topic): cache keys carry it, so a write invalidates them."""

    topic = models.CharField(_("topic"), max_length=60, primary_key=True)
    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self):
        return f"{self.topic} v{self.version}"
