import pytest

from shelters.models import Shelter, ShelterStatus
from shelters.services import shelter_update

from ..factories import ShelterFactory

pytestmark = pytest.mark.django_db


def test_stale_version_is_refused_with_a_clear_conflict(api_as, petugas_lebak, shelter_lebak):
    client = api_as(petugas_lebak)
    first = client.patch(f"/api/v1/shelters/{shelter_lebak.pk}/", {"capacity": 190, "version": 1}, format="json")
    assert first.status_code == 200
    second = client.patch(f"/api/v1/shelters/{shelter_lebak.pk}/", {"capacity": 150, "version": 1}, format="json")
    assert second.status_code == 409
    assert "versi" in second.json()["message"]
    shelter_lebak.refresh_from_db()
    assert (shelter_lebak.capacity, shelter_lebak.version) == (190, 2)


def test_if_match_etag_guards_updates(api_as, petugas_lebak, shelter_lebak):
    client = api_as(petugas_lebak)
    etag = client.get(f"/api/v1/shelters/{shelter_lebak.pk}/")["ETag"]
    ok = client.patch(f"/api/v1/shelters/{shelter_lebak.pk}/", {"latrines": 12}, format="json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200 and ok["ETag"] != etag
    stale = client.patch(f"/api/v1/shelters/{shelter_lebak.pk}/", {"latrines": 2}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    missing = client.patch(f"/api/v1/shelters/{shelter_lebak.pk}/", {"latrines": 2}, format="json")
    assert missing.status_code == 428
    shelter_lebak.refresh_from_db()
    assert shelter_lebak.latrines == 12


def test_page_edit_with_stale_version_keeps_input_and_says_why(page_as, petugas_lebak, shelter_lebak):
    shelter_update(user=petugas_lebak, shelter=shelter_lebak, version=1, data={"capacity": 210})
    response = page_as(petugas_lebak).post(
        f"/posko/{shelter_lebak.pk}/ubah/",
        {
            "name": "Nama Baru",
            "kind": "sekolah",
            "desa": "36.02.14.1007",
            "capacity": 99,
            "latrines": 1,
            "water_points": 1,
            "water_litres_per_day": 10,
            "status": "disiapkan",
            "version": 1,
        },
    )
    assert response.status_code == 409
    assert "Nama Baru" in response.text  # what the officer typed is still there
    assert Shelter.objects.get(pk=shelter_lebak.pk).name == "SDN Muara Ciujung Barat"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"capacity": -5}, "capacity"),
        ({"status": ShelterStatus.CLOSED, "opened_on": "2026-01-10"}, "closed_on"),
        ({"status": ShelterStatus.CLOSED, "opened_on": "2026-01-10", "closed_on": "2026-01-05"}, "closed_on"),
        ({"status": ShelterStatus.OPEN}, "opened_on"),
        ({"latitude": "-20.0"}, "latitude"),
        ({"desa": "36.02"}, "desa"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(api_as, petugas_lebak, payload, field):
    body = {"name": "Posko Uji", "kind": "sekolah", "desa": "36.02.14.1002", "capacity": 50, **payload}
    response = api_as(petugas_lebak).post("/api/v1/shelters/", body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert field in response.json()["message"] or response.json()["message"]
    assert not Shelter.objects.filter(name="Posko Uji").exists()


def test_shelter_form_keeps_what_was_typed_when_validation_fails(page_as, petugas_lebak):
    response = page_as(petugas_lebak).post(
        "/posko/baru/", {"name": "Posko Ketikan", "kind": "sekolah", "desa": "36.02.14.1002", "capacity": "-1"}
    )
    assert response.status_code == 400
    assert 'value="Posko Ketikan"' in response.text
    assert not Shelter.objects.filter(name="Posko Ketikan").exists()


def test_shelter_list_api_uses_the_same_number_of_queries_for_3_and_30(api_as, staf, django_assert_num_queries):
    client = api_as(staf)
    for _ in range(3):
        ShelterFactory()
    # count + page (desa, kabkota and agency joined in the same query) + the disasters served (one prefetch)
    with django_assert_num_queries(3):
        assert client.get("/api/v1/shelters/").json()["count"] == 3
    for _ in range(27):
        ShelterFactory()
    with django_assert_num_queries(3):
        assert client.get("/api/v1/shelters/").json()["count"] == 30


def test_shelter_list_page_uses_the_same_number_of_queries_for_3_and_30(page_as, staf, django_assert_num_queries):
    browser = page_as(staf)
    for _ in range(3):
        ShelterFactory()
    browser.get("/posko/")
    # session + user + kab/kota and disaster filter choices + count + one page of rows + the disasters they
    # serve, then the session's sliding expiry is saved (savepoint, UPDATE, release): 10 whatever the rows.
    with django_assert_num_queries(10):
        browser.get("/posko/")
    for _ in range(27):
        ShelterFactory()
    with django_assert_num_queries(10):
        browser.get("/posko/")
