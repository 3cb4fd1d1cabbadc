"""Posting single moves by hand (receipts, transfers, issues, returns, write-offs), stock counts and reversals."""

import uuid
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record

from ..models import Batch, Item, Location, LocationKind, MoveKind, StockBalance, StockMove
from .common import idempotent_post, system_location
from .ledger import MoveLine, batch_for, moves_post, quantity_errors

# Moves a person posts by hand; dispatches, deliveries and reversals come from their own services.
MANUAL_KINDS = (
    MoveKind.RECEIPT,
    MoveKind.TRANSFER,
    MoveKind.ISSUE,
    MoveKind.RETURN,
    MoveKind.WRITE_OFF,
)


def _audit(user, move: StockMove, note: str = "") -> None:
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        instance=move,
        kabkota_code=move.destination_kabkota_id or move.source_kabkota_id,
        note=note,
    )


def move_post(
    *,
    user,
    kind: str,
    item: Item,
    quantity: Decimal,
    source: Location,
    destination: Location | None = None,
    batch: Batch | None = None,
    batch_code: str = "",
    expiry_date: date | None = None,
    reason: str = "",
    disaster=None,
    idempotency_key: uuid.UUID | None = None,
) -> tuple[StockMove, bool]:
    """Post one move by hand; returns (move, created). A write-off goes to the province's write-off place."""
    require_perm(user, Perm.STOCK_POST)
    if kind not in MANUAL_KINDS:
        raise ValidationError({"kind": _("This kind of move cannot be posted by hand.")})
    if kind == MoveKind.WRITE_OFF:
        destination = system_location(LocationKind.WRITE_OFF)
    if destination is None:
        raise ValidationError({"destination": _("Choose where the goods go.")})
    payload = {
        "kind": kind,
        "item": item,
        "quantity": Decimal(quantity) if not quantity_errors(item, quantity) else str(quantity),
        "source": source,
        "destination": destination,
        "batch": batch,
        "batch_code": batch_code,
        "expiry_date": expiry_date,
        "reason": reason,
        "disaster": disaster,
    }

    def post():
        chosen = batch
        if chosen is None and kind in (MoveKind.RECEIPT, MoveKind.RETURN):
            chosen = batch_for(item=item, code=batch_code, expiry_date=expiry_date)
        elif chosen is None and batch_code:
            chosen = Batch.objects.filter(item=item, code=batch_code.strip()).first()
            if chosen is None:
                raise ValidationError({"batch": _("There is no batch %(code)s of this item.") % {"code": batch_code}})
        [move] = moves_post(
            user=user,
            lines=[
                MoveLine(
                    kind=kind,
                    item=item,
                    quantity=quantity,
                    source=source,
                    destination=destination,
                    batch=chosen,
                    reason=reason,
                    disaster_id=getattr(disaster, "pk", None),
                )
            ],
        )
        _audit(user, move)
        return move

    with transaction.atomic():
        pk, created = idempotent_post(key=idempotency_key, user=user, action="move", payload=payload, post=post)
    return StockMove.objects.get(pk=pk), created


def move_reverse(
    *, user, move: StockMove, reason: str, idempotency_key: uuid.UUID | None = None
) -> tuple[StockMove, bool]:
    """Correct a posted move with one that takes the same quantity back; the original stays as it was."""
    require_perm(user, Perm.STOCK_POST)

    def post():
        original = StockMove.objects.select_related("source", "destination", "item", "batch").get(pk=move.pk)
        if original.kind == MoveKind.REVERSAL:
            raise ValidationError({"move": _("A reversal cannot be reversed; post the move again instead.")})
        if StockMove.objects.filter(reverses=original).exists():
            raise ValidationError({"move": _("This move was already reversed.")})
        if original.dispatch_id is not None or original.donation_id is not None:
            raise ValidationError(
                {"move": _("Moves of a delivery note or donation receipt are corrected on that document.")}
            )
        [reversal] = moves_post(
            user=user,
            lines=[
                MoveLine(
                    kind=MoveKind.REVERSAL,
                    item=original.item,
                    batch=original.batch,
                    quantity=original.quantity,
                    source=original.destination,
                    destination=original.source,
                    reason=reason,
                    disaster_id=original.disaster_id,
                    reverses=original,
                )
            ],
        )
        _audit(user, reversal, note=f"reverses #{original.pk}")
        return reversal

    with transaction.atomic():
        pk, created = idempotent_post(
            key=idempotency_key, user=user, action="reverse", payload={"move": move.pk, "reason": reason}, post=post
        )
    return StockMove.objects.get(pk=pk), created


def stock_count_record(
    *,
    user,
    location: Location,
    item: Item,
    batch: Batch,
    counted: Decimal,
    reason: str,
    idempotency_key: uuid.UUID | None = None,
) -> tuple[StockMove | None, bool]:
    """Record a physical count (stok opname): the difference to the books is posted as an adjustment.

    Returns (None, True) when the count matches the books: nothing to post.
    """
    require_perm(user, Perm.STOCK_POST)
    if counted is None or Decimal(counted) < 0:
        raise ValidationError({"counted": _("The counted quantity cannot be negative.")})
    if item.is_whole_unit and Decimal(counted) != Decimal(counted).to_integral_value():
        raise ValidationError({"counted": _("%(item)s is counted in whole units.") % {"item": item.name}})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the difference.")})
    if batch.item_id != item.pk:
        raise ValidationError({"batch": _("This batch belongs to another item.")})
    payload = {"location": location, "item": item, "batch": batch, "counted": Decimal(counted), "reason": reason}

    def post():
        book = (
            StockBalance.objects.filter(location=location, item=item, batch=batch)
            .values_list("quantity", flat=True)
            .first()
        ) or Decimal("0")
        difference = Decimal(counted) - book
        if not difference:
            raise _NothingToPost
        adjustment = system_location(LocationKind.ADJUSTMENT)
        source, destination = (adjustment, location) if difference > 0 else (location, adjustment)
        [move] = moves_post(
            user=user,
            lines=[
                MoveLine(
                    kind=MoveKind.ADJUSTMENT,
                    item=item,
                    batch=batch,
                    quantity=abs(difference),
                    source=source,
                    destination=destination,
                    reason=reason,
                )
            ],
        )
        _audit(user, move, note=f"count {counted}, books {book}")
        return move

    try:
        with transaction.atomic():
            pk, created = idempotent_post(key=idempotency_key, user=user, action="count", payload=payload, post=post)
    except _NothingToPost:
        return None, True
    return StockMove.objects.get(pk=pk), created


class _NothingToPost(Exception):
    """The count equals the books."""
