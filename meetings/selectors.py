"""Every read of the meetings app, scoped to the user here and only here.

Provincial staff see every meeting. A kabupaten/kota officer sees the meetings they or their agency are invited to,
those concerning their kabupaten/kota, and those whose follow-up their agency owns. A cluster coordinator sees those
plus the meetings of the clusters they coordinate. Anything else answers 404, exactly like a missing record.
"""

import calendar
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404, scope_allows_any, scope_is_province_wide, scope_queryset
from banten_dinsos.core.filtering import filter_queryset
from banten_dinsos.core.formatting import format_number

from .filters import ActionItemFilter, InputRoundFilter, MeetingFilter
from .models import (
    ATTENDED,
    CLOSED_ACTION_STATUSES,
    WIB,
    ActionItem,
    ActionItemProgress,
    AgendaItem,
    AttendanceStatus,
    DocumentInput,
    InputRound,
    Meeting,
    Participant,
    ParticipantGroup,
    today_wib,
)

# ---------------------------------------------------------------------------------------------------------------
# Meetings
# ---------------------------------------------------------------------------------------------------------------


def _invited_or_following_up(user) -> Q:
    """Meetings the user or their agency is invited to, or whose follow-up they own."""
    invited = Q(user=user)
    owns = Q(owner_user=user)
    if user.agency_id:
        invited |= Q(agency_id=user.agency_id)
        owns |= Q(owner_agency_id=user.agency_id)
    return Q(Exists(Participant.objects.filter(invited, meeting=OuterRef("pk")))) | Q(
        Exists(ActionItem.objects.filter(owns, meeting=OuterRef("pk")))
    )


def _visible_meetings(queryset: QuerySet[Meeting], *, user) -> QuerySet[Meeting]:
    """The one place meeting visibility is decided: invited or following up, or concerning the user's
    kabupaten/kota, or held by a cluster they coordinate (a sub-cluster's meeting counts for its parent)."""
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    return scope_queryset(
        queryset,
        user=user,
        kabkota_field="concerned_kabkota",
        cluster_field=("clusters__code", "clusters__parent__code"),
        # The daily reports' reader is never saved and sees the whole province: it has no invitations to follow.
        also=_invited_or_following_up(user) if user.pk else None,
        through_many=True,
    )


def meeting_list(*, user, filters=None) -> QuerySet[Meeting]:
    """Meetings the user may see, narrowed by ``filters`` (query data for ``MeetingFilter``: kind, status, disaster,
    cluster, kabkota, q, date_from, date_to, upcoming), each with its count of overdue action items."""
    require_perm(user, Perm.MEETING_VIEW)
    today = today_wib()
    queryset = _visible_meetings(
        Meeting.objects.select_related("organizer", "disaster")
        .annotate(
            overdue_count=Count(
                "action_items",
                filter=Q(action_items__due_on__lt=today) & ~Q(action_items__status__in=CLOSED_ACTION_STATUSES),
            )
        )
        # The aggregate makes Django set Meta.ordering aside; pages need a stable order.
        .order_by("-starts_at", "-id"),
        user=user,
    )
    return filter_queryset(MeetingFilter, filters, queryset=queryset, user=user)


def meeting_get(*, user, pk) -> Meeting:
    """One meeting with its clusters, regions and agenda; out of scope answers 404."""
    queryset = meeting_list(user=user).prefetch_related(
        "clusters", "concerned_kabkota", Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position"))
    )
    return get_scoped_or_404(queryset, pk=pk)


def meeting_can_manage(*, user, meeting: Meeting) -> bool:
    """Provincial staff manage every meeting; a cluster coordinator the meetings of the clusters they coordinate."""
    if not has_perm(user, Perm.MEETING_MANAGE):
        return False
    codes = set()
    for cluster in meeting.clusters.all():
        codes.add(cluster.code)
        if cluster.parent_id:
            codes.add(cluster.parent.code)
    return scope_allows_any(user, clusters=codes)


