"""Scheduled jobs run once however many ``celery beat`` processes are started (a second beat container, a beat
started by hand next to the deployment's): only the beat holding a PostgreSQL advisory lock sends due tasks.

The lock is a session lock on a connection of its own, so it lasts as long as that beat lives and is released by
PostgreSQL the moment its process or connection dies; a waiting beat then takes over at its next tick, from the
schedule's last-run times stored in the database (django-celery-beat), so nothing runs twice and nothing is skipped.
"""

import logging

from django.db import connection
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)

# pg_try_advisory_lock key: "BEAT" in ASCII; other advisory locks of the portal use other keys.
BEAT_LOCK_KEY = 0x42454154


class LeaderLock:
    """A PostgreSQL session advisory lock held on a dedicated connection (not Django's, which beat closes and
    reopens between ticks)."""

    def __init__(self, key: int = BEAT_LOCK_KEY):
        self.key = key
        self._connection = None

    def _connect(self):
        import psycopg2

        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        raw = psycopg2.connect(**params)
        raw.autocommit = True
        return raw

    def held(self) -> bool:
        """True while this process holds the lock; tries to take it when it does not (never blocks)."""
        if connection.vendor != "postgresql":
            return True  # the embedded SQLite of `make run` runs one beat by construction
        try:
            if self._connection is None or self._connection.closed:
                self._connection = self._connect()
                with self._connection.cursor() as cursor:
                    cursor.execute("SELECT pg_try_advisory_lock(%s)", [self.key])
                    if not cursor.fetchone()[0]:
                        self.release()
                        return False
                logger.info("this beat holds the scheduler lock and sends the scheduled tasks")
                return True
            with self._connection.cursor() as cursor:
                cursor.execute("SELECT 1")  # still connected, so still holding it
            return True
        except Exception as error:  # the database went away: the lock went with the connection
            logger.warning("scheduler lock lost (%s)", type(error).__name__)
            self.release()
            return False

    def release(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None


class LeaderDatabaseScheduler(DatabaseScheduler):
    """django-celery-beat's database scheduler, sending due tasks only from the beat that holds the lock."""

    def __init__(self, *args, **kwargs):
        self.leader_lock = LeaderLock()
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs):
        if not self.leader_lock.held():
            return min(self.max_interval, 5.0)  # a standby beat asks again soon, sends nothing
        return super().tick(*args, **kwargs)

    def close(self):
        self.leader_lock.release()
        super().close()
