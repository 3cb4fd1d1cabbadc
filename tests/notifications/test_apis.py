"""The notifications API: the caller's own notifications only."""

import pytest

from banten_dinsos.notifications.models import AlertKind, Severity
from banten_dinsos.notifications.services import alert_emit

pytestmark = pytest.mark.django_db


def test_api_lists_the_callers_notifications_and_marks_them_read(api_as, petugas_lebak, petugas_kota_serang):
    for i in range(3):
        alert_emit(
            kind=AlertKind.REPORT_READY,
            title=f"Laporan {i}",
            severity=Severity.MINOR,
            user_ids=[petugas_lebak.pk],
            dedupe_key=f"api:{i}",
        )
    client = api_as(petugas_lebak)
    body = client.get("/api/v1/notifications/", {"unread": "1"}).json()
    assert body["count"] == 3 and body["results"][0]["title"] == "Laporan 2"
    assert api_as(petugas_kota_serang).get("/api/v1/notifications/").json()["count"] == 0
    first = body["results"][0]["id"]
    assert client.post("/api/v1/notifications/read/", {"ids": [first]}, format="json").json() == {
        "marked": 1,
        "unread": 2,
    }
    assert client.post("/api/v1/notifications/read/", {}, format="json").json() == {"marked": 2, "unread": 0}


def test_api_notification_list_runs_a_fixed_number_of_queries(api_as, petugas_lebak, django_assert_num_queries):
    for i in range(3):
        alert_emit(kind=AlertKind.REPORT_READY, title=f"L{i}", user_ids=[petugas_lebak.pk], dedupe_key=f"q:{i}")
    client = api_as(petugas_lebak)
    # The page count, then one page of notifications joined with their alerts.
    with django_assert_num_queries(2):
        assert client.get("/api/v1/notifications/").status_code == 200


def test_schema_documents_the_notification_and_report_endpoints(client, staf):
    client.force_login(staf)
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    assert {"/api/v1/notifications/", "/api/v1/notifications/read/", "/api/v1/reports/"} <= set(paths)
