from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    DELETE = "delete", _("Deleted")
    VIEW = "view", _("Viewed")
    EXPORT = "export", _("Exported")
    IMPORT = "import", _("Imported")


class AuditLog(models.Model):
    """An append-only line saying who did what to which record, and when; never the personal data itself."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # PROTECT: people are deactivated, never deleted, so the trail keeps its authors.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    model = models.CharField(_("record type"), max_length=100, help_text=_("app_label.model"))
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    kabkota_code = models.CharField(_("kabupaten/kota"), max_length=5, blank=True, db_index=True)
    # Names of the fields that changed, never their values.
    fields = models.JSONField(_("fields"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=255, blank=True)
    # The hash chain (see chain.py): this row's SHA-256 over its content and the previous row's hash.
    prev_hash = models.CharField(_("previous row's hash"), max_length=64, blank=True, editable=False)
    row_hash = models.CharField(_("row hash"), max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["model", "object_id"], name="audit_model_object_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.model}#{self.object_id}"


class AuditSubject(models.Model):
    """One record that an audit line touched in bulk (an export names each exported person's record): its type and
    id only, never its data, so each person's data-subject report finds every export that included them."""

    entry = models.ForeignKey(
        AuditLog, verbose_name=_("audit entry"), on_delete=models.PROTECT, related_name="subjects"
    )
    model = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=64)

    class Meta:
        verbose_name = _("audited record")
        verbose_name_plural = _("audited records")
        indexes = [models.Index(fields=["model", "object_id"], name="audit_subject_record_idx")]

    def __str__(self):
        return f"{self.model}#{self.object_id}"
