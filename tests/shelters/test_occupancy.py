import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from shelters.models import OccupancyCount, Shelter, ShelterStatus, SphereState
from shelters.services import occupancy_record, sphere_thresholds_load_reference

from ..factories import ShelterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_shelter(reference_data):
    sphere_thresholds_load_reference()
    return ShelterFactory(
        desa_code="36.02.14.1007",
        status=ShelterStatus.OPEN,
        opened_on=timezone.localdate() - timedelta(days=3),
        capacity=200,
        covered_area_m2=700,
        latrines=10,
        water_points=1,
        water_litres_per_day=4000,
    )


def _url(shelter):
    return f"/api/v1/shelters/{shelter.pk}/occupancy/"


def test_headcount_updates_current_figure_sphere_state_and_version(api_as, petugas_lebak, open_shelter):
    client = api_as(petugas_lebak)
    etag = client.get(f"/api/v1/shelters/{open_shelter.pk}/")["ETag"]
    response = client.post(
        _url(open_shelter), {"total": 210, "male": 100, "female": 110, "lansia": 20}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 201, response.json()
    open_shelter.refresh_from_db()
    assert (open_shelter.current_total, open_shelter.version) == (210, 2)
    assert open_shelter.sphere_state == SphereState.BREACH  # 210 > capacity 200 and 3.33 m² per person
    detail = client.get(f"/api/v1/shelters/{open_shelter.pk}/").json()
    states = {item["indicator"]: item["state"] for item in detail["sphere"]}
    assert states["occupancy"] == "breach" and states["space_per_person"] == "breach"
    assert client.get(_url(open_shelter)).json()["results"][0]["total"] == 210


def test_two_officers_counting_at_once_the_second_gets_a_conflict(api_as, petugas_lebak, open_shelter, staf):
    first, second = api_as(petugas_lebak), api_as(staf)
    etag = first.get(f"/api/v1/shelters/{open_shelter.pk}/")["ETag"]
    assert second.get(f"/api/v1/shelters/{open_shelter.pk}/")["ETag"] == etag
    assert first.post(_url(open_shelter), {"total": 150}, format="json", HTTP_IF_MATCH=etag).status_code == 201
    loser = second.post(_url(open_shelter), {"total": 90}, format="json", HTTP_IF_MATCH=etag)
    assert loser.status_code == 412
    assert "diubah" in loser.json()["message"]
    stale_version = second.post(_url(open_shelter), {"total": 90, "version": 1}, format="json")
    assert stale_version.status_code == 409
    assert "versi" in stale_version.json()["message"]
    open_shelter.refresh_from_db()
    assert open_shelter.current_total == 150
    assert OccupancyCount.objects.filter(shelter=open_shelter).count() == 1


def test_resent_headcount_with_the_same_key_is_recorded_once(api_as, petugas_lebak, open_shelter):
    client = api_as(petugas_lebak)
    key = str(uuid.uuid4())
    first = client.post(_url(open_shelter), {"total": 120, "version": 1}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    # The phone never saw the answer and sends the same form again, with the version it had.
    again = client.post(_url(open_shelter), {"total": 120, "version": 1}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert OccupancyCount.objects.filter(shelter=open_shelter).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_resends_race_and_exactly_one_count_is_stored(reference_data, petugas_lebak):
    sphere_thresholds_load_reference()
    shelter = ShelterFactory(
        desa_code="36.02.14.1007", status=ShelterStatus.OPEN, opened_on=timezone.localdate() - timedelta(days=1)
    )
    key = uuid.uuid4()
    results, barrier = [], threading.Barrier(2)

    def send():
        barrier.wait()
        try:
            results.append(
                occupancy_record(user=petugas_lebak, shelter=shelter, version=1, total=80, idempotency_key=key)[1]
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert OccupancyCount.objects.filter(idempotency_key=key).count() == 1
    assert Shelter.objects.get(pk=shelter.pk).version == 2


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"total": 10, "male": 8, "female": 5}, "female"),
        ({"total": 10, "balita": 4, "anak": 4, "dewasa": 4}, "lansia"),
        ({"total": 10, "female": 3, "pregnant_or_nursing": 4}, "pregnant_or_nursing"),
        ({"total": 10, "disabled": 11}, "disabled"),
        ({"total": -1}, "total"),
        ({"total": 1_000_000}, "total"),
        ({"total": 10, "observed_at": "2099-01-01T08:00:00+07:00"}, "observed_at"),
    ],
)
def test_counts_that_do_not_add_up_are_refused_and_nothing_is_saved(
    api_as, petugas_lebak, open_shelter, payload, field
):
    response = api_as(petugas_lebak).post(_url(open_shelter), {**payload, "version": 1}, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    open_shelter.refresh_from_db()
    assert (open_shelter.version, open_shelter.current_total) == (1, 0)
    assert not OccupancyCount.objects.exists()


def test_headcount_for_a_shelter_that_is_not_open_is_refused(api_as, petugas_lebak, shelter_lebak):
    response = api_as(petugas_lebak).post(_url(shelter_lebak), {"total": 5, "version": 1}, format="json")
    assert response.status_code == 400
    assert "shelter" in response.json()["errors"]


def test_an_older_count_sent_late_joins_history_without_replacing_the_current_one(petugas_lebak, open_shelter):
    now = timezone.now()
    occupancy_record(user=petugas_lebak, shelter=open_shelter, version=1, total=100, observed_at=now)
    occupancy_record(
        user=petugas_lebak, shelter=open_shelter, version=2, total=40, observed_at=now - timedelta(hours=5)
    )
    open_shelter.refresh_from_db()
    assert open_shelter.current_total == 100
    assert open_shelter.counts.count() == 2


def test_officer_of_another_kabupaten_cannot_read_or_post_counts(api_as, petugas_kota_serang, open_shelter):
    client = api_as(petugas_kota_serang)
    assert client.get(_url(open_shelter)).status_code == 404
    assert client.post(_url(open_shelter), {"total": 5, "version": 1}, format="json").status_code == 404


def test_quick_headcount_form_on_a_phone_saves_and_a_resubmit_is_not_counted_twice(
    page_as, petugas_lebak, open_shelter
):
    browser = page_as(petugas_lebak)
    form_page = browser.get(f"/posko/{open_shelter.pk}/jumlah/")
    assert form_page.status_code == 200
    key = form_page.context["form"]["idempotency_key"].value()
    data = {"total": 95, "male": 45, "female": 50, "version": 1, "idempotency_key": key}
    assert browser.post(f"/posko/{open_shelter.pk}/jumlah/", data).status_code == 302
    assert browser.post(f"/posko/{open_shelter.pk}/jumlah/", data).status_code == 302
    assert open_shelter.counts.count() == 1


def test_quick_headcount_form_keeps_input_when_the_breakdown_is_wrong(page_as, petugas_lebak, open_shelter):
    response = page_as(petugas_lebak).post(
        f"/posko/{open_shelter.pk}/jumlah/",
        {"total": 10, "male": 9, "female": 9, "version": 1, "idempotency_key": str(uuid.uuid4())},
    )
    assert response.status_code == 400
    assert 'value="9"' in response.text
    assert not open_shelter.counts.exists()
