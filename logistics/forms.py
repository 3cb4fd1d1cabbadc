"""Forms of the logistics pages: they check shape; the services check the rules. Choices come from scoped selectors,
so a place outside the user's area is not offered and a forged id is refused like a missing one."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.forms import BootstrapFormMixin
from banten_dinsos.regions.models import Region

from . import selectors
from .models import DISTRIBUTION_KINDS, WAREHOUSE_KINDS, DonorType, LocationKind, MoveKind
from .services import MANUAL_KINDS

LINE_ROWS = 8


class _UserForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self._scope_fields()
        self._style_fields()

    def _scope_fields(self):
        """Subclasses narrow their choice fields to the user's area here."""


class IdempotentForm(_UserForm):
    """A hidden key generated when the form is shown, so a double submit (or a resend) posts once."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("idempotency_key", uuid.uuid4())


def _locations(user, kinds=None):
    queryset = selectors.location_list(user=user, filters={"active": True})
    return queryset.filter(kind__in=sorted(kinds)) if kinds else queryset


def _items(user):
    return selectors.item_list(user=user, filters={"active": True})


class LocationForm(_UserForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (kind.value, kind.label)
            for kind in LocationKind
            if kind not in (LocationKind.TRANSIT, LocationKind.ADJUSTMENT, LocationKind.WRITE_OFF)
        ],
    )
    region = forms.CharField(label=_("Region code"), max_length=13, help_text=_("e.g. 36.02 or 36.02.14.1007"))
    donor_type = forms.ChoiceField(label=_("Donor type"), required=False, choices=[("", "—"), *DonorType.choices])
    address = forms.CharField(label=_("Address"), required=False, max_length=255)
    latitude = forms.DecimalField(label=_("Latitude"), required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label=_("Longitude"), required=False, max_digits=9, decimal_places=6)

    def clean_region(self):
        region = Region.objects.filter(code=self.cleaned_data["region"].strip()).first()
        if region is None:
            raise forms.ValidationError(_("Region not found."))
        return region


class MoveForm(IdempotentForm):
    kind = forms.ChoiceField(label=_("Kind of move"), choices=[(kind, MoveKind(kind).label) for kind in MANUAL_KINDS])
    item = forms.ModelChoiceField(label=_("Item"), queryset=None)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=20, decimal_places=6)
    source = forms.ModelChoiceField(label=_("From"), queryset=None)
    destination = forms.ModelChoiceField(
        label=_("To"), queryset=None, required=False, help_text=_("Not needed for a write-off.")
    )
    batch_code = forms.CharField(label=_("Batch code"), required=False, max_length=60)
    expiry_date = forms.DateField(
        label=_("Expiry date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason / note"), required=False, max_length=255)

    def _scope_fields(self):
        self.fields["item"].queryset = _items(self.user)
        self.fields["source"].queryset = _locations(self.user)
        self.fields["destination"].queryset = _locations(self.user)


class ReverseForm(IdempotentForm):
    reason = forms.CharField(label=_("Why is this move wrong?"), max_length=255)


class CountForm(IdempotentForm):
    location = forms.ModelChoiceField(label=_("Warehouse"), queryset=None)
    item = forms.ModelChoiceField(label=_("Item"), queryset=None)
    batch_code = forms.CharField(label=_("Batch code"), required=False, max_length=60, help_text=_("Empty: UMUM"))
    counted = forms.DecimalField(label=_("Counted quantity"), max_digits=20, decimal_places=6)
    reason = forms.CharField(label=_("Reason for the difference"), max_length=255)

    def _scope_fields(self):
        self.fields["location"].queryset = _locations(self.user, WAREHOUSE_KINDS)
        self.fields["item"].queryset = _items(self.user)


class RequestForm(IdempotentForm):
    disaster = forms.ModelChoiceField(label=_("Disaster"), queryset=None)
    destination = forms.ModelChoiceField(label=_("Deliver to"), queryset=None)
    needs = forms.ModelMultipleChoiceField(
        label=_("Needs addressed"),
        queryset=None,
        required=False,
        help_text=_("Needs recorded for this disaster in your kabupaten/kota (Logistik cluster)."),
    )
    purpose = forms.CharField(label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    people_served = forms.IntegerField(label=_("People to be served"), required=False, min_value=0)

    def _scope_fields(self):
        from clusters.selectors import disaster_list, need_list

        self.fields["disaster"].queryset = disaster_list(user=self.user).filter(ended_on__isnull=True)
        self.fields["needs"].queryset = need_list(user=self.user).filter(cluster__code="logistik")
        self.fields["destination"].queryset = _locations(self.user, WAREHOUSE_KINDS | DISTRIBUTION_KINDS).exclude(
            kabkota__isnull=True
        )
        for number in range(1, LINE_ROWS + 1):
            self.fields[f"item_{number}"] = forms.ModelChoiceField(
                label=_("Item %(n)s") % {"n": number}, queryset=_items(self.user), required=False
            )
            self.fields[f"quantity_{number}"] = forms.DecimalField(
                label=_("Quantity %(n)s") % {"n": number}, required=False, max_digits=20, decimal_places=6
            )

    def lines(self) -> list[dict]:
        rows = []
        for number in range(1, LINE_ROWS + 1):
            item, quantity = self.cleaned_data.get(f"item_{number}"), self.cleaned_data.get(f"quantity_{number}")
            if item is not None or quantity is not None:
                rows.append({"item": item, "quantity": quantity, "number": number})
        return rows

    def clean(self):
        cleaned = super().clean()
        for row in self.lines():
            if row["item"] is None:
                self.add_error(f"item_{row['number']}", _("Choose the item."))
            if row["quantity"] is None:
                self.add_error(f"quantity_{row['number']}", _("Enter a quantity."))
        return cleaned


class DecisionForm(IdempotentForm):
    reason = forms.CharField(
        label=_("Reason (required when less than requested is approved)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, lines, **kwargs):
        self.request_lines = list(lines)
        super().__init__(*args, **kwargs)

    def _scope_fields(self):
        for line in self.request_lines:
            self.fields[f"approved_{line.pk}"] = forms.DecimalField(
                label=f"{line.item.name} ({line.item.unit})",
                initial=line.quantity_requested,
                min_value=0,
                max_digits=20,
                decimal_places=6,
                help_text=_("Requested: %(q)s") % {"q": line.quantity_requested.normalize()},
            )

    def approved(self) -> dict:
        return {line.pk: self.cleaned_data[f"approved_{line.pk}"] for line in self.request_lines}


class DispatchForm(IdempotentForm):
    source = forms.ModelChoiceField(label=_("From warehouse"), queryset=None)
    vehicle = forms.CharField(label=_("Vehicle / plate number"), required=False, max_length=60)
    driver = forms.CharField(label=_("Driver"), required=False, max_length=120)

    def _scope_fields(self):
        self.fields["source"].queryset = _locations(self.user, WAREHOUSE_KINDS)


class ReceiveForm(IdempotentForm):
    note = forms.CharField(
        label=_("Note (required when something is short or damaged)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, lines, **kwargs):
        self.dispatch_lines = list(lines)
        super().__init__(*args, **kwargs)

    def _scope_fields(self):
        for line in self.dispatch_lines:
            label = f"{line.item.name} · {line.batch.code}"
            self.fields[f"received_{line.pk}"] = forms.DecimalField(
                label=_("%(item)s: received") % {"item": label},
                initial=line.quantity,
                max_digits=20,
                decimal_places=6,
                help_text=_("Sent: %(q)s %(unit)s") % {"q": line.quantity.normalize(), "unit": line.item.unit},
            )
            self.fields[f"damaged_{line.pk}"] = forms.DecimalField(
                label=_("%(item)s: damaged") % {"item": label},
                initial=0,
                required=False,
                max_digits=20,
                decimal_places=6,
            )

    def lines(self) -> dict:
        return {
            line.pk: {
                "received": self.cleaned_data[f"received_{line.pk}"],
                "damaged": self.cleaned_data.get(f"damaged_{line.pk}") or 0,
            }
            for line in self.dispatch_lines
        }


class DonationForm(IdempotentForm):
    donor = forms.ModelChoiceField(label=_("Donor"), queryset=None)
    warehouse = forms.ModelChoiceField(label=_("Received into"), queryset=None)
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    value_estimate = forms.DecimalField(label=_("Estimated value (Rp)"), max_digits=16, decimal_places=2)
    disaster = forms.ModelChoiceField(label=_("Disaster"), queryset=None, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def _scope_fields(self):
        from clusters.selectors import disaster_list

        self.fields["donor"].queryset = _locations(self.user, {LocationKind.SUPPLIER})
        self.fields["warehouse"].queryset = _locations(self.user, WAREHOUSE_KINDS)
        self.fields["disaster"].queryset = disaster_list(user=self.user)
        for number in range(1, LINE_ROWS + 1):
            self.fields[f"item_{number}"] = forms.ModelChoiceField(
                label=_("Item %(n)s") % {"n": number}, queryset=_items(self.user), required=False
            )
            self.fields[f"quantity_{number}"] = forms.DecimalField(
                label=_("Quantity %(n)s") % {"n": number}, required=False, max_digits=20, decimal_places=6
            )
            self.fields[f"batch_{number}"] = forms.CharField(
                label=_("Batch %(n)s") % {"n": number}, required=False, max_length=60
            )
            self.fields[f"expiry_{number}"] = forms.DateField(
                label=_("Expiry date %(n)s") % {"n": number},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    def lines(self) -> list[dict]:
        rows = []
        for number in range(1, LINE_ROWS + 1):
            item = self.cleaned_data.get(f"item_{number}")
            if item is None:
                continue
            rows.append(
                {
                    "item": item,
                    "quantity": self.cleaned_data.get(f"quantity_{number}"),
                    "batch_code": self.cleaned_data.get(f"batch_{number}") or "",
                    "expiry_date": self.cleaned_data.get(f"expiry_{number}"),
                }
            )
        return rows
