"""The health API: every endpoint for a health-cluster member, a PUPR member and kab/kota officers, filters, and
query counts on the lists."""

from datetime import timedelta

import pytest
from django.urls import reverse

from health.models import Consultation, HealthPost, Signal
from shelters.services import evacuee_register

from .conftest import KOTA_SERANG_DESA, LEBAK_DESA, TODAY

pytestmark = pytest.mark.django_db

POSTS, CONSULTATIONS, SIGNALS = "api-health-post-list", "api-health-consultation-list", "api-health-signal-list"


@pytest.fixture
def recorded(post_lebak, post_kota_serang, record_day):
    """A day at each post; a suspected cholera case at the Lebak post raises a signal."""
    record_day(post_lebak, 1, ispa=3, suspek_kolera=1)
    record_day(post_kota_serang, 1, ispa=2)
    return {"lebak": post_lebak, "kota_serang": post_kota_serang}


def _ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


# --- Reading: who sees what ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", [POSTS, CONSULTATIONS, SIGNALS])
def test_each_list_by_role(api_as, recorded, name, staf, koordinator_kesehatan, koordinator_sarana, petugas_lebak):
    lebak = recorded["lebak"]
    everything = _ids(api_as(staf).get(reverse(name)))
    assert everything
    assert _ids(api_as(koordinator_kesehatan).get(reverse(name))) == everything
    assert _ids(api_as(koordinator_sarana).get(reverse(name))) == []
    officer = api_as(petugas_lebak).get(reverse(name)).json()["results"]
    assert officer and all(row["kabkota"] == "36.02" for row in officer)
    assert {row.get("post", row["id"]) for row in officer} == {lebak.pk}


def test_details_outside_the_scope_answer_404_like_missing_ones(
    api_as, recorded, koordinator_sarana, petugas_lebak, koordinator_kesehatan
):
    kota_serang = recorded["kota_serang"]
    consultation = Consultation.objects.get(post=kota_serang)
    for user in (koordinator_sarana, petugas_lebak):
        client = api_as(user)
        for url in (
            reverse("api-health-post-detail", args=[kota_serang.pk]),
            reverse("api-health-consultation-detail", args=[consultation.pk]),
        ):
            assert client.get(url).status_code == 404
        assert client.get(reverse("api-health-post-detail", args=[999999])).status_code == 404
    client = api_as(koordinator_kesehatan)
    assert client.get(reverse("api-health-post-detail", args=[kota_serang.pk])).json()["staff_on_duty"] == 0
    body = client.get(reverse("api-health-consultation-detail", args=[consultation.pk])).json()
    assert body["counts"] == [{"complaint": "ispa", "age_group": "dewasa", "sex": "L", "count": 2}]


def test_the_complaint_list_is_reference_data_for_health_readers(api_as, reference_data, koordinator_sarana, staf):
    codes = [row["code"] for row in api_as(staf).get(reverse("api-health-complaint-list")).json()]
    assert codes[:2] == ["ispa", "diare"] and "suspek-campak" in codes
    assert api_as(koordinator_sarana).get(reverse("api-health-complaint-list")).status_code == 200


def test_a_health_member_sees_no_evacuee_or_pmks_personal_data(api_as, koordinator_kesehatan, staf, shelter_lebak):
    shelter_lebak.status = "dibuka"
    shelter_lebak.save(update_fields=["status"])
    evacuee_register(
        user=staf, shelter=shelter_lebak, full_name="Siti Aminah", sex="P", birth_date=TODAY() - timedelta(days=9000)
    )
    client = api_as(koordinator_kesehatan)
    assert client.get(reverse("api-evacuee-list")).json()["results"] == []
    assert client.get(reverse("api-pmks-client-list")).status_code == 403


# --- Filters ---------------------------------------------------------------------------------------------------------
def test_filters_by_disaster_kabkota_cluster_and_date(api_as, staf, recorded, banjir):
    client = api_as(staf)
    lebak = recorded["lebak"]
    assert _ids(client.get(reverse(POSTS), {"kabkota": "36.02"})) == [lebak.pk]
    assert len(_ids(client.get(reverse(POSTS), {"disaster": banjir.pk}))) == 2
    assert _ids(client.get(reverse(POSTS), {"disaster": 999999})) == []
    assert len(_ids(client.get(reverse(POSTS), {"cluster": "kesehatan"}))) == 2
    assert _ids(client.get(reverse(POSTS), {"cluster": "logistik"})) == []
    assert _ids(client.get(reverse(POSTS), {"date": (TODAY() - timedelta(days=30)).isoformat()})) == []
    yesterday = (TODAY() - timedelta(days=1)).isoformat()
    assert len(_ids(client.get(reverse(CONSULTATIONS), {"date": yesterday}))) == 2
    assert _ids(client.get(reverse(CONSULTATIONS), {"date_from": TODAY().isoformat()})) == []
    assert len(_ids(client.get(reverse(SIGNALS), {"state": "terbuka", "kabkota": "36.02"}))) == 1
    assert client.get(reverse(POSTS), {"date": "kemarin"}).status_code == 400


# --- Writing ---------------------------------------------------------------------------------------------------------
def _post_body(banjir, **extra):
    return {
        "disaster": banjir.pk,
        "name": "Pos Kesehatan Baru",
        "organisation_kind": "puskesmas",
        "organisation_name": "Puskesmas Kasemen",
        "opened_on": (TODAY() - timedelta(days=2)).isoformat(),
        **extra,
    }


