from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.forms import BootstrapFormMixin
from banten_dinsos.regions.selectors import kabkota_list
from clusters.selectors import disaster_list

from .models import BridgeState, RoadAccess, ServiceState


class AccessFilterForm(BootstrapFormMixin, forms.Form):
    disaster = forms.ModelChoiceField(queryset=None, required=False, label=_("Disaster"), empty_label=_("All"))
    kabkota = forms.ChoiceField(required=False, label=_("Kabupaten/kota"))
    isolated = forms.NullBooleanField(
        required=False,
        label=_("Cut off"),
        widget=forms.Select(choices=[("", _("All")), ("true", _("Cut off now")), ("false", _("Not cut off"))]),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disaster"].queryset = disaster_list(user=user)
        self.fields["kabkota"].choices = [("", _("All"))] + [(r.code, r.name) for r in kabkota_list()]
        self._style_fields()

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}
        if data.get("disaster"):
            data["disaster"] = data["disaster"].pk
        return data


class AccessStatusForm(BootstrapFormMixin, forms.Form):
    """The phone form: one observation of one desa or kecamatan."""

    disaster = forms.ModelChoiceField(queryset=None, label=_("Disaster"))
    area = forms.CharField(
        max_length=13, label=_("Desa/kelurahan or kecamatan code"), help_text=_("e.g. 36.71.08.1002 or 36.71.08")
    )
    observed_at = forms.DateTimeField(
        label=_("Observed at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    road_access = forms.ChoiceField(choices=RoadAccess.choices, label=_("Road access"))
    bridges = forms.ChoiceField(choices=BridgeState.choices, initial=BridgeState.UNKNOWN, label=_("Bridges"))
    electricity = forms.ChoiceField(choices=ServiceState.choices, initial=ServiceState.UNKNOWN, label=_("Electricity"))
    clean_water = forms.ChoiceField(choices=ServiceState.choices, initial=ServiceState.UNKNOWN, label=_("Clean water"))
    telecom = forms.ChoiceField(
        choices=ServiceState.choices, initial=ServiceState.UNKNOWN, label=_("Telecommunication")
    )
    source = forms.CharField(max_length=200, label=_("Source"), help_text=_("Who observed or reported it."))
    expected_restoration = forms.DateField(
        required=False, label=_("Expected restoration"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(max_length=255, required=False, label=_("Note"))
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, label=_("Latitude"))
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, label=_("Longitude"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disaster"].queryset = disaster_list(user=user).exclude(status="selesai")
        self.fields["observed_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self._style_fields()
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "step": "any"})
