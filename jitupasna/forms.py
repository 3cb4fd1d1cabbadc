"""Forms check shape only; the services check the rules (negative figures, stock, affected kabupaten/kota, a final
assessment) and name the field when they refuse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from banten_dinsos.accounts.scoped_fields import ScopedModelChoiceField
from banten_dinsos.agencies.models import Agency
from banten_dinsos.core.forms import BootstrapFormMixin
from banten_dinsos.regions.forms import searchable_region_attrs
from banten_dinsos.regions.models import Region, RegionLevel
from clusters.models import Disaster
from meetings.models import Meeting

from .models import DAMAGE_FIELDS, LOSS_FIELDS, NEEDS_FIELDS, Assessment, DamageEntry, LossEntry, NeedsEntry

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
MONEY_ATTRS = {"step": "1", "min": "0", "inputmode": "numeric"}
UNITS_ATTRS = {"step": "0.01", "min": "0", "inputmode": "decimal"}


class ServiceValidatedModelForm(BootstrapFormMixin, forms.ModelForm):
    """A model form that checks shape only: the service runs full_clean and the rules, and its errors come back to
    the form's fields, so a rule is reported once, on the field it concerns."""

    def _post_clean(self):
        return


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, region):
        return region.name


class MeetingChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, meeting):
        return f"{meeting.title} ({meeting.starts_at:%d-%m-%Y})"


class AgencyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, agency):
        return agency.name


class AssessmentCreateForm(BootstrapFormMixin, forms.Form):
    disaster = forms.ModelChoiceField(label=_("Disaster event"), queryset=Disaster.objects.none())  # bound to the user
    title = forms.CharField(
        label=_("Title"), max_length=255, required=False, help_text=_("Leave empty for “Jitupasna <disaster>”.")
    )
    bbb_uplift_percent = forms.DecimalField(
        label=_("Build-back-better uplift (%)"),
        max_digits=5,
        decimal_places=2,
        initial=0,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100"}),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    meetings = MeetingChoiceField(
        label=_("Meetings that discussed it"), queryset=Meeting.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        from . import selectors  # the selectors' filters use this module's fields

        super().__init__(*args, **kwargs)
        # Choices are what the user may see: another kabupaten/kota's disaster is "not one of the choices".
        self.fields["disaster"] = ScopedModelChoiceField(
            scoped=selectors.disasters_without_assessment, user=user, label=self.fields["disaster"].label
        )
        self.fields["meetings"].queryset = selectors.meeting_choices(user=user)
        self._style_fields()


class AssessmentForm(ServiceValidatedModelForm):
    meetings = MeetingChoiceField(
        label=_("Meetings that discussed it"), queryset=Meeting.objects.none(), required=False
    )

    class Meta:
        model = Assessment
        fields = [
            "title",
            "bbb_uplift_percent",
            "factor_heavy",
            "factor_moderate",
            "factor_light",
            "factors_source",
            "notes",
        ]
        widgets = {
            "bbb_uplift_percent": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100"}),
            "factor_heavy": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "factor_moderate": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "factor_light": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "factors_source": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        from . import selectors  # the selectors' filters use this module's fields

        super().__init__(*args, **kwargs)
        self.fields["meetings"].queryset = selectors.meeting_choices(user=user, disaster=self.instance.disaster)
        if self.instance.pk:
            self.fields["meetings"].initial = list(self.instance.meetings.values_list("pk", flat=True))
        self._style_fields()


class OpenForInputForm(BootstrapFormMixin, forms.Form):
    deadline = forms.DateTimeField(
        label=_("Deadline for input"),
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    agencies = AgencyMultipleChoiceField(
        label=_("Agencies asked for input"),
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ticked: the agencies responsible for a sub-sector."),
    )
    description = forms.CharField(
        label=_("What input is asked for"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(is_active=True, region__isnull=True).order_by("name")
        self._style_fields()


class SubmitInputForm(BootstrapFormMixin, forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    note = forms.CharField(
        label=_("Note to BPBD"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The counts and amounts of your sub-sectors are added to the submission."),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=[agency.pk for agency in agencies])
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0].pk
        self._style_fields()


class AreaEntryFormMixin:
    """Sub-sector and kabupaten/kota limited to what the user may enter; kecamatan of those kabupaten/kota."""

    def _limit(self, *, sub_sectors=None, sectors=None, kabkota):
        if sub_sectors is not None:
            self.fields["sub_sector"].queryset = sub_sectors
            self.fields["sub_sector"].label_from_instance = lambda sub: f"{sub.sector.name} · {sub.name}"
        if sectors is not None:
            self.fields["sector"].queryset = sectors
        self.fields["kabkota"].queryset = kabkota
        self.fields["kabkota"].label_from_instance = lambda region: region.name
        if "kecamatan" in self.fields:
            codes = list(kabkota.values_list("code", flat=True))
            kecamatan = Region.objects.filter(level=RegionLevel.KECAMATAN, parent_id__in=codes).order_by("code")
            self.fields["kecamatan"].queryset = kecamatan
            self.fields["kecamatan"].label_from_instance = lambda region: f"{region.name} ({region.parent_id})"
            # Searchable, offering only the kecamatan of the chosen kabupaten/kota (static/js/region-select.js).
            self.fields["kecamatan"].widget.attrs.update(
                searchable_region_attrs(parent="kabkota", waiting_for_parent=_("Choose the kabupaten/kota first"))
            )


class DamageEntryForm(AreaEntryFormMixin, ServiceValidatedModelForm):
    class Meta:
        model = DamageEntry
        fields = list(DAMAGE_FIELDS)
        widgets = {
            "total_stock": forms.NumberInput(attrs=UNITS_ATTRS),
            "units_heavy": forms.NumberInput(attrs=UNITS_ATTRS),
            "units_moderate": forms.NumberInput(attrs=UNITS_ATTRS),
            "units_light": forms.NumberInput(attrs=UNITS_ATTRS),
            "unit_cost": forms.NumberInput(attrs=MONEY_ATTRS),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, sub_sectors, kabkota, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit(sub_sectors=sub_sectors, kabkota=kabkota)
        self._style_fields()


class LossEntryForm(AreaEntryFormMixin, ServiceValidatedModelForm):
    class Meta:
        model = LossEntry
        fields = list(LOSS_FIELDS)
        widgets = {
            "lost_income": forms.NumberInput(attrs=MONEY_ATTRS),
            "extra_costs": forms.NumberInput(attrs=MONEY_ATTRS),
            "recovery_months": forms.NumberInput(attrs={"min": "1", "max": "240"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, sub_sectors, kabkota, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit(sub_sectors=sub_sectors, kabkota=kabkota)
        self._style_fields()


class NeedsEntryForm(AreaEntryFormMixin, ServiceValidatedModelForm):
    class Meta:
        model = NeedsEntry
        fields = list(NEEDS_FIELDS)
        widgets = {
            "bbb_uplift_percent": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100"}),
            "loss_recovery": forms.NumberInput(attrs=MONEY_ATTRS),
            "access": forms.NumberInput(attrs=MONEY_ATTRS),
            "function": forms.NumberInput(attrs=MONEY_ATTRS),
            "risk": forms.NumberInput(attrs=MONEY_ATTRS),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, sectors, kabkota, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit(sectors=sectors, kabkota=kabkota)
        self._style_fields()
