"""The audit log as a hash chain: each row carries the SHA-256 of its own content and of the row before it.

A row changed or removed after the fact (by someone holding the table's owner role, which the application's role
is not) no longer matches its hash, or the next row's ``prev_hash``; ``manage.py verify_audit_chain`` walks the
chain and names the first row that breaks it.
"""

import hashlib
import json

from django.db import connection

GENESIS = "0" * 64
# One number for pg_advisory_xact_lock: appends are serialised so each row links to the one committed before it.
CHAIN_LOCK_KEY = 0x41554449  # "AUDI"


def row_digest(entry, prev_hash: str, subjects=None) -> str:
    """The hash of one row: its content, the records it names (``AuditSubject``) and the hash of the row before.

    ``subjects`` are (record type, id) pairs; left out, they are read from the saved row (prefetch them to check many
    rows). A row that names no records hashes as it did before records could be named.
    """
    content = {
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "actor_username": entry.actor_username,
        "action": entry.action,
        "model": entry.model,
        "object_id": entry.object_id,
        "kabkota_code": entry.kabkota_code,
        "fields": list(entry.fields or []),
        "note": entry.note,
        "ip_address": entry.ip_address,
        "path": entry.path,
        "prev_hash": prev_hash,
    }
    if subjects is None:
        # Migrations' historical rows (before 0005) have no named records.
        named = getattr(entry, "subjects", None) if entry.pk is not None else None
        subjects = [(s.model, s.object_id) for s in named.all()] if named is not None else ()
    if subjects:
        content["subjects"] = sorted(f"{model}#{object_id}" for model, object_id in subjects)
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def chain_lock_and_last_hash() -> str:
    """Wait for the other appending transactions to commit, then the hash of the last row (one query).

    The advisory lock is held until the caller's transaction ends, so the row inserted next links to the row that
    was committed last. SQLite writes one transaction at a time and needs no lock.
    """
    from .models import AuditLog

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s), (SELECT row_hash FROM audit_auditlog ORDER BY id DESC LIMIT 1)",
                [CHAIN_LOCK_KEY],
            )
            last = cursor.fetchone()[1]
    else:
        last = AuditLog.objects.order_by("-id").values_list("row_hash", flat=True).first()
    return last or GENESIS


def chain_verify(entries) -> tuple[int, int | None, str]:
    """Walk ``entries`` in id order: (rows checked, id of the first broken row or None, why it is broken)."""
    previous = GENESIS
    checked = 0
    for entry in entries:
        checked += 1
        if entry.prev_hash != previous:
            return checked, entry.pk, "prev_hash does not match the row before (a row was removed or inserted)"
        if entry.row_hash != row_digest(entry, entry.prev_hash):
            return checked, entry.pk, "row_hash does not match the row's content (the row was changed)"
        previous = entry.row_hash
    return checked, None, ""
