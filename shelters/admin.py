from django.contrib import admin

from .models import Shelter


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
