"""Requests (permintaan) from kabupaten/kota and shelters: submit, decide, dispatch with FEFO picking, receive."""

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import scope_allows
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record

from .. import alerts
from ..models import (
    DISTRIBUTION_KINDS,
    WAREHOUSE_KINDS,
    Batch,
    Dispatch,
    DispatchLine,
    DispatchStatus,
    Location,
    LocationKind,
    MoveKind,
    RequestEvent,
    RequestStatus,
    StockBalance,
    StockRequest,
    StockRequestLine,
)
from .common import LOGISTICS_CLUSTERS, document_number, idempotent_post, system_location, temporary_number
from .ledger import MoveLine, moves_post, quantity_display, quantity_errors

ZERO = Decimal("0")


def _event(request: StockRequest, user, note: str = "") -> None:
    RequestEvent.objects.create(request=request, status=request.status, actor=user, note=note)


def _locked(request: StockRequest) -> StockRequest:
    return StockRequest.objects.select_for_update().get(pk=request.pk)


def request_submit(
    *,
    user,
    disaster,
    destination: Location,
    lines: list[dict],
    needs=(),
    purpose: str = "",
    people_served: int = 0,
    idempotency_key: uuid.UUID | None = None,
) -> tuple[StockRequest, bool]:
    """A kabupaten/kota (or a shelter in it) asks the province for goods. ``lines``: [{"item", "quantity"}]."""
    require_perm(user, Perm.LOGISTICS_REQUEST)
    payload = {
        "disaster": disaster,
        "destination": destination,
        "lines": [{"item": line["item"], "quantity": str(line["quantity"])} for line in lines],
        "needs": sorted(need.pk for need in needs),
        "purpose": purpose,
        "people_served": people_served,
    }

    def post():
        errors: dict[str, list] = {}
        if destination.kind not in WAREHOUSE_KINDS | DISTRIBUTION_KINDS or destination.kabkota_id is None:
            errors["destination"] = [_("Goods can be requested for a kabupaten/kota warehouse, KSB store or shelter.")]
        elif not scope_allows(user, kabkota_code=destination.kabkota_id, clusters=LOGISTICS_CLUSTERS):
            errors["destination"] = [_("Location not found.")]
        if disaster.ended_on is not None:
            errors["disaster"] = [_("This disaster has ended; requests are closed.")]
        if not lines:
            errors["lines"] = [_("Add at least one item.")]
        seen = set()
        for number, line in enumerate(lines, start=1):
            item = line["item"]
            if item.pk in seen:
                errors.setdefault("lines", []).append(
                    _("Line %(n)s: %(item)s is listed twice.") % {"n": number, "item": item.name}
                )
            seen.add(item.pk)
            for messages in quantity_errors(item, line.get("quantity")).values():
                errors.setdefault("lines", []).extend(
                    _("Line %(n)s (quantity): %(message)s") % {"n": number, "message": message} for message in messages
                )
        for need in needs:
            if need.disaster_id != disaster.pk or need.kabkota_id != destination.kabkota_id:
                errors.setdefault("needs", []).append(
                    _("The need “%(need)s” is not a need of this disaster in this kabupaten/kota.")
                    % {"need": need.description[:60]}
                )
        if errors:
            raise ValidationError(errors)
        request = StockRequest.objects.create(
            number=temporary_number(),
            disaster=disaster,
            destination=destination,
            kabkota_id=destination.kabkota_id,
            purpose=purpose,
            people_served=people_served or 0,
            requested_by=user,
        )
        request.number = document_number(request, "PMT")
        request.save(update_fields=["number"])
        StockRequestLine.objects.bulk_create(
            [
                StockRequestLine(request=request, item=line["item"], quantity_requested=Decimal(line["quantity"]))
                for line in lines
            ]
        )
        if needs:
            request.needs.set(needs)
        _event(request, user)
        audit_record(actor=user, action=AuditAction.CREATE, instance=request, kabkota_code=request.kabkota_id)
        alerts.request_alert(request=request, actor=user)
        return request

    with transaction.atomic():
        pk, created = idempotent_post(key=idempotency_key, user=user, action="request", payload=payload, post=post)
    return StockRequest.objects.get(pk=pk), created


