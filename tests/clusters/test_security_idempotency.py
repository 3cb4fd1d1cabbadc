"""An idempotency key resent with other figures is refused with 422 instead of silently returning the first report."""

import pytest

from clusters.models import FieldReport

from .test_apis import _report_body

pytestmark = pytest.mark.django_db


def test_a_key_reused_with_different_figures_answers_422_and_changes_nothing(api_as, petugas_kota_tangerang, flood):
    client = api_as(petugas_kota_tangerang)
    body = _report_body(flood)
    assert client.post("/api/v1/field-reports/", body, format="json").status_code == 201
    changed = client.post("/api/v1/field-reports/", {**body, "displaced": 900, "dead": 3}, format="json")
    assert changed.status_code == 422
    assert "idempotency_key" in changed.json()["errors"]
    assert "dead" in changed.json()["message"] and "displaced" in changed.json()["message"]
    assert FieldReport.objects.get().displaced == 400
    # The same body again is still a plain retry.
    assert client.post("/api/v1/field-reports/", body, format="json").status_code == 200
