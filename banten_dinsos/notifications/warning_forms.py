"""The form staff use on a BMKG warning to say which kecamatan an unmatched name is."""

from django import forms
from django.utils.translation import gettext_lazy as _

from banten_dinsos.regions.models import Region, RegionLevel


class PlaceMapForm(forms.Form):
    name = forms.ChoiceField(label=_("Name in the warning"))
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        queryset=Region.objects.none(),
        empty_label=_("Choose a kecamatan"),
        error_messages={"invalid_choice": _("Choose a kecamatan of Banten.")},
    )

    def __init__(self, *args, unmatched: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].choices = [(name, name) for name in unmatched]
        self.fields["kecamatan"].queryset = (
            Region.objects.filter(level=RegionLevel.KECAMATAN).select_related("parent").order_by("parent__name", "name")
        )
        self.fields["kecamatan"].label_from_instance = lambda region: f"{region.name} ({region.parent.name})"
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