def request_decide(
    *,
    user,
    request: StockRequest,
    approved: dict[int, Decimal],
    reason: str = "",
    idempotency_key: uuid.UUID | None = None,
) -> tuple[StockRequest, bool]:
    """The province approves each line fully, partly or not at all (``approved``: {line id: quantity}).

    Nothing approved is a refusal; anything less than asked needs a reason, which the requester sees.
    """
    require_perm(user, Perm.LOGISTICS_DECIDE)
    payload = {"request": request.pk, "approved": {str(k): str(v) for k, v in approved.items()}, "reason": reason}

    def post():
        current = _locked(request)
        if current.status != RequestStatus.SUBMITTED:
            raise ValidationError(
                {
                    "status": _("This request was already decided (%(status)s).")
                    % {"status": current.get_status_display()}
                }
            )
        lines = list(current.lines.select_related("item"))
        errors: dict[str, list] = {}
        unknown = set(approved) - {line.pk for line in lines}
        if unknown:
            errors["approved"] = [
                _("These lines are not part of the request: %(ids)s.")
                % {"ids": ", ".join(str(pk) for pk in sorted(unknown))}
            ]
        total = ZERO
        short = False
        for line in lines:
            value = approved.get(line.pk, ZERO)
            if value is None or value == "":
                value = ZERO
            value = Decimal(value)
            if value < 0:
                errors.setdefault("approved", []).append(
                    _("%(item)s: the approved quantity cannot be negative.") % {"item": line.item.name}
                )
                continue
            if value > line.quantity_requested:
                errors.setdefault("approved", []).append(
                    _("%(item)s: at most the %(asked)s requested can be approved.")
                    % {"item": line.item.name, "asked": quantity_display(line.quantity_requested)}
                )
                continue
            if value and quantity_errors(line.item, value):
                errors.setdefault("approved", []).append(
                    _("%(item)s is counted in whole %(unit)s: approve a whole number.")
                    % {"item": line.item.name, "unit": line.item.unit}
                )
                continue
            line.quantity_approved = value
            total += value
            short = short or value < line.quantity_requested
        if errors:
            raise ValidationError(errors)
        if short and not reason.strip():
            raise ValidationError({"reason": _("Give the reason when less than requested is approved.")})
        StockRequestLine.objects.bulk_update(lines, ["quantity_approved"])
        if not total:
            current.status = RequestStatus.REFUSED
        elif short:
            current.status = RequestStatus.PARTIAL
        else:
            current.status = RequestStatus.APPROVED
        current.decision_reason = reason.strip()
        current.decided_by = user
        current.decided_at = timezone.now()
        current.save(update_fields=["status", "decision_reason", "decided_by", "decided_at", "updated_at"])
        _event(current, user, reason.strip())
        audit_record(
            actor=user, action=AuditAction.CHANGE, instance=current, kabkota_code=current.kabkota_id, fields=["status"]
        )
        alerts.request_alert(request=current, actor=user)
        return current

    with transaction.atomic():
        pk, created = idempotent_post(key=idempotency_key, user=user, action="decide", payload=payload, post=post)
    return StockRequest.objects.get(pk=pk), created


@dataclass
class Pick:
    """A suggested or chosen batch for one request line."""

    line: StockRequestLine
    batch: Batch
    quantity: Decimal
    available: Decimal


def fefo_picks(*, request: StockRequest, source: Location, on: date | None = None) -> tuple[list[Pick], dict]:
    """First-expiry-first-out: for each line still to send, the batches at ``source`` whose expiry comes first
    (expired batches are never suggested; batches without expiry last). Returns (picks, {line id: shortfall})."""
    today = on or timezone.localdate()
    lines = [line for line in request.lines.select_related("item") if line.remaining_to_dispatch > 0]
    balances = (
        StockBalance.objects.filter(location=source, item__in=[line.item_id for line in lines], quantity__gt=0)
        .exclude(expiry_date__lt=today)
        .select_related("batch")
        .order_by("item_id", F("expiry_date").asc(nulls_last=True), "batch_id")
    )
    by_item: dict[int, list[StockBalance]] = {}
    for balance in balances:
        by_item.setdefault(balance.item_id, []).append(balance)
    picks, shortfall = [], {}
    for line in lines:
        wanted = line.remaining_to_dispatch
        for balance in by_item.get(line.item_id, []):
            if wanted <= 0:
                break
            take = min(wanted, balance.quantity)
            picks.append(Pick(line=line, batch=balance.batch, quantity=take, available=balance.quantity))
            wanted -= take
        if wanted > 0:
            shortfall[line.pk] = wanted
    return picks, shortfall


