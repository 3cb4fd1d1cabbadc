"""Filter forms shared by the pages and the API lists (every field optional; invalid input names its field)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from banten_dinsos.regions.selectors import kabkota_list
from clusters.models import Cluster, Disaster

from .forms import AgencyChoiceField, BootstrapFormMixin, _date_widget, active_agencies
from .models import ActionItemStatus, MeetingKind, MeetingStatus


class MeetingFilterForm(BootstrapFormMixin, forms.Form):
    """Filters of the list, the calendar and the API list (all optional)."""

    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of meeting"), required=False, choices=[("", _("All kinds"))] + MeetingKind.choices
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + MeetingStatus.choices)
    disaster = forms.ModelChoiceField(label=_("Disaster event"), required=False, queryset=Disaster.objects.all())
    cluster = forms.ModelChoiceField(
        label=_("Cluster"), required=False, queryset=Cluster.objects.filter(is_active=True), to_field_name="code"
    )
    kabkota = forms.ModelChoiceField(
        label=_("Kabupaten/kota"), required=False, queryset=kabkota_list(), to_field_name="code"
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=_date_widget())
    date_to = forms.DateField(label=_("Until"), required=False, widget=_date_widget())
    upcoming = forms.NullBooleanField(label=_("Upcoming only"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disaster"].empty_label = _("All disasters")
        self.fields["cluster"].empty_label = _("All clusters")
        self.fields["kabkota"].empty_label = _("All kabupaten/kota")
        self._style_fields()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_to"] < cleaned["date_from"]:
            self.add_error("date_to", _("The end of the period cannot be before its start."))
        return cleaned

    def filters(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class ActionItemFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + ActionItemStatus.choices)
    owner_agency = AgencyChoiceField(
        label=_("Owner agency"), required=False, queryset=active_agencies(), to_field_name="code"
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("My agency's only"), required=False)
    open = forms.BooleanField(label=_("Not done or dropped"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].empty_label = _("All agencies")
        self._style_fields()

    def filters(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("overdue", "open"):
            data[name] = data.get(name) or None
        return data
