"""Every read of the logistics app, scoped once through accounts/scoping.py.

A kabupaten/kota officer sees the places, stock, moves, requests and donations of their kabupaten/kota; donors are
visible to everyone who may post a receipt; province-level places (the provincial warehouse, transit) only to
provincial users and the coordinators of the Logistik cluster.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import (
    get_scoped_or_404,
    scope_cluster_codes,
    scope_is_province_wide,
    scope_kabkota_code,
    scope_queryset,
)
from banten_dinsos.core.filtering import filter_queryset
from banten_dinsos.regions.models import Region
from banten_dinsos.regions.selectors import kabkota_list
from shelters.models import Shelter, ShelterStatus

from .filters import (
    EXPIRY_WARNING_DAYS,
    BalanceFilter,
    DispatchFilter,
    DistributionFilter,
    DonationFilter,
    ExpiringFilter,
    ItemFilter,
    LocationFilter,
    MoveFilter,
    RequestFilter,
)
from .models import (
    DISTRIBUTION_KINDS,
    WAREHOUSE_KINDS,
    Batch,
    Dispatch,
    DispatchStatus,
    Donation,
    Item,
    Location,
    LocationKind,
    RequestStatus,
    StockBalance,
    StockMove,
    StockRequest,
)

LOGISTICS_CLUSTERS = ("logistik",)
ZERO = Decimal("0")


def _scoped(queryset: QuerySet, *, user, field: str = "kabkota") -> QuerySet:
    return scope_queryset(queryset, user=user, kabkota_field=field, clusters=LOGISTICS_CLUSTERS)


def is_province_wide(user) -> bool:
    return scope_is_province_wide(user) or bool(scope_cluster_codes(user).intersection(LOGISTICS_CLUSTERS))


def kabkota_choices(*, user) -> QuerySet[Region]:
    """The kabupaten/kota a user may filter logistics lists by: all for provincial users and the Logistik cluster's
    coordinators, their own for a kabupaten/kota officer."""
    return _scoped(kabkota_list(), user=user, field="code")


# --- places and catalogue -----------------------------------------------------------------------------------------
def location_list(*, user, filters=None) -> QuerySet[Location]:
    """Places the user may see: those of their area, plus the province-level donors (anyone may receive from
    Kemensos, BNPB or PMI); a donor registered by a kabupaten/kota stays in its area. ``filters``: query data for
    ``LocationFilter`` (q, kind, kabkota, warehouses, active)."""
    require_perm(user, Perm.LOGISTICS_VIEW)
    base = Location.objects.select_related("region", "kabkota")
    queryset = _scoped(base, user=user) | base.filter(kind=LocationKind.SUPPLIER, kabkota__isnull=True)
    queryset = filter_queryset(LocationFilter, filters, queryset=queryset, user=user)
    return queryset.distinct().order_by("kind", "name")


def location_get(*, user, pk) -> Location:
    return get_scoped_or_404(location_list(user=user), pk=pk)


def warehouse_list(*, user) -> QuerySet[Location]:
    return location_list(user=user, filters={"warehouses": True, "active": True})


def item_list(*, user, filters=None) -> QuerySet[Item]:
    """The catalogue of relief goods. Without ``filters`` every item, withdrawn ones too (what posted records and
    ids in a request may name); through ``ItemFilter`` (category, q, active) only the items in use unless
    ``active`` says otherwise."""
    require_perm(user, Perm.LOGISTICS_VIEW)
    queryset = Item.objects.prefetch_related("components__component")
    return filter_queryset(ItemFilter, filters, queryset=queryset, user=user)


def batch_list(*, user, item: Item | None = None) -> QuerySet[Batch]:
    require_perm(user, Perm.LOGISTICS_VIEW)
    queryset = Batch.objects.select_related("item")
    return queryset.filter(item=item) if item is not None else queryset


# --- stock --------------------------------------------------------------------------------------------------------
def balance_list(*, user, filters=None) -> QuerySet[StockBalance]:
    """Stock on hand per place × item × batch (rows above zero), in the user's area (``BalanceFilter``: location,
    item, kabkota, category)."""
    require_perm(user, Perm.LOGISTICS_VIEW)
    queryset = _scoped(StockBalance.objects.filter(quantity__gt=0), user=user).select_related(
        "location", "item", "batch"
    )
    queryset = filter_queryset(BalanceFilter, filters, queryset=queryset, user=user)
    return queryset.order_by("location__name", "item__name", "expiry_date", "batch_id")


def displaced_people(*, kabkota_code: str | None) -> int:
    """People now in open shelters of a kabupaten/kota (None: the whole province)."""
    shelters = Shelter.objects.filter(status=ShelterStatus.OPEN)
    if kabkota_code:
        shelters = shelters.filter(kabkota_id=kabkota_code)
    return shelters.aggregate(total=Sum("current_total"))["total"] or 0


def days_of_cover(*, on_hand: Decimal, people: int, per_person_per_day: Decimal | None) -> Decimal | None:
    """How many days ``on_hand`` feeds ``people`` at the ration; None without a ration rule or without people."""
    if per_person_per_day is None or not people:
        return None
    return (Decimal(on_hand) / (people * per_person_per_day)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class PositionRow:
    item: Item
    on_hand: Decimal
    in_transit: Decimal
    expiring: Decimal
    per_person_per_day: Decimal | None
    days_of_cover: Decimal | None
    alert_below_days: int | None

    @property
    def is_low(self) -> bool:
        if self.days_of_cover is not None and self.alert_below_days is not None:
            return self.days_of_cover < self.alert_below_days
        return False


def stock_position(*, user, location: Location | None = None, kabkota: str | None = None) -> dict:
    """Stock per item in one warehouse, one kabupaten/kota or everything the user sees, with days of cover.

    Days of cover divide the stock by the daily ration of the people now in open shelters that stock serves: a
    kabupaten/kota warehouse serves its kabupaten/kota, the provincial warehouse and the province-wide view the
    whole province. One query over the balance table (kept ready by the posting service), one over shelters.
    """
    require_perm(user, Perm.LOGISTICS_VIEW)
    balances = _scoped(StockBalance.objects.all(), user=user)
    if location is not None:
        balances = balances.filter(location=location)
        served = location.kabkota_id
    elif kabkota:
        # Another kabupaten/kota (or none) answers like a missing one, not with its count of displaced people.
        get_scoped_or_404(kabkota_choices(user=user), code=kabkota)
        balances = balances.filter(kabkota_id=kabkota)
        served = kabkota
    else:
        served = None if is_province_wide(user) else scope_kabkota_code(user)
    soon = timezone.localdate() + timedelta(days=EXPIRY_WARNING_DAYS)
    in_warehouse = Q(location__kind__in=sorted(WAREHOUSE_KINDS))
    # One pass over the balances in scope (transit rows are province-level, so only province-wide users have them),
    # with each item's name, unit and ration rule joined in.
    totals = (
        balances.filter(in_warehouse | Q(location__kind=LocationKind.TRANSIT))
        .values(
            "item_id",
            "item__code",
            "item__name",
            "item__unit",
            "item__category",
            "item__ration__per_person_per_day",
            "item__ration__alert_below_days",
        )
        .annotate(
            on_hand=Sum("quantity", filter=in_warehouse),
            in_transit=Sum("quantity", filter=Q(location__kind=LocationKind.TRANSIT)),
            expiring=Sum("quantity", filter=in_warehouse & Q(expiry_date__lte=soon)),
        )
        .order_by("item__category", "item__name")
    )
    people = displaced_people(kabkota_code=served)
    rows = []
    for row in totals:
        on_hand = row["on_hand"] or ZERO
        ration = row["item__ration__per_person_per_day"]
        item = Item(
            pk=row["item_id"],
            code=row["item__code"],
            name=row["item__name"],
            unit=row["item__unit"],
            category=row["item__category"],
        )
        rows.append(
            PositionRow(
                item=item,
                on_hand=on_hand,
                in_transit=row["in_transit"] or ZERO,
                expiring=row["expiring"] or ZERO,
                per_person_per_day=ration,
                days_of_cover=days_of_cover(on_hand=on_hand, people=people, per_person_per_day=ration),
                alert_below_days=row["item__ration__alert_below_days"],
            )
        )
    return {"rows": rows, "people": people, "kabkota": served, "location": location}


def expiring_list(*, user, filters=None, on: date | None = None) -> QuerySet[StockBalance]:
    """Batches on hand in warehouses that expire within 30 days from ``on`` (default today) or have expired, soonest
    first; ``filters``: query data for ``ExpiringFilter`` (days, location, item, kabkota, category)."""
    queryset = balance_list(user=user).filter(expiry_date__isnull=False, location__kind__in=sorted(WAREHOUSE_KINDS))
    if filters:
        queryset = filter_queryset(ExpiringFilter, filters, queryset=queryset, user=user)
    else:
        queryset = queryset.filter(expiry_date__lte=(on or timezone.localdate()) + timedelta(days=EXPIRY_WARNING_DAYS))
    return queryset.order_by("expiry_date", "location__name")


def low_stock_list(*, user) -> list[dict]:
    """Items below their low-stock level in a warehouse (the level is per warehouse, on the item)."""
    require_perm(user, Perm.LOGISTICS_VIEW)
    rows = (
        _scoped(StockBalance.objects.filter(location__kind__in=sorted(WAREHOUSE_KINDS)), user=user)
        .values("location_id", "location__name", "location__kabkota_id", "item_id", "item__name", "item__unit")
        .annotate(on_hand=Sum("quantity"))
        .order_by("location__name", "item__name")
    )
    levels = dict(Item.objects.filter(reorder_level__gt=0).values_list("pk", "reorder_level"))
    return [
        {**row, "reorder_level": levels[row["item_id"]]}
        for row in rows
        if row["item_id"] in levels and row["on_hand"] < levels[row["item_id"]]
    ]


def stock_card(*, user, location: Location, item: Item) -> list[dict]:
    """The kartu stok: every move of ``item`` in or out of ``location`` in time order with the running balance."""
    require_perm(user, Perm.LOGISTICS_VIEW)
    moves = (
        StockMove.objects.filter(Q(source=location) | Q(destination=location), item=item)
        .select_related("batch", "source", "destination", "posted_by")
        .order_by("posted_at", "id")
    )
    balance = ZERO
    rows = []
    for move in moves:
        incoming = move.destination_id == location.pk
        balance += move.quantity if incoming else -move.quantity
        rows.append(
            {
                "move": move,
                "in": move.quantity if incoming else None,
                "out": None if incoming else move.quantity,
                "balance": balance,
                "other": move.source if incoming else move.destination,
            }
        )
    return rows


# --- ledger -------------------------------------------------------------------------------------------------------
def move_list(*, user, filters=None) -> QuerySet[StockMove]:
    """Moves touching a place in the user's area (either side), newest first (``MoveFilter``: location, item, kind,
    disaster, since, until, request, dispatch, donation)."""
    require_perm(user, Perm.LOGISTICS_VIEW)
    base = StockMove.objects.all()
    queryset = _scoped(base, user=user, field="source_kabkota") | _scoped(base, user=user, field="destination_kabkota")
    queryset = filter_queryset(MoveFilter, filters, queryset=queryset, user=user)
    return queryset.select_related("item", "batch", "source", "destination", "posted_by", "reversed_by").order_by(
        "-posted_at", "-id"
    )


def move_get(*, user, pk) -> StockMove:
    return get_scoped_or_404(move_list(user=user).select_related("reverses"), pk=pk)


# --- requests, dispatches, donations ------------------------------------------------------------------------------
def request_list(*, user, filters=None) -> QuerySet[StockRequest]:
    """Requests of the user's area, newest first (``RequestFilter``: status, disaster, kabkota)."""
    require_perm(user, Perm.LOGISTICS_VIEW)
    queryset = _scoped(StockRequest.objects.all(), user=user).select_related(
        "disaster", "destination", "kabkota", "requested_by"
    )
    queryset = filter_queryset(RequestFilter, filters, queryset=queryset, user=user)
    return queryset.annotate(line_count=Count("lines")).order_by("-created_at", "-id")


