from django import forms
from django.utils.translation import gettext_lazy as _

# A <select> with this attribute becomes a search box (static/js/region-select.js, Tom Select).
SEARCHABLE = {"data-region-select": ""}


def searchable_region_attrs(*, parent: str = "", placeholder="", waiting_for_parent="") -> dict:
    """Widget attributes of a searchable region picker; with ``parent`` (the name of another field of the form)
    it offers only the regions under the parent's chosen codes."""
    attrs = dict(SEARCHABLE)
    if parent:
        attrs["data-region-parent"] = parent
    if placeholder:
        attrs["data-region-placeholder"] = placeholder
    if waiting_for_parent:
        attrs["data-region-empty"] = waiting_for_parent
    return attrs


class DesaChoiceField(forms.ModelChoiceField):
    """A desa/kelurahan named with its kecamatan and code, since many desa share a name; searchable in the browser."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", forms.Select(attrs=searchable_region_attrs(placeholder=_("Type a desa or kecamatan name")))
        )
        super().__init__(*args, **kwargs)

    def label_from_instance(self, region):
        return f"{region.name} — {region.parent.name} ({region.code})"
