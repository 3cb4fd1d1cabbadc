"""What every logistics service shares: idempotent posting, document numbers, the system's own places."""

import hashlib
import json
import uuid
from collections.abc import Callable
from decimal import Decimal

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status as http_status

from banten_dinsos.core.exceptions import ApplicationError
from banten_dinsos.regions.models import PROVINCE_CODE

from ..models import Location, LocationKind, PostingKey

LOGISTICS_CLUSTERS = ("logistik",)

# The bookkeeping places of the ledger, one each at province level (created by the reference loader).
SYSTEM_LOCATIONS = {
    LocationKind.TRANSIT: ("sistem-dalam-perjalanan", "Barang dalam perjalanan"),
    LocationKind.ADJUSTMENT: ("sistem-penyesuaian-stok", "Penyesuaian hasil stok opname"),
    LocationKind.WRITE_OFF: ("sistem-penghapusan", "Penghapusan (kedaluwarsa, rusak, hilang)"),
}


def system_location(kind: str) -> Location:
    """The province's transit, adjustment or write-off place, created on first use."""
    code, name = SYSTEM_LOCATIONS[kind]
    location, _created = Location.objects.get_or_create(
        code=code, defaults={"name": name, "kind": kind, "region_id": PROVINCE_CODE, "kabkota": None}
    )
    return location


def _canonical(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, dict):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_canonical(item) for item in value]
    if isinstance(value, uuid.UUID):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def fingerprint(payload) -> str:
    return hashlib.sha256(json.dumps(_canonical(payload), sort_keys=True, default=str).encode()).hexdigest()


def _replay(existing: PostingKey, *, user, action: str, digest: str) -> int:
    if existing.user_id != getattr(user, "pk", None) or existing.action != action or existing.fingerprint != digest:
        raise ApplicationError(
            _(
                "This idempotency key was already used for a different posting; nothing was saved. "
                "Generate a new key for a new posting."
            ),
            errors={"idempotency_key": [_("Already used for a different posting.")]},
            status_code=http_status.HTTP_409_CONFLICT,
        )
    return existing.object_id


def idempotent_post(
    *, key: uuid.UUID | None, user, action: str, payload, post: Callable[[], models.Model]
) -> tuple[int, bool]:
    """Run ``post`` once per ``key``; returns (id of what it created, created).

    The same key sent again with the same content (a phone resending after a dropped connection) returns the id
    the first post created and writes nothing. The same key with other content, another action or another user is
    refused with a 409 naming ``idempotency_key``. The key is claimed before posting, inside the same transaction:
    a twin arriving at the same moment waits on the unique index, then reads the winner's result.
    """
    if key is None:
        return post().pk, True
    digest = fingerprint(payload)
    existing = PostingKey.objects.filter(key=key).first()
    if existing is not None:
        return _replay(existing, user=user, action=action, digest=digest), False
    try:
        with transaction.atomic():
            PostingKey.objects.create(
                key=key, action=action, user=user if getattr(user, "pk", None) else None, fingerprint=digest
            )
            result = post()
            PostingKey.objects.filter(key=key).update(object_id=result.pk)
    except IntegrityError:
        existing = PostingKey.objects.filter(key=key).first()
        if existing is None:
            raise
        return _replay(existing, user=user, action=action, digest=digest), False
    return result.pk, True


def document_number(instance: models.Model, prefix: str) -> str:
    """A readable number (``SJ-2026-000042``) from the row's id, assigned right after it is inserted."""
    return f"{prefix}-{timezone.localdate():%Y}-{instance.pk:06d}"


def temporary_number() -> str:
    return f"tmp-{uuid.uuid4().hex[:24]}"
