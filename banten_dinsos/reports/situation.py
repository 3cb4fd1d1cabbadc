"""Laporan Situasi (situation report) of one disaster event, assembled from the same scoped read models as the
pages: cluster status, impact, displaced people over time, shelters and their Sphere state, needs and gaps, and
whatever sections other apps contribute (``SITUATION_REPORT_SECTIONS``)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banten_dinsos.accounts.roles import Perm, has_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404, scope_describe
from clusters.cluster_status import cluster_status, counted_reports
from clusters.figures import sum_reported
from clusters.models import IMPACT_FIELDS, NeedPriority, NeedStatus, ReportState
from clusters.selectors import disaster_list, field_report_list, need_list
from shelters.models import OccupancyCount, ShelterStatus, SphereState
from shelters.selectors import shelter_list

from .models import ReportFormat
from .registry import situation_sections

PRIORITY_ORDER = {NeedPriority.URGENT: 0, NeedPriority.HIGH: 1, NeedPriority.NORMAL: 2}
MAX_NEEDS = 200


@dataclass
class SituationData:
    disaster: object
    generated_at: datetime
    scope_label: str
    data_as_of: datetime | None
    impact_rows: list[dict]
    totals: dict
    cluster_rows: list[dict]
    contributed: list
    timeline: list[tuple[date, int, int]]
    shelters: list[dict]
    sphere_counts: dict
    needs: list[dict]
    sections: list[dict] = field(default_factory=list)


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def displaced_over_time(*, disaster, viewer, until: date) -> list[tuple[date, int, int]]:
    """Per day: displaced people (latest verified report of each area by the end of that day, each person once)
    and people in the disaster's shelters (latest headcount of each shelter by the end of that day)."""
    start = disaster.started_on
    end = min(disaster.ended_on or until, until)
    if end < start:
        return []
    # One pass over the reports and headcounts in time order, carrying each area's and shelter's latest figure
    # from day to day (not a rescan of every report for every day).
    reports = list(
        field_report_list(user=viewer, filters={"disaster": disaster.pk})
        .filter(state=ReportState.VERIFIED, observed_at__lt=_end_of(end))
        .order_by("observed_at", "verified_at", "id")
        .values("id", "area_id", "kabkota_id", "observed_at", "verified_at", "displaced")
    )
    counts = []
    if has_perm(viewer, Perm.SHELTER_VIEW):
        shelters = shelter_list(user=viewer, filters={"disaster": disaster.pk}).values("pk")
        counts = list(
            OccupancyCount.objects.filter(shelter__in=shelters, observed_at__lt=_end_of(end))
            .order_by("observed_at", "id")
            .values_list("shelter_id", "observed_at", "total")
        )
    series = []
    latest, in_shelters = {}, {}
    next_report = next_count = 0
    day = start
    while day <= end:
        limit = _end_of(day)
        changed = False
        while next_report < len(reports) and reports[next_report]["observed_at"] < limit:
            row = reports[next_report]
            latest[row["area_id"]] = row
            next_report += 1
            changed = True
        while next_count < len(counts) and counts[next_count][1] < limit:
            shelter_id, _observed_at, total = counts[next_count]
            in_shelters[shelter_id] = total
            next_count += 1
        if changed or not series:
            displaced = sum_reported(row["displaced"] for row in counted_reports(list(latest.values())))
        series.append((day, displaced, sum(in_shelters.values())))
        day += timedelta(days=1)
    return series


