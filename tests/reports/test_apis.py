"""The reports API follows the same scope rules as the pages."""

import pytest

from banten_dinsos.reports.services import report_build

pytestmark = pytest.mark.django_db


def test_api_asks_for_a_report_follows_it_and_downloads_it(
    api_as, demo, demo_users, django_capture_on_commit_callbacks
):
    client = api_as(demo_users["petugas.kota-tangerang"])
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/api/v1/reports/", {"disaster": demo.pk, "formats": ["xlsx"]}, format="json")
    assert response.status_code == 201 and len(callbacks) == 1
    (created,) = response.json()
    assert created["status"] == "queued" and created["download_url"] is None
    report_build(report_id=created["id"])
    detail = client.get(f"/api/v1/reports/{created['id']}/").json()
    assert detail["status"] == "done" and len(detail["checksum_sha256"]) == 64
    download = client.get(detail["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"
    other = api_as(demo_users["petugas.kota-tangerang-selatan"])
    assert other.get(f"/api/v1/reports/{created['id']}/").status_code == 404
    assert other.get(detail["download_url"]).status_code == 404
    assert (
        api_as(demo_users["petugas.lebak"])
        .post("/api/v1/reports/", {"disaster": demo.pk, "formats": ["pdf"]}, format="json")
        .status_code
        == 404
    )
