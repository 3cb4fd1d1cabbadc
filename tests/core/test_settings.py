"""Settings as the issue fixes them: environment-driven, Indonesian first, production refuses weak secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _run_manage(*args, env_overrides):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE belongs to this test process, never to a deployment.
    excluded = ("SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in excluded}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_language_timezone_and_hashing():
    assert settings.LANGUAGE_CODE == "id"
    assert dict(settings.LANGUAGES).keys() == {"id", "en"}
    assert settings.TIME_ZONE == "Asia/Jakarta" and settings.USE_TZ
    assert settings.CELERY_TIMEZONE == "Asia/Jakarta"
    assert settings.X_FRAME_OPTIONS == "DENY"
    assert settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_COOKIE_AGE <= 60 * 60


def test_base_settings_hash_passwords_with_argon2():
    from banten_dinsos.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize("secret", [None, "django-insecure-banten-dinsos-development-only", ""])
def test_production_refuses_missing_or_default_secret_key(secret):
    overrides = {"DJANGO_SETTINGS_MODULE": "banten_dinsos.settings.production", "ALLOWED_HOSTS": "example.org"}
    if secret is not None:
        overrides["SECRET_KEY"] = secret
    result = _run_manage("check", env_overrides=overrides)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_passes_deploy_checks_with_a_real_secret():
    result = _run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DJANGO_SETTINGS_MODULE": "banten_dinsos.settings.production",
            "SECRET_KEY": "k" * 10 + "x7Qp2mZr9vL4sT8wYc1nB6dF3gH5jK0aUeIoP" + "q" * 10,
            "ALLOWED_HOSTS": "portal.example.org",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_embedded_default_uses_sqlite_and_eager_tasks(tmp_path):
    """With no DATABASE_URL / REDIS_URL a newcomer gets SQLite under var/ and in-process tasks."""
    code = (
        "import django, os; django.setup(); from django.conf import settings; "
        "from banten_dinsos.celery import app; "
        "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'], "
        "app.conf.task_always_eager)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env["DJANGO_SETTINGS_MODULE"] = "banten_dinsos.settings.local"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    engine, name, eager = result.stdout.split()
    assert engine.endswith("sqlite3") and name.endswith("var/db.sqlite3") and eager == "True"
