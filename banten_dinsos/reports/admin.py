from django.contrib import admin

from .models import GeneratedReport


@admin.register(GeneratedReport)
class GeneratedReportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "title", "format", "status", "requested_by", "finished_at")
    list_filter = ("kind", "format", "status")
    search_fields = ("title", "checksum_sha256")
    readonly_fields = [field.name for field in GeneratedReport._meta.fields]

    def has_add_permission(self, request):
        return False
