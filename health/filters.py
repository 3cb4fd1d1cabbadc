import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Consultation, HealthPost, PostKind, Signal, SignalState

KABKOTA_LABEL = _("Kabupaten/kota code (e.g. 36.02)")


class HealthPostFilter(django_filters.FilterSet):
    disaster = django_filters.NumberFilter(label=_("Disaster event id"))
    kabkota = django_filters.CharFilter(label=KABKOTA_LABEL)
    cluster = django_filters.CharFilter(label=_("Cluster code (health posts belong to kesehatan)"))
    date = django_filters.DateFilter(label=_("Open on this day"))
    kind = django_filters.ChoiceFilter(choices=PostKind.choices, label=_("Kind"))
    q = django_filters.CharFilter(label=_("Name or desa contains"))

    class Meta:
        model = HealthPost
        fields = ["disaster", "kabkota", "cluster", "date", "kind", "q"]

    def filter_queryset(self, queryset):
        # The selector applies the filters; the FilterSet checks and documents them.
        return queryset


class ConsultationFilter(django_filters.FilterSet):
    disaster = django_filters.NumberFilter(label=_("Disaster event id"))
    kabkota = django_filters.CharFilter(label=KABKOTA_LABEL)
    cluster = django_filters.CharFilter(label=_("Cluster code"))
    post = django_filters.NumberFilter(label=_("Health post id"))
    date = django_filters.DateFilter(label=_("Day"))
    date_from = django_filters.DateFilter(label=_("From day"))
    date_to = django_filters.DateFilter(label=_("Until day"))

    class Meta:
        model = Consultation
        fields = ["disaster", "kabkota", "cluster", "post", "date", "date_from", "date_to"]

    def filter_queryset(self, queryset):
        return queryset


class SignalFilter(django_filters.FilterSet):
    disaster = django_filters.NumberFilter(label=_("Disaster event id"))
    kabkota = django_filters.CharFilter(label=KABKOTA_LABEL)
    cluster = django_filters.CharFilter(label=_("Cluster code"))
    state = django_filters.ChoiceFilter(choices=SignalState.choices, label=_("State"))
    date = django_filters.DateFilter(label=_("Above the threshold on this day"))

    class Meta:
        model = Signal
        fields = ["disaster", "kabkota", "cluster", "state", "date"]

    def filter_queryset(self, queryset):
        return queryset


def cleaned_filters(filterset_class, params) -> dict:
    """The valid filter values from a query string, as the selectors take them (invalid ones are dropped)."""
    filterset = filterset_class(params)
    filterset.is_valid()
    return {
        name: value
        for name, value in filterset.form.cleaned_data.items()
        if name not in filterset.errors and value not in (None, "")
    }
