import django_filters
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .models import AccessStatus, AreaAccess, RoadAccess

region_code = RegexValidator(
    r"^36(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$", _("Give a Kemendagri region code such as 36.71 or 36.71.08.")
)


class _AccessFilter(django_filters.FilterSet):
    disaster = django_filters.NumberFilter(label=_("Disaster event id"))
    kabkota = django_filters.CharFilter(label=_("Kabupaten/kota code (e.g. 36.71)"), validators=[region_code])
    cluster = django_filters.CharFilter(label=_("Cluster code (access belongs to sarana-prasarana)"))
    area = django_filters.CharFilter(
        label=_("Region code, including everything below it (e.g. 36.71.08)"), validators=[region_code]
    )
    road_access = django_filters.ChoiceFilter(choices=RoadAccess.choices, label=_("Road access"))

    def filter_queryset(self, queryset):
        # The selector applies the filters; the FilterSet checks and documents them.
        return queryset


class AccessStatusFilter(_AccessFilter):
    date = django_filters.DateFilter(label=_("Observed on this day"))
    date_from = django_filters.DateFilter(label=_("Observed from this day"))
    date_to = django_filters.DateFilter(label=_("Observed until this day"))

    class Meta:
        model = AccessStatus
        fields = ["disaster", "kabkota", "cluster", "area", "road_access", "date", "date_from", "date_to"]


class AreaAccessFilter(_AccessFilter):
    isolated = django_filters.BooleanFilter(label=_("Cut off now"))
    restored = django_filters.BooleanFilter(label=_("Access restored after being cut off"))
    date = django_filters.DateFilter(label=_("Latest observation on or before this day"))

    class Meta:
        model = AreaAccess
        fields = ["disaster", "kabkota", "cluster", "area", "road_access", "isolated", "restored", "date"]


def cleaned_filters(filterset_class, params) -> dict:
    """The valid filter values from a query string, as the selectors take them (invalid ones are dropped)."""
    filterset = filterset_class(params)
    filterset.is_valid()
    return {
        name: value
        for name, value in filterset.form.cleaned_data.items()
        if name not in filterset.errors and value not in (None, "")
    }