def dispatch_create(
    *,
    user,
    request: StockRequest,
    source: Location,
    picks: list[dict] | None = None,
    vehicle: str = "",
    driver: str = "",
    idempotency_key: uuid.UUID | None = None,
) -> tuple[Dispatch, bool]:
    """Send approved goods: the chosen batches (FEFO when ``picks`` is None) move from ``source`` into transit,
    under one delivery note. ``picks``: [{"line": id, "batch": Batch, "quantity": Decimal}]."""
    require_perm(user, Perm.LOGISTICS_DISPATCH)
    payload = {
        "request": request.pk,
        "source": source,
        "picks": None
        if picks is None
        else [{"line": pick["line"], "batch": pick["batch"], "quantity": str(pick["quantity"])} for pick in picks],
        "vehicle": vehicle,
        "driver": driver,
    }

    def post():
        current = _locked(request)
        if current.status not in (RequestStatus.APPROVED, RequestStatus.PARTIAL, RequestStatus.DISPATCHED):
            raise ValidationError({"status": _("Only approved requests can be dispatched.")})
        if source.kind not in WAREHOUSE_KINDS:
            raise ValidationError({"source": _("Goods are dispatched from a warehouse.")})
        if not scope_allows(user, kabkota_code=source.kabkota_id, clusters=LOGISTICS_CLUSTERS):
            raise ValidationError({"source": _("Location not found.")})
        if source.pk == current.destination_id:
            raise ValidationError({"source": _("The warehouse cannot send goods to itself.")})
        lines = {line.pk: line for line in current.lines.select_related("item")}
        if picks is None:
            chosen, shortfall = fefo_picks(request=current, source=source)
            chosen = [(pick.line, pick.batch, pick.quantity) for pick in chosen]
        else:
            chosen, errors = [], []
            planned: dict[int, Decimal] = {}
            for number, pick in enumerate(picks, start=1):
                line = lines.get(int(pick["line"])) if str(pick.get("line", "")).isdigit() else None
                if line is None:
                    errors.append(_("Line %(n)s: not a line of this request.") % {"n": number})
                    continue
                if pick["batch"].item_id != line.item_id:
                    errors.append(_("Line %(n)s: the batch belongs to another item.") % {"n": number})
                    continue
                planned[line.pk] = planned.get(line.pk, ZERO) + Decimal(pick["quantity"])
                chosen.append((line, pick["batch"], Decimal(pick["quantity"])))
            for line_id, total in planned.items():
                if total > lines[line_id].remaining_to_dispatch:
                    errors.append(
                        _("%(item)s: %(planned)s is more than the %(left)s approved and not yet sent.")
                        % {
                            "item": lines[line_id].item.name,
                            "planned": quantity_display(total),
                            "left": quantity_display(lines[line_id].remaining_to_dispatch),
                        }
                    )
            if errors:
                raise ValidationError({"picks": errors})
        if not chosen:
            raise ValidationError({"picks": _("Nothing to send: no approved quantity is left or nothing is in stock.")})
        dispatch = Dispatch.objects.create(
            number=temporary_number(),
            request=current,
            source=source,
            destination=current.destination,
            vehicle=vehicle,
            driver=driver,
            dispatched_by=user,
        )
        dispatch.number = document_number(dispatch, "SJ")
        dispatch.save(update_fields=["number"])
        transit = system_location(LocationKind.TRANSIT)
        moves_post(
            user=user,
            lines=[
                MoveLine(
                    kind=MoveKind.DISPATCH,
                    item=line.item,
                    batch=batch,
                    quantity=quantity,
                    source=source,
                    destination=transit,
                    disaster_id=current.disaster_id,
                    links={"request": current, "dispatch": dispatch},
                )
                for line, batch, quantity in chosen
            ],
        )
        DispatchLine.objects.bulk_create(
            [
                DispatchLine(dispatch=dispatch, request_line=line, item=line.item, batch=batch, quantity=quantity)
                for line, batch, quantity in chosen
            ]
        )
        for line, _batch, quantity in chosen:
            line.quantity_dispatched += quantity
        StockRequestLine.objects.bulk_update(
            {line.pk: line for line, _b, _q in chosen}.values(), ["quantity_dispatched"]
        )
        current.status = RequestStatus.DISPATCHED
        current.save(update_fields=["status", "updated_at"])
        _event(current, user, dispatch.number)
        audit_record(actor=user, action=AuditAction.CREATE, instance=dispatch, kabkota_code=current.kabkota_id)
        alerts.request_alert(request=current, actor=user, dispatch=dispatch)
        return dispatch

    with transaction.atomic():
        pk, created = idempotent_post(key=idempotency_key, user=user, action="dispatch", payload=payload, post=post)
    return Dispatch.objects.get(pk=pk), created


