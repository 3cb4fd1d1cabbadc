from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.formatting import format_number

from .models import Assessment, AssessmentOutput, DamageEntry, DamageFactor, LossEntry, NeedsEntry, Sector, SubSector
from .services import assessment_output_request


class ReadOnlyAdminMixin:
    """Read-only here: assessments and their figures change through the portal's pages and API, which check the
    status, who may enter what, and write the audit log."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SubSectorInline(admin.TabularInline):
    model = SubSector
    fields = ("code", "name", "responsible_agency", "position", "is_active")
    extra = 0


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    """Reference data: the five sectors, their sub-sectors and the agency responsible for each."""

    list_display = ("name", "code", "position", "is_active")
    list_editable = ("position", "is_active")
    inlines = [SubSectorInline]

    def has_delete_permission(self, request, obj=None):
        # Entries refer to sectors; retire one by unticking "active".
        return False


@admin.register(SubSector)
class SubSectorAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sector", "responsible_agency", "position", "is_active")
    list_filter = ("sector", "is_active")
    list_editable = ("responsible_agency", "is_active")
    list_select_related = ("sector", "responsible_agency")
    search_fields = ("name", "code", "responsible_agency__name")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DamageFactor)
class DamageFactorAdmin(admin.ModelAdmin):
    """The default factors new assessments start with; an assessment keeps the factors (and source) it started
    with, which BPBD may change on the assessment itself while it is not final."""

    list_display = ("damage_class", "factor", "source", "updated_at")
    fields = ("damage_class", "factor", "source")

    def has_delete_permission(self, request, obj=None):
        return False


class DamageEntryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DamageEntry
    fields = ("sub_sector", "kabkota", "kecamatan", "asset_kind", "units_heavy", "units_moderate", "units_light",
              "unit_cost", "source")  # fmt: skip
    extra = 0


class LossEntryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = LossEntry
    fields = ("sub_sector", "kabkota", "kecamatan", "description", "lost_income", "extra_costs", "recovery_months")
    extra = 0


class NeedsEntryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = NeedsEntry
    fields = ("sector", "kabkota", "bbb_uplift_percent", "loss_recovery", "access", "function", "risk")
    extra = 0


class OutputInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AssessmentOutput
    fields = ("format", "sha256", "requested_at", "built_at")
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "disaster", "status", "bbb_uplift_percent", "opened_at", "finalised_at")
    list_filter = ("status",)
    search_fields = ("title", "disaster__title")
    list_select_related = ("disaster",)
    inlines = [DamageEntryInline, LossEntryInline, NeedsEntryInline, OutputInline]
    actions = ["rebuild_documents"]

    @admin.action(description=_("Rebuild the XLSX and PDF documents"))
    def rebuild_documents(self, request, queryset):
        for assessment in queryset:
            assessment_output_request(user=request.user, assessment=assessment)
        self.message_user(
            request,
            gettext("Documents queued: %(count)s assessments.") % {"count": format_number(queryset.count())},
            messages.SUCCESS,
        )
