"""The filters of every Jitupasna list, used by the selectors, the API and the pages alike (every field optional;
invalid input names its field). Choice lists hold only what the user may see."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.filtering import PortalFilterSet
from banten_dinsos.regions.models import RegionLevel
from banten_dinsos.regions.selectors import kabkota_list
from clusters.models import Disaster
from clusters.selectors import disaster_list

from .forms import RegionChoiceField
from .models import Assessment, AssessmentStatus, DamageEntry, Sector


class KabkotaFilter(django_filters.ModelChoiceFilter):
    """A kabupaten/kota by its code, listed by name."""

    field_class = RegionChoiceField


class AssessmentFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"), max_length=100)
    # Another kabupaten/kota's disaster is "not one of the choices", exactly like one that does not exist.
    disaster = django_filters.ModelChoiceFilter(
        queryset=Disaster.objects.none(), label=_("Disaster event"), widget=forms.HiddenInput
    )
    status = django_filters.ChoiceFilter(
        choices=AssessmentStatus.choices, label=_("Status"), empty_label=_("All statuses")
    )

    class Meta(PortalFilterSet.Meta):
        model = Assessment
        fields = ["q", "disaster", "status"]

    def limit_choices(self):
        self.filters["disaster"].queryset = disaster_list(user=self.user)

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(disaster__title__icontains=value))


class EntryFilter(PortalFilterSet):
    """Damage, loss and needs entries by sector and kabupaten/kota (codes); an officer's kabupaten/kota is their only
    choice, so another one is refused like one that does not exist."""

    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.filter(is_active=True),
        to_field_name="code",
        method="filter_sector",
        label=_("Sector"),
        empty_label=_("All sectors"),
    )
    kabkota = KabkotaFilter(
        queryset=kabkota_list(),
        to_field_name="code",
        field_name="kabkota",
        label=_("Kabupaten/kota"),
        empty_label=_("All kabupaten/kota"),
    )

    class Meta(PortalFilterSet.Meta):
        model = DamageEntry  # the same filters serve loss and needs entries
        fields = ["sector", "kabkota"]

    def limit_choices(self):
        from .selectors import kabkota_choices  # the selectors apply these filters, so they import this module

        self.filters["kabkota"].queryset = kabkota_choices(user=self.user).filter(level=RegionLevel.KABKOTA)

    def filter_sector(self, queryset, name, sector):
        # Needs entries belong to a sector; damage and loss entries to a sub-sector of one.
        field = "sector" if queryset.model._meta.model_name == "needsentry" else "sub_sector__sector"
        return queryset.filter(**{field: sector})