def request_get(*, user, pk) -> StockRequest:
    return get_scoped_or_404(request_list(user=user).prefetch_related("lines__item", "events__actor"), pk=pk)


def dispatch_list(*, user, filters=None) -> QuerySet[Dispatch]:
    """Delivery notes of requests in the user's area, or sent from one of their warehouses (``DispatchFilter``:
    status, request)."""
    require_perm(user, Perm.LOGISTICS_VIEW)
    base = Dispatch.objects.all()
    queryset = _scoped(base, user=user, field="request__kabkota") | _scoped(base, user=user, field="source__kabkota")
    queryset = filter_queryset(DispatchFilter, filters, queryset=queryset, user=user)
    return queryset.select_related("request", "source", "destination").order_by("-created_at", "-id")


def dispatch_get(*, user, pk=None, token=None) -> Dispatch:
    lookup = {"pk": pk} if token is None else {"token": token}
    return get_scoped_or_404(
        dispatch_list(user=user).prefetch_related("lines__item", "lines__batch").select_related("request__disaster"),
        **lookup,
    )


def donation_list(*, user, filters=None) -> QuerySet[Donation]:
    """Donations received in the user's area, newest first (``DonationFilter``: donor, warehouse, disaster, since,
    until)."""
    require_perm(user, Perm.LOGISTICS_VIEW)
    queryset = _scoped(Donation.objects.all(), user=user).select_related("donor", "warehouse", "disaster")
    queryset = filter_queryset(DonationFilter, filters, queryset=queryset, user=user)
    return queryset.order_by("-received_on", "-id")


