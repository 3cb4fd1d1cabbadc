from django import forms
from django.utils.translation import gettext_lazy as _

from banten_dinsos.regions.selectors import kabkota_list

from .models import AuditAction


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All"))] + AuditAction.choices)
    model = forms.CharField(label=_("Record type"), required=False)
    actor = forms.CharField(label=_("Username"), required=False)
    kabkota = forms.ChoiceField(label=_("Kabupaten/kota"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kabkota"].choices = [("", _("All"))] + [(r.code, r.name) for r in kabkota_list()]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
