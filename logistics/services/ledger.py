"""Posting to the stock ledger: every change of stock goes through ``moves_post``.

In one transaction it checks the lines, locks the balance rows it touches (in a fixed order, so two postings never
deadlock), refuses to take more than is on hand, inserts the moves and applies their sum to the balances with one
UPDATE. The database backs each rule: positive quantities, two different places, balances never negative, and a
trigger that refuses to change or delete a posted move.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from banten_dinsos.accounts.scoping import scope_allows

from ..models import (
    DISTRIBUTION_KINDS,
    GENERAL_BATCH,
    STOCK_KINDS,
    Batch,
    Item,
    Location,
    LocationKind,
    MoveKind,
    StockBalance,
    StockMove,
)
from .common import LOGISTICS_CLUSTERS

ZERO = Decimal("0")
MAX_QUANTITY = Decimal("99999999999")

# Which kinds of place each kind of move may take goods from and bring them to.
_WAREHOUSE = {LocationKind.GUDANG_PROVINSI, LocationKind.GUDANG_KABKOTA, LocationKind.LUMBUNG_KSB}
ROUTES: dict[str, tuple[set, set]] = {
    MoveKind.RECEIPT: ({LocationKind.SUPPLIER}, _WAREHOUSE),
    MoveKind.TRANSFER: (_WAREHOUSE, _WAREHOUSE),
    MoveKind.DISPATCH: (_WAREHOUSE, {LocationKind.TRANSIT}),
    MoveKind.DELIVERY: ({LocationKind.TRANSIT}, _WAREHOUSE | set(DISTRIBUTION_KINDS) | {LocationKind.WRITE_OFF}),
    MoveKind.ISSUE: (_WAREHOUSE, set(DISTRIBUTION_KINDS)),
    MoveKind.RETURN: (set(DISTRIBUTION_KINDS), _WAREHOUSE),
    MoveKind.ADJUSTMENT: (_WAREHOUSE | {LocationKind.ADJUSTMENT}, _WAREHOUSE | {LocationKind.ADJUSTMENT}),
    MoveKind.WRITE_OFF: (_WAREHOUSE, {LocationKind.WRITE_OFF}),
}
# Kinds that need a written reason: the count, the write-off, the correction.
REASON_REQUIRED = {MoveKind.ADJUSTMENT, MoveKind.WRITE_OFF, MoveKind.REVERSAL}


@dataclass
class MoveLine:
    """One line to post. ``batch`` None means the item's general batch (items without expiry only)."""

    kind: str
    item: Item
    quantity: Decimal
    source: Location
    destination: Location
    batch: Batch | None = None
    reason: str = ""
    disaster_id: int | None = None
    reverses: StockMove | None = None
    links: dict = field(default_factory=dict)


def quantity_display(quantity: Decimal) -> str:
    """10.000 → "10", 2.500 → "2,5" (in the user's locale), with thousands grouped."""
    quantity = Decimal(quantity)
    whole = quantity == quantity.to_integral_value()
    quantity = quantity.quantize(Decimal(1)) if whole else quantity.normalize()
    return number_format(quantity, force_grouping=True)


def quantity_errors(item: Item, quantity, *, field_name: str = "quantity") -> dict:
    """Why ``quantity`` cannot be moved for ``item``: not a number, not positive, a fraction of a whole unit."""
    if quantity is None:
        return {field_name: [_("Enter a quantity.")]}
    try:
        quantity = Decimal(quantity)
    except (ArithmeticError, TypeError, ValueError):
        return {field_name: [_("The quantity must be a number.")]}
    if not quantity.is_finite() or quantity <= 0:
        return {field_name: [_("The quantity must be more than zero.")]}
    if quantity > MAX_QUANTITY:
        return {field_name: [_("The quantity is too large.")]}
    if quantity != quantity.quantize(Decimal("0.001")):
        return {field_name: [_("The quantity may have at most three decimals.")]}
    if item.is_whole_unit and quantity != quantity.to_integral_value():
        return {
            field_name: [
                _("%(item)s is counted in whole %(unit)s: enter a whole number.")
                % {"item": item.name, "unit": item.unit}
            ]
        }
    return {}


def general_batch(item: Item) -> Batch:
    """The batch shared by every unit of an item that has no lots or expiry dates (created on first use)."""
    batch, _created = Batch.objects.get_or_create(item=item, code=GENERAL_BATCH)
    return batch


