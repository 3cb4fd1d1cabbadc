"""One FilterSet per list: the page, the API and the selector narrow meetings the same way, choices hold only what the
user may see, and refused input is a 400 naming the field, never a 500."""

from datetime import date

import pytest

from banten_dinsos.regions.models import Region
from clusters.models import DisasterType, EmergencyStatus
from clusters.services import disaster_create
from meetings.filters import MeetingFilter
from meetings.selectors import meeting_list

from .conftest import LEBAK

pytestmark = pytest.mark.django_db


@pytest.fixture
def landslide(staf):
    return disaster_create(
        user=staf,
        disaster_type=DisasterType.objects.get(code="101"),
        title="Longsor Lebak Februari 2026",
        started_on=date(2026, 2, 3),
        affected_kabkota=Region.objects.filter(code=LEBAK),
        status=EmergencyStatus.TANGGAP,
    )


def test_officer_is_offered_only_the_disasters_of_their_kabkota(petugas_lebak, flood, landslide):
    choices = MeetingFilter(user=petugas_lebak).form.fields["disaster"].queryset
    assert list(choices) == [landslide]


def test_staff_is_offered_every_disaster(staf, flood, landslide):
    assert set(MeetingFilter(user=staf).form.fields["disaster"].queryset) == {flood, landslide}


def test_list_page_shows_only_the_officers_disasters_in_the_filter(page_as, petugas_lebak, flood, landslide):
    text = page_as(petugas_lebak).get("/rapat/").content.decode()
    assert "Longsor Lebak Februari 2026" in text
    assert "Banjir Tangerang Raya Januari 2026" not in text


def test_another_kabkotas_disaster_in_the_filter_is_answered_like_a_missing_one(
    api_as, petugas_lebak, flood, landslide
):
    client = api_as(petugas_lebak)
    other = client.get("/api/v1/meetings/", {"disaster": flood.pk})
    missing = client.get("/api/v1/meetings/", {"disaster": 999999})
    assert other.status_code == missing.status_code == 400
    assert other.json() == missing.json()
    assert "disaster" in other.json()["errors"]


def test_out_of_scope_meeting_in_a_body_is_answered_like_a_missing_one(api_as, koordinator_kesehatan, rakor):
    """Rakor is a pengungsian meeting: the health coordinator may not see it, so naming it is naming nothing."""
    client = api_as(koordinator_kesehatan)
    body = {"title": "Dapur umum", "owner_agency": "dinsos-3671", "due_on": "2026-01-30"}
    other = client.post("/api/v1/action-items/", {**body, "meeting": rakor.pk}, format="json")
    missing = client.post("/api/v1/action-items/", {**body, "meeting": 999999}, format="json")
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "kemarin"}, "date_from"),
        ({"kind": "arisan"}, "kind"),
        ({"cluster": "tidak-ada"}, "cluster"),
        ({"kabkota": "99.99"}, "kabkota"),
    ],
)
def test_unreadable_meeting_filters_are_a_400_naming_the_field(api_as, staf, params, field):
    response = api_as(staf).get("/api/v1/meetings/", params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize(("params", "field"), [({"status": "lupa"}, "status"), ({"owner_agency": "x"}, "owner_agency")])
def test_unreadable_action_item_filters_are_a_400_naming_the_field(api_as, staf, params, field):
    response = api_as(staf).get("/api/v1/action-items/", params)
    assert response.status_code == 400 and field in response.json()["errors"]


def test_page_with_refused_filters_shows_the_error_and_an_unfiltered_list(page_as, staf, rakor, fgd):
    response = page_as(staf).get("/rapat/", {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert response.status_code == 200
    text = response.content.decode()
    assert rakor.title in text and fgd.title in text


def test_selector_takes_query_data_and_model_instances_alike(staf, rakor, flood):
    assert list(meeting_list(user=staf, filters={"disaster": str(flood.pk)})) == [rakor]
    assert list(meeting_list(user=staf, filters={"disaster": flood})) == [rakor]


@pytest.mark.parametrize("meeting", ["1.5", "0", str(2**40), "rapat"])
def test_a_meeting_id_that_is_not_a_whole_number_in_range_is_refused_naming_the_field(staf, meeting):
    from django.core.exceptions import ValidationError

    from meetings.selectors import action_item_list, input_round_list

    for selector in (action_item_list, input_round_list):
        with pytest.raises(ValidationError) as refused:
            list(selector(user=staf, filters={"meeting": meeting}))
        assert "meeting" in refused.value.message_dict


def test_calendar_month_links_keep_the_filters(page_as, staf):
    text = page_as(staf).get("/rapat/kalender/", {"bulan": "2026-01", "kind": "rakor"}).content.decode()
    assert 'href="?bulan=2025-12&amp;kind=rakor"' in text
    assert 'href="?bulan=2026-02&amp;kind=rakor"' in text


def test_follow_up_overdue_link_keeps_the_filters_and_drops_the_page(page_as, staf, rakor, time_machine):
    from meetings.services import action_item_create

    from .conftest import agency, wib

    time_machine.move_to(wib(2026, 2, 10), tick=False)
    action_item_create(
        user=staf, meeting=rakor, title="Dapur umum", owner_agency=agency("dinsos-3671"), due_on=date(2026, 1, 30)
    )
    text = page_as(staf).get("/rapat/tindak-lanjut/", {"status": "", "page": "1"}).content.decode()
    assert 'href="?status=&amp;overdue=on"' in text
