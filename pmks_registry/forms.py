from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from banten_dinsos.agencies.models import Agency
from banten_dinsos.core.choices import Sex
from banten_dinsos.regions.forms import DesaChoiceField
from banten_dinsos.regions.models import Region

from .models import ClientStatus, DataSource, PmksType, ServiceKind
from .selectors import desa_choices

NIK_FIELD_VALIDATOR = RegexValidator(r"^\s*[0-9]{16}\s*$", _("NIK must have exactly 16 digits."))
DATE_WIDGET = {"type": "date"}


def _style(form: forms.Form) -> None:
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.CheckboxSelectMultiple):
            css = ""
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if css:
            widget.attrs.setdefault("class", css)
        widget.attrs.setdefault("id", f"id_{form.prefix + '-' if form.prefix else ''}{name}")


class TypeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, pmks_type):
        return str(pmks_type)


class ClientForm(forms.Form):
    """Shape only; NIK consistency, scope and uniqueness are checked by the services."""

    nik = forms.CharField(label=_("NIK"), max_length=20, validators=[NIK_FIELD_VALIDATOR])
    no_kk = forms.CharField(label=_("Family card number (No. KK)"), max_length=20, required=False)
    name = forms.CharField(label=_("Name"), max_length=150)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_date = forms.DateField(label=_("Birth date"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"))
    desa = DesaChoiceField(label=_("Desa/kelurahan"), queryset=Region.objects.none())
    address = forms.CharField(label=_("Address (street, RT/RW)"), max_length=255, required=False)
    types = TypeChoiceField(
        label=_("PMKS types"), queryset=PmksType.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    source = forms.ChoiceField(label=_("Data source"), choices=DataSource.choices)
    last_verified_on = forms.DateField(
        label=_("Last verified on"), required=False, widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].queryset = desa_choices(user=user).select_related("parent")
        self.fields["types"].queryset = PmksType.objects.filter(is_active=True)
        self.fields["nik"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["no_kk"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        _style(self)

    def clean_nik(self):
        return self.cleaned_data["nik"].strip()

    def clean_no_kk(self):
        return self.cleaned_data["no_kk"].strip()


class NikSearchForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), max_length=20, validators=[NIK_FIELD_VALIDATOR])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nik"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        _style(self)

    def clean_nik(self):
        return self.cleaned_data["nik"].strip()


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ClientStatus.choices)
    changed_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ServiceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ServiceKind.choices)
    provided_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"))
    provider = forms.ModelChoiceField(label=_("Provider agency"), queryset=Agency.objects.none(), required=False)
    amount = forms.DecimalField(label=_("Amount (Rp)"), max_digits=14, decimal_places=2, min_value=0, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Agency.objects.filter(is_active=True)
        _style(self)


class AdmitForm(forms.Form):
    panti = forms.ModelChoiceField(label=_("Panti sosial"), queryset=None)
    admitted_on = forms.DateField(label=_("Admitted on"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"))
    admission_reason = forms.CharField(label=_("Reason for admission"), max_length=255)

    def __init__(self, *args, panti_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panti"].queryset = panti_queryset
        _style(self)


class DischargeForm(forms.Form):
    discharged_on = forms.DateField(
        label=_("Discharged on"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    )
    discharge_reason = forms.CharField(label=_("Reason for discharge"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class MergeForm(forms.Form):
    keep = forms.IntegerField(widget=forms.HiddenInput)
    merge = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    source = forms.ChoiceField(label=_("Data source"), choices=DataSource.choices, initial=DataSource.DTKS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"
        _style(self)
