from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.formatting import format_number

from .models import (
    ActionItem,
    ActionItemProgress,
    AgendaItem,
    Decision,
    DocumentInput,
    InputRound,
    Meeting,
    Participant,
)
from .services import minutes_pdf_request


class ReadOnlyAdminMixin:
    """Read-only here: meetings change through the portal's pages and API, which check scope, rules and audit."""

    # The read-only form still builds its fields: links without a scheme are taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AgendaItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AgendaItem
    fields = ("position", "title", "presenter", "minutes_points")
    extra = 0


class DecisionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Decision
    fields = ("position", "text", "agenda_item")
    extra = 0


class ParticipantInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Participant
    fields = ("name", "user", "agency", "organisation", "position", "kabkota", "group", "is_walk_in", "attendance",
              "represented_by")  # fmt: skip
    extra = 0


class ActionItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ActionItem
    fields = ("title", "owner_agency", "owner_person", "due_on", "status", "completed_on")
    extra = 0
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "kind", "starts_at", "organizer", "disaster", "status")
    list_filter = ("kind", "status", "clusters", "concerned_kabkota")
    search_fields = ("title", "place", "chair")
    date_hierarchy = "starts_at"
    list_select_related = ("organizer", "disaster")
    inlines = [AgendaItemInline, DecisionInline, ParticipantInline, ActionItemInline]
    actions = ["rebuild_minutes_pdf"]

    @admin.action(description=_("Rebuild the minutes PDF"))
    def rebuild_minutes_pdf(self, request, queryset):
        for meeting in queryset:
            minutes_pdf_request(user=request.user, meeting=meeting)
        self.message_user(
            request,
            gettext("Minutes PDFs queued: %(count)s.") % {"count": format_number(queryset.count())},
            messages.SUCCESS,
        )


class ProgressInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ActionItemProgress
    fields = ("noted_on", "status", "note", "author")
    extra = 0


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "meeting", "owner_agency", "due_on", "status", "last_reminded_on")
    list_filter = ("status", "owner_agency")
    search_fields = ("title", "owner_person", "meeting__title")
    date_hierarchy = "due_on"
    list_select_related = ("meeting", "owner_agency")
    inlines = [ProgressInline]


class DocumentInputInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DocumentInput
    fields = ("agency", "submitted_at", "is_late", "submitted_by", "text")
    extra = 0


@admin.register(InputRound)
class InputRoundAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "meeting", "deadline", "closed_at")
    search_fields = ("title",)
    list_select_related = ("meeting",)
    inlines = [DocumentInputInline]
