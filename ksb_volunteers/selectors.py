from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from banten_dinsos.accounts.forms import scoped_kabkota_list
from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404, scope_queryset
from banten_dinsos.core.filtering import filter_queryset
from banten_dinsos.regions.models import Region
from clusters.models import Disaster, EmergencyStatus
from clusters.selectors import disaster_list

from .filters import (
    DeploymentFilter,
    KsbUnitFilter,
    MemberFilter,
    TrainingFilter,
    valid_skills_filter,
)
from .models import (
    Availability,
    Deployment,
    DeploymentStatus,
    KsbOfficer,
    KsbUnit,
    MemberSkill,
    RosterImport,
    Skill,
    TaganaMember,
    Training,
    TrainingParticipation,
)
from .services.common import VOLUNTEER_CLUSTERS


def _scoped(queryset, *, user, kabkota_field: str = "kabkota"):
    return scope_queryset(queryset, user=user, kabkota_field=kabkota_field, clusters=VOLUNTEER_CLUSTERS)


def kabkota_choices(*, user) -> QuerySet[Region]:
    """The kabupaten/kota a user may put a member or a training in (their own for an officer)."""
    return scoped_kabkota_list(user)


def skill_list() -> QuerySet[Skill]:
    """The active skill reference list, shared by everyone signed in."""
    return Skill.objects.filter(is_active=True)


# ---------------------------------------------------------------------------------------------------------------
# KSB
# ---------------------------------------------------------------------------------------------------------------


def ksb_unit_list(*, user, filters=None) -> QuerySet[KsbUnit]:
    """KSB units the user may see, narrowed by ``filters`` (query data for ``KsbUnitFilter``)."""
    require_perm(user, Perm.VOLUNTEER_VIEW)
    queryset = _scoped(KsbUnit.objects.select_related("desa", "kabkota"), user=user)
    return filter_queryset(KsbUnitFilter, filters, queryset=queryset, user=user)


def ksb_unit_get(*, user, pk) -> KsbUnit:
    """One unit with its officers, store, stakeholders and hazards; out of scope answers 404."""
    queryset = ksb_unit_list(user=user).prefetch_related(
        "hazards", "officers", "lumbung", Prefetch("stakeholders", to_attr="stakeholder_list")
    )
    return get_scoped_or_404(queryset, pk=pk)


def ksb_unit_part_get(*, user, model, pk):
    """One officer, store item or stakeholder (``model``) of a unit the user may see; anything else answers 404."""
    units = ksb_unit_list(user=user)
    return get_scoped_or_404(model.objects.filter(unit__in=units).select_related("unit"), pk=pk)


def ksb_forum_officers(*, user) -> QuerySet[KsbOfficer]:
    """The officers who represent their units in the provincial KSB forum, by kabupaten/kota."""
    require_perm(user, Perm.VOLUNTEER_VIEW)
    units = ksb_unit_list(user=user)
    return (
        KsbOfficer.objects.filter(in_forum=True, unit__in=units)
        .select_related("unit", "unit__kabkota", "unit__desa")
        .order_by("unit__kabkota_id", "unit__name", "role", "full_name")
    )


# ---------------------------------------------------------------------------------------------------------------
# TAGANA members
# ---------------------------------------------------------------------------------------------------------------


def member_list(*, user, filters=None) -> QuerySet[TaganaMember]:
    """TAGANA members the user may see, narrowed by ``filters`` (query data for ``MemberFilter``)."""
    require_perm(user, Perm.VOLUNTEER_VIEW)
    queryset = _scoped(TaganaMember.objects.select_related("kabkota"), user=user)
    return filter_queryset(MemberFilter, filters, queryset=queryset, user=user)


def member_deployable_list(*, user) -> QuerySet[TaganaMember]:
    """Members who can be given an assignment: on standby or already deployed (not unavailable or inactive)."""
    return member_list(user=user).filter(availability__in=[Availability.STANDBY, Availability.DEPLOYED])


def disaster_open_list(*, user) -> QuerySet[Disaster]:
    """Disaster events the user may see that are not closed: the ones volunteers can still be sent to."""
    return disaster_list(user=user).exclude(status=EmergencyStatus.SELESAI)


def member_get(*, user, pk) -> TaganaMember:
    return get_scoped_or_404(member_list(user=user), pk=pk)


def member_skills(*, member: TaganaMember, on: date | None = None) -> list[Skill]:
    """The skills that count for ``member`` on ``on`` (today): roster entries and unexpired certificates."""
    on = on or timezone.localdate()
    rows = member.member_skills.filter(valid_skills_filter(on=on)).select_related("skill")
    return list(dict.fromkeys(row.skill for row in rows))


def member_skill_entries(*, member: TaganaMember) -> QuerySet[MemberSkill]:
    """Every skill entry of a member, expired ones included, with the training that certified it."""
    return member.member_skills.select_related("skill", "participation__training").order_by(
        "skill__position", "-valid_until"
    )


def members_with_valid_skills(queryset: QuerySet[TaganaMember], *, on: date | None = None):
    """``queryset`` with ``valid_skills`` (list of Skill) prefetched in one extra query, for lists."""
    on = on or timezone.localdate()
    return queryset.prefetch_related(
        Prefetch(
            "member_skills",
            queryset=MemberSkill.objects.filter(valid_skills_filter(on=on)).select_related("skill"),
            to_attr="valid_skill_entries",
        )
    )


