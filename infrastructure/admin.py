from django.contrib import admin

from .models import AccessStatus, AreaAccess


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read-only here: observations are recorded through the portal's pages and API, which check the area and scope and
    keep each area's current picture; a repair is ``manage.py rebuild_area_access``."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessStatus)
class AccessStatusAdmin(ReadOnlyAdmin):
    list_display = (
        "area",
        "disaster",
        "observed_at",
        "road_access",
        "bridges",
        "electricity",
        "clean_water",
        "telecom",
    )
    list_filter = ("road_access", "kabkota")
    search_fields = ("area__name", "area__code", "source")
    date_hierarchy = "observed_at"
    list_select_related = ("area", "disaster")


@admin.register(AreaAccess)
class AreaAccessAdmin(ReadOnlyAdmin):
    list_display = ("area", "disaster", "road_access", "services_down", "cut_off_since", "restored_at", "observations")
    list_filter = ("road_access", "kabkota")
    search_fields = ("area__name", "area__code")
    list_select_related = ("area", "disaster")
