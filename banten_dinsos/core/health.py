"""Reachability of the services the portal depends on, as plain data for /healthz and `make test`."""

from django.conf import settings
from django.db import connection

UP, DOWN, EMBEDDED = "up", "down", "embedded"


def database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"state": DOWN, "vendor": connection.vendor, "error": exc.__class__.__name__}
    return {"state": UP, "vendor": connection.vendor}


def redis_state():
    if not settings.REDIS_URL:
        return {"state": EMBEDDED, "detail": "REDIS_URL not set: cache in memory, tasks run in-process"}
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except Exception as exc:
        return {"state": DOWN, "error": exc.__class__.__name__}
    return {"state": UP}


def _listening_workers(app) -> int | None:
    """How many workers listen for broadcast commands now, or None where the broker cannot say.

    A ping is a broadcast that collects replies until its timeout, since nobody knows how many workers will answer.
    On Redis a broadcast is a PUBLISH to the control exchange's topic, and PUBLISH answers how many subscribers got
    it: publishing an empty message there (kombu's subscribers skip empty messages) counts the workers without
    telling them anything. A broker that cannot be reached raises, as the ping would; a kombu without these
    internals gives None, and the ping waits its timeout as before."""
    with app.connection_or_acquire() as broker:
        if broker.transport.driver_type != "redis":
            return None
        channel = broker.default_channel
        try:
            topics = channel._get_publish_topics(app.control.mailbox.exchange.name, "")
        except AttributeError:
            return None
        return max(channel.client.publish(topic, "") for topic in topics)


def celery_state(timeout=1.0):
    """Up when a worker answers a ping. With the number of listening workers known, the ping ends when all of them
    have answered instead of at its timeout, and nobody listening is an outage at once; a worker that listens but
    does not answer still keeps the ping waiting until the timeout, and is reported down as before."""
    from banten_dinsos.celery import app

    if app.conf.task_always_eager:
        return {"state": EMBEDDED, "detail": "tasks run in-process"}
    try:
        listening = _listening_workers(app)
        replies = app.control.ping(timeout=timeout, limit=listening) if listening != 0 else []
    except Exception as exc:
        return {"state": DOWN, "error": exc.__class__.__name__}
    if not replies:
        return {"state": DOWN, "error": "no worker answered"}
    return {"state": UP, "workers": sorted(name for reply in replies for name in reply)}


# What still works while a component is down: the portal serves pages from the database alone.
DEGRADED_EFFECTS = {
    "redis": "cache and request throttles held in each web process's memory; background work waits in the "
    "database (import jobs, reports, alert deliveries) and the sweeps queue it when Redis is back",
    "celery": "background work (imports, reports, alert deliveries, BMKG ingest) waits in the database until a "
    "worker runs",
}


def health_report():
    checks = {"database": database_state(), "redis": redis_state(), "celery": celery_state()}
    healthy = all(check["state"] in (UP, EMBEDDED) for check in checks.values())
    return healthy, checks


def degraded_components(checks: dict) -> list[dict]:
    """The components that are down while the database answers, each with what that means for users."""
    if checks["database"]["state"] != UP:
        return []
    return [
        {"component": name, "effect": effect}
        for name, effect in DEGRADED_EFFECTS.items()
        if checks.get(name, {}).get("state") == DOWN
    ]
