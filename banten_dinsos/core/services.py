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
