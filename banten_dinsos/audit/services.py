from collections.abc import Iterable

from django.db import models, transaction

from banten_dinsos.core.data_versions import data_version_bump

from .chain import chain_lock_and_last_hash, row_digest
from .context import audit_context_current
from .models import AuditAction, AuditLog, AuditSubject


def audit_record(
    *,
    actor,
    action: AuditAction,
    instance: models.Model | None = None,
    model: str = "",
    object_id: str = "",
    kabkota_code: str | None = "",
    fields: Iterable[str] = (),
    note: str = "",
    subjects: Iterable = (),
) -> AuditLog:
    """Append one line to the audit log. Callers pass field *names* and a note without personal data.

    ``subjects`` are the ids of the ``model`` records a bulk action touched (an export's rows): each is kept as an
    ``AuditSubject`` of the line, so the data-subject report of each of those people lists it.

    Runs inside the caller's transaction, so the trail and the change commit or roll back together. Where the
    action came from (client address, path) is read from the audit context that the middleware, a task or a
    command opened.
    """
    origin = audit_context_current()
    if instance is not None:
        model = model or instance._meta.label_lower
        object_id = object_id or str(instance.pk)
    is_user = getattr(actor, "is_authenticated", False)
    entry = AuditLog(
        actor=actor if is_user else None,
        actor_username=actor.get_username() if is_user else "",
        action=action,
        model=model,
        object_id=str(object_id),
        kabkota_code=kabkota_code or "",
        fields=sorted(fields),
        note=note[:255],
        ip_address=origin.ip_address,
        path=origin.path,
    )
    return audit_append(entry, subjects=[(model, str(pk)) for pk in subjects])


def audit_append(entry: AuditLog, *, subjects: Iterable[tuple[str, str]] = ()) -> AuditLog:
    """Insert ``entry`` as the next link of the hash chain (held until the caller's transaction commits), with the
    (record type, id) pairs it names."""
    subjects = sorted(set(subjects))
    with transaction.atomic(savepoint=False):
        entry.prev_hash = chain_lock_and_last_hash()
        entry.row_hash = row_digest(entry, entry.prev_hash, subjects)
        entry.save(force_insert=True)
        AuditSubject.objects.bulk_create(
            (AuditSubject(entry=entry, model=model, object_id=object_id) for model, object_id in subjects),
            batch_size=5000,
        )
        # Cached read models (dashboard, cluster status) carry the written app's version in their keys; a view or
        # an export changes nothing, so it leaves the caches (and a list page's query count) alone.
        if entry.action not in (AuditAction.VIEW, AuditAction.EXPORT):
            data_version_bump(entry.model.split(".")[0] if entry.model else "audit")
    return entry
