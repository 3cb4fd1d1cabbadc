"""One FilterSet per list: the pages, the API and the selectors narrow assessments and entries the same way, choices
hold only what the user may see, and an out-of-scope id anywhere in a request is answered like a missing one."""

import pytest

from jitupasna.filters import AssessmentFilter, EntryFilter
from jitupasna.models import DamageEntry
from jitupasna.selectors import damage_entry_list
from jitupasna.services import assessment_open_for_input, damage_entry_create

from .conftest import KOTA_TANGERANG, TANGSEL, region, sub_sector, wib

pytestmark = pytest.mark.django_db
BASE = "/api/v1/jitupasna/assessments/"
HOUSES = {"sub_sector": "perumahan", "asset_kind": "Rumah permanen", "units_heavy": "2", "unit_cost": "1000"}


@pytest.fixture
def open_assessment(staf, assessment, time_machine):
    time_machine.move_to(wib(2026, 1, 27, 9), tick=False)
    assessment_open_for_input(user=staf, assessment=assessment, deadline=wib(2026, 2, 9, 16))
    return assessment


def test_officer_is_offered_only_their_kabkota_and_the_disasters_affecting_it(
    petugas_kota_tangerang, petugas_lebak, flood
):
    assert list(EntryFilter(user=petugas_kota_tangerang).form.fields["kabkota"].queryset) == [region(KOTA_TANGERANG)]
    assert list(AssessmentFilter(user=petugas_kota_tangerang).form.fields["disaster"].queryset) == [flood]
    assert not AssessmentFilter(user=petugas_lebak).form.fields["disaster"].queryset.exists()


def test_another_kabkota_in_an_entry_filter_is_answered_like_a_missing_one(
    api_as, petugas_kota_tangerang, open_assessment
):
    client = api_as(petugas_kota_tangerang)
    url = f"{BASE}{open_assessment.pk}/damage/"
    other, missing = client.get(url, {"kabkota": TANGSEL}), client.get(url, {"kabkota": "36.99"})
    assert other.status_code == missing.status_code == 400
    assert other.json() == missing.json() and "kabkota" in other.json()["errors"]


def test_another_kabkota_in_an_entry_body_is_answered_like_a_missing_one(
    api_as, petugas_kota_tangerang, open_assessment
):
    client = api_as(petugas_kota_tangerang)
    url = f"{BASE}{open_assessment.pk}/damage/"
    other = client.post(url, {**HOUSES, "kabkota": TANGSEL}, format="json")
    missing = client.post(url, {**HOUSES, "kabkota": "36.99"}, format="json")
    assert other.status_code == missing.status_code == 400
    # The message names the code that was sent and nothing else.
    assert other.content.decode().replace(TANGSEL, "?") == missing.content.decode().replace("36.99", "?")
    assert not DamageEntry.objects.exists()
    mine = client.post(url, {**HOUSES, "kabkota": KOTA_TANGERANG}, format="json")
    assert mine.status_code == 201, mine.json()


def test_another_kabkotas_disaster_in_the_assessment_filter_is_answered_like_a_missing_one(
    api_as, petugas_lebak, assessment
):
    client = api_as(petugas_lebak)
    other, missing = client.get(BASE, {"disaster": assessment.disaster_id}), client.get(BASE, {"disaster": 999999})
    assert other.status_code == missing.status_code == 400
    assert other.json() == missing.json()


@pytest.mark.parametrize(
    ("params", "field"), [({"status": "selesai"}, "status"), ({"q": "x" * 101}, "q"), ({"disaster": "0"}, "disaster")]
)
def test_unreadable_assessment_filters_are_a_400_naming_the_field(api_as, staf, assessment, params, field):
    response = api_as(staf).get(BASE, params)
    assert response.status_code == 400 and field in response.json()["errors"]


def test_entry_filters_narrow_by_sector_and_kabkota(staf, assessment):
    for code in (KOTA_TANGERANG, TANGSEL):
        damage_entry_create(
            user=staf,
            assessment=assessment,
            sub_sector=sub_sector("perumahan"),
            kabkota=region(code),
            asset_kind="Rumah",
        )
    assert damage_entry_list(user=staf, assessment=assessment, filters={"kabkota": TANGSEL}).get().kabkota_id == TANGSEL
    assert damage_entry_list(user=staf, assessment=assessment, filters={"sector": "permukiman"}).count() == 2
    assert not damage_entry_list(user=staf, assessment=assessment, filters={"sector": "ekonomi-produktif"}).exists()


def test_entry_page_with_a_refused_filter_still_lists_the_entries(page_as, staf, assessment):
    damage_entry_create(
        user=staf,
        assessment=assessment,
        sub_sector=sub_sector("perumahan"),
        kabkota=region(TANGSEL),
        asset_kind="Rumah",
    )
    response = page_as(staf).get(f"/jitupasna/{assessment.pk}/kerusakan/", {"kabkota": "36.02"})
    assert response.status_code == 200 and "Rumah" in response.content.decode()