def meeting_decisions(*, meeting: Meeting):
    return meeting.decisions.select_related("agenda_item")


# ---------------------------------------------------------------------------------------------------------------
# Participants and attendance
# ---------------------------------------------------------------------------------------------------------------


def participant_list(*, meeting: Meeting) -> QuerySet[Participant]:
    """The participants of a meeting already fetched through the user's scope, by kabupaten/kota, agency, name."""
    return meeting.participants.select_related("user", "agency", "kabkota").order_by(
        "kabkota_id", "agency__name", "name", "id"
    )


def participant_get(*, meeting: Meeting, pk) -> Participant:
    return get_scoped_or_404(participant_list(meeting=meeting), pk=pk)


# The noun used in the sentence people quote: "40 pengurus KSB dari 8 kabupaten/kota".
def _group_noun(group: str) -> str:
    return {
        ParticipantGroup.GOVERNMENT: _("government staff"),
        ParticipantGroup.KSB: _("KSB officers"),
        ParticipantGroup.TAGANA: _("TAGANA members"),
        ParticipantGroup.PARTNER: _("partner representatives"),
        ParticipantGroup.COMMUNITY: _("community members"),
        ParticipantGroup.OTHER: _("other participants"),
    }.get(group, _("participants"))


@dataclass
class CountRow:
    key: str
    label: str
    invited: int = 0
    attended: int = 0
    absent: int = 0
    walk_ins: int = 0


@dataclass
class AttendanceSummary:
    invited: int = 0
    walk_ins: int = 0
    present: int = 0
    represented: int = 0
    absent: int = 0
    not_recorded: int = 0
    by_agency: list[CountRow] = field(default_factory=list)
    by_kabkota: list[CountRow] = field(default_factory=list)
    by_group: list[CountRow] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)

    @property
    def attended(self) -> int:
        return self.present + self.represented

    @property
    def total(self) -> int:
        return self.invited + self.walk_ins


def _tally(rows: dict, key: str, label: str, participant: dict) -> None:
    row = rows.get(key)
    if row is None:
        row = rows[key] = CountRow(key=key, label=label)
    if participant["is_walk_in"]:
        row.walk_ins += 1
    else:
        row.invited += 1
    if participant["attendance"] in ATTENDED:
        row.attended += 1
    elif participant["attendance"] == AttendanceStatus.ABSENT:
        row.absent += 1


def _regions_phrase(count: int) -> str:
    return _("%(count)s regencies/cities") % {"count": format_number(count)}


