"""Saving the checked rows of an import, chunk by chunk, in the caller's transaction.

Chunks arrive in COPY text format (one line per row: row number, NIK, No. KK, name, name key, sex, birth date,
desa, kab/kota, {types}). A NIK repeated in the file keeps its first row; later ones are reported.

PostgreSQL (``PostgresChunkSaver``): COPY the chunk into a temporary table, drop repeated NIKs, upsert with
INSERT ... ON CONFLICT (nik) DO UPDATE ... WHERE something changed (an unchanged client is not written, so
re-importing a file changes nothing), then add the PMKS types. Databases without COPY (SQLite, the embedded
default of ``make run``) get the same result from ``BatchedChunkSaver``.
"""

import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Client, ClientCount, ClientPmksType, ClientStatus, DuplicateCandidate, ImportJob
from .counts import CountsChange, month_sql

SQLITE_BATCH = 1000
# One import at a time writes the client table, so two imports of overlapping files cannot deadlock.
ADVISORY_LOCK_KEY = 0x504D4B53
STAGE_COLUMNS = (
    "row_no integer, nik varchar(16), no_kk varchar(16), name varchar(150), name_key varchar(150), "
    "sex varchar(1), birth_date date, desa_id varchar(13), kabkota_id varchar(13), types smallint[]"
)


@dataclass
class SaveOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate_errors: list[tuple[int, str, str]] = field(default_factory=list)


def _duplicate_reason(first_row: int) -> str:
    return _("This NIK already appears in row %(row)s of the file; this row was skipped.") % {"row": first_row}


