from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Activity, Cluster, Disaster, DisasterStatusChange, DisasterType, FieldReport, FieldReportEvent, Need


class SubclusterInline(admin.TabularInline):
    model = Cluster
    fk_name = "parent"
    fields = ("code", "name", "lead_agency", "position", "is_active")
    extra = 0
    verbose_name_plural = _("sub-clusters")


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    """Reference data, editable here: names, coordinators, lead and member agencies, sub-clusters."""

    list_display = ("name", "code", "parent", "national_coordinator", "lead_agency", "is_active")
    list_filter = ("parent", "is_active")
    search_fields = ("name", "code")
    filter_horizontal = ("member_agencies", "coordinators")
    inlines = [SubclusterInline]


@admin.register(DisasterType)
class DisasterTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "is_active")
    list_editable = ("is_active",)
    search_fields = ("code", "name")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Disasters, reports, needs and activities change through the portal and API, which check scope and audit."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusHistoryInline(admin.TabularInline):
    model = DisasterStatusChange
    fields = (
        "changed_at",
        "from_status",
        "to_status",
        "decree_number",
        "valid_from",
        "valid_until",
        "changed_by",
        "note",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Disaster)
class DisasterAdmin(ReadOnlyAdmin):
    list_display = ("title", "disaster_type", "status", "started_on", "ended_on", "decree_number")
    list_filter = ("status", "disaster_type")
    search_fields = ("title", "decree_number")
    date_hierarchy = "started_on"
    inlines = [StatusHistoryInline]


class ReportEventInline(admin.TabularInline):
    model = FieldReportEvent
    fields = ("at", "action", "actor", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FieldReport)
class FieldReportAdmin(ReadOnlyAdmin):
    list_display = ("id", "disaster", "area", "kabkota", "observed_at", "state", "affected_people", "displaced")
    list_filter = ("state", "kind", "kabkota", "disaster")
    search_fields = ("area__name", "area__code", "notes")
    list_select_related = ("disaster", "area", "kabkota")
    date_hierarchy = "observed_at"
    inlines = [ReportEventInline]


@admin.register(Need)
class NeedAdmin(ReadOnlyAdmin):
    list_display = ("description", "disaster", "sector", "cluster", "area", "people_in_need", "priority", "status")
    list_filter = ("status", "priority", "sector", "kabkota")
    search_fields = ("description",)
    list_select_related = ("disaster", "sector", "cluster", "area")


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = (
        "title",
        "agency",
        "sector",
        "cluster",
        "area",
        "start_date",
        "end_date",
        "people_reached",
        "status",
    )
    list_filter = ("status", "sector", "kabkota", "agency")
    search_fields = ("title", "agency__name")
    list_select_related = ("agency", "sector", "cluster", "area")