def availability_search(
    *, user, skill: Skill, kabkota_code: str | None, start_at: datetime, end_at: datetime
) -> QuerySet[TaganaMember]:
    """Who holds ``skill`` through the whole window, lives in ``kabkota_code`` (any when None), is not marked
    unavailable or inactive, and has no assignment overlapping [start_at, end_at).

    Answered from indexes: (kabkota, availability) on members, (skill, valid_until, member) on skills and
    (member, start_at) on deployments; EXPLAIN in tests and bench/volunteer_availability.py shows the plan.
    """
    held = MemberSkill.objects.filter(
        valid_skills_filter(on=timezone.localtime(end_at).date()), member=OuterRef("pk"), skill=skill
    )
    busy = (
        Deployment.objects.filter(member=OuterRef("pk"), start_at__lt=end_at)
        .exclude(status=DeploymentStatus.CANCELLED)
        .filter(Q(end_at__isnull=True) | Q(end_at__gt=start_at))
    )
    queryset = member_list(user=user).filter(availability__in=[Availability.STANDBY, Availability.DEPLOYED])
    if kabkota_code:
        queryset = queryset.filter(kabkota_id=kabkota_code)
    return queryset.filter(Exists(held)).exclude(Exists(busy)).order_by("full_name", "id")


def member_deployments(*, user, member: TaganaMember) -> QuerySet[Deployment]:
    """A member's assignments (the member was already fetched through the user's scope)."""
    require_perm(user, Perm.VOLUNTEER_VIEW)
    return member.deployments.select_related("disaster", "shelter", "ldp_post")


def member_trainings(*, member: TaganaMember) -> QuerySet[TrainingParticipation]:
    return member.participations.select_related("training").order_by("-training__starts_on")


# ---------------------------------------------------------------------------------------------------------------
# Trainings
# ---------------------------------------------------------------------------------------------------------------


def training_list(*, user, filters=None) -> QuerySet[Training]:
    """Trainings held in the user's area (all of Banten for provincial users), newest first (``TrainingFilter``)."""
    require_perm(user, Perm.VOLUNTEER_VIEW)
    # Explicit order: a GROUP BY query drops the model's default ordering.
    queryset = (
        _scoped(Training.objects.select_related("kabkota"), user=user)
        .annotate(participant_count=Count("participations"))
        .order_by("-starts_on", "-id")
    )
    return filter_queryset(TrainingFilter, filters, queryset=queryset, user=user)


def training_get(*, user, pk) -> Training:
    return get_scoped_or_404(training_list(user=user).prefetch_related("skills"), pk=pk)


def training_participants(*, training: Training) -> QuerySet[TrainingParticipation]:
    return training.participations.select_related("member", "member__kabkota")


# ---------------------------------------------------------------------------------------------------------------
# Deployments and the duty roster
# ---------------------------------------------------------------------------------------------------------------


def deployment_list(*, user, filters=None) -> QuerySet[Deployment]:
    """Assignments of the user's own volunteers, and assignments at places in the user's kabupaten/kota
    (``DeploymentFilter``)."""
    require_perm(user, Perm.VOLUNTEER_VIEW)
    base = Deployment.objects.all()
    scoped = _scoped(base, user=user) | _scoped(base, user=user, kabkota_field="site_kabkota")
    queryset = scoped.select_related("disaster", "member", "member__kabkota", "ksb_unit", "shelter", "ldp_post")
    return filter_queryset(DeploymentFilter, filters, queryset=queryset, user=user)


def deployment_get(*, user, pk) -> Deployment:
    return get_scoped_or_404(deployment_list(user=user), pk=pk)


@dataclass(frozen=True)
class DutyLine:
    deployment: Deployment
    on_duty_from: datetime
    on_duty_until: datetime
    whole_day: bool


def duty_roster(*, user, day: date, shelter=None, ldp_post=None) -> list[DutyLine]:
    """Who is on duty at a shelter or an LDP post (already fetched through the user's scope) on ``day`` (WIB),
    with the hours of that day each assignment covers. Cancelled assignments are left out."""
    require_perm(user, Perm.VOLUNTEER_VIEW)
    tz = timezone.get_current_timezone()
    day_start = datetime.combine(day, time.min, tzinfo=tz)
    day_end = day_start + timedelta(days=1)
    queryset = (
        Deployment.objects.filter(start_at__lt=day_end)
        .filter(Q(end_at__isnull=True) | Q(end_at__gt=day_start))
        .exclude(status=DeploymentStatus.CANCELLED)
        .select_related("member", "member__kabkota", "ksb_unit", "ksb_unit__kabkota")
        .order_by("role", "start_at", "id")
    )
    queryset = queryset.filter(shelter=shelter) if shelter is not None else queryset.filter(ldp_post=ldp_post)
    lines = []
    for deployment in queryset:
        start = max(deployment.start_at, day_start)
        end = min(deployment.end_at, day_end) if deployment.end_at else day_end
        lines.append(
            DutyLine(
                deployment=deployment,
                on_duty_from=start,
                on_duty_until=end,
                whole_day=start == day_start and end == day_end,
            )
        )
    return lines


# ---------------------------------------------------------------------------------------------------------------
# Imports
# ---------------------------------------------------------------------------------------------------------------


def roster_import_list(*, user) -> QuerySet[RosterImport]:
    """Imports made in the user's kabupaten/kota (every import for provincial users)."""
    require_perm(user, Perm.VOLUNTEER_IMPORT)
    return scope_queryset(RosterImport.objects.select_related("created_by"), user=user, kabkota_field="kabkota")


def roster_import_get(*, user, pk) -> RosterImport:
    return get_scoped_or_404(roster_import_list(user=user), pk=pk)
