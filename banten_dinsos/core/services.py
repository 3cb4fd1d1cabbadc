from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import WorkerHeartbeat


@transaction.atomic
def heartbeat_record(*, source: str) -> WorkerHeartbeat:
    """Upsert the heartbeat row of ``source``; safe to run any number of times."""
    now = timezone.now()
    heartbeat, created = WorkerHeartbeat.objects.select_for_update().get_or_create(
        source=source, defaults={"last_seen": now, "beats": 1}
    )
    if not created:
        WorkerHeartbeat.objects.filter(pk=heartbeat.pk).update(last_seen=now, beats=F("beats") + 1)
        heartbeat.refresh_from_db()
    return heartbeat


def loaders_run(*, dotted_paths, stdout=None, **kwargs):
    """Run each loader named in settings (reference or demo data) in order; each must be idempotent."""
    results = []
    for path in dotted_paths:
        loader = import_string(path)
        with transaction.atomic():
            summary = loader(**kwargs)
        results.append((path, summary))
        if stdout is not None:
            stdout.write(f"{path}: {summary}")
    return results


def model_update(*, instance, data: Mapping[str, Any], fields: Iterable[str], strip: bool = True) -> list[str]:
    """Apply ``data`` to ``instance`` in memory and return the names of the fields whose value changed.

    Only names in ``fields`` may be changed (anything else is a programming error, so ``TypeError``); text is
    stripped of surrounding spaces. The caller validates (``full_clean``), saves and audits inside its transaction.
    """
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"unknown {instance._meta.model_name} fields: {sorted(unknown)}")
    changed = []
    for name, value in data.items():
        if strip and isinstance(value, str):
            value = value.strip()
        if getattr(instance, name) != value:
            changed.append(name)
        setattr(instance, name, value)
    return changed
