"""The deployment files, the API schema and the translations stay consistent with the code."""

from pathlib import Path

import polib
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_docker_compose_services_match_the_code():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "beat", "db", "redis"} <= services.keys()
    assert "banten_dinsos.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A banten_dinsos worker")
    # The database scheduler behind a PostgreSQL advisory lock: however many beats start, one sends.
    assert "banten_dinsos.core.beat:LeaderDatabaseScheduler" in services["beat"]["command"]
    assert services["db"]["image"].startswith("postgres:16")
    assert "pgdata" in compose["volumes"]
    for name in ("web", "db", "redis"):
        assert "healthcheck" in services[name]
    assert services["web"]["environment"]["DJANGO_SETTINGS_MODULE"] == "banten_dinsos.settings.production"
    assert (ROOT / "banten_dinsos" / "wsgi.py").exists()
    from django_celery_beat.schedulers import DatabaseScheduler

    from banten_dinsos.core.beat import LeaderDatabaseScheduler

    assert issubclass(LeaderDatabaseScheduler, DatabaseScheduler)


@pytest.mark.django_db
def test_openapi_schema_and_docs_are_served_without_a_cdn(client, staf):
    client.force_login(staf)
    schema = client.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in ("/api/v1/auth/token/", "/api/v1/regions/", "/api/v1/shelters/", "/api/v1/shelters/{id}/"):
        assert path in paths
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "cdn" not in docs.text.lower() and "unpkg" not in docs.text.lower()


def test_indonesian_catalogue_is_complete():
    """Every user-facing string has an Indonesian translation: Bahasa Indonesia is the default language."""
    catalogue = polib.pofile(str(ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, untranslated[:20]
    assert not fuzzy, fuzzy[:20]
    assert len(catalogue.translated_entries()) > 100


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client):
    response = client.get("/akun/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert "/static/vendor/bootstrap-5.3.9/" in response.text and "/static/vendor/htmx-2.0.11/" in response.text


def test_seed_demo_is_refused_when_debug_is_off(settings):
    from django.core.management import CommandError, call_command

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")


@pytest.mark.django_db
def test_seed_demo_creates_the_demo_accounts_and_is_idempotent(settings):
    from django.core.management import call_command

    from banten_dinsos.accounts.models import User

    call_command("seed_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    usernames = set(User.objects.values_list("username", flat=True))
    assert {
        "admin",
        "staf.provinsi",
        "petugas.lebak",
        "petugas.kota-serang",
        "petugas.kota-tangerang-selatan",
    } <= usernames
    assert User.objects.filter(username__startswith="petugas.").count() == 8
    assert User.objects.get(username="petugas.lebak").check_password("demo-banten")
