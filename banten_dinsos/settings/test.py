"""Test settings: the suite always runs on real PostgreSQL and Redis (defaults: the local services)."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")


def _redis_db_for_xdist_worker(url: str) -> str:
    """Under pytest-xdist each worker gets its own Redis database (the highest ones), so one worker's Celery worker
    never takes another's messages and cache keys never meet; the databases themselves get a _gwN suffix already."""
    worker, count = os.environ.get("PYTEST_XDIST_WORKER"), os.environ.get("PYTEST_XDIST_WORKER_COUNT")
    if not worker or not count:
        return url
    base, _, _db = url.rpartition("/")
    return f"{base}/{16 - int(count) + int(worker.removeprefix('gw'))}"


os.environ["REDIS_URL"] = _redis_db_for_xdist_worker(os.environ["REDIS_URL"])

from .base import *  # noqa: E402, F403
from .base import BASE_DIR, PRIVATE_STORAGE  # noqa: E402

DEBUG = False
# Fast hashing: argon2 is for real passwords, not for thousands of test logins.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
_WORKER_DIR = os.environ.get("PYTEST_XDIST_WORKER", "main")
MEDIA_ROOT = str(BASE_DIR / "var" / "test-media" / _WORKER_DIR)
# A worker process that a test starts is told the test's folder through the environment.
PRIVATE_FILES_ROOT = os.environ.get("PRIVATE_FILES_ROOT") or str(BASE_DIR / "var" / "test-private" / _WORKER_DIR)
# Tests that need a worker start a real one (celery.contrib.testing); the rest call tasks eagerly only if they say so.
CELERY_TASK_ALWAYS_EAGER = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": PRIVATE_STORAGE,
}
