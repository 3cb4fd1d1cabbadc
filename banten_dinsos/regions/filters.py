import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import Region, RegionLevel
from .selectors import kabkota_list


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


@extend_schema_field(OpenApiTypes.STR)
class KabkotaFilter(django_filters.ModelChoiceFilter):
    """A kabupaten/kota by its code (e.g. ``36.02``). A FilterSet narrows the choices to the ones the user may see
    in its ``limit_choices``: another kabupaten/kota is "not one of the choices", exactly like a missing one."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Kabupaten/kota"))
        kwargs.setdefault("empty_label", _("All"))
        kwargs.setdefault("field_name", "kabkota")
        kwargs.setdefault("queryset", kabkota_list())
        super().__init__(to_field_name="code", **kwargs)
