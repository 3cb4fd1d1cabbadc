"""The filters of every volunteers list, used by the selectors, the API and the pages alike. Every choice that names a
record (a disaster, a member, a unit, a place) offers only what the user may see."""

from datetime import date

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from banten_dinsos.accounts.forms import scoped_kabkota_list
from banten_dinsos.core.filtering import PortalFilterSet
from banten_dinsos.regions.filters import KabkotaFilter
from clusters.models import Disaster, DisasterType
from clusters.selectors import disaster_list
from shelters import selectors as shelter_selectors
from shelters.models import LdpPost, Shelter

from .models import (
    Availability,
    Deployment,
    DeploymentRole,
    DeploymentStatus,
    KsbStatus,
    KsbUnit,
    MemberSkill,
    Skill,
    TaganaMember,
    Training,
    TrainingKind,
)


def valid_skills_filter(*, on: date) -> Q:
    """Skill entries that count on ``on``: roster entries and certificates that have not expired."""
    return Q(valid_until__isnull=True) | Q(valid_until__gte=on)


def members_holding(queryset: QuerySet[TaganaMember], *, skill_code: str, on: date | None = None):
    """Members of ``queryset`` holding the skill on ``on`` (today)."""
    held = MemberSkill.objects.filter(
        valid_skills_filter(on=on or timezone.localdate()), member=OuterRef("pk"), skill__code=skill_code
    )
    return queryset.filter(Exists(held))


def members_matching(queryset: QuerySet[TaganaMember], *, text: str):
    """Members of ``queryset`` whose name contains ``text`` or whose member number is ``text``."""
    text = text.strip()
    return queryset.filter(Q(full_name__icontains=text) | Q(member_number__iexact="".join(text.split())))


class MemberFilter(PortalFilterSet):
    q = django_filters.CharFilter(
        method="filter_q", label=_("Name or member number"), help_text="Name, or the exact member number"
    )
    kabkota = KabkotaFilter()
    availability = django_filters.ChoiceFilter(
        choices=Availability.choices, label=_("Availability"), empty_label=_("All")
    )
    skill = django_filters.ModelChoiceFilter(
        queryset=Skill.objects.filter(is_active=True),
        to_field_name="code",
        method="filter_skill",
        label=_("Skill"),
        empty_label=_("All"),
        help_text="Skill code (valid today)",
    )

    class Meta(PortalFilterSet.Meta):
        model = TaganaMember
        fields = ["kabkota", "availability"]

    def limit_choices(self):
        self.filters["kabkota"].queryset = scoped_kabkota_list(self.user)

    @extend_schema_field(OpenApiTypes.STR)  # a skill code
    def filter_skill(self, queryset, name, value):
        return members_holding(queryset, skill_code=value.code)

    def filter_q(self, queryset, name, value):
        return members_matching(queryset, text=value)


class KsbUnitFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    kabkota = KabkotaFilter()
    status = django_filters.ChoiceFilter(choices=KsbStatus.choices, label=_("Status"), empty_label=_("All"))
    hazard = django_filters.ModelChoiceFilter(
        field_name="hazards",
        queryset=DisasterType.objects.all(),
        label=_("Hazard"),
        help_text="BNPB code, e.g. 101",
    )

    class Meta(PortalFilterSet.Meta):
        model = KsbUnit
        fields = ["kabkota", "status"]

    def limit_choices(self):
        self.filters["kabkota"].queryset = scoped_kabkota_list(self.user)

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(desa__name__icontains=value))


class TrainingFilter(PortalFilterSet):
    kabkota = KabkotaFilter()
    kind = django_filters.ChoiceFilter(choices=TrainingKind.choices, label=_("Kind"), empty_label=_("All"))
    year = django_filters.NumberFilter(
        field_name="starts_on", lookup_expr="year", label=_("Year"), min_value=2000, max_value=2100
    )

    class Meta(PortalFilterSet.Meta):
        model = Training
        fields = ["kabkota", "kind"]

    def limit_choices(self):
        self.filters["kabkota"].queryset = scoped_kabkota_list(self.user)


class DeploymentFilter(PortalFilterSet):
    disaster = django_filters.ModelChoiceFilter(
        queryset=Disaster.objects.none(), label=_("Disaster event"), empty_label=_("All")
    )
    member = django_filters.ModelChoiceFilter(queryset=TaganaMember.objects.none(), label=_("TAGANA member"))
    ksb_unit = django_filters.ModelChoiceFilter(queryset=KsbUnit.objects.none(), label=_("KSB unit"))
    shelter = django_filters.ModelChoiceFilter(queryset=Shelter.objects.none(), label=_("Shelter"))
    ldp_post = django_filters.ModelChoiceFilter(queryset=LdpPost.objects.none(), label=_("LDP post"))
    kabkota = KabkotaFilter(label=_("Home kabupaten/kota"), help_text="Home kabupaten/kota of the volunteer")
    status = django_filters.ChoiceFilter(choices=DeploymentStatus.choices, label=_("Status"), empty_label=_("All"))
    role = django_filters.ChoiceFilter(choices=DeploymentRole.choices, label=_("Role"), empty_label=_("All"))
    running = django_filters.BooleanFilter(
        method="filter_running", label=_("On assignment now"), help_text="On assignment right now"
    )

    class Meta(PortalFilterSet.Meta):
        model = Deployment
        fields = ["disaster", "member", "ksb_unit", "shelter", "ldp_post", "kabkota", "status", "role"]

    def limit_choices(self):
        from .selectors import ksb_unit_list, member_list  # the selectors apply this FilterSet

        user = self.user
        self.filters["disaster"].queryset = disaster_list(user=user)
        self.filters["member"].queryset = member_list(user=user)
        self.filters["ksb_unit"].queryset = ksb_unit_list(user=user)
        self.filters["shelter"].queryset = shelter_selectors.shelter_list(user=user)
        self.filters["ldp_post"].queryset = shelter_selectors.ldp_post_list(user=user)
        self.filters["kabkota"].queryset = scoped_kabkota_list(user)

    def filter_running(self, queryset, name, value):
        now = timezone.now()
        running = Q(status=DeploymentStatus.ACTIVE, start_at__lte=now) & ~Q(end_at__lte=now)
        return queryset.filter(running) if value else queryset.exclude(running)
