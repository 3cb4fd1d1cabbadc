from datetime import timedelta

import pytest
from django.utils import timezone

from shelters.models import LdpReferral, LdpSession, ShelterStatus
from shelters.services import ldp_coverage

from ..factories import ShelterFactory
from .test_conditional_and_scoped_bodies import same_refusal

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_lebak(reference_data):
    return ShelterFactory(
        desa_code="36.02.14.1007",
        status=ShelterStatus.OPEN,
        current_total=400,
        opened_on=timezone.localdate() - timedelta(days=5),
    )


def test_session_with_referral_is_recorded_and_counted_per_1000_displaced(api_as, petugas_lebak, open_lebak):
    today = timezone.localdate()
    response = api_as(petugas_lebak).post(
        "/api/v1/ldp/sessions/",
        {
            "shelter": open_lebak.pk,
            "held_on": str(today),
            "kind": "terapi_bermain",
            "provider": "tagana",
            "providers_count": 4,
            "reached_children_male": 10,
            "reached_children_female": 12,
            "referrals": [{"referred_to": "Psikolog RSUD dr. Adjidarmo", "people": 2}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert LdpReferral.objects.get().session_id == response.json()["id"]
    coverage = ldp_coverage(sessions=LdpSession.objects.all(), displaced=open_lebak.current_total, today=today)
    assert coverage["reached"] == 22
    # 4 worker-days over 7 days = 0.571 workers/day for 400 people = 1.43 per 1,000 displaced
    assert coverage["workers_per_1000_displaced"] == 1.43
    assert coverage["reached_per_1000_displaced"] == 55.0


def test_session_that_reached_nobody_or_is_in_the_future_is_refused(api_as, petugas_lebak, open_lebak):
    client = api_as(petugas_lebak)
    base = {"shelter": open_lebak.pk, "kind": "pfa", "provider": "peksos"}
    nobody = client.post("/api/v1/ldp/sessions/", {**base, "held_on": str(timezone.localdate())}, format="json")
    assert nobody.status_code == 400
    future = str(timezone.localdate() + timedelta(days=2))
    later = client.post("/api/v1/ldp/sessions/", {**base, "held_on": future, "reached_older": 3}, format="json")
    assert later.status_code == 400 and "held_on" in later.json()["errors"]
    assert not LdpSession.objects.exists()


def test_officer_of_another_kabupaten_cannot_record_or_see_sessions(
    api_as, petugas_kota_serang, petugas_lebak, open_lebak
):
    other = api_as(petugas_kota_serang)
    body = {"held_on": str(timezone.localdate()), "kind": "pfa", "provider": "tagana", "reached_older": 2}
    response = other.post("/api/v1/ldp/sessions/", body | {"shelter": open_lebak.pk}, format="json")
    missing = other.post("/api/v1/ldp/sessions/", body | {"shelter": open_lebak.pk + 10_000}, format="json")
    # Another kabupaten/kota's shelter in the body is refused exactly like a shelter that does not exist.
    assert same_refusal(response, missing, value=open_lebak.pk, missing_value=open_lebak.pk + 10_000)
    assert not LdpSession.objects.exists()
    api_as(petugas_lebak).post(
        "/api/v1/ldp/sessions/",
        {
            "shelter": open_lebak.pk,
            "held_on": str(timezone.localdate()),
            "kind": "pfa",
            "provider": "tagana",
            "reached_older": 2,
        },
        format="json",
    )
    assert other.get("/api/v1/ldp/sessions/").json()["count"] == 0


def test_referral_outcome_can_be_updated(api_as, petugas_lebak, open_lebak):
    client = api_as(petugas_lebak)
    session = client.post(
        "/api/v1/ldp/sessions/",
        {
            "shelter": open_lebak.pk,
            "held_on": str(timezone.localdate()),
            "kind": "konseling",
            "provider": "psikolog",
            "reached_adult_female": 1,
            "referrals": [{"referred_to": "Puskesmas Rangkasbitung"}],
        },
        format="json",
    ).json()
    referral_id = session["referrals"][0]["id"]
    updated = client.patch(
        f"/api/v1/ldp/referrals/{referral_id}/", {"status": "selesai", "outcome": "Ditangani"}, format="json"
    )
    assert updated.status_code == 200 and updated.json()["status"] == "selesai"


def test_ldp_session_page_form(page_as, petugas_lebak, open_lebak):
    browser = page_as(petugas_lebak)
    assert browser.get(f"/posko/{open_lebak.pk}/ldp/").status_code == 200
    response = browser.post(
        f"/posko/{open_lebak.pk}/ldp/",
        {
            "held_on": str(timezone.localdate()),
            "kind": "psikoedukasi",
            "provider": "tksk",
            "providers_count": 2,
            "reached_children_male": 0,
            "reached_children_female": 0,
            "reached_adult_male": 5,
            "reached_adult_female": 7,
            "reached_older": 1,
        },
    )
    assert response.status_code == 302
    assert LdpSession.objects.get().reached_total == 13