def attendance_summary(*, meeting: Meeting) -> AttendanceSummary:
    """Attendance counts by agency, kabupaten/kota and participant group, and the sentences people quote.

    One query: a meeting has at most a few hundred participants, so the grouping is done here rather than three
    GROUP BYs. Attended means present or represented; walk-ins count as attendees and are shown apart.
    """
    rows = list(
        meeting.participants.values(
            "attendance",
            "is_walk_in",
            "group",
            "kabkota_id",
            "kabkota__name",
            "agency_id",
            "agency__name",
            "organisation",
        )
    )
    summary = AttendanceSummary()
    statuses = Counter(row["attendance"] for row in rows)
    summary.present = statuses[AttendanceStatus.PRESENT]
    summary.represented = statuses[AttendanceStatus.REPRESENTED]
    summary.absent = statuses[AttendanceStatus.ABSENT]
    summary.not_recorded = statuses[AttendanceStatus.NOT_RECORDED]
    summary.walk_ins = sum(1 for row in rows if row["is_walk_in"])
    summary.invited = len(rows) - summary.walk_ins

    by_agency, by_kabkota, by_group = {}, {}, {}
    group_labels = dict(ParticipantGroup.choices)
    regions_of_group: dict[str, set] = defaultdict(set)
    organisations, regions = set(), set()
    for row in rows:
        if row["agency_id"]:
            agency_key, agency_label = f"agency:{row['agency_id']}", row["agency__name"]
        elif row["organisation"]:
            agency_key, agency_label = f"org:{row['organisation'].strip().lower()}", row["organisation"].strip()
        else:
            agency_key, agency_label = "none", _("No organisation given")
        _tally(by_agency, agency_key, agency_label, row)
        kabkota_label = row["kabkota__name"] or _("Province / national")
        _tally(by_kabkota, row["kabkota_id"] or "", kabkota_label, row)
        _tally(by_group, row["group"], str(group_labels.get(row["group"], row["group"])), row)
        if row["attendance"] in ATTENDED:
            if agency_key != "none":
                organisations.add(agency_key)
            if row["kabkota_id"]:
                regions.add(row["kabkota_id"])
                regions_of_group[row["group"]].add(row["kabkota_id"])

    summary.by_agency = sorted(by_agency.values(), key=lambda r: (-r.attended, r.label.lower()))
    # Kabupaten/kota in code order, the province-level rows last.
    summary.by_kabkota = sorted(by_kabkota.values(), key=lambda r: (r.key == "", r.key))
    order = [choice for choice, _label in ParticipantGroup.choices]
    summary.by_group = sorted(by_group.values(), key=lambda r: order.index(r.key) if r.key in order else 99)

    if summary.attended:
        summary.sentences.append(
            _("%(count)s participants attended from %(organisations)s organisations and %(regions)s.")
            % {
                "count": format_number(summary.attended),
                "organisations": format_number(len(organisations)),
                "regions": _regions_phrase(len(regions)),
            }
        )
    for row in summary.by_group:
        if not row.attended:
            continue
        group_regions = len(regions_of_group[row.key])
        if group_regions:
            sentence = _("%(count)s %(group)s from %(regions)s") % {
                "count": format_number(row.attended),
                "group": _group_noun(row.key),
                "regions": _regions_phrase(group_regions),
            }
        else:
            sentence = _("%(count)s %(group)s") % {"count": format_number(row.attended), "group": _group_noun(row.key)}
        summary.sentences.append(sentence)
    return summary


# ---------------------------------------------------------------------------------------------------------------
# Action items
# ---------------------------------------------------------------------------------------------------------------


def action_item_list(*, user, filters=None) -> QuerySet[ActionItem]:
    """Action items of the meetings the user may see, narrowed by ``filters`` (query data for ``ActionItemFilter``:
    meeting, status, owner_agency, overdue, mine, open, q)."""
    require_perm(user, Perm.MEETING_VIEW)
    queryset = scope_queryset(
        ActionItem.objects.select_related("meeting", "owner_agency", "owner_user", "decision"),
        user=user,
        kabkota_field=None,
        also=Q(meeting__in=_visible_meetings(Meeting.objects.all(), user=user).values("pk")),
    )
    return filter_queryset(ActionItemFilter, filters, queryset=queryset, user=user)


def action_item_get(*, user, pk) -> ActionItem:
    return get_scoped_or_404(action_item_list(user=user), pk=pk)


def action_items_overdue(*, user, today: date | None = None) -> QuerySet[ActionItem]:
    """Overdue action items (due before today in WIB, not done or dropped) the user may see, most overdue first.

    The dashboard reads this for its follow-up panel."""
    return action_item_list(user=user).overdue(today).order_by("due_on", "id")


def action_item_progress(*, item: ActionItem) -> QuerySet[ActionItemProgress]:
    return item.progress_notes.select_related("author")


def action_item_can_update(*, user, item: ActionItem) -> bool:
    """Meeting managers update any action item; others those their agency (or they themselves) own."""
    if meeting_can_manage(user=user, meeting=item.meeting):
        return True
    if not has_perm(user, Perm.ACTION_ITEM_UPDATE):
        return False
    return item.owner_user_id == user.pk or (user.agency_id is not None and item.owner_agency_id == user.agency_id)


# ---------------------------------------------------------------------------------------------------------------
# Document input rounds
# ---------------------------------------------------------------------------------------------------------------


