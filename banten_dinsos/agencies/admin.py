from django.contrib import admin

from .models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "region", "contact_person", "phone", "is_active")
    list_filter = ("kind", "is_active", "region")
    search_fields = ("name", "short_name", "code")
    prepopulated_fields = {"code": ("name",)}
