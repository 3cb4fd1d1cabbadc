"""Finding 9 of the security audit: a meeting moved to 1727 came back with a ``+07:07:12`` offset (Asia/Jakarta's local
mean time), which breaks the API's date-time format. Dates outside 2000-2099 are refused, naming the field."""

import pytest

from meetings.models import Meeting

from .test_apis import NEW_MEETING

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("moment", ["1727-01-01T09:00:00+07:00", "0001-01-01T00:00:00Z", "2100-01-02T00:00:00+07:00"])
@pytest.mark.parametrize("field", ["starts_at", "ends_at"])
def test_a_meeting_outside_this_century_is_refused_naming_the_field(api_as, staf, reference_data, field, moment):
    response = api_as(staf).post("/api/v1/meetings/", {**NEW_MEETING, field: moment}, format="json")
    assert response.status_code == 400 and field in response.json()["errors"], response.json()
    assert not Meeting.objects.exists()


def test_a_meeting_in_range_comes_back_with_the_wib_offset(api_as, staf, reference_data):
    response = api_as(staf).post("/api/v1/meetings/", NEW_MEETING, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["starts_at"] == "2026-02-02T09:00:00+07:00"
