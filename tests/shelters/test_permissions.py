"""Every shelters endpoint and page answers 404 to an officer of another kabupaten/kota."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shelters.models import LdpPost, LdpReferral, LdpSession, ShelterStatus
from shelters.services import evacuee_register

from ..factories import ShelterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lebak_records(reference_data, petugas_lebak):
    shelter = ShelterFactory(
        desa_code="36.02.14.1007",
        status=ShelterStatus.OPEN,
        opened_on=timezone.localdate() - timedelta(days=2),
        latitude="-6.35",
        longitude="106.25",
    )
    evacuee = evacuee_register(user=petugas_lebak, shelter=shelter, full_name="Ujang", sex="L")
    post = LdpPost.objects.create(name="Pos LDP Muara", kind="tetap", desa_id="36.02.14.1007", kabkota_id="36.02")
    session = LdpSession.objects.create(
        shelter=shelter,
        kabkota_id="36.02",
        held_on=timezone.localdate(),
        kind="pfa",
        provider="tagana",
        reached_older=3,
    )
    referral = LdpReferral.objects.create(session=session, referred_to="Puskesmas")
    return {"shelter": shelter, "evacuee": evacuee, "post": post, "referral": referral}


READS = [
    "/api/v1/shelters/{shelter}/",
    "/api/v1/shelters/{shelter}/occupancy/",
    "/api/v1/evacuees/{evacuee}/",
    "/posko/{shelter}/",
    "/posko/{shelter}/ubah/",
    "/posko/{shelter}/jumlah/",
    "/posko/{shelter}/ldp/",
    "/posko/pengungsi/{evacuee}/",
]
WRITES = [
    ("patch", "/api/v1/shelters/{shelter}/", {"capacity": 1, "version": 1}),
    ("post", "/api/v1/shelters/{shelter}/occupancy/", {"total": 1, "version": 1}),
    ("post", "/api/v1/evacuees/{evacuee}/moves/", {"action": "check_out"}),
    ("patch", "/api/v1/ldp/referrals/{referral}/", {"status": "selesai"}),
]


def _fill(url, records):
    return url.format(**{name: record.pk for name, record in records.items()})


@pytest.mark.parametrize("url", READS)
def test_officer_of_another_kabupaten_gets_404_reading(api_as, page_as, petugas_kota_serang, lebak_records, url):
    client = page_as(petugas_kota_serang) if url.startswith("/posko/") else api_as(petugas_kota_serang)
    assert client.get(_fill(url, lebak_records)).status_code == 404


@pytest.mark.parametrize(("method", "url", "body"), WRITES)
def test_officer_of_another_kabupaten_gets_404_writing(api_as, petugas_kota_serang, lebak_records, method, url, body):
    response = getattr(api_as(petugas_kota_serang), method)(_fill(url, lebak_records), body, format="json")
    assert response.status_code == 404


def test_lists_and_map_leave_out_other_kabupaten(api_as, petugas_kota_serang, petugas_lebak, lebak_records):
    other, owner = api_as(petugas_kota_serang), api_as(petugas_lebak)
    for url in ("/api/v1/shelters/", "/api/v1/evacuees/", "/api/v1/ldp/posts/", "/api/v1/ldp/sessions/"):
        assert other.get(url).json()["count"] == 0, url
        assert owner.get(url).json()["count"] == 1, url
    assert other.get("/api/v1/shelters/map/").json() == []
    assert len(owner.get("/api/v1/shelters/map/").json()) == 1


def test_api_client_reads_shelters_but_no_evacuees(api_as, api_client_user, lebak_records):
    client = api_as(api_client_user)
    assert client.get("/api/v1/shelters/").json()["count"] == 1
    assert client.get("/api/v1/evacuees/").status_code == 403
    assert client.get(_fill("/api/v1/evacuees/{evacuee}/", lebak_records)).status_code == 403
