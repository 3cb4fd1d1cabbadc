"""Every read of the Jitupasna app, scoped to the user here and only here.

Provincial staff, cluster coordinators and the users of the agencies responsible for a sub-sector see every
assessment and every entry. A kabupaten/kota officer sees the assessments of disasters affecting their
kabupaten/kota, and only that kabupaten/kota's entries and figures. Read-only API clients see final assessments.
Anything else answers 404, exactly like a missing record.

The figures (damage, loss, needs per sector × kabupaten/kota and their totals) are computed once, by
``assessment_figures``; the page, the API, the workbook and the PDF all render what it returns.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.accounts.scoping import (
    get_scoped_or_404,
    scope_allows,
    scope_is_province_wide,
    scope_kabkota_code,
    scope_kabkota_queryset,
    scope_queryset,
)
from banten_dinsos.core.filtering import filter_queryset
from banten_dinsos.regions.models import Region
from clusters.models import DamageClass, Disaster
from clusters.selectors import disaster_list
from meetings.models import Meeting
from meetings.selectors import input_round_overview, meeting_list

from .calculations import damage_amount, reconstruction_amount
from .filters import AssessmentFilter, EntryFilter
from .models import (
    Assessment,
    AssessmentOutput,
    AssessmentStatus,
    DamageEntry,
    DamageFactor,
    LossEntry,
    NeedsEntry,
    OutputFormat,
    Sector,
    SubSector,
)

ZERO = Decimal(0)

# ---------------------------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------------------------


def sector_list() -> QuerySet[Sector]:
    """Active sectors with their active sub-sectors and responsible agencies (reference data, shared by all)."""
    return Sector.objects.filter(is_active=True).prefetch_related(
        Prefetch(
            "sub_sectors",
            queryset=SubSector.objects.filter(is_active=True).select_related("responsible_agency"),
        )
    )


def sub_sector_list() -> QuerySet[SubSector]:
    return SubSector.objects.filter(is_active=True, sector__is_active=True).select_related(
        "sector", "responsible_agency"
    )


def damage_factor_list() -> QuerySet[DamageFactor]:
    return DamageFactor.objects.all()


# ---------------------------------------------------------------------------------------------------------------
# Assessments
# ---------------------------------------------------------------------------------------------------------------


def _reads_final_only(user) -> bool:
    """Read-only clients see the finished document, not work in progress."""
    return not (has_perm(user, Perm.JITUPASNA_INPUT) or has_perm(user, Perm.JITUPASNA_MANAGE))


# An assessment concerns every cluster and every responsible agency: whoever may read Jitupasna (a permission) sees
# all of it, except a kabupaten/kota officer, who sees their own kabupaten/kota only.


def _in_scope(queryset: QuerySet, *, user, kabkota_field: str, through_many: bool = False) -> QuerySet:
    if scope_kabkota_code(user) is None:
        return queryset
    return scope_queryset(queryset, user=user, kabkota_field=kabkota_field, through_many=through_many)


def _kabkota_in_scope(regions: QuerySet[Region], *, user, field: str = "code") -> QuerySet[Region]:
    if scope_kabkota_code(user) is None:
        return regions
    return scope_kabkota_queryset(regions, user=user, field=field)


def assessment_list(*, user, filters=None) -> QuerySet[Assessment]:
    """Assessments the user may see, newest first; ``filters``: query data for ``AssessmentFilter`` (disaster,
    status, q)."""
    require_perm(user, Perm.JITUPASNA_VIEW)
    queryset = _in_scope(
        Assessment.objects.select_related("disaster__disaster_type", "input_round"),
        user=user,
        kabkota_field="disaster__affected_kabkota",
        through_many=True,
    )
    if _reads_final_only(user):
        queryset = queryset.filter(status=AssessmentStatus.FINAL)
    return filter_queryset(AssessmentFilter, filters, queryset=queryset, user=user)


def disasters_without_assessment(*, user) -> QuerySet[Disaster]:
    """The disasters the user may see that have no assessment yet (the choices when starting one)."""
    return disaster_list(user=user).filter(jitupasna__isnull=True)


def meeting_choices(*, user, disaster=None) -> QuerySet[Meeting]:
    """Meetings the user may see that can be linked to an assessment: those of its disaster or of none."""
    meetings = meeting_list(user=user)
    if disaster is not None:
        meetings = meetings.filter(Q(disaster=disaster) | Q(disaster__isnull=True))
    return meetings.order_by("-starts_at")


def assessment_get(*, user, pk) -> Assessment:
    """One assessment with its meetings; out of scope answers 404."""
    queryset = assessment_list(user=user).prefetch_related("meetings", "disaster__affected_kabkota")
    return get_scoped_or_404(queryset, pk=pk)


def assessment_for_disaster(*, user, disaster) -> Assessment | None:
    return assessment_list(user=user).filter(disaster=disaster).first()


def _assessment_regions(assessment: Assessment) -> QuerySet[Region]:
    """The kabupaten/kota affected by the disaster and any holding entries."""
    codes = set(assessment.disaster.affected_kabkota.values_list("code", flat=True))
    for model in (DamageEntry, LossEntry, NeedsEntry):
        codes |= set(model.objects.filter(assessment=assessment).values_list("kabkota_id", flat=True).distinct())
    return Region.objects.filter(code__in=codes)


def assessment_kabkota(*, user, assessment: Assessment) -> list[tuple[str, str]]:
    """The kabupaten/kota the user may see figures for: those affected by the disaster (and any holding entries),
    an officer's own only."""
    regions = _kabkota_in_scope(_assessment_regions(assessment), user=user)
    return list(regions.order_by("code").values_list("code", "name"))


