"""Bodies are scoped like URLs (another kab/kota's record answers exactly like a missing one) and every list has one
FilterSet, shared by the selector, the API and the page, that refuses bad input with a 400 naming the field."""

from datetime import date

import pytest

from ksb_volunteers.models import Deployment, TaganaMember, TrainingParticipation
from ksb_volunteers.services import training_create

from .factories import synthetic_nik
from .test_apis import same_refusal

pytestmark = pytest.mark.django_db


def test_another_kabupaten_member_in_a_deployment_is_refused_like_a_missing_one(
    api_as, petugas_lebak, member_kota_serang, flood
):
    client = api_as(petugas_lebak)
    body = {"disaster": flood.pk, "role": "logistik", "start_at": "2026-01-20T08:00"}
    hidden = client.post("/api/v1/deployments/", body | {"member": member_kota_serang.pk}, format="json")
    missing = client.post("/api/v1/deployments/", body | {"member": member_kota_serang.pk + 10_000}, format="json")
    assert same_refusal(hidden, missing, value=member_kota_serang.pk, missing_value=member_kota_serang.pk + 10_000)
    assert not Deployment.objects.exists()


def test_another_kabupaten_member_as_a_participant_is_refused_like_a_missing_one(
    api_as, petugas_lebak, member_kota_serang, skills
):
    training = training_create(
        user=petugas_lebak,
        title="Pelatihan SAR Air",
        kind="pelatihan",
        starts_on=date(2026, 2, 1),
        ends_on=date(2026, 2, 3),
        place="Rangkasbitung",
        kabkota=petugas_lebak.kabkota,
        organiser="Dinsos Lebak",
        skills=[skills["sar-air"]],
    )
    client = api_as(petugas_lebak)
    url = f"/api/v1/trainings/{training.pk}/participants/"
    hidden = client.post(url, {"member": member_kota_serang.pk}, format="json")
    missing = client.post(url, {"member": member_kota_serang.pk + 10_000}, format="json")
    assert same_refusal(hidden, missing, value=member_kota_serang.pk, missing_value=member_kota_serang.pk + 10_000)
    assert not TrainingParticipation.objects.exists()


def test_member_registered_in_another_kabupaten_is_refused_like_an_unknown_one(api_as, petugas_lebak, skills):
    body = {
        "member_number": "TGN.3602.0600",
        "nik": synthetic_nik(kabkota_code="36.02", sex="P", birth_date=date(1993, 8, 17), serial=600),
        "full_name": "Dewi Lestari",
        "sex": "P",
        "birth_date": "1993-08-17",
    }
    client = api_as(petugas_lebak)
    hidden = client.post("/api/v1/tagana/members/", body | {"kabkota": "36.73"}, format="json")
    missing = client.post("/api/v1/tagana/members/", body | {"kabkota": "36.99"}, format="json")
    assert same_refusal(hidden, missing, value="36.73", missing_value="36.99")
    assert not TaganaMember.objects.exists()


@pytest.mark.parametrize(
    ("url", "query", "field"),
    [
        ("/api/v1/trainings/", {"year": "1900"}, "year"),
        ("/api/v1/trainings/", {"year": "30000"}, "year"),
        ("/api/v1/trainings/", {"year": "dua ribu"}, "year"),
        ("/api/v1/tagana/members/", {"skill": "sulap"}, "skill"),
        ("/api/v1/tagana/members/", {"availability": "tidur"}, "availability"),
        ("/api/v1/ksb/units/", {"hazard": "999"}, "hazard"),
        ("/api/v1/deployments/", {"role": "bos"}, "role"),
    ],
)
def test_invalid_filter_input_is_a_400_naming_the_field(api_as, staf, skills, url, query, field):
    response = api_as(staf).get(url, query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_deployment_filter_choices_offer_only_what_the_user_may_see(
    api_as, page_as, petugas_kota_serang, member_lebak, flood
):
    page = page_as(petugas_kota_serang).get("/relawan/penugasan/")
    assert page.status_code == 200 and flood.title not in page.text  # Kota Serang is not affected by this flood
    client = api_as(petugas_kota_serang)
    hidden = client.get("/api/v1/deployments/", {"member": member_lebak.pk})
    missing = client.get("/api/v1/deployments/", {"member": member_lebak.pk + 10_000})
    assert same_refusal(hidden, missing, value=member_lebak.pk, missing_value=member_lebak.pk + 10_000)


def test_member_page_and_api_filter_alike(api_as, page_as, staf, member_lebak, member_kota_serang):
    api_names = [
        row["full_name"] for row in api_as(staf).get("/api/v1/tagana/members/", {"skill": "sar-air"}).json()["results"]
    ]
    assert api_names == ["Ujang Hidayat"]
    page = page_as(staf).get("/relawan/", {"skill": "sar-air"})
    assert "Ujang Hidayat" in page.text and "Siti Rahmawati" not in page.text
    bad = page_as(staf).get("/relawan/", {"skill": "sulap"})
    assert bad.status_code == 200 and "Siti Rahmawati" in bad.text  # the page shows the error and the whole list
