from datetime import timedelta

import pytest
from django.utils import timezone

from banten_dinsos.audit.models import AuditAction, AuditLog
from shelters.models import Evacuee, EvacueeStatus, MovementKind, ShelterStatus

from ..factories import ShelterFactory
from .test_conditional_and_scoped_bodies import same_refusal

pytestmark = pytest.mark.django_db

# A valid synthetic NIK: issued in 36.02.14, born 15-03-1990, female (15 + 40 = 55), serial 0001.
NIK_FEMALE = "3602145503900001"


@pytest.fixture
def lebak_shelters(reference_data):
    opened = timezone.localdate() - timedelta(days=2)
    return (
        ShelterFactory(desa_code="36.02.14.1007", name="Posko A", status=ShelterStatus.OPEN, opened_on=opened),
        ShelterFactory(desa_code="36.02.14.1002", name="Posko B", status=ShelterStatus.OPEN, opened_on=opened),
    )


def _register(client, shelter, **extra):
    body = {"full_name": "Siti Aminah", "sex": "P", "shelter": shelter.pk, **extra}
    return client.post("/api/v1/evacuees/", body, format="json")


def test_check_in_transfer_check_out_history(api_as, petugas_lebak, lebak_shelters):
    client = api_as(petugas_lebak)
    first, second = lebak_shelters
    created = _register(client, first, nik=NIK_FEMALE, birth_date="1990-03-15")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    moved = client.post(f"/api/v1/evacuees/{pk}/moves/", {"action": "transfer", "shelter": second.pk}, format="json")
    assert moved.status_code == 200, moved.json()
    out = client.post(f"/api/v1/evacuees/{pk}/moves/", {"action": "check_out", "note": "pulang"}, format="json")
    assert out.status_code == 200
    evacuee = Evacuee.objects.get(pk=pk)
    assert evacuee.status == EvacueeStatus.CHECKED_OUT and evacuee.shelter == second
    history = [(m.kind, m.from_shelter_id, m.to_shelter_id) for m in evacuee.movements.order_by("at", "id")]
    assert history == [
        (MovementKind.CHECK_IN, None, first.pk),
        (MovementKind.TRANSFER, first.pk, second.pk),
        (MovementKind.CHECK_OUT, second.pk, None),
    ]
    again = client.post(f"/api/v1/evacuees/{pk}/moves/", {"action": "check_out"}, format="json")
    assert again.status_code == 400


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"nik": "123"}, "nik"),
        ({"nik": "3602143203900000"}, "nik"),  # serial 0000 / impossible
        ({"nik": "3602141503900001"}, "sex"),  # day 15 is a man's NIK, registered as a woman
        ({"nik": NIK_FEMALE, "birth_date": "1991-03-15"}, "birth_date"),
        ({"no_kk": "12345"}, "no_kk"),
    ],
)
def test_invalid_identity_is_refused_naming_the_field(api_as, petugas_lebak, lebak_shelters, extra, field):
    response = _register(api_as(petugas_lebak), lebak_shelters[0], **extra)
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not Evacuee.objects.exists()


def test_check_in_to_a_closed_shelter_is_refused(api_as, petugas_lebak, reference_data):
    closed = ShelterFactory(
        desa_code="36.02.14.1007",
        status=ShelterStatus.CLOSED,
        opened_on=timezone.localdate() - timedelta(days=9),
        closed_on=timezone.localdate(),
    )
    response = _register(api_as(petugas_lebak), closed)
    assert response.status_code == 400
    assert "shelter" in response.json()["errors"]


def test_list_responses_carry_no_nik_and_detail_views_are_audited(api_as, petugas_lebak, lebak_shelters):
    client = api_as(petugas_lebak)
    pk = _register(client, lebak_shelters[0], nik=NIK_FEMALE).json()["id"]
    listing = client.get("/api/v1/evacuees/")
    assert NIK_FEMALE not in listing.content.decode()
    assert "nik" not in listing.json()["results"][0]
    detail = client.get(f"/api/v1/evacuees/{pk}/")
    assert detail.json()["nik"] == NIK_FEMALE  # officers of the area may see it whole
    views = AuditLog.objects.filter(model="shelters.evacuee", object_id=str(pk), action=AuditAction.VIEW)
    assert views.count() == 1
    assert NIK_FEMALE not in str(list(AuditLog.objects.values()))


def test_roles_without_nik_permission_see_it_masked(api_as, petugas_lebak, koordinator_pengungsian, lebak_shelters):
    pk = _register(api_as(petugas_lebak), lebak_shelters[0], nik=NIK_FEMALE).json()["id"]
    detail = api_as(koordinator_pengungsian).get(f"/api/v1/evacuees/{pk}/").json()
    assert detail["nik"] == "3602********0001"