def batch_for(*, item: Item, code: str = "", expiry_date: date | None = None, field_name: str = "batch") -> Batch:
    """The batch ``code`` of ``item`` (created with its expiry date on first receipt); checks expiry rules."""
    code = (code or "").strip()
    if not code:
        if item.tracks_expiry:
            raise ValidationError({field_name: _("%(item)s expires: enter the batch code.") % {"item": item.name}})
        return general_batch(item)
    if item.tracks_expiry and expiry_date is None:
        existing = Batch.objects.filter(item=item, code=code).first()
        if existing is None or existing.expiry_date is None:
            raise ValidationError({"expiry_date": _("%(item)s expires: enter the expiry date.") % {"item": item.name}})
        return existing
    batch, created = Batch.objects.get_or_create(item=item, code=code, defaults={"expiry_date": expiry_date})
    if not created and expiry_date is not None and batch.expiry_date != expiry_date:
        raise ValidationError(
            {
                "expiry_date": _("Batch %(code)s is already recorded with expiry date %(date)s.")
                % {"code": code, "date": batch.expiry_date.strftime("%d/%m/%Y") if batch.expiry_date else "—"}
            }
        )
    return batch


def _route_errors(line: MoveLine, *, user, position: str) -> dict:
    errors = {}
    if line.source.pk == line.destination.pk:
        return {"destination": [_("%(p)sThe destination must be a different place from the source.") % {"p": position}]}
    if line.kind != MoveKind.REVERSAL:
        sources, destinations = ROUTES[line.kind]
        if line.source.kind not in sources:
            errors["source"] = [
                _("%(p)sA %(move)s cannot take goods from %(place)s (%(kind)s).")
                % {
                    "p": position,
                    "move": MoveKind(line.kind).label.lower(),
                    "place": line.source.name,
                    "kind": line.source.get_kind_display(),
                }
            ]
        if line.destination.kind not in destinations:
            errors["destination"] = [
                _("%(p)sA %(move)s cannot bring goods to %(place)s (%(kind)s).")
                % {
                    "p": position,
                    "move": MoveKind(line.kind).label.lower(),
                    "place": line.destination.name,
                    "kind": line.destination.get_kind_display(),
                }
            ]
    for side in ("source", "destination"):
        place = getattr(line, side)
        if not place.is_active and line.kind != MoveKind.REVERSAL:
            errors.setdefault(side, []).append(
                _("%(p)s%(place)s is no longer active.") % {"p": position, "place": place.name}
            )
    return errors


def _scope_errors(line: MoveLine, *, user) -> dict:
    """A user may only move stock that is in, or comes into, a place of their own area."""
    errors = {}
    for side in ("source", "destination"):
        place = getattr(line, side)
        # Suppliers, desa and the system's own places belong to no one's stock; the warehouse side decides.
        if (
            place.holds_stock
            and place.kind != LocationKind.TRANSIT
            and not scope_allows(user, kabkota_code=place.kabkota_id, clusters=LOGISTICS_CLUSTERS)
        ):
            errors[side] = [_("Location not found.")]
    return errors


def _check_lines(lines: Sequence[MoveLine], *, user) -> None:
    if not lines:
        raise ValidationError({"lines": _("Add at least one line.")})
    errors: dict[str, list] = {}
    many = len(lines) > 1
    # Documents repeat the same few routes: each (kind, source, destination) is checked once.
    routes: dict[tuple, dict] = {}
    for number, line in enumerate(lines, start=1):
        position = _("Line %(n)s: ") % {"n": number} if many else ""
        problems = {}
        for name, messages in quantity_errors(line.item, line.quantity).items():
            problems[name] = [f"{position}{message}" for message in messages]
        route = (line.kind, line.source.pk, line.destination.pk)
        if route not in routes:
            found = _route_errors(line, user=user, position="")
            if user is not None:
                for name, messages in _scope_errors(line, user=user).items():
                    found.setdefault(name, []).extend(messages)
            routes[route] = found
        for name, messages in routes[route].items():
            problems.setdefault(name, []).extend(f"{position}{message}" for message in messages)
        if line.batch is not None and line.batch.item_id != line.item.pk:
            problems["batch"] = [f"{position}{_('This batch belongs to another item.')}"]
        if line.kind in REASON_REQUIRED and not (line.reason or "").strip():
            problems["reason"] = [f"{position}{_('Give the reason.')}"]
        for name, messages in problems.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _lock_balances(keys: set[tuple[int, int, int]], *, kabkota_of: dict[int, str | None], expiry_of: dict[int, date]):
    """Lock the balance rows of ``keys`` in key order, creating the missing ones. Returns {key: (id, quantity)}.

    Existing rows are locked first; rows for places receiving an item batch for the first time are then inserted (in
    key order, ignoring a twin that inserted the same row a moment earlier) and locked.
    """
    if not keys:
        return {}
    locked = _select_for_update(sorted(keys))
    missing = sorted(set(keys) - set(locked))
    if missing:
        StockBalance.objects.bulk_create(
            [
                StockBalance(
                    location_id=location,
                    item_id=item,
                    batch_id=batch,
                    kabkota_id=kabkota_of[location],
                    expiry_date=expiry_of.get(batch),
                    quantity=ZERO,
                )
                for location, item, batch in missing
            ],
            ignore_conflicts=True,
        )
        locked.update(_select_for_update(missing))
    return locked