def donation_get(*, user, pk) -> Donation:
    return get_scoped_or_404(donation_list(user=user), pk=pk)


def donor_totals(*, user, filters=None) -> list[dict]:
    """Per donor: how many donations and their estimated value, for letters of acknowledgement (the donations
    narrowed by ``DonationFilter``)."""
    return list(
        donation_list(user=user, filters=filters)
        .values("donor_id", "donor__name", "donor__donor_type")
        .annotate(donations=Count("id"), value=Sum("value_estimate"))
        .order_by("-value", "donor__name")
    )


# --- distributions (the groupings are ``filters.DISTRIBUTION_GROUP_CHOICES``) -------------------------------------


def distribution_moves(*, user, filters=None) -> QuerySet[StockMove]:
    """Moves that reach people (into a shelter or desa) and moves that come back from them (returns, reversals),
    narrowed by ``DistributionFilter`` (disaster, item, since, until; its ``group`` is distribution_summary's)."""
    distribution = sorted(DISTRIBUTION_KINDS)
    moves = filter_queryset(DistributionFilter, filters, queryset=move_list(user=user), user=user)
    return moves.filter(Q(destination__kind__in=distribution) | Q(source__kind__in=distribution))


def distribution_rows(*, user, filters=None) -> list[dict]:
    """Net quantities that reached people, per disaster × kab/kota × desa × place × item × day × distributing org.

    Goods into a shelter or desa count positive, goods taken back (returns, reversals) negative, so the sums equal
    the ledger's net flow into the places where relief is handed out.
    """
    distribution = set(DISTRIBUTION_KINDS)
    moves = distribution_moves(user=user, filters=filters).values(
        "disaster_id",
        "disaster__title",
        "item_id",
        "item__name",
        "item__unit",
        "item__code",
        "posted_at__date",
        "source__kind",
        "source__name",
        "source__region_id",
        "source__region__name",
        "source_kabkota_id",
        "destination__kind",
        "destination__name",
        "destination__region_id",
        "destination__region__name",
        "destination_kabkota_id",
        "quantity",
    )
    rows: dict[tuple, dict] = {}
    for move in moves.order_by():
        into = move["destination__kind"] in distribution
        side = "destination" if into else "source"
        other = "source" if into else "destination"
        key = (
            move["disaster_id"],
            move[f"{side}_kabkota_id"],
            move[f"{side}__region_id"],
            move[f"{side}__name"],
            move["item_id"],
            move["posted_at__date"],
            move[f"{other}_kabkota_id"],
        )
        row = rows.setdefault(
            key,
            {
                "disaster_id": move["disaster_id"],
                "disaster": move["disaster__title"] or "",
                "kabkota": move[f"{side}_kabkota_id"] or "",
                "desa": move[f"{side}__region_id"],
                "desa_name": move[f"{side}__region__name"],
                "place_name": move[f"{side}__name"],
                "item_id": move["item_id"],
                "item": move["item__name"],
                "item_code": move["item__code"],
                "unit": move["item__unit"],
                "date": move["posted_at__date"],
                "org_kabkota": move[f"{other}_kabkota_id"],
                "quantity": ZERO,
            },
        )
        row["quantity"] += move["quantity"] if into else -move["quantity"]
    return sorted(rows.values(), key=lambda row: (row["date"], row["kabkota"], row["place_name"], row["item"]))


