"""The form provincial staff write a public CAP message with (a new one, an update or a cancellation)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.forms import BootstrapFormMixin
from banten_dinsos.regions.models import Region, RegionLevel

from .models import CapTemplate, Severity
from .services.cap_messages import CAP_CATEGORIES, CAP_CERTAINTIES, CAP_URGENCIES


class CapMessageForm(BootstrapFormMixin, forms.Form):
    template = forms.ChoiceField(label=_("Template"), choices=CapTemplate.choices)
    disaster = forms.ChoiceField(label=_("Disaster event"), required=False)
    event = forms.CharField(label=_("Event (e.g. Banjir)"), max_length=120)
    kabkota = forms.MultipleChoiceField(label=_("Kabupaten/kota"), required=False)
    kecamatan = forms.MultipleChoiceField(
        label=_("Kecamatan"), required=False, help_text=_("Their kabupaten/kota are added by themselves.")
    )
    place = forms.CharField(label=_("Place ({place})"), max_length=200, required=False)
    time = forms.CharField(label=_("Time ({time})"), max_length=100, required=False)
    contact = forms.CharField(label=_("Contact ({contact})"), max_length=200, required=False)
    effective = forms.DateTimeField(
        label=_("Effective from"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    expires = forms.DateTimeField(label=_("Expires"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    category = forms.ChoiceField(label=_("CAP category"), choices=[(value, value) for value in CAP_CATEGORIES])
    urgency = forms.ChoiceField(label=_("Urgency"), choices=[(value, value) for value in CAP_URGENCIES])
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    certainty = forms.ChoiceField(label=_("Certainty"), choices=[(value, value) for value in CAP_CERTAINTIES])
    headline_id = forms.CharField(label=_("Headline (Indonesian)"), max_length=160)
    description_id = forms.CharField(label=_("Description (Indonesian)"), widget=forms.Textarea(attrs={"rows": 3}))
    instruction_id = forms.CharField(
        label=_("Instruction (Indonesian)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    headline_en = forms.CharField(label=_("Headline (English)"), max_length=160)
    description_en = forms.CharField(label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 3}))
    instruction_en = forms.CharField(
        label=_("Instruction (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, disasters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disaster"].choices = [("", "—"), *disasters]
        regions = Region.objects.filter(level__in=[RegionLevel.KABKOTA, RegionLevel.KECAMATAN]).order_by("code")
        regions = list(regions.values_list("code", "name", "level"))
        names = {code: name for code, name, _level in regions}
        self.fields["kabkota"].choices = [(c, n) for c, n, level in regions if level == RegionLevel.KABKOTA]
        self.fields["kecamatan"].choices = [
            (c, f"{n} ({names.get(c[:5], c[:5])})") for c, n, level in regions if level == RegionLevel.KECAMATAN
        ]
        self._style_fields()
