import secrets
import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    """The catalogue of alerts. Each domain app builds its own messages; the pipe only knows their names."""

    DISASTER_STATUS = "disaster_status", _("Disaster status changed")
    CASUALTIES = "casualties", _("Casualties reported")
    SHELTER_BREACH = "shelter_breach", _("Shelter over capacity or below Sphere standards")
    VOLUNTEER_DEPLOYED = "volunteer_deployed", _("Volunteer deployed")
    MEETING_INVITATION = "meeting_invitation", _("Meeting invitation")
    ACTION_ITEM_OVERDUE = "action_item_overdue", _("Overdue action item")
    IMPORT_FINISHED = "import_finished", _("Import finished")
    IMPORT_FAILED = "import_failed", _("Import failed")
    REPORT_READY = "report_ready", _("Report ready")
    REPORT_FAILED = "report_failed", _("Report failed")
    BMKG_WARNING = "bmkg_warning", _("BMKG warning")
    LOGISTICS_REQUEST = "logistics_request", _("Relief goods request or delivery")
    STOCK_WARNING = "stock_warning", _("Low or expiring relief stock")
    HEALTH_SIGNAL = "health_signal", _("Possible outbreak at a health post")
    CAP_MESSAGE = "cap_message", _("Public message (CAP) published")
    FIELD_REPORT_RETURNED = "field_report_returned", _("Field report returned for correction")
    FIELD_REPORT_APPROVED = "field_report_approved", _("Field report approved or verified")
    FIELD_REPORT_WAITING = "field_report_waiting", _("Field report waiting in my queue")
    FIELD_REPORT_DIGEST = "field_report_digest", _("Daily digest of reports waiting for approval")
    REPORTING_LATE = "reporting_late", _("Areas late with their daily report")


class Severity(models.TextChoices):
    """CAP 1.2 severity, lowest first (``SEVERITY_RANK`` orders them)."""

    UNKNOWN = "Unknown", _("Unknown")
    MINOR = "Minor", _("Minor")
    MODERATE = "Moderate", _("Moderate")
    SEVERE = "Severe", _("Severe")
    EXTREME = "Extreme", _("Extreme")


SEVERITY_RANK = {value: rank for rank, value in enumerate(Severity.values)}


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the portal (bell)")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    WEBHOOK = "webhook", _("Webhook")


# Channels a person can subscribe to; webhooks belong to partner systems (WebhookEndpoint).
PERSONAL_CHANNELS = (Channel.IN_APP, Channel.EMAIL, Channel.SMS, Channel.WHATSAPP)