def _select_for_update(ordered: list[tuple[int, int, int]]) -> dict:
    if connection.vendor != "postgresql":
        # SQLite (make run without a database server) serialises writers anyway; the ORM is enough there.
        condition = Q()
        for location, item, batch in ordered:
            condition |= Q(location_id=location, item_id=item, batch_id=batch)
        rows = StockBalance.objects.filter(condition).values_list(
            "id", "location_id", "item_id", "batch_id", "quantity"
        )
        return {(row[1], row[2], row[3]): (row[0], row[4]) for row in rows}
    values = ", ".join(["(%s, %s, %s)"] * len(ordered))
    params = [part for key in ordered for part in key]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT b.id, b.location_id, b.item_id, b.batch_id, b.quantity
            FROM logistics_stockbalance b
            JOIN (VALUES {values}) AS k(location_id, item_id, batch_id)
              ON b.location_id = k.location_id AND b.item_id = k.item_id AND b.batch_id = k.batch_id
            ORDER BY b.location_id, b.item_id, b.batch_id
            FOR UPDATE OF b
            """,
            params,
        )
        return {(row[1], row[2], row[3]): (row[0], row[4]) for row in cursor.fetchall()}


def _apply(deltas: dict[int, Decimal]) -> None:
    """Add each delta to its balance row, in one statement."""
    if not deltas:
        return
    if connection.vendor != "postgresql":
        for pk, delta in deltas.items():
            StockBalance.objects.filter(pk=pk).update(quantity=F("quantity") + delta, updated_at=timezone.now())
        return
    values = ", ".join(["(%s, %s::numeric)"] * len(deltas))
    params = [part for pair in sorted(deltas.items()) for part in pair]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE logistics_stockbalance AS b SET quantity = b.quantity + d.delta, updated_at = %s
            FROM (VALUES {values}) AS d(id, delta) WHERE b.id = d.id
            """,
            [timezone.now(), *params],
        )


MOVE_COLUMNS = (
    "kind",
    "posted_at",
    "item_id",
    "batch_id",
    "quantity",
    "source_id",
    "destination_id",
    "source_kabkota_id",
    "destination_kabkota_id",
    "reverses_id",
    "reason",
    "disaster_id",
    "request_id",
    "dispatch_id",
    "donation_id",
    "posted_by_id",
)


def _insert(rows: list[tuple]) -> list[StockMove]:
    """Insert the moves (tuples in ``MOVE_COLUMNS`` order) in one multi-row statement; returns them with their ids.

    The lines were checked above and the database checks the rest, so the rows go in as tuples: building model
    instances first and then bulk_create's per-field preparation would cost more than the INSERT itself.
    """
    if connection.vendor != "postgresql":
        created = StockMove.objects.bulk_create(
            [StockMove(**dict(zip(MOVE_COLUMNS, row, strict=True))) for row in rows]
        )
        return list(created)
    from psycopg2.extras import execute_values

    with connection.cursor() as cursor:
        ids = execute_values(
            cursor.cursor,
            f"INSERT INTO logistics_stockmove ({', '.join(MOVE_COLUMNS)}) VALUES %s RETURNING id",
            rows,
            page_size=len(rows),
            fetch=True,
        )
    names = ["id", *MOVE_COLUMNS]
    return [StockMove.from_db("default", names, (pk, *row)) for (pk,), row in zip(ids, rows, strict=True)]


