from django.contrib import admin

from .models import (
    Deployment,
    KsbOfficer,
    KsbStakeholder,
    KsbUnit,
    LumbungItem,
    MemberSkill,
    RosterImport,
    Skill,
    TaganaMember,
    Training,
    TrainingParticipation,
)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    """Editable reference data: the skill list members, trainings and the availability search use."""

    list_display = ("code", "name", "position", "is_active")
    list_editable = ("position", "is_active")
    search_fields = ("code", "name")

    def has_delete_permission(self, request, obj=None):
        # Skills are switched off, never deleted: members and certificates refer to them.
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Volunteer records change through the portal's services (scope checks, double-booking check, audit)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class KsbOfficerInline(ReadOnlyInline):
    model = KsbOfficer
    fields = ("full_name", "role", "section", "in_forum")


class LumbungItemInline(ReadOnlyInline):
    model = LumbungItem
    fields = ("kind", "description", "quantity", "condition", "checked_on")


class KsbStakeholderInline(ReadOnlyInline):
    model = KsbStakeholder
    fields = ("name", "kind", "provides", "since")


@admin.register(KsbUnit)
class KsbUnitAdmin(ReadOnlyAdmin):
    list_display = ("name", "desa", "kabkota", "status", "member_count", "last_activity_on")
    list_filter = ("status", "kabkota")
    search_fields = ("name", "desa__name")
    list_select_related = ("desa", "kabkota")
    inlines = [KsbOfficerInline, LumbungItemInline, KsbStakeholderInline]


class MemberSkillInline(ReadOnlyInline):
    model = MemberSkill
    fields = ("skill", "valid_until", "participation")


@admin.register(TaganaMember)
class TaganaMemberAdmin(ReadOnlyAdmin):
    """No NIK, phone or birth date in the list; searching by member number or name only."""

    list_display = ("member_number", "full_name", "kabkota", "availability")
    list_filter = ("availability", "kabkota")
    search_fields = ("member_number", "full_name")
    list_select_related = ("kabkota",)
    exclude = ("nik", "phone", "birth_date")
    inlines = [MemberSkillInline]


class ParticipationInline(ReadOnlyInline):
    model = TrainingParticipation
    fields = ("member", "passed", "certificate_number", "certificate_expires_on")


@admin.register(Training)
class TrainingAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "starts_on", "ends_on", "kabkota", "organiser", "certificate_months")
    list_filter = ("kind", "kabkota")
    search_fields = ("title", "organiser", "place")
    date_hierarchy = "starts_on"
    inlines = [ParticipationInline]


@admin.register(Deployment)
class DeploymentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "disaster", "role", "start_at", "end_at", "status", "kabkota", "site_kabkota")
    list_filter = ("status", "role", "kabkota", "disaster")
    list_select_related = ("member", "ksb_unit", "disaster", "kabkota", "site_kabkota")
    date_hierarchy = "start_at"
    search_fields = ("member__full_name", "member__member_number", "ksb_unit__name")


@admin.register(RosterImport)
class RosterImportAdmin(ReadOnlyAdmin):
    list_display = (
        "file_name",
        "created_at",
        "created_by",
        "rows_total",
        "rows_created",
        "rows_updated",
        "rows_failed",
    )
    list_select_related = ("created_by",)
