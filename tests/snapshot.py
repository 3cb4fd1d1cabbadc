"""Transactional tests end with a copy of the reference data, not a reload of it.

A transactional test (live server, real worker, browser) ends with Django's ``flush``: every table is emptied, then
``post_migrate`` recreates content types and permissions one app at a time, and the suite used to run
``load_reference_data`` again (1,716 regions, agencies, clusters, catalogues): about 3 s a test on the 2-core machine,
several minutes of a ``make test``.

Instead, when the test database is set up, every table that holds rows (reference data, content types, permissions,
rows written by migrations) is copied once into a plain snapshot table beside it. ``flush`` then empties the tables
with DELETE (a TRUNCATE of some 150 tables creates new files for each of them and their indexes: ~2.5 s; the DELETEs
of mostly empty tables take ~0.1 s) and, in the same transaction, copies the snapshot back, with triggers off for
that transaction (``session_replication_role = replica``: the test role is a superuser) so neither the append-only
guards nor foreign-key order get in the way. ``post_migrate`` finds its content types and permissions already there.
After any transactional test the database is exactly as it was after set-up. Where the role may not switch triggers
off, or sequences must be reset, Django's own flush runs and the snapshot is copied back after it.
"""

from django.core.management.commands import flush as flush_command
from django.db import connection

PREFIX = "zz_snapshot_"
_original_sql_flush = flush_command.sql_flush
_snapshots: dict[str, list[str]] = {}
_superuser: dict[str, bool] = {}


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def snapshot_take() -> list[str]:
    """Copy every table with rows into ``zz_snapshot_<table>`` (replacing an earlier session's copy)."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    kept = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {_quote(table)})")
            if cursor.fetchone()[0]:
                kept.append(table)
        for table in kept:
            copy = _quote(PREFIX + table)
            cursor.execute(f"DROP TABLE IF EXISTS {copy}")
            cursor.execute(f"CREATE TABLE {copy} AS TABLE {_quote(table)}")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        _superuser[connection.settings_dict["NAME"]] = bool(cursor.fetchone()[0])
    _snapshots[connection.settings_dict["NAME"]] = kept
    return kept


def _sql_flush_then_restore(style, flushed_connection, reset_sequences=True, allow_cascade=False):
    statements = _original_sql_flush(
        style, flushed_connection, reset_sequences=reset_sequences, allow_cascade=allow_cascade
    )
    name = flushed_connection.settings_dict["NAME"]
    kept = _snapshots.get(name)
    if not statements or not kept:
        return statements
    quote = flushed_connection.ops.quote_name
    restore = [f"INSERT INTO {quote(table)} SELECT * FROM {quote(PREFIX + table)}" for table in kept]
    if reset_sequences or not _superuser.get(name):
        return [*statements, "SET CONSTRAINTS ALL DEFERRED", *restore]
    tables = flushed_connection.introspection.django_table_names(only_existing=True, include_views=False)
    return [
        "SET LOCAL session_replication_role = replica",
        *(f"DELETE FROM {quote(table)}" for table in tables),
        *restore,
        "SET LOCAL session_replication_role = origin",
    ]


def snapshot_restore_on_flush() -> None:
    """From now on, ``flush`` of a database with a snapshot puts the snapshot back in the same transaction."""
    flush_command.sql_flush = _sql_flush_then_restore