def moves_post(
    *,
    user,
    lines: Sequence[MoveLine],
    posted_at: datetime | None = None,
    check_scope: bool = True,
) -> list[StockMove]:
    """Post ``lines`` as moves and update the balances, all or nothing. Returns the moves in line order.

    Raises ValidationError naming the field (``quantity``, ``source``, ``destination``, ``batch``, ``reason``) and
    writes nothing when a line is invalid or would take more than is on hand.
    """
    with transaction.atomic():
        for line in lines:
            if line.batch is None:
                if line.item.tracks_expiry:
                    raise ValidationError({"batch": _("%(item)s expires: choose a batch.") % {"item": line.item.name}})
                line.batch = general_batch(line.item)
        _check_lines(lines, user=user if check_scope else None)
        posted_at = posted_at or timezone.now()

        deltas: dict[tuple[int, int, int], Decimal] = defaultdict(Decimal)
        kabkota_of: dict[int, str | None] = {}
        places: dict[int, Location] = {}
        for line in lines:
            quantity = Decimal(line.quantity)
            for place, sign in ((line.source, -1), (line.destination, 1)):
                places[place.pk] = place
                kabkota_of[place.pk] = place.kabkota_id
                if place.holds_stock:
                    deltas[(place.pk, line.item.pk, line.batch.pk)] += sign * quantity
        expiry_of = {line.batch.pk: line.batch.expiry_date for line in lines}
        locked = _lock_balances(set(deltas), kabkota_of=kabkota_of, expiry_of=expiry_of)

        errors = []
        items = {line.item.pk: line.item for line in lines}
        batches = {line.batch.pk: line.batch for line in lines}
        for key, delta in sorted(deltas.items()):
            _id, on_hand = locked[key]
            if on_hand + delta < 0:
                location, item, batch = key
                errors.append(
                    _(
                        "Only %(on_hand)s %(unit)s of %(item)s (batch %(batch)s) is on hand at %(place)s; "
                        "%(wanted)s %(unit)s cannot be taken."
                    )
                    % {
                        "on_hand": quantity_display(on_hand),
                        "unit": items[item].unit,
                        "item": items[item].name,
                        "batch": batches[batch].code,
                        "place": places[location].name,
                        "wanted": quantity_display(-delta),
                    }
                )
        if errors:
            raise ValidationError({"quantity": errors})

        posted_by = user.pk if getattr(user, "is_authenticated", False) else None
        rows = [
            (
                line.kind,
                posted_at,
                line.item.pk,
                line.batch.pk,
                Decimal(line.quantity),
                line.source.pk,
                line.destination.pk,
                line.source.kabkota_id,
                line.destination.kabkota_id,
                line.reverses.pk if line.reverses is not None else None,
                (line.reason or "").strip()[:255],
                line.disaster_id,
                *(getattr(line.links.get(name), "pk", None) for name in ("request", "dispatch", "donation")),
                posted_by,
            )
            for line in lines
        ]
        moves = _insert(rows)
        _apply({locked[key][0]: delta for key, delta in deltas.items() if delta})
        return moves


def ledger_sums() -> dict[tuple[int, int, int], Decimal]:
    """The stock on hand that the ledger alone implies, per (location, item, batch) of every stock-holding place."""
    sums: dict[tuple[int, int, int], Decimal] = defaultdict(Decimal)
    moves = StockMove.objects.order_by()
    for side, sign in (("destination", 1), ("source", -1)):
        rows = (
            moves.filter(**{f"{side}__kind__in": sorted(STOCK_KINDS)})
            .values_list(f"{side}_id", "item_id", "batch_id")
            .annotate(total=Sum("quantity"))
        )
        for location, item, batch, total in rows:
            sums[(location, item, batch)] += sign * total
    return sums


def balances_verify() -> list[dict]:
    """Compare every balance with the sum of the ledger; returns the rows that differ (empty: no drift)."""
    ledger = ledger_sums()
    balances = {
        (row[0], row[1], row[2]): row[3]
        for row in StockBalance.objects.order_by().values_list("location_id", "item_id", "batch_id", "quantity")
    }
    drift = []
    for key in sorted(set(ledger) | set(balances)):
        expected, actual = ledger.get(key, ZERO), balances.get(key, ZERO)
        if expected != actual:
            drift.append(
                {"location_id": key[0], "item_id": key[1], "batch_id": key[2], "balance": actual, "ledger": expected}
            )
    return drift


@transaction.atomic
def balances_rebuild() -> int:
    """Set every balance to what the ledger implies (after a drift was investigated); returns the rows changed."""
    drift = balances_verify()
    locations = {place.pk: place for place in Location.objects.filter(pk__in={row["location_id"] for row in drift})}
    batches = {batch.pk: batch for batch in Batch.objects.filter(pk__in={row["batch_id"] for row in drift})}
    for row in drift:
        StockBalance.objects.update_or_create(
            location_id=row["location_id"],
            item_id=row["item_id"],
            batch_id=row["batch_id"],
            defaults={
                "quantity": row["ledger"],
                "kabkota_id": locations[row["location_id"]].kabkota_id,
                "expiry_date": batches[row["batch_id"]].expiry_date,
            },
        )
    return len(drift)
