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


def celery_state(timeout=1.0):
    from banten_dinsos.celery import app

    if app.conf.task_always_eager:
        return {"state": EMBEDDED, "detail": "tasks run in-process"}
    try:
        replies = app.control.ping(timeout=timeout)
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