class PostgresChunkSaver:
    """Stages each chunk with COPY and upserts it with set-based SQL."""

    def __init__(self, job: ImportJob):
        self.job = job
        self.outcome = SaveOutcome()
        self.stage = f"pmks_stage_{job.pk}"
        self.seen = f"pmks_seen_{job.pk}"  # every NIK saved so far in this file, with its row
        self.delta = f"pmks_delta_{job.pk}"  # changes to the kept counts, summed per chunk
        self.keys = f"pmks_keys_{job.pk}"  # name and birth date pairs whose possible duplicates change

    def start(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
            cursor.execute(f"CREATE TEMP TABLE {self.stage} ({STAGE_COLUMNS})")
            # NIKs as numbers: a smaller, faster key than their text.
            cursor.execute(f"CREATE TEMP TABLE {self.seen} (nik bigint PRIMARY KEY, row_no integer)")
            cursor.execute(
                f"CREATE TEMP TABLE {self.delta} (kabkota varchar(13), pmks_type smallint, status varchar(20), "
                "month date, n bigint)"
            )
            cursor.execute(f"CREATE TEMP TABLE {self.keys} (name_key varchar(150), birth_date date)")

    def save_chunk(self, text: str) -> None:
        stage, seen, job = self.stage, self.seen, self.job
        client_table, link_table = Client._meta.db_table, ClientPmksType._meta.db_table
        outcome = self.outcome
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {stage}")
            cursor.copy_expert(f"COPY {stage} FROM STDIN", io.StringIO(text))
            # Repeated NIKs: first against earlier chunks, then within this one.
            cursor.execute(
                f"DELETE FROM {stage} s USING {seen} p WHERE p.nik = s.nik::bigint RETURNING s.row_no, p.row_no"
            )
            repeated = cursor.fetchall()
            cursor.execute(
                f"DELETE FROM {stage} s USING (SELECT nik, min(row_no) AS first_row FROM {stage} GROUP BY nik "
                "HAVING count(*) > 1) d WHERE s.nik = d.nik AND s.row_no <> d.first_row "
                "RETURNING s.row_no, d.first_row"
            )
            repeated += cursor.fetchall()
            outcome.duplicate_errors += [(row, "nik", _duplicate_reason(first)) for row, first in repeated]
            cursor.execute(f"INSERT INTO {seen} SELECT nik::bigint, row_no FROM {stage}")
            staged = cursor.rowcount
            # One statement: upsert the clients, and give the new or changed ones their types from the same rows.
            # Only rows that are new or differ are written: an unchanged client keeps its updated_at. The same
            # statement sums what it changes in the kept counts: every sub-statement reads the table as it was
            # before, so ``old`` and ``link`` are the state before the upsert and ``types`` the links it added.
            month = month_sql("created_at")
            cursor.execute(
                f"""
                WITH old AS (
                    SELECT c.id, c.kabkota_id, c.name_key, c.birth_date FROM {client_table} c
                    JOIN {stage} s ON s.nik = c.nik
                ), up AS (
                    INSERT INTO {client_table} AS c (nik, no_kk, name, name_key, sex, birth_date, desa_id,
                        kabkota_id, address, status, source, created_at, updated_at, last_import_id)
                    SELECT nik, coalesce(no_kk, ''), name, name_key, sex, birth_date, desa_id, kabkota_id,
                        '', %(status)s, %(source)s, now(), now(), %(job)s
                    FROM {stage}
                    ON CONFLICT (nik) DO UPDATE SET no_kk = EXCLUDED.no_kk, name = EXCLUDED.name,
                        name_key = EXCLUDED.name_key, sex = EXCLUDED.sex, birth_date = EXCLUDED.birth_date,
                        desa_id = EXCLUDED.desa_id, kabkota_id = EXCLUDED.kabkota_id, updated_at = now(),
                        last_import_id = EXCLUDED.last_import_id
                    WHERE (c.no_kk, c.name, c.sex, c.birth_date, c.desa_id)
                        IS DISTINCT FROM (EXCLUDED.no_kk, EXCLUDED.name, EXCLUDED.sex, EXCLUDED.birth_date,
                            EXCLUDED.desa_id)
                    RETURNING c.id, c.nik, c.kabkota_id, c.status, c.created_at, c.name_key, c.birth_date,
                        (c.xmax = 0) AS inserted
                ), types AS (
                    INSERT INTO {link_table} (client_id, pmks_type_id)
                    SELECT up.id, t.number FROM up JOIN {stage} s ON s.nik = up.nik
                    CROSS JOIN LATERAL unnest(s.types) AS t(number)
                    ON CONFLICT (client_id, pmks_type_id) DO NOTHING
                    RETURNING client_id, pmks_type_id
                ), moved AS (
                    SELECT up.id, o.kabkota_id AS old_kab, up.kabkota_id AS new_kab, up.status, up.created_at
                    FROM up JOIN old o ON o.id = up.id WHERE o.kabkota_id <> up.kabkota_id
                ), changes AS (
                    SELECT kabkota_id AS kab, 0 AS number, status, created_at, 1 AS n FROM up WHERE inserted
                    UNION ALL
                    SELECT up.kabkota_id, t.pmks_type_id, up.status, up.created_at, 1
                    FROM types t JOIN up ON up.id = t.client_id
                    UNION ALL
                    SELECT m.old_kab, 0, m.status, m.created_at, -1 FROM moved m
                    UNION ALL
                    SELECT m.new_kab, 0, m.status, m.created_at, 1 FROM moved m
                    UNION ALL
                    SELECT side.kab, l.pmks_type_id, m.status, m.created_at, side.n
                    FROM moved m JOIN {link_table} l ON l.client_id = m.id
                    CROSS JOIN LATERAL (VALUES (m.old_kab, -1), (m.new_kab, 1)) AS side(kab, n)
                ), summed AS (
                    INSERT INTO {self.delta}
                    SELECT kab, number, status, {month}, sum(n) FROM changes GROUP BY 1, 2, 3, 4
                ), keyed AS (
                    INSERT INTO {self.keys}
                    SELECT name_key, birth_date FROM up
                    UNION ALL
                    SELECT o.name_key, o.birth_date FROM old o JOIN up ON up.id = o.id
                    WHERE (o.name_key, o.birth_date) <> (up.name_key, up.birth_date)
                )
                SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
                """,
                {"status": ClientStatus.ACTIVE, "source": job.source, "job": job.pk},
            )
            created, updated = cursor.fetchone()
            if staged > created + updated:
                # Clients the file did not change may still bring a new type. Types in the file are added to the
                # client's; removing one is a decision made on the client's page. A client whose only change is a
                # new type counts as updated by this import.
                cursor.execute(
                    f"""
                    WITH added AS (
                        INSERT INTO {link_table} (client_id, pmks_type_id)
                        SELECT c.id, t.number FROM {stage} s
                        JOIN {client_table} c ON c.nik = s.nik AND c.last_import_id IS DISTINCT FROM %(job)s
                        CROSS JOIN LATERAL unnest(s.types) AS t(number)
                        ON CONFLICT (client_id, pmks_type_id) DO NOTHING
                        RETURNING client_id, pmks_type_id
                    ), types_only AS (
                        UPDATE {client_table} c SET updated_at = now(), last_import_id = %(job)s
                        FROM (SELECT DISTINCT client_id FROM added) a
                        WHERE c.id = a.client_id
                        RETURNING c.id
                    ), summed AS (
                        INSERT INTO {self.delta}
                        SELECT c.kabkota_id, a.pmks_type_id, c.status, {month_sql("c.created_at")}, count(*)
                        FROM added a JOIN {client_table} c ON c.id = a.client_id GROUP BY 1, 2, 3, 4
                    )
                    SELECT count(*) FROM types_only
                    """,
                    {"job": job.pk},
                )
                updated += cursor.fetchone()[0]
        outcome.created += created
        outcome.updated += updated
        outcome.unchanged += staged - created - updated

    def finish(self) -> SaveOutcome:
        counts, duplicates = ClientCount._meta.db_table, DuplicateCandidate._meta.db_table
        client_table = Client._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {counts} AS t (kabkota, pmks_type, status, month, n)
                SELECT kabkota, pmks_type, status, month, sum(n) FROM {self.delta}
                GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4
                ON CONFLICT (kabkota, pmks_type, status, month) DO UPDATE SET n = t.n + excluded.n
                """
            )
            # The possible duplicates of every pair the file brought or moved, counted again from the clients.
            cursor.execute(f"CREATE TEMP TABLE {self.keys}_u AS SELECT DISTINCT name_key, birth_date FROM {self.keys}")
            cursor.execute(f"ANALYZE {self.keys}_u")
            cursor.execute(
                f"DELETE FROM {duplicates} d USING {self.keys}_u k "
                "WHERE d.name_key = k.name_key AND d.birth_date = k.birth_date"
            )
            cursor.execute(
                f"""
                INSERT INTO {duplicates} (name_key, birth_date, kabkota, n)
                SELECT name_key, birth_date, kabkota_id, n FROM (
                    SELECT c.name_key, c.birth_date, c.kabkota_id, count(*) AS n,
                        sum(count(*)) OVER (PARTITION BY c.name_key, c.birth_date) AS total
                    FROM {client_table} c JOIN {self.keys}_u k
                        ON c.name_key = k.name_key AND c.birth_date = k.birth_date
                    GROUP BY 1, 2, 3
                ) per_kab WHERE total > 1
                """
            )
            cursor.execute(f"DROP TABLE {self.stage}, {self.seen}, {self.delta}, {self.keys}, {self.keys}_u")
        self.outcome.duplicate_errors.sort()
        return self.outcome


def _staged_rows(text: str) -> Iterator[tuple]:
    for line in text.split("\n"):
        if not line:
            continue
        row_no, nik, no_kk, name, name_key, sex, birth, desa, kab, types = line.split("\t")
        numbers = [int(n) for n in types.strip("{}").split(",") if n]
        name, name_key = name.replace("\\\\", "\\"), name_key.replace("\\\\", "\\")
        yield int(row_no), nik, no_kk, name, name_key, sex, birth, desa, kab, numbers


class BatchedChunkSaver:
    """The same result with the ORM, for databases without COPY (SQLite); it remembers the NIKs it has seen."""

    def __init__(self, job: ImportJob):
        self.job = job
        self.outcome = SaveOutcome()
        self.first_row_of: dict[str, int] = {}

    def start(self) -> None:
        """Nothing to prepare: the ORM needs no staging table."""

    def save_chunk(self, text: str) -> None:
        batch: list[tuple] = []
        for row in _staged_rows(text):
            first = self.first_row_of.setdefault(row[1], row[0])
            if first != row[0]:
                self.outcome.duplicate_errors.append((row[0], "nik", _duplicate_reason(first)))
                continue
            batch.append(row)
            if len(batch) >= SQLITE_BATCH:
                self._save_batch(batch)
                batch = []
        if batch:
            self._save_batch(batch)

    def finish(self) -> SaveOutcome:
        self.outcome.duplicate_errors.sort()
        return self.outcome

    def _save_batch(self, batch: list[tuple]) -> None:
        job, outcome = self.job, self.outcome
        by_nik = {row[1]: row for row in batch}
        existing = {client.nik: client for client in Client.objects.filter(nik__in=by_nik)}
        counted = CountsChange()
        counted.watch(*(client.pk for client in existing.values()))
        now = timezone.now()
        new, changed = [], []
        for nik, (_row, _nik, no_kk, name, name_key, sex, birth, desa, kab, _types) in by_nik.items():
            birth_date = datetime.date.fromisoformat(birth)
            client = existing.get(nik)
            if client is None:
                new.append(
                    Client(
                        nik=nik,
                        no_kk=no_kk,
                        name=name,
                        name_key=name_key,
                        sex=sex,
                        birth_date=birth_date,
                        desa_id=desa,
                        kabkota_id=kab,
                        source=job.source,
                        status=ClientStatus.ACTIVE,
                        last_import=job,
                        created_at=now,
                    )
                )
            elif (client.no_kk, client.name, client.sex, client.birth_date, client.desa_id) != (
                no_kk,
                name,
                sex,
                birth_date,
                desa,
            ):
                client.no_kk, client.name, client.name_key, client.sex = no_kk, name, name_key, sex
                client.birth_date, client.desa_id, client.kabkota_id = birth_date, desa, kab
                client.last_import, client.updated_at = job, now
                changed.append(client)
        Client.objects.bulk_create(new)
        Client.objects.bulk_update(
            changed,
            ["no_kk", "name", "name_key", "sex", "birth_date", "desa", "kabkota", "last_import", "updated_at"],
        )
        ids = dict(Client.objects.filter(nik__in=by_nik).values_list("nik", "id"))
        have = set(ClientPmksType.objects.filter(client_id__in=ids.values()).values_list("client_id", "pmks_type_id"))
        links = [
            ClientPmksType(client_id=ids[nik], pmks_type_id=number)
            for nik, row in by_nik.items()
            for number in row[9]
            if (ids[nik], number) not in have
        ]
        ClientPmksType.objects.bulk_create(links)
        changed_ids = {c.pk for c in changed}
        types_only = {link.client_id for link in links} - changed_ids - {c.pk for c in new}
        Client.objects.filter(pk__in=types_only).update(last_import=job, updated_at=now)
        counted.added(*ids.values())
        counted.apply()
        outcome.created += len(new)
        outcome.updated += len(changed) + len(types_only)
        outcome.unchanged += len(by_nik) - len(new) - len(changed) - len(types_only)


def saver_for(job: ImportJob):
    """The saver for the database in use."""
    return PostgresChunkSaver(job) if connection.vendor == "postgresql" else BatchedChunkSaver(job)
