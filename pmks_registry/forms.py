from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from banten_dinsos.accounts.scoping import scope_of
from banten_dinsos.agencies.models import Agency
from banten_dinsos.core.choices import Sex
from banten_dinsos.regions.forms import DesaChoiceField
from banten_dinsos.regions.models import Region, RegionLevel
from banten_dinsos.regions.selectors import kabkota_list, region_choices_within

from .models import ClientStatus, DataSource, PmksType, ServiceKind

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
        scope = scope_of(user)
        self.fields["desa"].queryset = region_choices_within(
            code=None if scope.province_wide else scope.kabkota_code, level=RegionLevel.DESA
        ).select_related("parent")
        self.fields["types"].queryset = PmksType.objects.filter(is_active=True)
        self.fields["nik"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["no_kk"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        _style(self)

    def clean_nik(self):
        return self.cleaned_data["nik"].strip()

    def clean_no_kk(self):
        return self.cleaned_data["no_kk"].strip()


class ClientFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name starts with"),
        required=False,
        max_length=60,
        # Names only: a NIK typed here would travel in the URL. The browser refuses digits, the view too.
        validators=[RegexValidator(r"^[^0-9]*$", _("Search NIKs with the NIK search box, not here."))],
    )
    kabkota = forms.ChoiceField(label=_("Kabupaten/kota"), required=False)
    wilayah = forms.CharField(
        label=_("Kecamatan or desa code"),
        required=False,
        max_length=13,
        validators=[RegexValidator(r"^36(\.[0-9]{2}){1,2}(\.[0-9]{4})?$", _("Use a code such as 36.02.13."))],
    )
    pmks_type = forms.TypedChoiceField(label=_("PMKS type"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + ClientStatus.choices)
    source = forms.ChoiceField(label=_("Data source"), required=False, choices=[("", _("All"))] + DataSource.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_of(user)
        regions = kabkota_list() if scope.province_wide else kabkota_list().filter(code=scope.kabkota_code)
        self.fields["kabkota"].choices = [("", _("All"))] + [(r.code, r.name) for r in regions]
        self.fields["pmks_type"].choices = [("", _("All"))] + [
            (t.number, str(t)) for t in PmksType.objects.only("number", "name")
        ]
        self.fields["q"].widget.attrs.update({"pattern": "[^0-9]*", "autocomplete": "off"})
        _style(self)


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


class StatisticsFilterForm(forms.Form):
    kabkota = forms.ChoiceField(label=_("Kabupaten/kota"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_of(user)
        regions = kabkota_list() if scope.province_wide else kabkota_list().filter(code=scope.kabkota_code)
        self.fields["kabkota"].choices = [("", _("All"))] + [(r.code, r.name) for r in regions]
        _style(self)
