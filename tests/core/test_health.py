import pytest

pytestmark = pytest.mark.django_db


def test_healthz_is_503_when_no_worker_answers(client):
    """No worker runs in this test, so the portal must say it is degraded rather than pretend."""
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["state"] == "up"
    assert body["checks"]["redis"]["state"] == "up"
    assert body["checks"]["celery"]["state"] == "down"


def test_healthz_is_503_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["state"] == "down"
