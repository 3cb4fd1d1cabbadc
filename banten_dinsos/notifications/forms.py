from django import forms
from django.utils.translation import gettext_lazy as _

from banten_dinsos.accounts.scoping import scope_kabkota_queryset
from banten_dinsos.regions.models import Region

from .models import PERSONAL_CHANNELS, AlertKind, Channel, DeliveryStatus, Severity
from .options import CLUSTER, DISASTER, subscription_choices


class SubscriptionForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=[(c.value, c.label) for c in PERSONAL_CHANNELS])
    kind = forms.ChoiceField(label=_("Kind of alert"), required=False)
    kabkota = forms.ModelChoiceField(
        label=_("Kabupaten/kota"), queryset=Region.objects.none(), required=False, empty_label=_("Anywhere in my area")
    )
    cluster_code = forms.ChoiceField(label=_("Cluster"), required=False)
    disaster_id = forms.TypedChoiceField(label=_("Disaster event"), required=False, coerce=int, empty_value=None)
    min_severity = forms.ChoiceField(label=_("From severity"), choices=Severity.choices, initial=Severity.UNKNOWN)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Every kind"))] + list(AlertKind.choices)
        self.fields["kabkota"].queryset = scope_kabkota_queryset(Region.objects.kabkota(), user=user)
        self.fields["cluster_code"].choices = [("", _("Every cluster"))] + subscription_choices(CLUSTER, user=user)
        self.fields["disaster_id"].choices = [("", _("Every disaster event"))] + subscription_choices(
            DISASTER, user=user
        )


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + list(DeliveryStatus.choices)
        self.fields["channel"].choices = [("", _("All"))] + [
            (value, label) for value, label in Channel.choices if value != Channel.IN_APP
        ]
