"""The filters of every logistics list, used by the selectors, the API and the pages alike.

Every field is optional and invalid input names its field (a 400 in the API, errors on the page's form). Choices hold
only what the user may see: a place, request or disaster outside their area is "not one of the choices", exactly like
one that does not exist. The choice querysets come from the scoped selectors, which apply these filters in turn, so
``limit_choices`` imports them when it runs.
"""

from datetime import timedelta

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from banten_dinsos.core.filtering import FilterForm, PortalFilterSet
from banten_dinsos.regions.filters import KabkotaFilter
from clusters.models import Disaster

from .models import (
    WAREHOUSE_KINDS,
    Dispatch,
    DispatchStatus,
    Donation,
    Item,
    ItemCategory,
    Location,
    LocationKind,
    MoveKind,
    RequestStatus,
    StockBalance,
    StockMove,
    StockRequest,
)

DISTRIBUTION_GROUP_CHOICES = [
    ("kabkota", _("Kabupaten/kota")),
    ("disaster", _("Disaster")),
    ("desa", _("Desa/kelurahan")),
    ("shelter", _("Shelter or place")),
]


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class YesNoSelect(forms.Select):
    """All / yes / no. The answer reaches the field as sent, so something else is refused instead of read as "all"."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))])

    def format_value(self, value):
        return super().format_value({True: "true", False: "false"}.get(value, value))


class YesNoField(forms.NullBooleanField):
    widget = YesNoSelect
    TRUE, FALSE = (True, "true", "True", "1"), (False, "false", "False", "0")

    def to_python(self, value):
        if value in self.TRUE:
            return True
        if value in self.FALSE:
            return False
        if value in (None, ""):
            return None
        raise ValidationError(_("Answer true or false."), code="invalid")


class YesNoFilter(django_filters.BooleanFilter):
    field_class = YesNoField


@extend_schema_field(OpenApiTypes.INT)
class RecordFilter(django_filters.ModelChoiceFilter):
    """A record by its id; the choices are the ones the user may see (set in ``limit_choices``)."""

    def __init__(self, model, **kwargs):
        kwargs.setdefault("empty_label", _("All"))
        super().__init__(queryset=model.objects.none(), **kwargs)


class PeriodForm(FilterForm):
    """A filter form with a ``since``/``until`` period that must not run backwards."""

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the period cannot be before its start."))
        return cleaned


def _item_choices(user):
    """Every item, withdrawn ones too (old moves and balances name them), without the kit contents the lists show."""
    from .selectors import item_list

    return item_list(user=user).prefetch_related(None)


def _scoped_choices(filterset, **choices):
    for name, queryset in choices.items():
        if name in filterset.filters:
            filterset.filters[name].queryset = queryset


# --- places and catalogue -----------------------------------------------------------------------------------------
class LocationFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"), max_length=100)
    kind = django_filters.ChoiceFilter(choices=LocationKind.choices, label=_("Kind"), empty_label=_("All"))
    kabkota = KabkotaFilter()
    warehouses = YesNoFilter(method="filter_warehouses", label=_("Warehouses only"), widget=forms.HiddenInput)
    active = YesNoFilter(field_name="is_active", label=_("Active"))

    class Meta(PortalFilterSet.Meta):
        model = Location
        fields = ["q", "kind", "kabkota", "warehouses", "active"]

    def limit_choices(self):
        from .selectors import kabkota_choices

        _scoped_choices(self, kabkota=kabkota_choices(user=self.user))

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))

    def filter_warehouses(self, queryset, name, value):
        return queryset.filter(kind__in=sorted(WAREHOUSE_KINDS)) if value else queryset


class ItemFilter(PortalFilterSet):
    """The catalogue in use: withdrawn items are left out unless ``active`` says otherwise (``false``: only those,
    empty: all)."""

    category = django_filters.ChoiceFilter(choices=ItemCategory.choices, label=_("Category"), empty_label=_("All"))
    q = django_filters.CharFilter(method="filter_q", label=_("Search"), max_length=100)
    active = YesNoFilter(field_name="is_active", label=_("Active"))

    class Meta(PortalFilterSet.Meta):
        model = Item
        fields = ["category", "q", "active"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "active" not in data:
            data = {**data.dict(), "active": True} if hasattr(data, "dict") else {**data, "active": True}
        super().__init__(data, *args, **kwargs)

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


# --- stock --------------------------------------------------------------------------------------------------------
class BalanceFilter(PortalFilterSet):
    location = RecordFilter(Location, label=_("Place"))
    item = RecordFilter(Item, label=_("Item"))
    kabkota = KabkotaFilter()
    category = django_filters.ChoiceFilter(
        field_name="item__category", choices=ItemCategory.choices, label=_("Category"), empty_label=_("All")
    )

    class Meta(PortalFilterSet.Meta):
        model = StockBalance
        fields = ["location", "item", "kabkota", "category"]

    def limit_choices(self):
        from .selectors import kabkota_choices, location_list

        _scoped_choices(
            self,
            location=location_list(user=self.user),
            item=_item_choices(self.user),
            kabkota=kabkota_choices(user=self.user),
        )


EXPIRY_WARNING_DAYS = 30


@extend_schema_field(OpenApiTypes.INT)
class DaysFilter(django_filters.NumberFilter):
    """A whole number of days (a fraction is refused, not rounded)."""

    field_class = forms.IntegerField


class ExpiringFilter(BalanceFilter):
    """Batches on hand that expire within ``days`` (0–365, default 30) or have expired, narrowed like the stock list."""

    days = DaysFilter(method="filter_days", label=_("Expiring within (days)"), min_value=0, max_value=365)

    class Meta(BalanceFilter.Meta):
        fields = ["days", "location", "item", "kabkota", "category"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("days") in (None, ""):
            data = {**(data.dict() if hasattr(data, "dict") else data), "days": EXPIRY_WARNING_DAYS}
        super().__init__(data, *args, **kwargs)

    def filter_days(self, queryset, name, value):
        return queryset.filter(expiry_date__lte=timezone.localdate() + timedelta(days=value))


class PositionFilter(PortalFilterSet):
    """The stock position's choice: one warehouse or one kabupaten/kota, among those the user may see (the position
    is a report per item, so its selector takes the chosen warehouse or code; this FilterSet checks the choice)."""

    location = RecordFilter(Location, label=_("Warehouse"))
    kabkota = KabkotaFilter()

    class Meta(PortalFilterSet.Meta):
        model = StockBalance
        fields = ["location", "kabkota"]

    def limit_choices(self):
        from .selectors import kabkota_choices, warehouse_list

        _scoped_choices(self, location=warehouse_list(user=self.user), kabkota=kabkota_choices(user=self.user))


# --- ledger -------------------------------------------------------------------------------------------------------
class MoveFilter(PortalFilterSet):
    """The ledger's filters; ``location`` matches either side of a move."""

    location = RecordFilter(Location, method="filter_location", label=_("Place"))
    item = RecordFilter(Item, label=_("Item"))
    kind = django_filters.ChoiceFilter(choices=MoveKind.choices, label=_("Kind"), empty_label=_("All"))
    disaster = RecordFilter(Disaster, label=_("Disaster"))
    since = django_filters.DateFilter(
        field_name="posted_at__date", lookup_expr="gte", label=_("From"), widget=_date_widget()
    )
    until = django_filters.DateFilter(
        field_name="posted_at__date", lookup_expr="lte", label=_("Until"), widget=_date_widget()
    )
    # Links from a request, delivery note or donation to its moves: kept in the page's query, not chosen in a list.
    request = RecordFilter(StockRequest, label=_("Request"), widget=forms.HiddenInput)
    dispatch = RecordFilter(Dispatch, label=_("Delivery note"), widget=forms.HiddenInput)
    donation = RecordFilter(Donation, label=_("Donation"), widget=forms.HiddenInput)

    class Meta(PortalFilterSet.Meta):
        model = StockMove
        form = PeriodForm
        fields = ["location", "item", "kind", "disaster", "since", "until", "request", "dispatch", "donation"]

    def limit_choices(self):
        from clusters.selectors import disaster_list

        from .selectors import dispatch_list, donation_list, location_list, request_list

        _scoped_choices(
            self,
            location=location_list(user=self.user),
            item=_item_choices(self.user),
            disaster=disaster_list(user=self.user),
            request=request_list(user=self.user),
            dispatch=dispatch_list(user=self.user),
            donation=donation_list(user=self.user),
        )

    def filter_location(self, queryset, name, location):
        return queryset.filter(Q(source=location) | Q(destination=location))


