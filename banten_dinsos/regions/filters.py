import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Region, RegionLevel


class RegionFilter(django_filters.FilterSet):
    code = django_filters.CharFilter(field_name="code", lookup_expr="exact", label=_("Exact code"))
    within = django_filters.CharFilter(
        method="filter_within", label=_("Code prefix: this region and everything under it (e.g. 36.02)")
    )
    parent = django_filters.CharFilter(field_name="parent_id", label=_("Parent code"))
    level = django_filters.ChoiceFilter(choices=RegionLevel.choices, label=_("Level"))
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name contains"))

    class Meta:
        model = Region
        fields = ["code", "within", "parent", "level", "name"]

    def filter_within(self, queryset, name, value):
        return queryset.within(value)
