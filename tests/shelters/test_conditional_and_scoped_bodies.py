"""Conditional requests on a shelter follow RFC 9110 (Django's own evaluation), bodies are scoped like URLs, and the
lists share one FilterSet that refuses bad input with a 400 naming the field."""

import json
from datetime import date

import pytest

from clusters.models import Disaster, DisasterType
from shelters.models import Evacuee, Shelter, ShelterStatus

from ..factories import ShelterFactory

pytestmark = pytest.mark.django_db


def same_refusal(response, missing, *, value, missing_value) -> bool:
    """The two answers are the same once the id each one names is set aside (the message repeats the id)."""

    def text(answer, named):
        return json.dumps(answer.json(), sort_keys=True).replace(str(named), "<id>")

    return response.status_code == missing.status_code == 400 and text(response, value) == text(missing, missing_value)


def _url(shelter):
    return f"/api/v1/shelters/{shelter.pk}/"


def test_if_match_star_accepts_any_current_version(api_as, petugas_lebak, shelter_lebak):
    response = api_as(petugas_lebak).patch(_url(shelter_lebak), {"latrines": 11}, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 200
    shelter_lebak.refresh_from_db()
    assert (shelter_lebak.latrines, shelter_lebak.version) == (11, 2)


def test_if_match_weak_tag_never_matches_because_the_comparison_is_strong(api_as, petugas_lebak, shelter_lebak):
    client = api_as(petugas_lebak)
    etag = client.get(_url(shelter_lebak))["ETag"]
    response = client.patch(_url(shelter_lebak), {"latrines": 11}, format="json", HTTP_IF_MATCH=f"W/{etag}")
    assert response.status_code == 412
    assert "If-Match" in response.json()["errors"]
    shelter_lebak.refresh_from_db()
    assert shelter_lebak.version == 1


def test_if_match_list_passes_when_one_tag_is_current_and_fails_when_none_is(api_as, petugas_lebak, shelter_lebak):
    client = api_as(petugas_lebak)
    etag = client.get(_url(shelter_lebak))["ETag"]
    stale = f'"shelter-{shelter_lebak.pk}-v0", "something-else"'
    refused = client.patch(_url(shelter_lebak), {"latrines": 3}, format="json", HTTP_IF_MATCH=stale)
    assert refused.status_code == 412
    accepted = client.patch(_url(shelter_lebak), {"latrines": 4}, format="json", HTTP_IF_MATCH=f'"older", {etag}')
    assert accepted.status_code == 200 and accepted["ETag"] != etag
    shelter_lebak.refresh_from_db()
    assert shelter_lebak.latrines == 4


def test_neither_if_match_nor_version_is_still_428(api_as, petugas_lebak, shelter_lebak):
    assert api_as(petugas_lebak).patch(_url(shelter_lebak), {"latrines": 3}, format="json").status_code == 428


def test_get_with_the_current_etag_in_if_none_match_is_304(api_as, petugas_lebak, shelter_lebak):
    client = api_as(petugas_lebak)
    etag = client.get(_url(shelter_lebak))["ETag"]
    unchanged = client.get(_url(shelter_lebak), HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged["ETag"] == etag
    assert client.get(_url(shelter_lebak), HTTP_IF_NONE_MATCH='"old"').status_code == 200


def test_another_kabupaten_shelter_in_a_body_is_answered_like_a_missing_one(api_as, petugas_lebak, shelter_kota_serang):
    client = api_as(petugas_lebak)
    body = {"full_name": "Ujang", "sex": "L"}
    other = client.post("/api/v1/evacuees/", body | {"shelter": shelter_kota_serang.pk}, format="json")
    missing = client.post("/api/v1/evacuees/", body | {"shelter": shelter_kota_serang.pk + 10_000}, format="json")
    assert same_refusal(other, missing, value=shelter_kota_serang.pk, missing_value=shelter_kota_serang.pk + 10_000)
    assert not Evacuee.objects.exists()


def test_another_kabupaten_desa_or_disaster_in_a_body_is_answered_like_a_missing_one(api_as, petugas_lebak):
    elsewhere = Disaster.objects.create(
        disaster_type=DisasterType.objects.get(code="101"), title="Banjir Kasemen", started_on=date(2026, 1, 10)
    )
    elsewhere.affected_kabkota.set(["36.73"])
    client = api_as(petugas_lebak)
    body = {"name": "Posko Baru", "kind": "sekolah", "capacity": 50}
    other = client.post("/api/v1/shelters/", body | {"desa": "36.73.02.1001"}, format="json")
    missing = client.post("/api/v1/shelters/", body | {"desa": "36.02.99.9999"}, format="json")
    assert same_refusal(other, missing, value="36.73.02.1001", missing_value="36.02.99.9999")
    body |= {"desa": "36.02.14.1007"}
    other = client.post("/api/v1/shelters/", body | {"disasters": [elsewhere.pk]}, format="json")
    missing = client.post("/api/v1/shelters/", body | {"disasters": [elsewhere.pk + 10_000]}, format="json")
    assert same_refusal(other, missing, value=elsewhere.pk, missing_value=elsewhere.pk + 10_000)
    assert not Shelter.objects.exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [({"status": "nonsense"}, "status"), ({"disaster": "abc"}, "disaster"), ({"kabkota": "99.99"}, "kabkota")],
)
def test_invalid_filter_input_is_a_400_naming_the_field(api_as, staf, query, field):
    for url in ("/api/v1/shelters/", "/api/v1/shelters/map/"):
        response = api_as(staf).get(url, query)
        assert response.status_code == 400
        assert field in response.json()["errors"]


def test_filter_choices_offer_only_what_the_user_may_see(api_as, page_as, petugas_lebak, shelter_lebak):
    elsewhere = Disaster.objects.create(
        disaster_type=DisasterType.objects.get(code="101"), title="Banjir Kasemen", started_on=date(2026, 1, 10)
    )
    elsewhere.affected_kabkota.set(["36.73"])
    page = page_as(petugas_lebak).get("/posko/")
    assert "Banjir Kasemen" not in page.text
    assert 'value="36.73"' not in page.text and 'value="36.02"' in page.text
    # Another kab/kota as a filter value is not one of the choices: the same answer as a code that does not exist.
    other = api_as(petugas_lebak).get("/api/v1/shelters/", {"kabkota": "36.73"})
    missing = api_as(petugas_lebak).get("/api/v1/shelters/", {"kabkota": "36.99"})
    assert other.status_code == missing.status_code == 400
    assert other.json() == missing.json()


def test_the_page_and_the_api_filter_alike(api_as, page_as, staf, shelter_lebak, shelter_kota_serang):
    ShelterFactory(desa_code="36.02.14.1002", status=ShelterStatus.PREPARED, name="Balai Desa Lebak")
    api_names = {row["name"] for row in api_as(staf).get("/api/v1/shelters/", {"kabkota": "36.02"}).json()["results"]}
    assert api_names == {"SDN Muara Ciujung Barat", "Balai Desa Lebak"}
    page = page_as(staf).get("/posko/", {"kabkota": "36.02", "q": "balai"})
    assert "Balai Desa Lebak" in page.text and "SDN Muara Ciujung Barat" not in page.text
    assert "Kasemen" not in page.text.split("<tbody>")[1]


def test_the_selector_applies_the_filterset_to_plain_data_and_refuses_bad_input(petugas_lebak, shelter_lebak):
    from django.core.exceptions import ValidationError

    from shelters.selectors import shelter_list

    assert list(shelter_list(user=petugas_lebak, filters={"q": "muara"})) == [shelter_lebak]
    assert not shelter_list(user=petugas_lebak, filters={"status": ShelterStatus.OPEN}).exists()
    with pytest.raises(ValidationError) as refused:
        shelter_list(user=petugas_lebak, filters={"kabkota": "36.73"})  # another kab/kota: not a choice
    assert "kabkota" in refused.value.message_dict


def test_shelter_list_api_query_count_does_not_grow_with_filtered_rows(
    api_as, staf, reference_data, django_assert_num_queries
):
    for number in range(4):
        ShelterFactory(desa_code="36.02.14.1007", name=f"Posko Lebak {number}")
    client = api_as(staf)
    # At most five: the kab/kota choice, the count, the page and its disasters (prefetched); never one per row.
    with django_assert_num_queries(5, exact=False) as captured:
        response = client.get("/api/v1/shelters/", {"kabkota": "36.02"})
    assert response.json()["count"] == 4
    first = len(captured)
    for number in range(4, 10):
        ShelterFactory(desa_code="36.02.14.1007", name=f"Posko Lebak {number}")
    with django_assert_num_queries(first):
        assert client.get("/api/v1/shelters/", {"kabkota": "36.02"}).json()["count"] == 10
