"""Test settings: the suite always runs on real PostgreSQL and Redis (defaults: the local services)."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")

from .base import *  # noqa: E402, F403
from .base import BASE_DIR, PRIVATE_STORAGE  # noqa: E402

DEBUG = False
# Fast hashing: argon2 is for real passwords, not for thousands of test logins.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = str(BASE_DIR / "var" / "test-media")
# Tests that need a worker start a real one (celery.contrib.testing); the rest call tasks eagerly only if they say so.
CELERY_TASK_ALWAYS_EAGER = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": PRIVATE_STORAGE,
}