def distribution_summary(*, user, group: str = "kabkota", filters=None) -> list[dict]:
    """Distribution totals per item grouped by disaster, kab/kota, desa or shelter."""
    rows = distribution_rows(user=user, filters=filters)
    names = dict(Region.objects.filter(level="kabkota").values_list("code", "name"))
    grouped: dict[tuple, dict] = {}
    for row in rows:
        if group == "disaster":
            key, label = row["disaster_id"], row["disaster"]
        elif group == "desa":
            key, label = row["desa"], row["desa_name"]
        elif group == "shelter":
            key, label = (row["desa"], row["place_name"]), row["place_name"]
        else:
            key, label = row["kabkota"], names.get(row["kabkota"], row["kabkota"])
        entry = grouped.setdefault(
            (key, row["item_id"]), {"group": label, "item": row["item"], "unit": row["unit"], "quantity": ZERO}
        )
        entry["quantity"] += row["quantity"]
    return sorted(grouped.values(), key=lambda entry: (str(entry["group"]), entry["item"]))


# --- map and dashboard --------------------------------------------------------------------------------------------
def warehouse_map_points(*, user) -> list[dict]:
    """Warehouses with coordinates and their stock lines, for the map layer (two queries)."""
    places = list(warehouse_list(user=user).exclude(latitude__isnull=True))
    totals = dict(
        StockBalance.objects.filter(location__in=places, quantity__gt=0)
        .values("location_id")
        .annotate(lines=Count("item_id", distinct=True))
        .values_list("location_id", "lines")
        .order_by()
    )
    return [
        {
            "id": place.pk,
            "name": place.name,
            "kind": place.kind,
            "kind_label": str(place.get_kind_display()),
            "lat": float(place.latitude),
            "lon": float(place.longitude),
            "items": totals.get(place.pk, 0),
            "url": place.get_absolute_url(),
        }
        for place in places
    ]


def logistics_tile(*, user) -> dict | None:
    """The dashboard's logistics tile: requests waiting, deliveries on the road, items low, batches expiring."""
    from banten_dinsos.accounts.roles import has_perm

    if not has_perm(user, Perm.LOGISTICS_VIEW):
        return None
    requests = request_list(user=user).order_by()
    counts = requests.aggregate(
        waiting=Count("id", filter=Q(status=RequestStatus.SUBMITTED)),
        to_dispatch=Count("id", filter=Q(status__in=[RequestStatus.APPROVED, RequestStatus.PARTIAL])),
    )
    position = stock_position(user=user)
    return {
        "waiting": counts["waiting"],
        "to_dispatch": counts["to_dispatch"],
        "in_transit": dispatch_list(user=user, filters={"status": DispatchStatus.IN_TRANSIT}).count(),
        "expiring": expiring_list(user=user).count(),
        "low": [row for row in position["rows"] if row.is_low],
        "people": position["people"],
    }
