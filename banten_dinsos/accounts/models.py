from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import KABKOTA_ROLES, Role


class User(AbstractUser):
    """A person or system using the portal, with one role and, for kabupaten/kota officers, one kabupaten/kota."""

    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.API_CLIENT)
    kabkota = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kabupaten/kota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"level": "kabkota"},
        related_name="officers",
        help_text=_("Required for regency/city officers: the only kabupaten/kota whose data they see."),
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=sorted(KABKOTA_ROLES), kabkota__isnull=False)
                    | (~models.Q(role__in=sorted(KABKOTA_ROLES)) & models.Q(kabkota__isnull=True))
                ),
                name="user_kabkota_only_for_kabkota_roles",
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.role in KABKOTA_ROLES and not self.kabkota_id:
            raise ValidationError({"kabkota": _("A regency/city officer must have a kabupaten/kota.")})
        if self.role not in KABKOTA_ROLES and self.kabkota_id:
            raise ValidationError({"kabkota": _("Only regency/city officers are limited to a kabupaten/kota.")})


class ApiToken(models.Model):
    """An API key of one user: only its SHA-256 is stored, it expires, and it can be revoked on its own."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    # The first characters of the key, shown in the token list and used to find the row; never the whole key.
    prefix = models.CharField(_("key begins with"), max_length=12, unique=True)
    digest = models.CharField(_("SHA-256 of the key"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
