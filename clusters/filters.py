"""The filters of every clusters list, used by the selectors, the API and the pages alike (every field optional;
invalid input names its field). A disaster, report or need id narrows the user's already scoped list, so another
kabupaten/kota's id finds nothing, exactly like an id that does not exist."""

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.filtering import PortalFilterSet

from .models import (
    Activity,
    ActivityStatus,
    Disaster,
    EmergencyStatus,
    FieldReport,
    Need,
    NeedPriority,
    NeedStatus,
    ReportKind,
    ReportState,
)

region_code = RegexValidator(
    r"^36(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$", _("Give a Kemendagri region code such as 36.71 or 36.71.08.")
)


class RegionFilter(django_filters.CharFilter):
    """A region code: the records located in it or anywhere below it.

    Every model filtered so stores its kabupaten/kota: a kabupaten/kota is an equality on that indexed column, and
    anything deeper adds the area's code prefix to it, so no filter scans the table for ``LIKE '36.71.08%'``.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Region code, including everything below it (e.g. 36.71 or 36.71.08)"))
        kwargs.setdefault("validators", [region_code])
        super().__init__(method=self.filter_region, **kwargs)

    @staticmethod
    def filter_region(queryset, name, value):
        if len(value) < KABKOTA_CODE_LENGTH:
            return queryset.filter(area__code__startswith=value)
        if len(value) == KABKOTA_CODE_LENGTH:
            return queryset.filter(kabkota_id=value)
        return queryset.filter(kabkota_id=value[:KABKOTA_CODE_LENGTH], area__code__startswith=value)


KABKOTA_CODE_LENGTH = 5  # "36.71"


class ClusterCodeFilter(django_filters.CharFilter):
    """A cluster code; a national cluster includes its sub-clusters."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Cluster or sub-cluster code"))
        super().__init__(method=self.filter_cluster, **kwargs)

    @staticmethod
    def filter_cluster(queryset, name, value):
        return queryset.filter(Q(cluster__code=value) | Q(sector__code=value))


class DisasterFilter(PortalFilterSet):
    status = django_filters.ChoiceFilter(
        choices=EmergencyStatus.choices, label=_("Emergency status"), empty_label=_("All")
    )
    active = django_filters.BooleanFilter(method="filter_active", label=_("Not yet closed"))
    disaster_type = django_filters.CharFilter(field_name="disaster_type_id", label=_("BNPB disaster type code"))
    region = django_filters.CharFilter(
        method="filter_region", validators=[region_code], label=_("Affects this region's kabupaten/kota")
    )
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title contains"))

    class Meta(PortalFilterSet.Meta):
        model = Disaster
        fields = ["status", "active", "disaster_type", "region", "q"]

    def filter_active(self, queryset, name, value):
        if value is None:
            return queryset
        closed = EmergencyStatus.SELESAI
        return queryset.exclude(status=closed) if value else queryset.filter(status=closed)

    def filter_region(self, queryset, name, value):
        through = Disaster.affected_kabkota.through.objects.filter(
            Q(region__code__startswith=value) | Q(region_id=value[:5])
        )
        return queryset.filter(pk__in=through.values("disaster_id"))


class FieldReportFilter(PortalFilterSet):
    disaster = django_filters.NumberFilter(field_name="disaster_id", label=_("Disaster event id"))
    state = django_filters.ChoiceFilter(choices=ReportState.choices, label=_("State"), empty_label=_("All"))
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices, label=_("Kind"), empty_label=_("All"))
    region = RegionFilter()
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("Only reports I wrote"))
    observed_after = django_filters.IsoDateTimeFilter(field_name="observed_at", lookup_expr="gte")
    observed_before = django_filters.IsoDateTimeFilter(field_name="observed_at", lookup_expr="lt")

    class Meta(PortalFilterSet.Meta):
        model = FieldReport
        fields = ["disaster", "state", "kind", "region", "mine", "observed_after", "observed_before"]

    def filter_mine(self, queryset, name, value):
        return queryset.filter(created_by=self.user) if value else queryset


class VerificationQueueFilter(FieldReportFilter):
    """The verification queue holds submitted reports of every officer: neither a state nor "mine" applies."""

    state = None
    mine = None

    class Meta(FieldReportFilter.Meta):
        fields = ["disaster", "kind", "region", "observed_after", "observed_before"]


class NeedFilter(PortalFilterSet):
    disaster = django_filters.NumberFilter(field_name="disaster_id", label=_("Disaster event id"))
    cluster = ClusterCodeFilter()
    status = django_filters.ChoiceFilter(choices=NeedStatus.choices, label=_("Status"))
    priority = django_filters.ChoiceFilter(choices=NeedPriority.choices, label=_("Priority"))
    region = RegionFilter()

    class Meta(PortalFilterSet.Meta):
        model = Need
        fields = ["disaster", "cluster", "status", "priority", "region"]


class ActivityFilter(PortalFilterSet):
    disaster = django_filters.NumberFilter(field_name="disaster_id", label=_("Disaster event id"))
    cluster = ClusterCodeFilter()
    status = django_filters.ChoiceFilter(choices=ActivityStatus.choices, label=_("Status"))
    agency = django_filters.CharFilter(field_name="agency__code", label=_("Agency code"))
    region = RegionFilter()

    class Meta(PortalFilterSet.Meta):
        model = Activity
        fields = ["disaster", "cluster", "status", "agency", "region"]