class DistributionFilter(MoveFilter):
    """Relief that reached people: by disaster, item and period, totalled per ``group`` (which narrows nothing)."""

    group = django_filters.ChoiceFilter(
        choices=DISTRIBUTION_GROUP_CHOICES, method="filter_group", label=_("Group by"), empty_label=None
    )

    # The ledger's other filters do not apply to distributions (Django's way of leaving out an inherited field).
    location = kind = request = dispatch = donation = None

    class Meta(MoveFilter.Meta):
        fields = ["group", "disaster", "item", "since", "until"]

    def filter_group(self, queryset, name, value):
        return queryset  # the grouping is read by distribution_summary from the cleaned data


# --- requests, dispatches, donations ------------------------------------------------------------------------------
class RequestFilter(PortalFilterSet):
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices, label=_("Status"), empty_label=_("All"))
    disaster = RecordFilter(Disaster, label=_("Disaster"))
    kabkota = KabkotaFilter()

    class Meta(PortalFilterSet.Meta):
        model = StockRequest
        fields = ["status", "disaster", "kabkota"]

    def limit_choices(self):
        from clusters.selectors import disaster_list

        from .selectors import kabkota_choices

        _scoped_choices(self, disaster=disaster_list(user=self.user), kabkota=kabkota_choices(user=self.user))


class DispatchFilter(PortalFilterSet):
    status = django_filters.ChoiceFilter(choices=DispatchStatus.choices, label=_("Status"), empty_label=_("All"))
    request = RecordFilter(StockRequest, label=_("Request"), widget=forms.HiddenInput)

    class Meta(PortalFilterSet.Meta):
        model = Dispatch
        fields = ["status", "request"]

    def limit_choices(self):
        from .selectors import request_list

        _scoped_choices(self, request=request_list(user=self.user))


class DonationFilter(PortalFilterSet):
    donor = RecordFilter(Location, label=_("Donor"))
    warehouse = RecordFilter(Location, label=_("Received into"))
    disaster = RecordFilter(Disaster, label=_("Disaster"))
    since = django_filters.DateFilter(
        field_name="received_on", lookup_expr="gte", label=_("Received from"), widget=_date_widget()
    )
    until = django_filters.DateFilter(
        field_name="received_on", lookup_expr="lte", label=_("Received until"), widget=_date_widget()
    )

    class Meta(PortalFilterSet.Meta):
        model = Donation
        form = PeriodForm
        fields = ["donor", "warehouse", "disaster", "since", "until"]

    def limit_choices(self):
        from clusters.selectors import disaster_list

        from .selectors import location_list

        places = location_list(user=self.user)
        _scoped_choices(
            self,
            donor=places.filter(kind=LocationKind.SUPPLIER),
            warehouse=places.filter(kind__in=sorted(WAREHOUSE_KINDS)),
            disaster=disaster_list(user=self.user),
        )