def test_creating_posts_by_role(api_as, banjir, koordinator_kesehatan, koordinator_sarana, petugas_lebak):
    created = api_as(koordinator_kesehatan).post(reverse(POSTS), _post_body(banjir, desa=KOTA_SERANG_DESA))
    assert created.status_code == 201 and created.json()["kabkota"] == "36.73"
    assert api_as(petugas_lebak).post(reverse(POSTS), _post_body(banjir, desa=LEBAK_DESA)).status_code == 201
    refused = api_as(petugas_lebak).post(reverse(POSTS), _post_body(banjir, desa=KOTA_SERANG_DESA))
    assert refused.status_code == 400 and "desa" in refused.json()["errors"]
    refused = api_as(koordinator_sarana).post(reverse(POSTS), _post_body(banjir, desa=LEBAK_DESA))
    assert refused.status_code == 400 and "Kesehatan" in refused.json()["errors"]["desa"][0]
    assert HealthPost.objects.count() == 2


def test_recording_consultations_by_role(api_as, recorded, koordinator_kesehatan, koordinator_sarana, petugas_lebak):
    lebak, kota_serang = recorded["lebak"], recorded["kota_serang"]
    body = {
        "date": TODAY().isoformat(),
        "total": 4,
        "counts": [{"complaint": "diare", "age_group": "balita", "sex": "P", "count": 3}],
        "infants": 1,
    }
    response = api_as(petugas_lebak).post(reverse(CONSULTATIONS), {**body, "post": lebak.pk}, format="json")
    assert response.status_code == 201 and response.json()["counts"][0]["count"] == 3
    # Another kab/kota's post, and a PUPR member's attempt, are answered like a post that does not exist.
    for user, post in ((petugas_lebak, kota_serang.pk), (koordinator_sarana, lebak.pk), (petugas_lebak, 999999)):
        refused = api_as(user).post(reverse(CONSULTATIONS), {**body, "post": post}, format="json")
        assert refused.status_code == 400
        assert refused.json()["errors"] == {"post": ["Pos kesehatan tidak ditemukan."]}
    too_many = api_as(koordinator_kesehatan).post(
        reverse(CONSULTATIONS), {**body, "post": kota_serang.pk, "total": 2}, format="json"
    )
    assert too_many.status_code == 400 and "counts" in too_many.json()["errors"]
    assert Consultation.objects.filter(date=TODAY()).count() == 1


def test_changing_a_post_and_closing_a_signal(api_as, recorded, koordinator_kesehatan, koordinator_sarana, staf):
    lebak = recorded["lebak"]
    url = reverse("api-health-post-detail", args=[lebak.pk])
    assert api_as(koordinator_sarana).patch(url, {"nurses": 4}).status_code == 404
    assert api_as(koordinator_kesehatan).patch(url, {"nurses": 4}).json()["staff_on_duty"] == 5
    signal = Signal.objects.get()
    close = reverse("api-health-signal-close", args=[signal.pk])
    assert api_as(koordinator_sarana).post(close, {"note": "x"}).status_code == 404
    closed = api_as(staf).post(close, {"note": "Kasus dirujuk ke RSUD Adjidarmo"})
    assert closed.status_code == 200 and closed.json()["state"] == "ditutup"
    assert api_as(staf).post(close, {}).status_code == 400


def test_an_api_client_reads_but_cannot_write(api_as, api_client_user, recorded, banjir):
    client = api_as(api_client_user)
    assert len(_ids(client.get(reverse(POSTS)))) == 2
    assert client.post(reverse(POSTS), _post_body(banjir, desa=LEBAK_DESA)).status_code == 403


# --- Query counts -----------------------------------------------------------------------------------------------------
def _more_posts(staf, banjir, count):
    from health.services import consultation_record, health_post_create

    for index in range(count):
        post = health_post_create(
            user=staf,
            disaster=banjir.pk,
            desa=LEBAK_DESA if index % 2 else KOTA_SERANG_DESA,
            name=f"Pos {index}",
            organisation_kind="lainnya",
            organisation_name="Relawan",
            opened_on=TODAY() - timedelta(days=5),
            displaced_served=100_000,
        )
        consultation_record(
            user=staf,
            post=post,
            date=TODAY() - timedelta(days=1),
            total=3,
            counts=[{"complaint": "suspek-leptospirosis", "age_group": "dewasa", "sex": "L", "count": 1}],
        )


@pytest.mark.parametrize("name", [POSTS, CONSULTATIONS, SIGNALS])
def test_lists_run_a_fixed_number_of_queries(api_as, staf, banjir, name, django_assert_num_queries):
    client = api_as(staf)
    _more_posts(staf, banjir, 3)
    # 2: the COUNT for the page and the rows with their post/place joined (consultations: + 1 prefetch of counts).
    expected = 3 if name == CONSULTATIONS else 2
    with django_assert_num_queries(expected):
        assert len(client.get(reverse(name)).json()["results"]) == 3
    _more_posts(staf, banjir, 6)
    with django_assert_num_queries(expected):
        assert len(client.get(reverse(name)).json()["results"]) == 9


def test_the_schema_documents_the_health_endpoints(api_as, staf):
    schema = api_as(staf).get(reverse("schema"), {"format": "json"}).json()
    for path in ("/api/v1/health/posts/", "/api/v1/health/consultations/", "/api/v1/health/signals/"):
        assert path in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/health/posts/"]["get"]["parameters"]}
    assert {"disaster", "kabkota", "cluster", "date"} <= parameters