class Alert(models.Model):
    """One event worth telling people about, written in the same transaction as the event (the outbox)."""

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=40, choices=AlertKind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MODERATE)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    # A path inside the portal ("/bencana/3/"), made absolute with PORTAL_BASE_URL for email and webhooks.
    url = models.CharField(_("link"), max_length=300, blank=True)
    # Where and for which clusters: decides who may receive it (the same rules as the region scoping).
    kabkota_codes = models.JSONField(_("kabupaten/kota"), default=list, blank=True)
    cluster_codes = models.JSONField(_("clusters"), default=list, blank=True)
    # The disaster event it is about; a plain number so the pipe depends on no domain app.
    disaster_id = models.PositiveBigIntegerField(_("disaster event"), null=True, blank=True, db_index=True)
    public = models.BooleanField(_("public (CAP feed)"), default=False)
    # The same event raised twice (a retried request, a task run twice) makes one alert.
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    payload = models.JSONField(_("data"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    # CAP 1.2 <info> fields for public alerts.
    cap_event = models.CharField(_("CAP event"), max_length=120, blank=True)
    cap_category = models.CharField(_("CAP category"), max_length=20, default="Other")
    cap_urgency = models.CharField(_("CAP urgency"), max_length=20, default="Unknown")
    cap_certainty = models.CharField(_("CAP certainty"), max_length=20, default="Observed")
    cap_msg_type = models.CharField(_("CAP message type"), max_length=10, default="Alert")
    cap_references = models.TextField(_("CAP references"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        indexes = [models.Index(fields=["public", "-created_at"], name="alert_public_idx")]

    def __str__(self):
        return self.title


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (gave up)")
    SKIPPED = "skipped", _("Skipped")


class Delivery(models.Model):
    """One alert to one recipient (person, address or partner system) over one channel, with its retries."""

    alert = models.ForeignKey(Alert, verbose_name=_("alert"), on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alert_deliveries",
    )
    endpoint = models.ForeignKey(
        "WebhookEndpoint",
        verbose_name=_("webhook"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # Who exactly ("user:12", "webhook:3", "email:posko@example.org"): unique per alert and channel.
    target = models.CharField(_("target"), max_length=300)
    address = models.CharField(_("address"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["alert", "channel", "target"], name="delivery_once_per_target"),
            models.CheckConstraint(
                condition=~models.Q(channel="webhook") | models.Q(endpoint__isnull=False),
                name="delivery_webhook_has_endpoint",
            ),
        ]
        indexes = [
            # The sweep: pending deliveries whose next attempt is due.
            models.Index(fields=["next_attempt_at"], condition=models.Q(status="pending"), name="delivery_due_idx"),
            # The bell: a user's unread in-portal notifications.
            models.Index(
                fields=["recipient", "-created_at"],
                condition=models.Q(channel="in_app", read_at__isnull=True),
                name="delivery_unread_idx",
            ),
            models.Index(fields=["recipient", "channel", "-created_at"], name="delivery_inbox_idx"),
        ]

    def __str__(self):
        return f"{self.alert_id} → {self.target} ({self.channel})"


class AttemptOutcome(models.TextChoices):
    SENT = "sent", _("Sent")
    RETRY = "retry", _("Failed, will retry")
    FAILED = "failed", _("Failed, gave up")
    SKIPPED = "skipped", _("Skipped")


class DeliveryAttempt(models.Model):
    """One try at sending a delivery: when, how long, and what came of it."""

    delivery = models.ForeignKey(Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="log")
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started at"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    outcome = models.CharField(_("outcome"), max_length=10, choices=AttemptOutcome.choices)
    error = models.TextField(_("error"), blank=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        constraints = [models.UniqueConstraint(fields=["delivery", "number"], name="attempt_number_once")]

    def __str__(self):
        return f"#{self.delivery_id}.{self.number} {self.outcome}"


class Subscription(models.Model):
    """A rule a person keeps: which alerts (kind, area, cluster, disaster, severity) reach them over one channel."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="alert_subscriptions"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=[(c.value, c.label) for c in PERSONAL_CHANNELS])
    kind = models.CharField(_("kind"), max_length=40, choices=AlertKind.choices, blank=True)
    kabkota = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kabupaten/kota"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        limit_choices_to={"level": "kabkota"},
        related_name="+",
    )
    cluster_code = models.CharField(_("cluster"), max_length=40, blank=True)
    disaster_id = models.PositiveBigIntegerField(_("disaster event"), null=True, blank=True)
    min_severity = models.CharField(
        _("from severity"), max_length=10, choices=Severity.choices, default=Severity.UNKNOWN
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["user", "channel", "id"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            # "Anywhere" (no kab/kota) and "any disaster" count as one value each: COALESCE in a unique index holds
            # on PostgreSQL and SQLite alike (NULLS NOT DISTINCT is PostgreSQL-only and was not created on SQLite).
            models.UniqueConstraint(
                "user",
                "channel",
                "kind",
                Coalesce("kabkota", models.Value("")),
                "cluster_code",
                Coalesce("disaster_id", models.Value(0)),
                "min_severity",
                name="subscription_rule_once",
                violation_error_message=_("You already have this alert rule."),
            )
        ]

    def __str__(self):
        return f"{self.user_id} {self.channel} {self.kind or '*'}"


class SubscriptionSettings(models.Model):
    """Whether a person has chosen their own rules; until they do, the defaults of their role apply."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_settings", primary_key=True
    )
    customised = models.BooleanField(_("own rules"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.user_id)


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """A partner system that receives alerts as signed JSON POSTs (HMAC-SHA256 with its own secret)."""

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("URL"), max_length=300)
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=new_webhook_secret,
        help_text=_(
            "Shared with the partner. Each request carries X-Dinsos-Timestamp and X-Dinsos-Signature: "
            "sha256=HMAC-SHA256(secret, timestamp + '.' + body) in hex."
        ),
    )
    kinds = models.JSONField(_("kinds"), default=list, blank=True, help_text=_("Empty: every kind."))
    kabkota_codes = models.JSONField(
        _("kabupaten/kota"), default=list, blank=True, help_text=_("Empty: all of Banten.")
    )
    public_only = models.BooleanField(_("public alerts only"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.name


class ExternalWarning(models.Model):
    """An early warning published by BMKG as CAP whose area touches Banten; officers can declare a disaster from it."""

    identifier = models.CharField(_("identifier"), max_length=200)
    sender = models.CharField(_("sender"), max_length=200)
    sent = models.DateTimeField(_("sent"))
    status = models.CharField(_("status"), max_length=20)
    msg_type = models.CharField(_("message type"), max_length=20)
    event = models.CharField(_("event"), max_length=200)
    headline = models.CharField(_("headline"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    instruction = models.TextField(_("instruction"), blank=True)
    category = models.CharField(_("category"), max_length=20, blank=True)
    urgency = models.CharField(_("urgency"), max_length=20, blank=True)
    severity = models.CharField(_("severity"), max_length=20, blank=True)
    certainty = models.CharField(_("certainty"), max_length=20, blank=True)
    effective = models.DateTimeField(_("effective"), null=True, blank=True)
    expires = models.DateTimeField(_("expires"), null=True, blank=True)
    area_desc = models.TextField(_("area"), blank=True)
    # Banten kabupaten/kota the area names or covers; empty when only "Banten" as a whole is named.
    kabkota_codes = models.JSONField(_("kabupaten/kota"), default=list, blank=True)
    # Kecamatan named in the description (matched to Kemendagri codes), the names that matched none, and the
    # names left in two kabupaten/kota ({name: [codes]}); polygons as [[lat, lon], ...] rings for the map.
    kecamatan_codes = models.JSONField(_("kecamatan"), default=list, blank=True)
    unmatched_places = models.JSONField(_("unmatched place names"), default=list, blank=True)
    ambiguous_places = models.JSONField(_("place names in two kabupaten/kota"), default=dict, blank=True)
    polygons = models.JSONField(_("polygons"), default=list, blank=True)
    source_url = models.CharField(_("source"), max_length=500, blank=True)
    raw_xml = models.TextField(_("CAP message"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    disaster_id = models.PositiveBigIntegerField(_("disaster event"), null=True, blank=True)
    converted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declared by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    converted_at = models.DateTimeField(_("declared at"), null=True, blank=True)

    class Meta:
        ordering = ["-sent", "-id"]
        verbose_name = _("BMKG warning")
        verbose_name_plural = _("BMKG warnings")
        constraints = [models.UniqueConstraint(fields=["sender", "identifier"], name="warning_once_per_sender")]

    def __str__(self):
        return self.headline or self.event

    @property
    def is_expired(self) -> bool:
        return self.expires is not None and self.expires < timezone.now()


class KecamatanAlias(models.Model):
    """Another spelling of a kecamatan's name, as BMKG writes it ("Gerogol" for Grogol), editable by staff."""

    name = models.CharField(_("name as written"), max_length=100)
    # The name after normalisation (bmkg_places.normalise): what warnings are matched on.
    normalised = models.CharField(_("normalised name"), max_length=100, editable=False, db_index=True)
    kecamatan = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kecamatan"),
        on_delete=models.CASCADE,
        limit_choices_to={"level": "kecamatan"},
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["normalised"]
        verbose_name = _("kecamatan alias")
        verbose_name_plural = _("kecamatan aliases")
        constraints = [
            models.UniqueConstraint(fields=["normalised", "kecamatan"], name="kecamatan_alias_once"),
        ]

    def __str__(self):
        return f"{self.name} → {self.kecamatan_id}"

    def save(self, *args, **kwargs):
        from .bmkg_places import normalise

        # Derived, never typed: the matching key must follow the one normalisation the ingest uses.
        self.normalised = normalise(self.name)
        super().save(*args, **kwargs)


class IgnoredWarning(models.Model):
    """A CAP message from the feed that does not touch Banten, remembered so it is not downloaded again."""

    source_url = models.CharField(_("source"), max_length=500, unique=True)
    identifier = models.CharField(_("identifier"), max_length=200, blank=True)
    sender = models.CharField(_("sender"), max_length=200, blank=True)
    seen_at = models.DateTimeField(_("seen at"), default=timezone.now)

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = _("warning for another province")
        verbose_name_plural = _("warnings for other provinces")
        indexes = [models.Index(fields=["identifier"], name="ignored_warning_identifier")]

    def __str__(self):
        return self.identifier or self.source_url


class CapTemplate(models.TextChoices):
    EVACUATION = "evacuation", _("Evacuation notice")
    SHELTER = "shelter", _("Shelter information")
    AID = "aid", _("Aid distribution")


class CapMessageState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class CapMsgType(models.TextChoices):
    ALERT = "Alert", _("New message")
    UPDATE = "Update", _("Update")
    CANCEL = "Cancel", _("Cancellation")


class CapMessage(models.Model):
    """A public CAP 1.2 message written by provincial staff, in Indonesian and English, published once approved."""

    template = models.CharField(_("template"), max_length=20, choices=CapTemplate.choices)
    msg_type = models.CharField(_("message type"), max_length=10, choices=CapMsgType.choices, default="Alert")
    # The message an update or cancellation refers to (always a published one).
    references = models.ForeignKey(
        "self",
        verbose_name=_("refers to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followed_by",
    )
    # The disaster event it is about; a plain number and its title so this app depends on no domain app.
    disaster_id = models.PositiveBigIntegerField(_("disaster event"), null=True, blank=True)
    event = models.CharField(_("event"), max_length=120)
    category = models.CharField(_("CAP category"), max_length=20, default="Safety")
    urgency = models.CharField(_("urgency"), max_length=20, default="Expected")
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MODERATE)
    certainty = models.CharField(_("certainty"), max_length=20, default="Observed")
    headline_id = models.CharField(_("headline (Indonesian)"), max_length=160)
    description_id = models.TextField(_("description (Indonesian)"))
    instruction_id = models.TextField(_("instruction (Indonesian)"), blank=True)
    headline_en = models.CharField(_("headline (English)"), max_length=160)
    description_en = models.TextField(_("description (English)"))
    instruction_en = models.TextField(_("instruction (English)"), blank=True)
    kabkota_codes = models.JSONField(_("kabupaten/kota"), default=list)
    kecamatan_codes = models.JSONField(_("kecamatan"), default=list, blank=True)
    area_desc = models.CharField(_("area"), max_length=500)
    effective = models.DateTimeField(_("effective from"))
    expires = models.DateTimeField(_("expires"))
    state = models.CharField(
        _("state"), max_length=10, choices=CapMessageState.choices, default=CapMessageState.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or rejected by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    # The public alert that carries it in the feed, once published.
    alert = models.OneToOneField(
        Alert, verbose_name=_("alert"), null=True, blank=True, on_delete=models.PROTECT, related_name="cap_message"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("CAP message")
        verbose_name_plural = _("CAP messages")
        constraints = [
            models.CheckConstraint(condition=models.Q(expires__gt=models.F("effective")), name="cap_expires_after"),
            models.CheckConstraint(
                condition=models.Q(msg_type="Alert") | models.Q(references__isnull=False),
                name="cap_update_cancel_refer",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="published") | models.Q(alert__isnull=False),
                name="cap_published_has_alert",
            ),
        ]

    def __str__(self):
        return self.headline_id

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("notifications:cap-message-detail", args=[self.pk])
