"""The filters of every meetings list, used by the selectors, the API and the pages alike (every field optional;
invalid input names its field). Choice lists hold only what the user may see."""

from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.filtering import FilterForm, PortalFilterSet
from banten_dinsos.regions.selectors import kabkota_list
from clusters.models import Disaster
from clusters.selectors import cluster_list, disaster_list

from .forms import AgencyChoiceField, _date_widget, active_agencies
from .models import (
    CLOSED_ACTION_STATUSES,
    WIB,
    ActionItem,
    ActionItemStatus,
    InputRound,
    Meeting,
    MeetingKind,
    MeetingStatus,
)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=WIB)


class CheckboxFilter(django_filters.Filter):
    """A tick box: ticked ("on", "true") narrows the list through ``method``; unticked leaves it whole."""

    field_class = forms.BooleanField

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxInput)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    """A record id: a whole number from 1 (a fraction or a number the database cannot hold is refused, not guessed)."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(**kwargs)


class AgencyFilter(django_filters.ModelChoiceFilter):
    """An active agency by its code, listed by name."""

    field_class = AgencyChoiceField


class MeetingFilterForm(FilterForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_to"] < cleaned["date_from"]:
            self.add_error("date_to", _("The end of the period cannot be before its start."))
        return cleaned


class MeetingFilter(PortalFilterSet):
    """Filters of the meeting list, the calendar and the API list."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    kind = django_filters.ChoiceFilter(
        choices=MeetingKind.choices, label=_("Kind of meeting"), empty_label=_("All kinds")
    )
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices, label=_("Status"), empty_label=_("All"))
    disaster = django_filters.ModelChoiceFilter(
        queryset=Disaster.objects.none(), label=_("Disaster event"), empty_label=_("All disasters")
    )
    cluster = django_filters.ModelChoiceFilter(
        queryset=cluster_list(user=None),
        to_field_name="code",
        method="filter_cluster",
        label=_("Cluster"),
        empty_label=_("All clusters"),
    )
    kabkota = django_filters.ModelChoiceFilter(
        queryset=kabkota_list(),
        to_field_name="code",
        method="filter_kabkota",
        label=_("Kabupaten/kota"),
        empty_label=_("All kabupaten/kota"),
    )
    date_from = django_filters.DateFilter(method="filter_date_from", label=_("From"), widget=_date_widget())
    date_to = django_filters.DateFilter(method="filter_date_to", label=_("Until"), widget=_date_widget())
    upcoming = django_filters.BooleanFilter(
        method="filter_upcoming", label=_("Upcoming only"), widget=forms.HiddenInput
    )

    class Meta:
        model = Meeting
        form = MeetingFilterForm
        fields = ["q", "kind", "status", "disaster", "cluster", "kabkota", "date_from", "date_to", "upcoming"]

    def limit_choices(self):
        # Another kabupaten/kota's disaster is "not one of the choices", exactly like one that does not exist.
        self.filters["disaster"].queryset = disaster_list(user=self.user)

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(place__icontains=value))

    def filter_cluster(self, queryset, name, cluster):
        # A cluster includes its sub-clusters.
        through = Meeting.clusters.through.objects.filter(meeting_id=OuterRef("pk")).filter(
            Q(cluster__code=cluster.code) | Q(cluster__parent__code=cluster.code)
        )
        return queryset.filter(Exists(through))

    def filter_kabkota(self, queryset, name, region):
        through = Meeting.concerned_kabkota.through.objects.filter(meeting_id=OuterRef("pk"), region_id=region.code)
        return queryset.filter(Exists(through))

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(ends_at__gte=_day_start(value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(starts_at__lt=_day_start(value + timedelta(days=1)))

    def filter_upcoming(self, queryset, name, value):
        if value is not True:
            return queryset
        return queryset.filter(ends_at__gte=timezone.now()).order_by("starts_at", "id")


class ActionItemFilter(PortalFilterSet):
    """Filters of the follow-up list and the API list; ``mine`` means owned by the user or the user's agency."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    meeting = IdFilter(field_name="meeting_id", label=_("Meeting"), widget=forms.HiddenInput)
    status = django_filters.ChoiceFilter(choices=ActionItemStatus.choices, label=_("Status"), empty_label=_("All"))
    owner_agency = AgencyFilter(
        queryset=active_agencies(),
        to_field_name="code",
        label=_("Owner agency"),
        empty_label=_("All agencies"),
    )
    overdue = CheckboxFilter(method="filter_overdue", label=_("Overdue only"))
    mine = CheckboxFilter(method="filter_mine", label=_("My agency's only"))
    open = CheckboxFilter(method="filter_open", label=_("Not done or dropped"))

    class Meta:
        model = ActionItem
        form = FilterForm
        fields = ["q", "meeting", "status", "owner_agency", "overdue", "mine", "open"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(owner_person__icontains=value))

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        mine = Q(owner_user=self.user)
        if getattr(self.user, "agency_id", None):
            mine |= Q(owner_agency_id=self.user.agency_id)
        return queryset.filter(mine)

    def filter_open(self, queryset, name, value):
        return queryset.exclude(status__in=CLOSED_ACTION_STATUSES) if value else queryset


class InputRoundFilter(PortalFilterSet):
    meeting = IdFilter(field_name="meeting_id", label=_("Meeting"))
    open = CheckboxFilter(method="filter_open", label=_("Still open"))

    class Meta:
        model = InputRound
        form = FilterForm
        fields = ["meeting", "open"]

    def filter_open(self, queryset, name, value):
        return queryset.filter(closed_at__isnull=True) if value else queryset