def situation_data(*, disaster_id: int, viewer, today: date | None = None) -> SituationData:
    """Everything the situation report shows, as ``viewer`` may see it (404 when the disaster is out of scope)."""
    status = cluster_status(user=viewer, disaster_id=disaster_id)
    disaster = status["disaster"]
    seen, impact_rows = set(), []
    for row in status["rows"]:
        if row["kabkota"] not in seen:
            seen.add(row["kabkota"])
            impact_rows.append(
                {
                    "kabkota_name": row["kabkota_name"],
                    **{name: row[name] for name in IMPACT_FIELDS},
                    "areas_reported": row["areas_reported"],
                }
            )
    shelters, sphere_counts = [], defaultdict(int)
    if has_perm(viewer, Perm.SHELTER_VIEW):
        for shelter in shelter_list(user=viewer, filters={"disaster": disaster.pk}).order_by("kabkota_id", "name"):
            occupancy = round(shelter.current_total * 100 / shelter.capacity) if shelter.capacity else None
            shelters.append(
                {
                    "name": shelter.name,
                    "kabkota": shelter.kabkota.name,
                    "desa": shelter.desa.name,
                    "status": str(shelter.get_status_display()),
                    "people": shelter.current_total,
                    "capacity": shelter.capacity,
                    "occupancy": occupancy,
                    "sphere_state": shelter.sphere_state,
                    "sphere_label": str(shelter.get_sphere_state_display()),
                    "counted_at": shelter.current_observed_at,
                }
            )
            if shelter.status == ShelterStatus.OPEN:
                sphere_counts[shelter.sphere_state] += 1
    needs = []
    if has_perm(viewer, Perm.NEED_VIEW):
        for need in need_list(user=viewer, filters={"disaster": disaster.pk, "status": NeedStatus.OPEN})[:MAX_NEEDS]:
            needs.append(
                {
                    "cluster": need.cluster.name,
                    "area": need.area.name,
                    "kabkota": need.kabkota.name,
                    "description": need.description,
                    "priority": need.priority,
                    "priority_label": str(need.get_priority_display()),
                    "people_in_need": need.people_in_need,
                    "people_reached": need.people_reached or 0,
                    "gap": max(need.people_in_need - (need.people_reached or 0), 0),
                }
            )
        needs.sort(key=lambda need: (PRIORITY_ORDER.get(need["priority"], 9), -need["gap"]))
    sections = []
    for section in situation_sections():
        contributed = section(disaster=disaster, viewer=viewer)
        if contributed and contributed.get("rows"):
            sections.append(contributed)
    return SituationData(
        disaster=disaster,
        generated_at=timezone.now(),
        scope_label=scope_label(viewer),
        data_as_of=status["data_as_of"],
        impact_rows=impact_rows,
        totals=status["totals"],
        cluster_rows=status["rows"],
        contributed=status["contributed_figures"],
        timeline=displaced_over_time(disaster=disaster, viewer=viewer, until=today or timezone.localdate()),
        shelters=shelters,
        sphere_counts={state: sphere_counts.get(state, 0) for state in SphereState.values},
        needs=needs,
        sections=sections,
    )


def scope_label(viewer) -> str:
    scope = scope_describe(viewer)
    if scope["province_wide"]:
        return _("All of Banten")
    if scope["kabkota"]:
        kabkota = getattr(viewer, "kabkota", None)
        return kabkota.name if kabkota is not None else scope["kabkota"]
    return _("Clusters: %(codes)s") % {"codes": ", ".join(scope["clusters"])}


class SituationReportForm(forms.Form):
    disaster = forms.TypedChoiceField(label=gettext_lazy("Disaster event"), coerce=int)
    formats = forms.MultipleChoiceField(
        label=gettext_lazy("Formats"),
        choices=ReportFormat.choices,
        initial=[ReportFormat.PDF, ReportFormat.XLSX],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        disasters = disaster_list(user=user).order_by("-started_on", "-id").values_list("pk", "title", "status")
        self.fields["disaster"].choices = [
            (pk, title if status != "selesai" else f"{title} ({_('closed')})") for pk, title, status in disasters
        ]
        self.fields["disaster"].widget.attrs["class"] = "form-select"


class SituationReportBuilder:
    """Laporan Situasi per disaster event, PDF and XLSX."""

    kind = "situation"
    label = gettext_lazy("Situation report (Laporan Situasi)")
    formats = (ReportFormat.PDF, ReportFormat.XLSX)
    view_perm = Perm.REPORT_VIEW
    request_perm = Perm.REPORT_REQUEST
    form_class = SituationReportForm

    def clean_parameters(self, *, user, data: dict) -> dict:
        disaster = get_scoped_or_404(disaster_list(user=user), pk=data["disaster"])
        return {"disaster_id": disaster.pk, "disaster_title": disaster.title}

    def disaster_id(self, parameters: dict) -> int | None:
        return parameters.get("disaster_id")

    def title(self, *, parameters: dict) -> str:
        return _("Situation report: %(disaster)s") % {"disaster": parameters.get("disaster_title", "")}

    def build(self, *, report, viewer, progress) -> bytes:
        from .render import situation_pdf, situation_xlsx

        progress(10, _("Reading cluster status, shelters and needs"))
        data = situation_data(disaster_id=report.parameters["disaster_id"], viewer=viewer)
        progress(60, _("Writing the file"))
        if report.format == ReportFormat.PDF:
            return situation_pdf(data)
        return situation_xlsx(data)


SITUATION_REPORT = SituationReportBuilder()
