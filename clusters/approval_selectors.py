"""Reads of the approval flow: likely duplicates in a queue, reporting completeness per day, validation rules."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404, scope_kabkota_code
from banten_dinsos.regions.models import Region, RegionLevel

from .models import IMPACT_FIELDS, Disaster, FieldReport, ReportingLevel, ReportState, ValidationRule
from .selectors import disaster_list

# Two reports of the same area observed this close together, with every figure equal, are most likely one report
# sent twice (a retry from another phone, a colleague reporting the same visit).
DUPLICATE_WINDOW = timedelta(hours=3)
DUPLICATE_STATES = (ReportState.SUBMITTED, ReportState.APPROVED, ReportState.VERIFIED)
# What counts as the kab/kota having stood behind an area's figures for the day.
COMPLETE_STATES = (ReportState.APPROVED, ReportState.VERIFIED, ReportState.SUPERSEDED)
WAITING_STATES = (ReportState.SUBMITTED,)


def _figures(report) -> tuple:
    return tuple(getattr(report, name) for name in IMPACT_FIELDS)


def likely_duplicates(reports) -> dict[int, list[int]]:
    """For each report (of one queue page): the other reports of the same disaster and area, observed within
    ``DUPLICATE_WINDOW`` of it, with the same figures, that are submitted, approved or verified. One query."""
    reports = list(reports)
    if not reports:
        return {}
    condition = Q()
    for report in reports:
        condition |= Q(
            disaster_id=report.disaster_id,
            area_id=report.area_id,
            observed_at__gte=report.observed_at - DUPLICATE_WINDOW,
            observed_at__lte=report.observed_at + DUPLICATE_WINDOW,
        )
    candidates = list(
        FieldReport.objects.filter(condition, state__in=DUPLICATE_STATES).only(
            "pk", "disaster_id", "area_id", "observed_at", *IMPACT_FIELDS
        )
    )
    found = {}
    for report in reports:
        twins = [
            other.pk
            for other in candidates
            if other.pk != report.pk
            and other.disaster_id == report.disaster_id
            and other.area_id == report.area_id
            and abs(other.observed_at - report.observed_at) <= DUPLICATE_WINDOW
            and _figures(other) == _figures(report)
        ]
        if twins:
            found[report.pk] = sorted(twins)
    return found


# ---------------------------------------------------------------------------------------------------------------
# Reporting completeness
# ---------------------------------------------------------------------------------------------------------------
ON_TIME, LATE_REPORTED, WAITING, LATE_MISSING, NOT_DUE = "on_time", "reported_late", "waiting", "late", "not_due"
# A disaster declared at desa level counts a desa once the report reached the last approval level: verified by the
# province (whether it runs one level or two), or verified and since corrected.
LAST_LEVEL_STATES = (ReportState.VERIFIED, ReportState.SUPERSEDED)
LAST_LEVEL_WAITING_STATES = (ReportState.SUBMITTED, ReportState.APPROVED)


@dataclass
class AreaDay:
    """One expected kecamatan (or desa, for a disaster declared at desa level) on one day: whether a report for it
    was approved, and in time."""

    code: str
    name: str
    status: str
    report_ids: list[int] = field(default_factory=list)
    # The kecamatan the area lies in (the area itself when completeness is counted per kecamatan).
    kecamatan_code: str = ""
    kecamatan_name: str = ""

    @property
    def complete(self) -> bool:
        return self.status in (ON_TIME, LATE_REPORTED)

    @property
    def late(self) -> bool:
        return self.status == LATE_MISSING

    @property
    def label(self) -> str:
        """How people name the area: a desa with its kecamatan, since many desa share a name."""
        return self.name if self.code == self.kecamatan_code else f"{self.name} ({self.kecamatan_name})"


class _Tally:
    areas: list[AreaDay]

    @property
    def expected(self) -> int:
        return len(self.areas)

    @property
    def complete(self) -> int:
        return sum(area.complete for area in self.areas)

    @property
    def late(self) -> list[AreaDay]:
        return [area for area in self.areas if area.late]

    @property
    def percent(self) -> float:
        return round(100 * self.complete / self.expected, 1) if self.expected else 0.0


@dataclass
class KecamatanDay(_Tally):
    """The desa of one kecamatan on one day (a kecamatan counted on its own is a group of one)."""

    code: str
    name: str
    areas: list[AreaDay]


@dataclass
class KabkotaDay(_Tally):
    code: str
    name: str
    areas: list[AreaDay]
    level: str = ReportingLevel.KECAMATAN

    @property
    def kecamatan(self) -> list[KecamatanDay]:
        """The areas grouped under their kecamatan, in code order."""
        groups: dict[str, KecamatanDay] = {}
        for area in self.areas:
            group = groups.setdefault(
                area.kecamatan_code, KecamatanDay(code=area.kecamatan_code, name=area.kecamatan_name, areas=[])
            )
            group.areas.append(area)
        return list(groups.values())


def _deadline(disaster: Disaster, day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, disaster.report_deadline), timezone.get_default_timezone())


def _expected_areas(disaster: Disaster, kabkota_codes: list[str]) -> dict[str, list[Region]]:
    """The kecamatan expected to report, per kab/kota: those declared affected, or every kecamatan of a kab/kota
    for which the disaster declared none."""
    declared = {}
    for kecamatan in disaster.affected_kecamatan.all():
        declared.setdefault(kecamatan.kabkota_code, []).append(kecamatan)
    missing = [code for code in kabkota_codes if code not in declared]
    if missing:
        every = Q()
        for code in missing:
            every |= Q(code__startswith=f"{code}.")
        for kecamatan in Region.objects.filter(every, level=RegionLevel.KECAMATAN):
            declared.setdefault(kecamatan.kabkota_code, []).append(kecamatan)
    return {code: sorted(declared.get(code, []), key=lambda region: region.code) for code in kabkota_codes}


def _expected_desa(disaster: Disaster, kecamatan: list[Region]) -> dict[str, list[Region]]:
    """The desa expected to report, per kecamatan: those the disaster declared affected, or every desa of a
    kecamatan for which it declared none. One query: the desa of those kecamatan, each marked declared or not."""
    declared = Disaster.affected_desa.through.objects.filter(disaster_id=disaster.pk, region_id=OuterRef("pk"))
    desa = (
        Region.objects.filter(level=RegionLevel.DESA, parent_id__in=[region.code for region in kecamatan])
        .annotate(declared=Exists(declared))
        .order_by("code")
    )
    every: dict[str, list[Region]] = {}
    chosen: dict[str, list[Region]] = {}
    for region in desa:
        every.setdefault(region.parent_id, []).append(region)
        if region.declared:
            chosen.setdefault(region.parent_id, []).append(region)
    return {region.code: chosen.get(region.code) or every.get(region.code, []) for region in kecamatan}


def reporting_completeness(
    *, user, disaster: Disaster, day: date, now: datetime | None = None, with_report_ids: bool = True
) -> list[KabkotaDay]:
    """Per affected kab/kota in the user's scope: each expected kecamatan (or desa) on ``day`` and its status.

    ``on_time``: a report observed that day and approved was submitted by the deadline; ``reported_late``: the same,
    submitted after it; ``waiting``: submitted, not approved yet; ``late``: nothing approved and the deadline has
    passed; ``not_due``: nothing yet, the deadline still ahead. Per kecamatan (the default), approved means by the
    kab/kota (or verified), and a report from a desa counts for its kecamatan. For a disaster declared at desa level,
    each desa needs a report of its own that reached the last approval level (verified by the province); a report
    for the whole kecamatan counts for none of its desa. Per kecamatan, one query whatever the number of areas
    (kab/kota and kecamatan prefetched); per desa, one more for the desa. Without ``with_report_ids`` (a summary such
    as the dashboard's), the day's reports are counted per area by the database instead of read one by one.
    """
    require_perm(user, Perm.FIELDREPORT_VIEW)
    # An officer or koordinator kab/kota sees their own kab/kota; everyone who sees the disaster province-wide
    # (staff, cluster coordinators, API clients) sees every affected kab/kota.
    own = scope_kabkota_code(user)
    kabkota = [region for region in disaster.affected_kabkota.all() if own is None or region.code == own]
    return completeness_compute(disaster=disaster, kabkota=kabkota, day=day, now=now, with_report_ids=with_report_ids)


def _area_status(found: int, first_complete: datetime | None, *, deadline: datetime, now: datetime) -> str:
    """From the area's number of reports for the day and when the first of them that counts as complete was sent."""
    if first_complete is not None:
        return ON_TIME if first_complete <= deadline else LATE_REPORTED
    if found:
        return WAITING if now <= deadline else LATE_MISSING
    return NOT_DUE if now <= deadline else LATE_MISSING


def _reports_per_area(reports: QuerySet, *, per_desa: bool, complete_states, with_report_ids: bool) -> dict:
    """area code -> [reports found, first submission of a complete one (or None), their ids]. Per kecamatan, a desa's
    report counts for its kecamatan (the code's first eight characters)."""
    per_area: dict[str, list] = {}
    if not with_report_ids:
        key = F("area_id") if per_desa else Substr("area_id", 1, 8)
        rows = (
            reports.annotate(key=key)
            .order_by()
            .values_list("key")
            .annotate(found=Count("id"), first=Min("submitted_at", filter=Q(state__in=complete_states)))
        )
        return {area: [found, first, []] for area, found, first in rows}
    for pk, area_id, state, submitted_at in reports.values_list("pk", "area_id", "state", "submitted_at"):
        entry = per_area.setdefault(area_id if per_desa else area_id[:8], [0, None, []])
        entry[0] += 1
        entry[2].append(pk)
        if state in complete_states and (entry[1] is None or submitted_at < entry[1]):
            entry[1] = submitted_at
    return per_area


def completeness_compute(
    *, disaster: Disaster, kabkota: list[Region], day: date, now=None, with_report_ids: bool = True
) -> list[KabkotaDay]:
    """``reporting_completeness`` for the given kab/kota, whoever asks (the reminder task asks for all of them)."""
    now = now or timezone.now()
    deadline = _deadline(disaster, day)
    kabkota = sorted(kabkota, key=lambda region: region.code)
    expected = _expected_areas(disaster, [region.code for region in kabkota])
    per_desa = disaster.reports_per_desa
    if per_desa:
        complete_states, waiting_states = LAST_LEVEL_STATES, LAST_LEVEL_WAITING_STATES
        desa = _expected_desa(disaster, [kecamatan for code in expected for kecamatan in expected[code]])
    else:
        complete_states, waiting_states = COMPLETE_STATES, WAITING_STATES
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()), timezone.get_default_timezone())
    reports = FieldReport.objects.filter(
        disaster=disaster,
        kabkota_id__in=[region.code for region in kabkota],
        observed_at__gte=start,
        observed_at__lt=start + timedelta(days=1),
        state__in=complete_states + waiting_states,
    )
    by_area = _reports_per_area(
        reports, per_desa=per_desa, complete_states=complete_states, with_report_ids=with_report_ids
    )
    table = []
    for region in kabkota:
        areas = []
        for kecamatan in expected[region.code]:
            for area in desa[kecamatan.code] if per_desa else [kecamatan]:
                found, first_complete, ids = by_area.get(area.code, (0, None, []))
                areas.append(
                    AreaDay(
                        code=area.code,
                        name=area.name,
                        status=_area_status(found, first_complete, deadline=deadline, now=now),
                        report_ids=sorted(ids),
                        kecamatan_code=kecamatan.code,
                        kecamatan_name=kecamatan.name,
                    )
                )
        table.append(KabkotaDay(code=region.code, name=region.name, areas=areas, level=disaster.reporting_level))
    return table


def completeness_disaster_get(*, user, pk) -> Disaster:
    """The disaster whose completeness is asked for, in the user's scope (404 otherwise)."""
    queryset = disaster_list(user=user).prefetch_related("affected_kabkota", "affected_kecamatan")
    return get_scoped_or_404(queryset, pk=pk)


# ---------------------------------------------------------------------------------------------------------------
# Validation rules
# ---------------------------------------------------------------------------------------------------------------
def validation_rule_list(*, user, active: bool | None = None) -> QuerySet[ValidationRule]:
    """The rules every report is checked against: reference data, readable by everyone who reports or approves."""
    require_perm(user, Perm.FIELDREPORT_VIEW)
    queryset = ValidationRule.objects.select_related("updated_by")
    if active is not None:
        queryset = queryset.filter(is_active=active)
    return queryset


def validation_rule_get(*, user, pk) -> ValidationRule:
    return get_scoped_or_404(validation_rule_list(user=user), pk=pk)
