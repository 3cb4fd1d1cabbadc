import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from banten_dinsos.accounts.forms import scoped_desa_field
from banten_dinsos.accounts.scoped_fields import ScopedModelChoiceField
from banten_dinsos.core.forms import BootstrapFormMixin
from clusters.models import Disaster
from clusters.selectors import disaster_list

from . import selectors
from .models import Evacuee, LdpProvider, LdpSession, LdpSessionKind, Shelter
from .services import EDITABLE_FIELDS, PROFILE_FIELDS
from .services.occupancy import BREAKDOWN_FIELDS


class ShelterForm(BootstrapFormMixin, forms.ModelForm):
    """Shape only; location scope and status rules are checked by the service."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    disasters = forms.ModelMultipleChoiceField(
        label=_("Disasters served"),
        queryset=Disaster.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    class Meta:
        model = Shelter
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "opened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"] = scoped_desa_field(user)
        self.fields["disasters"].queryset = disaster_list(user=user)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["disasters"].initial = list(self.instance.disasters.values_list("pk", flat=True))
        self._style_fields()


class OccupancyForm(BootstrapFormMixin, forms.Form):
    """The quick headcount an officer sends from a phone; the hidden key makes a resend harmless."""

    total = forms.IntegerField(label=_("People in the shelter now"), min_value=0, max_value=50_000)
    male = forms.IntegerField(label=_("Male"), min_value=0, required=False)
    female = forms.IntegerField(label=_("Female"), min_value=0, required=False)
    balita = forms.IntegerField(label=_("Under five (balita)"), min_value=0, required=False)
    anak = forms.IntegerField(label=_("Children 5–17"), min_value=0, required=False)
    dewasa = forms.IntegerField(label=_("Adults 18–59"), min_value=0, required=False)
    lansia = forms.IntegerField(label=_("Older people 60+ (lansia)"), min_value=0, required=False)
    pregnant_or_nursing = forms.IntegerField(label=_("Pregnant or nursing women"), min_value=0, required=False)
    disabled = forms.IntegerField(label=_("People with disabilities"), min_value=0, required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, shelter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = shelter.version
        self.fields["idempotency_key"].initial = uuid.uuid4()
        for field in ("total", *BREAKDOWN_FIELDS):
            self.fields[field].widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9]*"})
        self._style_fields()

    def breakdown(self) -> dict:
        return {field: self.cleaned_data.get(field) or 0 for field in BREAKDOWN_FIELDS}


class EvacueeForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Evacuee
        fields = ["full_name", "nik", "sex", *PROFILE_FIELDS]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shelter"] = ScopedModelChoiceField(
            label=_("Shelter"), scoped=selectors.shelter_open_list, user=user
        )
        self.fields["origin_desa"] = scoped_desa_field(user, label=_("Home desa/kelurahan"), required=False)
        self.fields["nik"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self._style_fields()

    def validate_unique(self):
        """Uniqueness of the NIK is the service's job, with a message that says what to do."""


class NikSearchForm(BootstrapFormMixin, forms.Form):
    nik = forms.CharField(label=_("NIK"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_fields()


class EvacueeMoveForm(BootstrapFormMixin, forms.Form):
    action = forms.ChoiceField(
        label=_("What happened"),
        choices=[("transfer", _("Moved to another shelter")), ("check_out", _("Left the shelter"))],
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, user, current_shelter_id=None, **kwargs):
        """``current_shelter_id`` leaves the evacuee's own shelter out of the offered destinations."""
        super().__init__(*args, **kwargs)
        self.fields["to_shelter"] = ScopedModelChoiceField(
            label=_("To shelter"), scoped=selectors.shelter_open_list, user=user, required=False
        )
        if current_shelter_id is not None:
            self.fields["to_shelter"].queryset = self.fields["to_shelter"].queryset.exclude(pk=current_shelter_id)
        self.order_fields(["action", "to_shelter", "note"])
        self._style_fields()


class LdpSessionForm(BootstrapFormMixin, forms.ModelForm):
    referred_to = forms.CharField(label=_("Referred to (if any)"), max_length=150, required=False)
    referred_people = forms.IntegerField(label=_("People referred"), min_value=1, required=False)

    class Meta:
        model = LdpSession
        fields = [
            "held_on",
            "kind",
            "provider",
            "providers_count",
            "reached_children_male",
            "reached_children_female",
            "reached_adult_male",
            "reached_adult_female",
            "reached_older",
            "notes",
        ]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.Select(choices=LdpSessionKind.choices),
            "provider": forms.Select(choices=LdpProvider.choices),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_fields()
