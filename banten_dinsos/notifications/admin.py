from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.formatting import format_number

from .models import (
    Alert,
    Delivery,
    DeliveryAttempt,
    ExternalWarning,
    IgnoredWarning,
    KecamatanAlias,
    Subscription,
    WebhookEndpoint,
)
from .services import delivery_retry_now


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ("channel", "target", "status", "attempts", "next_attempt_at", "sent_at", "last_error")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "severity", "title", "public")
    list_filter = ("kind", "severity", "public")
    search_fields = ("title", "dedupe_key")
    readonly_fields = [field.name for field in Alert._meta.fields]
    inlines = [DeliveryInline]

    def has_add_permission(self, request):
        return False


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ("number", "started_at", "duration_ms", "outcome", "error", "worker")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "alert", "channel", "target", "status", "attempts", "next_attempt_at")
    list_filter = ("status", "channel")
    search_fields = ("target", "alert__title")
    readonly_fields = [field.name for field in Delivery._meta.fields]
    list_select_related = ("alert",)
    inlines = [AttemptInline]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Retry the selected deliveries now"))
    def retry_now(self, request, queryset):
        count = delivery_retry_now(deliveries=list(queryset))
        self.message_user(request, _("%(count)s deliveries queued again.") % {"count": format_number(count)})


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "channel", "kind", "kabkota", "cluster_code", "disaster_id", "min_severity")
    list_filter = ("channel", "kind")
    search_fields = ("user__username",)
    raw_id_fields = ("user",)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "public_only", "is_active")
    list_filter = ("is_active", "public_only")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ExternalWarning)
class ExternalWarningAdmin(admin.ModelAdmin):
    list_display = ("sent", "event", "headline", "severity", "disaster_id")
    search_fields = ("identifier", "headline", "area_desc")
    readonly_fields = [field.name for field in ExternalWarning._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(KecamatanAlias)
class KecamatanAliasAdmin(admin.ModelAdmin):
    """BMKG's spellings of kecamatan names; the matching key is derived from the name on save."""

    list_display = ("name", "kecamatan", "normalised", "created_by", "created_at")
    search_fields = ("name", "normalised", "kecamatan__name", "kecamatan__code")
    list_select_related = ("kecamatan", "created_by")
    raw_id_fields = ("kecamatan",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(IgnoredWarning)
class IgnoredWarningAdmin(admin.ModelAdmin):
    """Messages of the feed for other provinces; delete one to have it read again on the next run."""

    list_display = ("identifier", "sender", "seen_at", "source_url")
    search_fields = ("identifier", "source_url")
    readonly_fields = ("source_url", "identifier", "sender", "seen_at")

    def has_add_permission(self, request):
        return False
