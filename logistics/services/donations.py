"""In-kind donations: a receipt of goods from a donor into a warehouse, with an estimated value in rupiah."""

import uuid
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record

from ..models import Donation, Location, LocationKind, MoveKind
from .common import document_number, idempotent_post, temporary_number
from .ledger import MoveLine, batch_for, moves_post, quantity_errors


def donation_record(
    *,
    user,
    donor: Location,
    warehouse: Location,
    received_on: date,
    value_estimate: Decimal,
    lines: list[dict],
    disaster=None,
    note: str = "",
    idempotency_key: uuid.UUID | None = None,
) -> tuple[Donation, bool]:
    """Record a donation and post its receipt moves. ``lines``: [{"item", "quantity", "batch_code", "expiry_date"}]."""
    require_perm(user, Perm.DONATION_RECORD)
    payload = {
        "donor": donor,
        "warehouse": warehouse,
        "received_on": received_on,
        "value_estimate": str(value_estimate),
        "lines": [{key: str(value) if key == "quantity" else value for key, value in line.items()} for line in lines],
        "disaster": disaster,
        "note": note,
    }

    def post():
        errors: dict[str, list] = {}
        if donor.kind != LocationKind.SUPPLIER:
            errors["donor"] = [_("Choose a donor or supplier.")]
        try:
            value = Decimal(value_estimate)
        except (InvalidOperation, TypeError, ValueError):
            value = None
        if value is None or not value.is_finite() or value < 0:
            errors["value_estimate"] = [_("The estimated value must be zero or more rupiah.")]
        if received_on > timezone.localdate():
            errors["received_on"] = [_("The date of receipt cannot be in the future.")]
        if not lines:
            errors["lines"] = [_("Add at least one item.")]
        for number, line in enumerate(lines, start=1):
            for messages in quantity_errors(line["item"], line.get("quantity")).values():
                errors.setdefault("lines", []).extend(
                    _("Line %(n)s (quantity): %(message)s") % {"n": number, "message": message} for message in messages
                )
        if errors:
            raise ValidationError(errors)
        donation = Donation.objects.create(
            number=temporary_number(),
            donor=donor,
            warehouse=warehouse,
            kabkota_id=warehouse.kabkota_id,
            disaster=disaster,
            received_on=received_on,
            value_estimate=value,
            note=note,
            recorded_by=user,
        )
        donation.number = document_number(donation, "BTH")
        donation.save(update_fields=["number"])
        moves_post(
            user=user,
            lines=[
                MoveLine(
                    kind=MoveKind.RECEIPT,
                    item=line["item"],
                    quantity=line["quantity"],
                    source=donor,
                    destination=warehouse,
                    batch=batch_for(
                        item=line["item"], code=line.get("batch_code", ""), expiry_date=line.get("expiry_date")
                    ),
                    disaster_id=getattr(disaster, "pk", None),
                    links={"donation": donation},
                )
                for line in lines
            ],
        )
        audit_record(actor=user, action=AuditAction.CREATE, instance=donation, kabkota_code=donation.kabkota_id)
        return donation

    with transaction.atomic():
        pk, created = idempotent_post(key=idempotency_key, user=user, action="donation", payload=payload, post=post)
    return Donation.objects.get(pk=pk), created