def input_round_list(*, user, filters=None) -> QuerySet[InputRound]:
    """Rounds the user may see: all for provincial staff; otherwise those asking the user's agency for input and
    those of meetings the user sees. Each carries how many of its agencies have given input. ``filters``: query data
    for ``InputRoundFilter`` (meeting, open)."""
    require_perm(user, Perm.MEETING_VIEW)
    queryset = (
        InputRound.objects.select_related("meeting")
        .annotate(
            agencies_total=Count("agencies", distinct=True),
            agencies_given=Count("inputs__agency", distinct=True),
        )
        .order_by("-deadline", "-id")  # the aggregate sets Meta.ordering aside
    )
    visible = Q(meeting__in=_visible_meetings(Meeting.objects.all(), user=user).values("pk"))
    if getattr(user, "agency_id", None):
        visible |= Q(
            Exists(InputRound.agencies.through.objects.filter(inputround_id=OuterRef("pk"), agency_id=user.agency_id))
        )
    queryset = scope_queryset(queryset, user=user, kabkota_field=None, also=visible)
    return filter_queryset(InputRoundFilter, filters, queryset=queryset, user=user)


def input_round_can_manage(*, user, input_round: InputRound) -> bool:
    """A meeting's organisers manage its rounds; a stand-alone round is managed by provincial staff and its opener."""
    if input_round.meeting_id:
        return meeting_can_manage(user=user, meeting=input_round.meeting)
    return has_perm(user, Perm.MEETING_MANAGE) and (scope_is_province_wide(user) or input_round.opened_by_id == user.pk)


def input_round_get(*, user, pk) -> InputRound:
    return get_scoped_or_404(input_round_list(user=user).prefetch_related("agencies"), pk=pk)


@dataclass
class AgencyInputState:
    agency: object
    inputs: list
    state: str  # "on_time", "late" or "missing"

    @property
    def label(self) -> str:
        return {
            "on_time": _("Input given"),
            "late": _("Input given late"),
            "missing": _("No input yet"),
        }[self.state]


def input_round_overview(*, input_round: InputRound) -> list[AgencyInputState]:
    """Who has and has not given input, one row per agency asked, those still missing first (two queries)."""
    by_agency = defaultdict(list)
    for document_input in input_round.inputs.select_related("agency", "submitted_by"):
        by_agency[document_input.agency_id].append(document_input)
    rows = []
    for agency in input_round.agencies.order_by("name"):
        inputs = by_agency.pop(agency.pk, [])
        if not inputs:
            state = "missing"
        elif any(not item.is_late for item in inputs):
            state = "on_time"
        else:
            state = "late"
        rows.append(AgencyInputState(agency=agency, inputs=inputs, state=state))
    rank = {"missing": 0, "late": 1, "on_time": 2}
    return sorted(rows, key=lambda row: rank[row.state])


def document_input_list(*, input_round: InputRound) -> QuerySet[DocumentInput]:
    return input_round.inputs.select_related("agency", "submitted_by")


# ---------------------------------------------------------------------------------------------------------------
# Calendar
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    is_today: bool
    meetings: list = field(default_factory=list)


def meeting_calendar_month(*, user, year: int, month: int, filters: dict | None = None) -> list[list[CalendarDay]]:
    """A month grid (weeks from Monday) with the meetings of each day in WIB; a meeting over several days shows on
    each of them. One query."""
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    filters = {**(filters or {}), "date_from": first, "date_to": last}
    meetings = list(meeting_list(user=user, filters=filters).order_by("starts_at", "id"))
    today = today_wib()
    grid = [
        [CalendarDay(day=day, in_month=day.month == month, is_today=day == today) for day in week] for week in weeks
    ]
    cells = {cell.day: cell for week in grid for cell in week}
    for meeting in meetings:
        start = timezone.localtime(meeting.starts_at, WIB).date()
        # A meeting ending at midnight does not spill onto the next day.
        end = timezone.localtime(meeting.ends_at - timedelta(microseconds=1), WIB).date()
        day = max(start, first)
        while day <= min(end, last):
            cells[day].meetings.append(meeting)
            day += timedelta(days=1)
    return grid
