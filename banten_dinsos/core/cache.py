"""A Redis cache that keeps the portal answering when Redis is down.

Django's RedisCache raises on every call once Redis is unreachable, so the dashboard (cached panels) and every
throttled endpoint (DRF keeps its counters in the cache) answered 500. This backend uses short socket timeouts and,
on a connection error, falls back to a cache in this process's memory for ``REDIS_RETRY_SECONDS`` before trying
Redis again. Throttle counters and cached panels then hold per process: looser, but the portal keeps working.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
RETRY_SECONDS = 10.0

_down_until = {"at": 0.0}


def redis_cache_degraded() -> bool:
    """True while a Redis cache in this process is being replaced by memory after a connection error."""
    return _down_until["at"] > time.monotonic()


class FallbackRedisCache(RedisCache):
    """RedisCache with short timeouts that falls back to process memory while Redis cannot be reached."""

    def __init__(self, server, params):
        params = dict(params)
        options = dict(DEFAULT_TIMEOUTS)
        options.update(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("retry_seconds", RETRY_SECONDS))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self.fallback = LocMemCache(f"fallback-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300)})

    def _call(self, name, *args, **kwargs):
        import redis

        if _down_until["at"] > time.monotonic():
            return getattr(self.fallback, name)(*args, **kwargs)
        try:
            return getattr(super(), name)(*args, **kwargs)
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError) as error:
            _down_until["at"] = time.monotonic() + self.retry_seconds
            logger.warning(
                "Redis cache unreachable (%s); using process memory for %ss", type(error).__name__, self.retry_seconds
            )
            return getattr(self.fallback, name)(*args, **kwargs)


def _wrap(name):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(FallbackRedisCache, _name, _wrap(_name))
