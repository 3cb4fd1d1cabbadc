"""Every read of the PMKS registry, scoped once to the user's kabupaten/kota through ``scope_queryset``."""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import (
    get_scoped_or_404,
    scope_kabkota_code,
    scope_kabkota_queryset,
    scope_queryset,
    scope_stamp,
)
from banten_dinsos.audit.models import AuditLog, AuditSubject
from banten_dinsos.core.data_versions import data_versions
from banten_dinsos.core.filtering import filter_queryset
from banten_dinsos.regions.models import Region, RegionLevel
from banten_dinsos.regions.selectors import region_choices_within

from .filters import ClientFilter, StatisticsFilter
from .models import (
    CLIENT_ROW,
    Client,
    ClientCount,
    ClientMerge,
    ClientStatus,
    DuplicateCandidate,
    ImportJob,
    Panti,
    Placement,
    PmksType,
)


def desa_choices(*, user) -> QuerySet[Region]:
    """The desa/kelurahan a user may register a client in (their kabupaten/kota's)."""
    return region_choices_within(code=scope_kabkota_code(user), level=RegionLevel.DESA)


def _scoped_clients(user) -> QuerySet[Client]:
    require_perm(user, Perm.PMKS_VIEW)
    return scope_queryset(Client.objects.all(), user=user, kabkota_field="kabkota")


def client_list(*, user, filters=None) -> QuerySet[Client]:
    """Clients the user may see, narrowed by ``filters`` (query data for ``ClientFilter``: kabkota, wilayah
    (kecamatan/desa code), pmks_type, status, source, q (name starts with)). Newest first; rows carry desa, kab/kota
    and types for a list."""
    queryset = filter_queryset(ClientFilter, filters, queryset=_scoped_clients(user), user=user)
    return (
        queryset.select_related("desa", "kabkota")
        .prefetch_related(Prefetch("types", queryset=PmksType.objects.only("number", "name")))
        .order_by("-id")
    )


@dataclass
class KeysetPage:
    """One page of a keyset-paginated list: no COUNT(*) and no OFFSET, however deep the page."""

    rows: list
    next_after: int | None
    prev_before: int | None


