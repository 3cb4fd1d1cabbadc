"""The filters of every shelters list, used by the selectors, the API and the pages alike."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from banten_dinsos.accounts.forms import scoped_kabkota_list
from banten_dinsos.core.filtering import PortalFilterSet
from banten_dinsos.regions.filters import KabkotaFilter
from clusters.models import Disaster
from clusters.selectors import disaster_list

from .models import Evacuee, EvacueeStatus, LdpSession, Shelter, ShelterKind, ShelterStatus, SphereState


class ShelterFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    disaster = django_filters.ModelChoiceFilter(
        field_name="disasters", queryset=Disaster.objects.none(), label=_("Disaster"), empty_label=_("All")
    )
    kabkota = KabkotaFilter()
    status = django_filters.ChoiceFilter(choices=ShelterStatus.choices, label=_("Status"), empty_label=_("All"))
    kind = django_filters.ChoiceFilter(choices=ShelterKind.choices, label=_("Kind"), empty_label=_("All"))
    sphere_state = django_filters.ChoiceFilter(
        choices=SphereState.choices, label=_("Sphere state"), empty_label=_("All")
    )

    class Meta(PortalFilterSet.Meta):
        model = Shelter
        fields = ["disaster", "kabkota", "status", "kind", "sphere_state"]

    def limit_choices(self):
        self.filters["disaster"].queryset = disaster_list(user=self.user)
        self.filters["kabkota"].queryset = scoped_kabkota_list(self.user)

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(desa__name__icontains=value))


VULNERABLE = (
    Q(is_pregnant=True)
    | Q(is_nursing=True)
    | Q(has_disability=True)
    | Q(is_chronically_ill=True)
    | Q(is_unaccompanied_child=True)
)


class EvacueeFilter(PortalFilterSet):
    """Search by name here; by NIK only through the POST search, so a NIK never appears in a URL."""

    q = django_filters.CharFilter(field_name="full_name", lookup_expr="icontains", label=_("Name"))
    status = django_filters.ChoiceFilter(choices=EvacueeStatus.choices, label=_("Status"), empty_label=_("All"))
    shelter = django_filters.NumberFilter(field_name="shelter_id", label=_("Shelter"))
    no_kk = django_filters.CharFilter(field_name="no_kk", label=_("No. KK"))
    vulnerable = django_filters.BooleanFilter(method="filter_vulnerable", label=_("Needs attention"))

    class Meta(PortalFilterSet.Meta):
        model = Evacuee
        fields = ["q", "status", "shelter", "no_kk", "vulnerable"]

    def filter_vulnerable(self, queryset, name, value):
        return queryset.filter(VULNERABLE) if value else queryset


class LdpSessionFilter(PortalFilterSet):
    shelter = django_filters.NumberFilter(field_name="shelter_id", label=_("Shelter"))
    post = django_filters.NumberFilter(field_name="post_id", label=_("LDP post"))

    class Meta(PortalFilterSet.Meta):
        model = LdpSession
        fields = ["shelter", "post"]