def can_manage(*, user, assessment: Assessment | None = None) -> bool:
    """BPBD and provincial staff draft the assessment, open it for input, pre-fill it and finalise it."""
    return has_perm(user, Perm.JITUPASNA_MANAGE) and scope_is_province_wide(user)


def can_see_whole_document(*, user) -> bool:
    """The XLSX and PDF cover every kabupaten/kota: an officer, limited to one, gets the page and API instead."""
    return has_perm(user, Perm.JITUPASNA_VIEW) and scope_kabkota_code(user) is None


def _agency_sub_sector_ids(user) -> set[int]:
    if not getattr(user, "agency_id", None):
        return set()
    return set(SubSector.objects.filter(responsible_agency_id=user.agency_id).values_list("pk", flat=True))


def can_enter(
    *,
    user,
    assessment: Assessment,
    sub_sector: SubSector | None = None,
    sector: Sector | None = None,
    kabkota_code: str | None = None,
) -> bool:
    """Whether ``user`` may add or change an entry of this sub-sector (or sector, for needs) in this kabupaten/kota.

    Nobody once the assessment is final. Managers while it is a draft or open; while it is open, officers for their
    own kabupaten/kota and the users of the agency responsible for the sub-sector (any sub-sector of the sector)."""
    if assessment.is_final:
        return False
    if can_manage(user=user, assessment=assessment):
        return True
    if assessment.status != AssessmentStatus.OPEN or not has_perm(user, Perm.JITUPASNA_INPUT):
        return False
    if scope_kabkota_code(user):
        return kabkota_code is None or scope_allows(user, kabkota_code=kabkota_code)
    own = _agency_sub_sector_ids(user)
    if sub_sector is not None:
        return sub_sector.pk in own
    if sector is not None:
        return SubSector.objects.filter(pk__in=own, sector=sector).exists()
    return bool(own)


def enterable_sub_sectors(*, user, assessment: Assessment) -> QuerySet[SubSector]:
    """The sub-sectors the user may enter figures for (for form choices)."""
    queryset = sub_sector_list()
    if not can_enter(user=user, assessment=assessment):
        return queryset.none()
    if can_manage(user=user, assessment=assessment) or scope_kabkota_code(user):
        return queryset
    return queryset.filter(responsible_agency_id=user.agency_id)


def enterable_sectors(*, user, assessment: Assessment) -> QuerySet[Sector]:
    sub_sectors = enterable_sub_sectors(user=user, assessment=assessment)
    return Sector.objects.filter(is_active=True, pk__in=sub_sectors.values("sector_id"))


def kabkota_choices(*, user) -> QuerySet[Region]:
    """Regions a request body may name as an entry's kabupaten/kota: an officer's own only (the services check that it
    is affected by the disaster)."""
    return _kabkota_in_scope(Region.objects.all(), user=user)


def kecamatan_choices(*, user) -> QuerySet[Region]:
    """Regions a request body may name as an entry's kecamatan: those of an officer's own kabupaten/kota only."""
    return _kabkota_in_scope(Region.objects.all(), user=user, field="parent_id")


def enterable_kabkota(*, user, assessment: Assessment) -> QuerySet[Region]:
    """The affected kabupaten/kota the user may enter figures for (for form choices)."""
    return _kabkota_in_scope(assessment.disaster.affected_kabkota.order_by("code"), user=user)


def entry_filterset(*, user, assessment: Assessment, data) -> EntryFilter:
    """The entry filters of a page, offering the assessment's kabupaten/kota that the user may see."""
    filterset = EntryFilter(data, user=user)
    regions = _kabkota_in_scope(_assessment_regions(assessment), user=user)
    filterset.form.fields["kabkota"].queryset = regions.order_by("code")
    return filterset


