from django.contrib import admin

from .models import (
    Batch,
    Dispatch,
    DispatchLine,
    Donation,
    Item,
    KitComponent,
    Location,
    PostingKey,
    RationRule,
    RequestEvent,
    StockBalance,
    StockMove,
    StockRequest,
    StockRequestLine,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Ledger records are written by the posting services only; the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "kabkota", "donor_type", "is_active"]
    list_filter = ["kind", "donor_type", "is_active", "kabkota"]
    search_fields = ["name", "code"]
    raw_id_fields = ["region", "shelter", "ksb_unit"]


class KitComponentInline(admin.TabularInline):
    model = KitComponent
    fk_name = "kit"
    extra = 0
    raw_id_fields = ["component"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "unit", "is_whole_unit", "tracks_expiry", "reorder_level", "is_active"]
    list_filter = ["category", "tracks_expiry", "is_active"]
    search_fields = ["name", "code"]
    inlines = [KitComponentInline]


@admin.register(RationRule)
class RationRuleAdmin(admin.ModelAdmin):
    list_display = ["item", "per_person_per_day", "alert_below_days", "source"]


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["item", "code", "expiry_date"]
    list_filter = ["item"]
    search_fields = ["code", "item__name"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StockMove)
class StockMoveAdmin(ReadOnlyAdmin):
    list_display = ["id", "posted_at", "kind", "item", "batch", "quantity", "source", "destination", "posted_by"]
    list_filter = ["kind", "item"]
    search_fields = ["reason", "item__name", "source__name", "destination__name"]
    list_select_related = ["item", "batch", "source", "destination", "posted_by"]
    date_hierarchy = "posted_at"


@admin.register(StockBalance)
class StockBalanceAdmin(ReadOnlyAdmin):
    list_display = ["location", "item", "batch", "expiry_date", "quantity", "updated_at"]
    list_filter = ["location__kind", "item"]
    list_select_related = ["location", "item", "batch"]


class RequestLineInline(admin.TabularInline):
    model = StockRequestLine
    extra = 0
    can_delete = False
    readonly_fields = ["item", "quantity_requested", "quantity_approved", "quantity_dispatched", "quantity_received"]


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    can_delete = False
    readonly_fields = ["status", "actor", "at", "note"]


@admin.register(StockRequest)
class StockRequestAdmin(ReadOnlyAdmin):
    list_display = ["number", "disaster", "kabkota", "destination", "status", "created_at"]
    list_filter = ["status", "kabkota"]
    search_fields = ["number"]
    inlines = [RequestLineInline, RequestEventInline]


class DispatchLineInline(admin.TabularInline):
    model = DispatchLine
    extra = 0
    can_delete = False
    readonly_fields = ["item", "batch", "quantity", "quantity_received", "quantity_damaged"]
    exclude = ["request_line"]


@admin.register(Dispatch)
class DispatchAdmin(ReadOnlyAdmin):
    list_display = ["number", "request", "source", "destination", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["number", "request__number"]
    inlines = [DispatchLineInline]


@admin.register(Donation)
class DonationAdmin(ReadOnlyAdmin):
    list_display = ["number", "donor", "warehouse", "received_on", "value_estimate"]
    list_filter = ["donor__donor_type"]
    search_fields = ["number", "donor__name"]


@admin.register(PostingKey)
class PostingKeyAdmin(ReadOnlyAdmin):
    list_display = ["key", "action", "user", "object_id", "created_at"]
    list_filter = ["action"]
