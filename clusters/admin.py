from django.contrib import admin

from .models import Cluster


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "parent", "national_coordinator", "lead_agency", "is_active")
    list_filter = ("parent", "is_active")
    search_fields = ("name", "code")
    filter_horizontal = ("member_agencies", "coordinators")