def client_page(*, user, filters=None, after: int | None = None, before: int | None = None, size=25):
    """A page of ``client_list``: the ``size`` clients after id ``after`` (or just before id ``before``)."""
    queryset = client_list(user=user, filters=filters)
    if before is not None:
        rows = list(queryset.filter(id__gt=before).order_by("id")[: size + 1])
        has_more_before = len(rows) > size
        rows = list(reversed(rows[:size]))
        return KeysetPage(
            rows=rows,
            next_after=rows[-1].pk if rows else None,
            prev_before=rows[0].pk if rows and has_more_before else None,
        )
    if after is not None:
        queryset = queryset.filter(id__lt=after)
    rows = list(queryset[: size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    return KeysetPage(
        rows=rows,
        next_after=rows[-1].pk if rows and has_next else None,
        prev_before=rows[0].pk if rows and after is not None else None,
    )


def client_get(*, user, pk) -> Client:
    """One client in the user's scope, with everything its page shows; anything else answers 404."""
    queryset = _scoped_clients(user).select_related("desa__parent", "kabkota", "created_by", "last_import")
    return get_scoped_or_404(queryset.prefetch_related("types"), pk=pk)


def client_find_by_nik(*, user, nik: str) -> Client | None:
    """The client with this NIK if the user may see it (None otherwise: out of scope looks like not found)."""
    return _scoped_clients(user).filter(nik=nik.strip()).first()


def client_history(*, client: Client) -> dict:
    """The status changes, services, panti stays and merges of one client, for its page."""
    return {
        "status_changes": list(client.status_changes.select_related("changed_by")),
        "services": list(client.services.select_related("provider")),
        "placements": list(client.placements.select_related("panti")),
        "merges": list(client.merges.all()),
    }


def client_duplicates(*, user, limit: int = 200) -> list[dict]:
    """Possible duplicates: clients with the same name and birth date but a different NIK, in the user's scope.

    The pairs come from the kept ``DuplicateCandidate`` table (a few rows per pair), not from a GROUP BY over every
    client; only the clients of the pairs shown are read.
    """
    require_perm(user, Perm.PMKS_VIEW)
    candidates = scope_queryset(DuplicateCandidate.objects.all(), user=user, kabkota_field="kabkota")
    groups = (
        candidates.values("name_key", "birth_date")
        .annotate(n=Sum("n"))
        .filter(n__gt=1)
        .order_by("name_key", "birth_date")[:limit]
    )
    keys = [(g["name_key"], g["birth_date"]) for g in groups]
    if not keys:
        return []
    condition = Q()
    for name_key, birth_date in keys:
        condition |= Q(name_key=name_key, birth_date=birth_date)
    clients = _scoped_clients(user).filter(condition).select_related("desa", "kabkota").order_by("id")
    by_key: dict[tuple, list[Client]] = {}
    for client in clients:
        by_key.setdefault((client.name_key, client.birth_date), []).append(client)
    return [{"name_key": k[0], "birth_date": k[1], "clients": by_key[k]} for k in keys if len(by_key.get(k, [])) > 1]


def statistics_kabkota(*, user, filters=None) -> Region | None:
    """The kabupaten/kota the statistics are narrowed to by ``filters`` (``StatisticsFilter``), if any."""
    if not filters:
        return None
    filterset = filters if isinstance(filters, StatisticsFilter) else StatisticsFilter(filters, user=user)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors.as_data())
    return filterset.form.cleaned_data.get("kabkota")


def _scoped_counts(user, kabkota: str | None = None) -> QuerySet[ClientCount]:
    require_perm(user, Perm.PMKS_VIEW)
    counts = scope_queryset(ClientCount.objects.all(), user=user, kabkota_field="kabkota")
    return counts.filter(kabkota=kabkota) if kabkota else counts


# The counts behind the statistics are cached under the PMKS data version (raised by every audited PMKS write and by
# ``counts_rebuild``), so the first request after a write recomputes; the expiry only bounds the memory they take.
STATISTICS_CACHE_SECONDS = 60 * 60


def _statistics_counts(user, kabkota: str | None, since: datetime.date) -> dict:
    """The numbers behind ``pmks_statistics``: links per (type, kab/kota), clients per status and per month since
    ``since``. Two small GROUP BYs over the kept counts, cached per data version, scope and kab/kota."""
    counts = _scoped_counts(user, kabkota)
    province_wide, own_kabkota, clusters = scope_stamp(user)
    topic = Client._meta.app_label  # the data version audited PMKS writes raise (see ``audit_append``)
    version = data_versions([topic]).get(topic, 0)
    key = (
        f"pmks-statistics:v1:{version}:{since.isoformat()}:{'all' if province_wide else own_kabkota}:"
        f"{','.join(clusters)}:{kabkota or '-'}"
    )
    cached = cache.get(key)
    if cached is not None:
        return cached
    cells: dict[tuple, int] = {}
    by_status: dict[str, int] = {}
    months: dict[datetime.date, int] = {}
    links = counts.exclude(pmks_type=CLIENT_ROW).values_list("pmks_type", "kabkota").annotate(total=Sum("n"))
    for number, code, n in links.order_by():
        cells[(number, code)] = n
    clients = counts.filter(pmks_type=CLIENT_ROW).values_list("status", "month").annotate(total=Sum("n"))
    for status, month, n in clients.order_by():
        by_status[status] = by_status.get(status, 0) + n
        if month >= since:
            months[month] = months.get(month, 0) + n
    result = {"cells": cells, "by_status": by_status, "months": months}
    cache.set(key, result, STATISTICS_CACHE_SECONDS)
    return result


def pmks_statistics(*, user, filters=None) -> dict:
    """Clients by PMKS type × kabupaten/kota, by status and new per month, within the user's scope, narrowed by
    ``filters`` (``StatisticsFilter``: kabkota). Read from the kept counts (a few thousand rows, whatever the number
    of clients), cached until the next PMKS write; the kab/kota and the types are read fresh."""
    chosen = statistics_kabkota(user=user, filters=filters)
    kabkotas = list(
        scope_kabkota_queryset(Region.objects.filter(level=RegionLevel.KABKOTA), user=user).order_by("code")
    )
    if chosen is not None:
        kabkotas = [r for r in kabkotas if r.code == chosen.code]
    types = list(PmksType.objects.order_by("number"))
    since = (timezone.localdate().replace(day=1) - datetime.timedelta(days=365)).replace(day=1)
    numbers = _statistics_counts(user, chosen.code if chosen is not None else None, since)
    cells, by_status_raw, months = numbers["cells"], numbers["by_status"], numbers["months"]
    matrix = [
        {
            "type": pmks_type,
            "counts": [cells.get((pmks_type.number, region.code), 0) for region in kabkotas],
            "total": sum(cells.get((pmks_type.number, region.code), 0) for region in kabkotas),
        }
        for pmks_type in types
    ]
    by_status = [(status, label, by_status_raw.get(status, 0)) for status, label in ClientStatus.choices]
    return {
        "kabkotas": kabkotas,
        "matrix": matrix,
        "column_totals": [sum(row["counts"][i] for row in matrix) for i in range(len(kabkotas))],
        "by_status": by_status,
        "per_month": sorted((month, n) for month, n in months.items() if n),
        "total_clients": sum(by_status_raw.values()),
    }


def pmks_tile(*, user, kabkota: str | None = None) -> dict:
    """The dashboard's PMKS tile: clients in the user's scope (optionally one kabupaten/kota) by status, from the
    kept counts. ``{"total": int, "by_status": [{"code", "label", "count"}, ...]}`` in ``ClientStatus`` order."""
    rows = (
        _scoped_counts(user, kabkota)
        .filter(pmks_type=CLIENT_ROW)
        .values_list("status")
        .annotate(total=Sum("n"))
        .order_by()
    )
    by_status = dict(rows)
    return {
        "total": sum(by_status.values()),
        "by_status": [
            {"code": code, "label": str(label), "count": by_status.get(code, 0)} for code, label in ClientStatus.choices
        ],
    }


def panti_list(*, user) -> QuerySet[Panti]:
    """Panti sosial in the user's scope, each with its current number of residents."""
    require_perm(user, Perm.PMKS_VIEW)
    queryset = scope_queryset(Panti.objects.select_related("desa", "kabkota"), user=user, kabkota_field="kabkota")
    return queryset.annotate(occupancy=Count("placements", filter=Q(placements__discharged_on__isnull=True)))


def panti_get(*, user, pk) -> Panti:
    return get_scoped_or_404(panti_list(user=user), pk=pk)


def panti_choices(*, user) -> QuerySet[Panti]:
    """Active panti a client may be admitted to: provincial institutions take clients from every kab/kota."""
    require_perm(user, Perm.PMKS_CHANGE)
    return Panti.objects.filter(is_active=True).select_related("kabkota")


def panti_residents(*, user, panti: Panti) -> list[Placement]:
    """Current residents of a panti, limited to the clients the user may see."""
    clients = _scoped_clients(user)
    return list(
        Placement.objects.filter(panti=panti, discharged_on__isnull=True, client__in=clients)
        .select_related("client", "client__kabkota")
        .order_by("admitted_on")
    )


def placement_get(*, user, client: Client, pk) -> Placement:
    return get_scoped_or_404(Placement.objects.filter(client=client), pk=pk)


def import_job_list(*, user) -> QuerySet[ImportJob]:
    require_perm(user, Perm.PMKS_IMPORT)
    return ImportJob.objects.select_related("created_by")[:20]


def import_job_get(*, user, pk) -> ImportJob:
    """An import job; the role map lets only provincial staff import, and each of them may follow every job."""
    require_perm(user, Perm.PMKS_IMPORT)
    return get_scoped_or_404(ImportJob.objects.select_related("created_by"), pk=pk)


def subject_report_data(*, user, nik: str) -> dict | None:
    """Everything held about one NIK and how it was processed, for a data-subject access request (UU 27/2022).

    Follows records merged away from that NIK as well. None when nothing is held.
    """
    require_perm(user, Perm.PMKS_SUBJECT_REPORT)
    nik = nik.strip()
    scoped = _scoped_clients(user)
    client = scoped.filter(nik=nik).first()
    merged_into = ClientMerge.objects.filter(merged_nik=nik).select_related("kept").first()
    if client is None and merged_into is not None and scoped.filter(pk=merged_into.kept_id).exists():
        client = merged_into.kept
    if client is None:
        return None
    client = (
        Client.objects.select_related("desa__parent", "kabkota", "last_import")
        .prefetch_related("types")
        .get(pk=client.pk)
    )
    merges = list(client.merges.all())
    record_ids = [str(client.pk)] + [str(m.merged_client_id) for m in merges]
    label = Client._meta.label_lower
    # Lines about the record itself, and bulk lines (exports) that name it among others.
    named = AuditSubject.objects.filter(model=label, object_id__in=record_ids).values("entry_id")
    audit = list(
        AuditLog.objects.filter(Q(model=label, object_id__in=record_ids) | Q(pk__in=named)).order_by("at", "id")
    )
    return {
        "client": client,
        "asked_nik": nik,
        "history": client_history(client=client),
        "merges": merges,
        "audit": audit,
        "generated_at": timezone.localtime(),
    }
