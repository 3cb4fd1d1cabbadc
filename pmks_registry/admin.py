from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.nik import mask_number

from .models import Client, ImportJob, Panti, PmksType
from .services import panti_save


@admin.register(PmksType)
class PmksTypeAdmin(admin.ModelAdmin):
    """The reference list of the 26 types: only the name and the provincial-authority flag are edited here."""

    list_display = ("number", "name", "provincial_authority", "is_active")
    list_editable = ("provincial_authority", "is_active")
    readonly_fields = ("number", "code")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Panti)
class PantiAdmin(admin.ModelAdmin):
    list_display = ("name", "kabkota", "capacity", "is_active")
    list_filter = ("is_active", "kabkota")
    search_fields = ("name",)
    autocomplete_fields = ()
    raw_id_fields = ("desa",)
    filter_horizontal = ("served_types",)

    def save_model(self, request, obj, form, change):
        panti_save(panti=obj)


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    """Read-only and masked: clients are handled on the portal's pages, which scope, mask and audit.

    No search box: a search term would travel in the query string, and a NIK must never be in a URL.
    """

    list_display = ("id", "masked_nik", "name", "kabkota", "status", "source", "created_at")
    list_filter = ("status", "source", "kabkota")
    list_select_related = ("kabkota",)
    show_full_result_count = False
    fields = ("masked_nik", "name", "sex", "kabkota", "status", "source", "last_verified_on", "created_at")
    readonly_fields = fields

    @admin.display(description=_("NIK"))
    def masked_nik(self, obj):
        return mask_number(obj.nik)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("id", "original_name", "status", "processed_rows", "error_rows", "created_at")
    list_filter = ("status",)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
