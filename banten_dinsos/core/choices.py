"""Choice sets shared by several apps, so each means the same everywhere (and in the API schema)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    """Sex as written on Indonesian identity documents: L (laki-laki) or P (perempuan)."""

    MALE = "L", _("Male")
    FEMALE = "P", _("Female")