def _entries(queryset: QuerySet, *, user, filters) -> QuerySet:
    """Entries of an assessment already fetched through the user's scope: an officer's kabupaten/kota only."""
    queryset = _in_scope(queryset, user=user, kabkota_field="kabkota")
    return filter_queryset(EntryFilter, filters, queryset=queryset, user=user)


def damage_entry_list(*, user, assessment: Assessment, filters=None) -> QuerySet[DamageEntry]:
    """Damage entries of an assessment already fetched through the user's scope; an officer's kabupaten/kota only."""
    queryset = DamageEntry.objects.filter(assessment=assessment).select_related(
        "sub_sector__sector", "sub_sector__responsible_agency", "kabkota", "kecamatan", "updated_by"
    )
    return _entries(queryset, user=user, filters=filters)


def damage_entry_get(*, user, assessment: Assessment, pk) -> DamageEntry:
    return get_scoped_or_404(damage_entry_list(user=user, assessment=assessment), pk=pk)


def loss_entry_list(*, user, assessment: Assessment, filters=None) -> QuerySet[LossEntry]:
    queryset = LossEntry.objects.filter(assessment=assessment).select_related(
        "sub_sector__sector", "sub_sector__responsible_agency", "kabkota", "kecamatan", "updated_by"
    )
    return _entries(queryset, user=user, filters=filters)


def loss_entry_get(*, user, assessment: Assessment, pk) -> LossEntry:
    return get_scoped_or_404(loss_entry_list(user=user, assessment=assessment), pk=pk)


def needs_entry_list(*, user, assessment: Assessment, filters=None) -> QuerySet[NeedsEntry]:
    queryset = NeedsEntry.objects.filter(assessment=assessment).select_related("sector", "kabkota", "updated_by")
    return _entries(queryset, user=user, filters=filters)


def needs_entry_get(*, user, assessment: Assessment, pk) -> NeedsEntry:
    return get_scoped_or_404(needs_entry_list(user=user, assessment=assessment), pk=pk)


def entry_damage(entry: DamageEntry, assessment: Assessment) -> Decimal:
    """The damage of one entry with the assessment's class factors."""
    return damage_amount(units=entry.units_by_class, unit_cost=entry.unit_cost, factors=assessment.factors)


# ---------------------------------------------------------------------------------------------------------------
# Figures: damage, loss and needs per sector × kabupaten/kota
# ---------------------------------------------------------------------------------------------------------------

AMOUNT_KEYS = ("damage", "loss", "reconstruction", "loss_recovery", "access", "function", "risk", "needs")


@dataclass
class Figures:
    """Damage, loss and needs of one cell (or total) of the summary table, in whole rupiah."""

    damage: Decimal = ZERO
    loss: Decimal = ZERO
    reconstruction: Decimal = ZERO
    loss_recovery: Decimal = ZERO
    access: Decimal = ZERO
    function: Decimal = ZERO
    risk: Decimal = ZERO
    # The kabupaten/kota of a cell or of a kabupaten/kota total; empty for sector and overall totals.
    kabkota_code: str = ""
    kabkota_name: str = ""

    @property
    def needs(self) -> Decimal:
        return self.reconstruction + self.loss_recovery + self.access + self.function + self.risk

    def add(self, other: "Figures") -> None:
        for name in AMOUNT_KEYS[:-1]:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, Decimal]:
        return {name: getattr(self, name) for name in AMOUNT_KEYS}


@dataclass
class SubSectorFigures:
    code: str
    name: str
    agency: str
    damage: Decimal = ZERO
    loss: Decimal = ZERO


@dataclass
class SectorFigures:
    code: str
    name: str
    cells: list[Figures]
    total: Figures
    sub_sectors: list[SubSectorFigures]
    damage_entries: list[DamageEntry] = field(default_factory=list)
    loss_entries: list[LossEntry] = field(default_factory=list)
    needs_entries: list[NeedsEntry] = field(default_factory=list)


@dataclass
class AssessmentFigures:
    """Everything the summary shows, computed once: the page, API, XLSX and PDF render this."""

    assessment: Assessment
    kabkota: list[tuple[str, str]]
    sectors: list[SectorFigures]
    kabkota_totals: list[Figures]
    total: Figures
    factors: list[tuple[str, str, Decimal]]  # (class code, label, factor)

    @property
    def uplift_percent(self) -> Decimal:
        return self.assessment.bbb_uplift_percent


