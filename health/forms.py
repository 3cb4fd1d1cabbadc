from django import forms
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.choices import Sex
from banten_dinsos.core.forms import BootstrapFormMixin
from banten_dinsos.regions.selectors import kabkota_list
from clusters.selectors import disaster_list

from .models import AgeGroup, HealthPost, OrganisationKind, PostKind, SignalState

DATE = forms.DateInput(attrs={"type": "date"})
NUMBER = {"inputmode": "numeric", "min": "0"}


class HealthFilterForm(BootstrapFormMixin, forms.Form):
    disaster = forms.ModelChoiceField(queryset=None, required=False, label=_("Disaster"), empty_label=_("All"))
    kabkota = forms.ChoiceField(required=False, label=_("Kabupaten/kota"))
    kind = forms.ChoiceField(choices=[("", _("All"))] + PostKind.choices, required=False, label=_("Kind"))
    q = forms.CharField(required=False, label=_("Search"))

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


class SignalFilterForm(HealthFilterForm):
    state = forms.ChoiceField(choices=[("", _("All"))] + SignalState.choices, required=False, label=_("State"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"], self.fields["q"]


class HealthPostForm(BootstrapFormMixin, forms.Form):
    disaster = forms.ModelChoiceField(queryset=None, label=_("Disaster"))
    name = forms.CharField(max_length=200, label=_("Name"))
    kind = forms.ChoiceField(choices=PostKind.choices, label=_("Kind"))
    shelter = forms.IntegerField(
        required=False, label=_("Shelter (id)"), help_text=_("For a post at a shelter: the shelter's number.")
    )
    desa = forms.CharField(
        required=False,
        max_length=13,
        label=_("Desa/kelurahan code"),
        help_text=_("For a post outside a shelter, e.g. 36.74.03.1007."),
    )
    organisation_kind = forms.ChoiceField(choices=OrganisationKind.choices, label=_("Run by"))
    organisation_name = forms.CharField(max_length=200, label=_("Organisation"))
    opened_on = forms.DateField(widget=DATE, label=_("Opened on"))
    closed_on = forms.DateField(widget=DATE, required=False, label=_("Closed on"))
    doctors = forms.IntegerField(min_value=0, initial=0, label=_("Doctors on duty"))
    nurses = forms.IntegerField(min_value=0, initial=0, label=_("Nurses on duty"))
    midwives = forms.IntegerField(min_value=0, initial=0, label=_("Midwives on duty"))
    other_staff = forms.IntegerField(min_value=0, initial=0, label=_("Other staff on duty"))
    displaced_served = forms.IntegerField(
        min_value=0,
        required=False,
        label=_("Displaced people served"),
        help_text=HealthPost.displaced_served.field.help_text,
    )
    contact_name = forms.CharField(max_length=120, required=False, label=_("Contact person"))
    contact_phone = forms.CharField(max_length=30, required=False, label=_("Contact phone"))

    PLACE_FIELDS = ("disaster", "shelter", "desa")

    def __init__(self, *args, user, post: HealthPost | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disaster"].queryset = disaster_list(user=user)
        if post is not None:
            # A post stays where it was opened: its disaster and place are not edited.
            for name in (*self.PLACE_FIELDS, "kind", "organisation_kind", "organisation_name"):
                del self.fields[name]
        self._style_fields()
        for name in ("doctors", "nurses", "midwives", "other_staff", "displaced_served"):
            if name in self.fields:
                self.fields[name].widget.attrs.update(NUMBER)


class ConsultationForm(BootstrapFormMixin, forms.Form):
    """One day at one post: the total, the outcomes, and a grid of complaint × age group × sex (blank counts as 0)."""

    date = forms.DateField(widget=DATE, label=_("Date"))
    total = forms.IntegerField(min_value=0, label=_("Consultations (total)"))
    referrals = forms.IntegerField(min_value=0, required=False, initial=0, label=_("Referred to hospital"))
    referred_ldp = forms.IntegerField(
        min_value=0, required=False, initial=0, label=_("Referred to LDP psychosocial support")
    )
    deaths = forms.IntegerField(min_value=0, required=False, initial=0, label=_("Deaths"))
    pregnant_women = forms.IntegerField(min_value=0, required=False, initial=0, label=_("Pregnant women served"))
    infants = forms.IntegerField(min_value=0, required=False, initial=0, label=_("Infants served"))
    disabled = forms.IntegerField(min_value=0, required=False, initial=0, label=_("People with disabilities served"))
    note = forms.CharField(max_length=255, required=False, label=_("Note"))

    def __init__(self, *args, complaints, grid=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.complaints = list(complaints)
        grid = grid or {}
        self.grid_rows = []
        for complaint in self.complaints:
            cells = []
            for age, age_label in AgeGroup.choices:
                for sex, sex_label in Sex.choices:
                    name = f"c__{complaint.code}__{age}__{sex}"
                    self.fields[name] = forms.IntegerField(
                        min_value=0,
                        required=False,
                        label=f"{complaint.name}, {age_label}, {sex_label}",
                        initial=grid.get((complaint.code, age, sex)) or None,
                        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", **NUMBER}),
                    )
                    cells.append(name)
            self.grid_rows.append((complaint, cells))
        self._style_fields()
        for name in ("total", "referrals", "referred_ldp", "deaths", "pregnant_women", "infants", "disabled"):
            self.fields[name].widget.attrs.update(NUMBER)

    @property
    def grid_columns(self):
        return [(age_label, sex_label) for _age, age_label in AgeGroup.choices for _sex, sex_label in Sex.choices]

    def grid(self):
        return [(complaint, [self[name] for name in cells]) for complaint, cells in self.grid_rows]

    def main_fields(self):
        return [self[name] for name in ("date", "total")]

    def outcome_fields(self):
        return [self[name] for name in ("referrals", "referred_ldp", "deaths", "pregnant_women", "infants", "disabled")]

    def counts(self) -> list[dict]:
        cells = []
        for name, value in self.cleaned_data.items():
            if name.startswith("c__") and value:
                _prefix, complaint, age, sex = name.split("__")
                cells.append({"complaint": complaint, "age_group": age, "sex": sex, "count": value})
        return cells

    def outcomes(self) -> dict:
        return {
            name: self.cleaned_data[name] or 0
            for name in ("referrals", "referred_ldp", "deaths", "pregnant_women", "infants", "disabled")
        }


class SignalCloseForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(max_length=255, required=False, label=_("How it was handled"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_fields()