def dispatch_receive(
    *,
    user,
    dispatch: Dispatch,
    lines: dict[int, dict],
    note: str = "",
    idempotency_key: uuid.UUID | None = None,
) -> tuple[Dispatch, bool]:
    """The receiver confirms what arrived. ``lines``: {dispatch line id: {"received", "damaged"}}; a line left out
    arrived in full. Arrivals move from transit to the destination; what is short or damaged is written off from
    transit, so the ledger shows every difference."""
    require_perm(user, Perm.LOGISTICS_RECEIVE)
    payload = {
        "dispatch": dispatch.pk,
        "lines": {str(k): {f: str(v) for f, v in value.items()} for k, value in lines.items()},
        "note": note,
    }

    def post():
        current = Dispatch.objects.select_for_update().select_related("request", "destination").get(pk=dispatch.pk)
        if current.status != DispatchStatus.IN_TRANSIT:
            raise ValidationError({"status": _("This delivery was already confirmed.")})
        if not scope_allows(user, kabkota_code=current.destination.kabkota_id, clusters=LOGISTICS_CLUSTERS):
            raise ValidationError({"dispatch": _("Delivery note not found.")})
        dispatch_lines = list(current.lines.select_related("item", "batch", "request_line"))
        unknown = set(lines) - {line.pk for line in dispatch_lines}
        errors: dict[str, list] = {}
        if unknown:
            errors["lines"] = [
                _("These lines are not on the delivery note: %(ids)s.")
                % {"ids": ", ".join(str(pk) for pk in sorted(unknown))}
            ]
        transit = system_location(LocationKind.TRANSIT)
        loss = system_location(LocationKind.WRITE_OFF)
        moves, discrepancy = [], False
        for line in dispatch_lines:
            entry = lines.get(line.pk, {})
            received = entry.get("received")
            received = line.quantity if received in (None, "") else Decimal(received)
            damaged = entry.get("damaged")
            damaged = ZERO if damaged in (None, "") else Decimal(damaged)
            label = f"{line.item.name} ({line.batch.code})"
            if received < 0 or damaged < 0:
                errors.setdefault("received", []).append(
                    _("%(item)s: quantities cannot be negative.") % {"item": label}
                )
                continue
            if received + damaged > line.quantity:
                errors.setdefault("received", []).append(
                    _("%(item)s: received and damaged together (%(sum)s) are more than the %(sent)s sent.")
                    % {
                        "item": label,
                        "sum": quantity_display(received + damaged),
                        "sent": quantity_display(line.quantity),
                    }
                )
                continue
            for name, value in (("received", received), ("damaged", damaged)):
                if value and quantity_errors(line.item, value):
                    errors.setdefault(name, []).append(
                        _("%(item)s is counted in whole %(unit)s.") % {"item": label, "unit": line.item.unit}
                    )
            short = line.quantity - received - damaged
            line.quantity_received, line.quantity_damaged = received, damaged
            links = {"request": current.request, "dispatch": current}
            base = {
                "item": line.item,
                "batch": line.batch,
                "source": transit,
                "disaster_id": current.request.disaster_id,
            }
            if received:
                moves.append(
                    MoveLine(
                        kind=MoveKind.DELIVERY, quantity=received, destination=current.destination, links=links, **base
                    )
                )
            if damaged:
                discrepancy = True
                moves.append(
                    MoveLine(
                        kind=MoveKind.DELIVERY,
                        quantity=damaged,
                        destination=loss,
                        reason=_("Damaged on arrival (%(number)s)") % {"number": current.number},
                        links=links,
                        **base,
                    )
                )
            if short:
                discrepancy = True
                moves.append(
                    MoveLine(
                        kind=MoveKind.DELIVERY,
                        quantity=short,
                        destination=loss,
                        reason=_("Short on arrival (%(number)s)") % {"number": current.number},
                        links=links,
                        **base,
                    )
                )
        if errors:
            raise ValidationError(errors)
        if discrepancy and not note.strip():
            raise ValidationError({"note": _("Describe the difference (what was short or damaged, and why).")})
        moves_post(user=user, lines=moves, check_scope=False)
        DispatchLine.objects.bulk_update(dispatch_lines, ["quantity_received", "quantity_damaged"])
        request_lines = {}
        for line in dispatch_lines:
            request_line = request_lines.setdefault(line.request_line_id, line.request_line)
            request_line.quantity_received += line.quantity_received
        StockRequestLine.objects.bulk_update(request_lines.values(), ["quantity_received"])
        current.status = DispatchStatus.DISCREPANCY if discrepancy else DispatchStatus.RECEIVED
        current.received_by, current.received_at, current.receipt_note = user, timezone.now(), note.strip()
        current.save(update_fields=["status", "received_by", "received_at", "receipt_note", "updated_at"])
        request = _locked(current.request)
        still_open = request.dispatches.filter(status=DispatchStatus.IN_TRANSIT).exists()
        left_to_send = any(line.remaining_to_dispatch > 0 for line in request.lines.all())
        if not still_open and not left_to_send:
            request.status = RequestStatus.RECEIVED
            request.save(update_fields=["status", "updated_at"])
        _event(request, user, f"{current.number}: {note.strip()}" if note.strip() else current.number)
        audit_record(
            actor=user, action=AuditAction.CHANGE, instance=current, kabkota_code=request.kabkota_id, fields=["status"]
        )
        alerts.delivery_alert(dispatch=current, actor=user)
        return current

    with transaction.atomic():
        pk, created = idempotent_post(key=idempotency_key, user=user, action="receive", payload=payload, post=post)
    return Dispatch.objects.get(pk=pk), created
