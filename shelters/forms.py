from django import forms
from django.utils.translation import gettext_lazy as _

from banten_dinsos.accounts.scoping import scope_of
from banten_dinsos.regions.models import RegionLevel
from banten_dinsos.regions.selectors import kabkota_list, region_choices_within

from .models import Shelter, ShelterKind, ShelterStatus
from .services import EDITABLE_FIELDS


class DesaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, region):
        return f"{region.name} — {region.parent.name} ({region.code})"


class ShelterForm(forms.ModelForm):
    """Shape only; location scope and status rules are checked by the service."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Shelter
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "opened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_of(user)
        self.fields["desa"] = DesaChoiceField(
            label=_("Desa/kelurahan"),
            queryset=region_choices_within(
                code=None if scope.province_wide else scope.kabkota_code, level=RegionLevel.DESA
            ).select_related("parent"),
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for name, field in self.fields.items():
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control"
            if isinstance(field.widget, forms.Select):
                css = "form-select"
            field.widget.attrs.setdefault("class", css)
            field.widget.attrs.setdefault("id", f"id_{name}")


class ShelterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kabkota = forms.ChoiceField(label=_("Kabupaten/kota"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + ShelterStatus.choices)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All"))] + ShelterKind.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_of(user)
        regions = kabkota_list() if scope.province_wide else kabkota_list().filter(code=scope.kabkota_code)
        self.fields["kabkota"].choices = [("", _("All"))] + [(r.code, r.name) for r in regions]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
