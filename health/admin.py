from django.contrib import admin

from .models import Complaint, Consultation, ConsultationCount, HealthPost, Signal, Threshold


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read-only here: posts, consultations and signals change through the portal's pages and API, which check scope,
    evaluate the thresholds and audit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """The editable complaint list; a complaint in use is deactivated rather than deleted."""

    list_display = ("code", "name", "is_psychosocial", "position", "is_active")
    list_editable = ("position", "is_active")
    search_fields = ("code", "name")

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.counts.exists()


@admin.register(Threshold)
class ThresholdAdmin(admin.ModelAdmin):
    """Early-warning thresholds (reference data to be confirmed by Dinas Kesehatan); a change applies to the next
    consultations recorded."""

    list_display = ("code", "name", "complaint", "rule", "value", "window_days", "min_cases", "severity", "is_active")
    list_filter = ("rule", "is_active")
    list_select_related = ("complaint",)

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.signals.exists()


@admin.register(HealthPost)
class HealthPostAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "disaster", "kabkota", "desa", "organisation_name", "opened_on", "closed_on")
    list_filter = ("kind", "organisation_kind", "kabkota")
    search_fields = ("name", "organisation_name", "desa__name")
    list_select_related = ("disaster", "kabkota", "desa")


class ConsultationCountInline(admin.TabularInline):
    model = ConsultationCount
    extra = 0
    can_delete = False
    readonly_fields = ("complaint", "age_group", "sex", "count")


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ("post", "date", "total", "referrals", "deaths", "kabkota")
    list_filter = ("kabkota", "date")
    date_hierarchy = "date"
    list_select_related = ("post", "kabkota")
    inlines = [ConsultationCountInline]


@admin.register(Signal)
class SignalAdmin(ReadOnlyAdmin):
    list_display = ("threshold", "post", "kabkota", "state", "first_date", "last_date", "days", "alert_id")
    list_filter = ("state", "threshold", "kabkota")
    list_select_related = ("threshold", "post", "kabkota")