def assessment_figures(*, assessment: Assessment, kabkota: list[tuple[str, str]]) -> AssessmentFigures:
    """Damage, loss and needs per sector × kabupaten/kota for the given kabupaten/kota (already limited to what the
    viewer may see), with totals per sector, per kabupaten/kota and overall. Five queries whatever the entries."""
    codes = [code for code, _name in kabkota]
    column = {code: index for index, code in enumerate(codes)}
    sectors = list(
        Sector.objects.filter(
            Q(is_active=True)
            | Q(pk__in=DamageEntry.objects.filter(assessment=assessment).values("sub_sector__sector_id"))
            | Q(pk__in=LossEntry.objects.filter(assessment=assessment).values("sub_sector__sector_id"))
        ).order_by("position", "code")
    )
    sub_sectors = list(SubSector.objects.select_related("responsible_agency").order_by("position", "code"))
    damage_entries = list(
        DamageEntry.objects.filter(assessment=assessment, kabkota_id__in=codes).select_related(
            "sub_sector", "kabkota", "kecamatan"
        )
    )
    loss_entries = list(
        LossEntry.objects.filter(assessment=assessment, kabkota_id__in=codes).select_related(
            "sub_sector", "kabkota", "kecamatan"
        )
    )
    needs_entries = list(
        NeedsEntry.objects.filter(assessment=assessment, kabkota_id__in=codes).select_related("kabkota")
    )

    by_sector = {
        sector.pk: SectorFigures(
            code=sector.code,
            name=sector.name,
            cells=[Figures(kabkota_code=code, kabkota_name=name) for code, name in kabkota],
            total=Figures(),
            sub_sectors=[],
        )
        for sector in sectors
    }
    used = {entry.sub_sector_id for entry in (*damage_entries, *loss_entries)}
    sub_rows = {}
    for sub_sector in sub_sectors:
        if sub_sector.sector_id in by_sector and (sub_sector.is_active or sub_sector.pk in used):
            row = SubSectorFigures(
                code=sub_sector.code,
                name=sub_sector.name,
                agency=sub_sector.responsible_agency.name if sub_sector.responsible_agency_id else "",
            )
            by_sector[sub_sector.sector_id].sub_sectors.append(row)
            sub_rows[sub_sector.pk] = (sub_sector.sector_id, row)

    for entry in damage_entries:
        entry.damage = entry_damage(entry, assessment)
        sector_id, row = sub_rows[entry.sub_sector_id]
        row.damage += entry.damage
        by_sector[sector_id].cells[column[entry.kabkota_id]].damage += entry.damage
        by_sector[sector_id].damage_entries.append(entry)
    for entry in loss_entries:
        sector_id, row = sub_rows[entry.sub_sector_id]
        row.loss += entry.total
        by_sector[sector_id].cells[column[entry.kabkota_id]].loss += entry.total
        by_sector[sector_id].loss_entries.append(entry)
    needs = {(entry.sector_id, entry.kabkota_id): entry for entry in needs_entries}
    for sector_id, sector in by_sector.items():
        for code, cell in zip(codes, sector.cells, strict=True):
            entry = needs.get((sector_id, code))
            uplift = assessment.bbb_uplift_percent
            if entry is not None:
                if entry.bbb_uplift_percent is not None:
                    uplift = entry.bbb_uplift_percent
                cell.loss_recovery, cell.access = entry.loss_recovery, entry.access
                cell.function, cell.risk = entry.function, entry.risk
                entry.uplift_used = uplift
                sector.needs_entries.append(entry)
            cell.reconstruction = reconstruction_amount(damage=cell.damage, uplift_percent=uplift)
            sector.total.add(cell)

    kabkota_totals = [Figures(kabkota_code=code, kabkota_name=name) for code, name in kabkota]
    total = Figures()
    for sector in by_sector.values():
        for index, cell in enumerate(sector.cells):
            kabkota_totals[index].add(cell)
        total.add(sector.total)
    labels = dict(DamageClass.choices)
    factors = [(name, str(labels[name]), assessment.factors[name]) for name in DamageClass.values]
    return AssessmentFigures(
        assessment=assessment,
        kabkota=kabkota,
        sectors=list(by_sector.values()),
        kabkota_totals=kabkota_totals,
        total=total,
        factors=factors,
    )


def assessment_summary(*, user, assessment: Assessment) -> AssessmentFigures:
    """The figures as ``user`` may see them: an officer's own kabupaten/kota only."""
    require_perm(user, Perm.JITUPASNA_VIEW)
    return assessment_figures(assessment=assessment, kabkota=assessment_kabkota(user=user, assessment=assessment))


