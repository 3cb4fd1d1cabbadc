"""Numeric filters out of range answer 400 with a message naming the filter, never 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", ["0", "-1", "10000", "99999999999999999999", "abc"])
def test_training_year_out_of_range_is_a_400(api_as, staf, year):
    response = api_as(staf).get("/api/v1/trainings/", {"year": year})
    assert response.status_code == 400
    assert "year" in response.json()["errors"]


def test_a_year_in_range_is_answered(api_as, staf):
    assert api_as(staf).get("/api/v1/trainings/", {"year": "2026"}).status_code == 200
