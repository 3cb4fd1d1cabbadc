"""The 3W CSV with an activity named as a formula: the cell starts with an apostrophe."""

import csv
import io

import pytest

from clusters.models import Activity

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://evil.example","click")'


def test_3w_csv_neutralises_activity_titles(api_as, staf, flood):
    activity = ActivityFactory(disaster=flood)
    Activity.objects.filter(pk=activity.pk).update(title=PAYLOAD, description="-2+3+cmd|' /C calc'!A0")
    response = api_as(staf).get("/api/v1/activities/", {"format": "csv"})
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + PAYLOAD in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