def assessment_document_figures(*, assessment: Assessment) -> AssessmentFigures:
    """The figures of the whole document (every kabupaten/kota), for the XLSX and PDF built in the background."""
    kabkota = list(_assessment_regions(assessment).order_by("code").values_list("code", "name"))
    return assessment_figures(assessment=assessment, kabkota=kabkota)


# ---------------------------------------------------------------------------------------------------------------
# Input rounds: who has submitted their sub-sectors, who is late
# ---------------------------------------------------------------------------------------------------------------

INPUT_STATES = ("overdue", "waiting", "late", "on_time")


@dataclass
class AgencyInput:
    agency: object
    sub_sectors: list[str]
    entries: int
    state: str  # one of INPUT_STATES
    inputs: list

    @property
    def label(self) -> str:
        return {
            "overdue": _("Late: nothing submitted"),
            "waiting": _("Not submitted yet"),
            "late": _("Submitted late"),
            "on_time": _("Submitted"),
        }[self.state]

    @property
    def is_late(self) -> bool:
        return self.state in ("overdue", "late")

    @property
    def last_submitted_at(self):
        return max((item.submitted_at for item in self.inputs), default=None)


@dataclass
class InputStatus:
    input_round: object | None
    rows: list[AgencyInput]
    unassigned: list[str]  # sub-sectors without a responsible agency

    @property
    def submitted(self) -> int:
        return sum(1 for row in self.rows if row.state in ("late", "on_time"))

    @property
    def late(self) -> int:
        return sum(1 for row in self.rows if row.is_late)


def input_status(*, assessment: Assessment) -> InputStatus:
    """Per agency asked for input: its sub-sectors, how many entries it has, and whether it has submitted, on time or
    late; agencies still missing after the deadline first."""
    sub_sectors = list(sub_sector_list().order_by("sector__position", "position"))
    names = defaultdict(list)
    for sub_sector in sub_sectors:
        if sub_sector.responsible_agency_id:
            names[sub_sector.responsible_agency_id].append(sub_sector.name)
    unassigned = [sub_sector.name for sub_sector in sub_sectors if not sub_sector.responsible_agency_id]
    input_round = assessment.input_round
    if input_round is None:
        return InputStatus(input_round=None, rows=[], unassigned=unassigned)
    counts = defaultdict(int)
    for model in (DamageEntry, LossEntry):
        for row in (
            model.objects.filter(assessment=assessment, sub_sector__responsible_agency__isnull=False)
            .values("sub_sector__responsible_agency_id")
            .annotate(count=Count("id"))
            .order_by()
        ):
            counts[row["sub_sector__responsible_agency_id"]] += row["count"]
    past_deadline = input_round.is_past_deadline
    rows = []
    for state in input_round_overview(input_round=input_round):
        waiting = "overdue" if past_deadline else "waiting"
        mine = waiting if state.state == "missing" else state.state
        rows.append(
            AgencyInput(
                agency=state.agency,
                sub_sectors=names.get(state.agency.pk, []),
                entries=counts.get(state.agency.pk, 0),
                state=mine,
                inputs=state.inputs,
            )
        )
    rows.sort(key=lambda row: (INPUT_STATES.index(row.state), row.agency.name))
    return InputStatus(input_round=input_round, rows=rows, unassigned=unassigned)


def submittable_agencies(*, user, assessment: Assessment) -> list:
    """The agencies ``user`` may mark as having submitted: any asked (managers) or their own, if asked."""
    input_round = assessment.input_round
    if input_round is None or input_round.is_closed or assessment.status != AssessmentStatus.OPEN:
        return []
    if not has_perm(user, Perm.JITUPASNA_INPUT) and not can_manage(user=user, assessment=assessment):
        return []
    asked = input_round.agencies.order_by("name")
    if can_manage(user=user, assessment=assessment):
        return list(asked)
    return list(asked.filter(pk=user.agency_id)) if user.agency_id else []


# ---------------------------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------------------------


def assessment_outputs(*, assessment: Assessment) -> dict[str, AssessmentOutput | None]:
    found = {output.format: output for output in AssessmentOutput.objects.filter(assessment=assessment)}
    return {fmt: found.get(fmt) for fmt in OutputFormat.values}


def assessment_output_get(*, user, assessment: Assessment, fmt: str) -> AssessmentOutput:
    """A built document the user may download; 404 for officers (the document covers every kabupaten/kota), for an
    unknown format, or before it is built."""
    if fmt not in OutputFormat.values or not can_see_whole_document(user=user):
        raise Http404
    output = AssessmentOutput.objects.filter(assessment=assessment, format=fmt).first()
    if output is None or not output.file:
        raise Http404
    return output
