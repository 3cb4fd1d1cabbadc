from django.contrib import admin

from .models import AuditLog


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only, also for administrators."""

    list_display = ("at", "actor_username", "action", "model", "object_id", "kabkota_code", "ip_address")
    list_filter = ("action", "model", "kabkota_code")
    search_fields = ("actor_username", "object_id")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
