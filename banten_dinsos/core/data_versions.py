"""Version counters that cached read models carry in their keys, so a committed write invalidates them at once.

The audit log is the choke point every write of personal or operational data already passes through
(``audit_append``), so it raises the counter of the written app (``"shelters"``, ``"clusters"`` …) inside the
same transaction: the new version becomes visible exactly when the write does, and a rolled-back write changes
nothing. Readers fetch the versions they depend on in one query and put them in their cache key.
"""

from collections.abc import Iterable

from django.db import connection

from .models import DataVersion


def data_version_bump(topic: str) -> None:
    """Raise ``topic``'s version by one (an upsert, inside the caller's transaction)."""
    table = DataVersion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (topic, version) VALUES (%s, 1) "  # noqa: S608 (table name from the model)
            f"ON CONFLICT (topic) DO UPDATE SET version = {table}.version + 1",
            [topic[:60]],
        )


def data_versions(topics: Iterable[str]) -> dict[str, int]:
    return dict(DataVersion.objects.filter(topic__in=list(topics)).values_list("topic", "version"))
