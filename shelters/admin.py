from django.contrib import admin

from .models import LdpPost, LdpSession, OccupancyCount, Shelter, SphereThreshold
from .services import sphere_recompute_all


@admin.register(Shelter)
class ShelterAdmin(admin.ModelAdmin):
    """Read-only here: shelters change through the portal's pages and API, which check scope and audit."""

    list_display = ("name", "kind", "kabkota", "desa", "capacity", "status", "opened_on", "version")
    list_filter = ("status", "kind", "kabkota")
    search_fields = ("name", "desa__name")
    list_select_related = ("kabkota", "desa")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SphereThreshold)
class SphereThresholdAdmin(admin.ModelAdmin):
    """Editable reference data; saving recomputes every shelter's Sphere state."""

    list_display = ("indicator", "higher_is_better", "limit", "warning_limit", "source")
    readonly_fields = ("indicator", "higher_is_better")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        sphere_recompute_all()


class ReadOnlyAdmin(admin.ModelAdmin):
    """Field records change through the portal's services (scope checks, audit), not here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OccupancyCount)
class OccupancyCountAdmin(ReadOnlyAdmin):
    list_display = ("shelter", "observed_at", "total", "recorded_by")
    list_filter = ("shelter__kabkota",)
    list_select_related = ("shelter", "recorded_by")
    date_hierarchy = "observed_at"


@admin.register(LdpPost)
class LdpPostAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "kabkota", "shelter", "is_active")
    list_filter = ("kind", "kabkota")


@admin.register(LdpSession)
class LdpSessionAdmin(ReadOnlyAdmin):
    list_display = ("held_on", "kind", "provider", "shelter", "post", "providers_count")
    list_filter = ("kind", "provider", "kabkota")
    list_select_related = ("shelter", "post")