def test_search_by_nik_is_a_post_and_scoped(api_as, petugas_lebak, petugas_kota_serang, lebak_shelters):
    _register(api_as(petugas_lebak), lebak_shelters[0], nik=NIK_FEMALE)
    found = api_as(petugas_lebak).post("/api/v1/evacuees/search/", {"nik": NIK_FEMALE}, format="json")
    assert [row["full_name"] for row in found.json()] == ["Siti Aminah"]
    assert api_as(petugas_kota_serang).post("/api/v1/evacuees/search/", {"nik": NIK_FEMALE}, format="json").json() == []
    assert api_as(petugas_lebak).get("/api/v1/evacuees/search/", {"nik": NIK_FEMALE}).status_code == 405


def test_officer_of_another_kabupaten_gets_404_for_evacuee_and_cannot_transfer_into_own(
    api_as, petugas_lebak, petugas_kota_serang, lebak_shelters
):
    pk = _register(api_as(petugas_lebak), lebak_shelters[0]).json()["id"]
    other = api_as(petugas_kota_serang)
    assert other.get(f"/api/v1/evacuees/{pk}/").status_code == 404
    assert other.post(f"/api/v1/evacuees/{pk}/moves/", {"action": "check_out"}, format="json").status_code == 404
    kasemen = ShelterFactory(
        desa_code="36.73.02.1001", status=ShelterStatus.OPEN, opened_on=timezone.localdate() - timedelta(days=1)
    )
    owner = api_as(petugas_lebak)
    response = owner.post(f"/api/v1/evacuees/{pk}/moves/", {"action": "transfer", "shelter": kasemen.pk}, format="json")
    missing = owner.post(
        f"/api/v1/evacuees/{pk}/moves/", {"action": "transfer", "shelter": kasemen.pk + 10_000}, format="json"
    )
    # The destination is outside Lebak: it does not exist for this officer (same answer as a missing shelter).
    assert same_refusal(response, missing, value=kasemen.pk, missing_value=kasemen.pk + 10_000)
    assert Evacuee.objects.get(pk=pk).shelter_id == lebak_shelters[0].pk


def test_family_reunification_page_search_by_nik_posts_and_finds(page_as, petugas_lebak, api_as, lebak_shelters):
    _register(api_as(petugas_lebak), lebak_shelters[0], nik=NIK_FEMALE, no_kk="3602140101900003")
    browser = page_as(petugas_lebak)
    response = browser.post("/posko/pengungsi/cari-nik/", {"nik": NIK_FEMALE})
    assert response.status_code == 200 and "Siti Aminah" in response.text
    detail = browser.get(f"/posko/pengungsi/{Evacuee.objects.get().pk}/")
    assert detail.status_code == 200
    assert "3602140101900003" in detail.text


def test_evacuee_list_page_query_count_is_constant(
    page_as, petugas_lebak, api_as, lebak_shelters, django_assert_num_queries
):
    client, browser = api_as(petugas_lebak), page_as(petugas_lebak)
    for i in range(3):
        _register(client, lebak_shelters[0], full_name=f"Orang {i}")
    browser.get("/posko/pengungsi/")
    # session + user + the officer's kab/kota (navbar) + count + page (shelter joined)
    # + session save (savepoint, UPDATE, release): 8 whatever the number of evacuees
    with django_assert_num_queries(8):
        browser.get("/posko/pengungsi/")
    for i in range(27):
        _register(client, lebak_shelters[1], full_name=f"Warga {i}")
    with django_assert_num_queries(8):
        browser.get("/posko/pengungsi/")


def test_evacuee_becomes_a_pmks_client_of_type_korban_bencana_alam_in_one_action(
    page_as, api_as, petugas_lebak, lebak_shelters
):
    from pmks_registry.models import Client

    pk = _register(
        api_as(petugas_lebak), lebak_shelters[0], nik=NIK_FEMALE, birth_date="1990-03-15", origin_desa="36.02.14.1002"
    ).json()["id"]
    browser = page_as(petugas_lebak)
    response = browser.post(f"/posko/pengungsi/{pk}/pmks/")
    client = Client.objects.get(nik=NIK_FEMALE)
    assert response.status_code == 302 and response["Location"] == client.get_absolute_url()
    assert list(client.types.values_list("number", flat=True)) == [21]
    assert client.kabkota_id == "36.02"
    browser.post(f"/posko/pengungsi/{pk}/pmks/")  # twice: still one client
    assert Client.objects.filter(nik=NIK_FEMALE).count() == 1


def test_evacuee_without_nik_cannot_be_registered_in_pmks(page_as, api_as, petugas_lebak, lebak_shelters):
    from pmks_registry.models import Client

    pk = _register(api_as(petugas_lebak), lebak_shelters[0]).json()["id"]
    response = page_as(petugas_lebak).post(f"/posko/pengungsi/{pk}/pmks/", follow=True)
    assert "NIK" in response.text
    assert not Client.objects.exists()
