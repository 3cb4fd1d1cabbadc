"""API: lists carry no NIK; search by NIK is a POST; detail is scoped, masked by role and audited."""

import pytest

from banten_dinsos.audit.models import AuditAction, AuditLog

from .conftest import DESA_LEBAK, make_client

pytestmark = pytest.mark.django_db
LIST = "/api/v1/pmks/clients/"


def test_list_response_carries_no_nik_or_no_kk(api_as, staf, client_lebak):
    response = api_as(staf).get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    assert client_lebak.nik not in body and client_lebak.no_kk not in body
    assert client_lebak.nik[:4] + "****" not in body
    row = response.json()["results"][0]
    assert "nik" not in row and "no_kk" not in row
    assert row["types"] == [9] and row["kabkota"] == "36.02"


def test_officer_list_shows_only_own_kabupaten(api_as, petugas_lebak, client_lebak, client_kota_serang):
    ids = [row["id"] for row in api_as(petugas_lebak).get(LIST).json()["results"]]
    assert ids == [client_lebak.pk]


def test_officer_gets_404_for_a_client_of_another_kabupaten(api_as, petugas_kota_serang, client_lebak):
    client = api_as(petugas_kota_serang)
    assert client.get(f"{LIST}{client_lebak.pk}/").status_code == 404
    assert client.post(f"{LIST}{client_lebak.pk}/status/", {"status": "pindah"}, format="json").status_code == 404
    assert client.post(f"{LIST}search/", {"nik": client_lebak.nik}, format="json").status_code == 404


@pytest.mark.parametrize("fixture", ["api_client_user", "koordinator_pengungsian"])
def test_api_clients_and_cluster_coordinators_have_no_pmks_access(api_as, request, fixture, client_lebak):
    user = request.getfixturevalue(fixture)
    client = api_as(user)
    for response in (
        client.get(LIST),
        client.get(f"{LIST}{client_lebak.pk}/"),
        client.post(f"{LIST}search/", {"nik": client_lebak.nik}, format="json"),
        client.get("/api/v1/pmks/statistics/"),
        client.get("/api/v1/pmks/types/"),
    ):
        assert response.status_code == 403, response.content
    assert client_lebak.name not in client.get(LIST).content.decode()


def test_detail_shows_the_whole_nik_to_the_officer_and_is_audited_without_personal_data(
    api_as, petugas_lebak, client_lebak
):
    response = api_as(petugas_lebak).get(f"{LIST}{client_lebak.pk}/")
    assert response.status_code == 200
    assert response.json()["nik"] == client_lebak.nik
    entry = AuditLog.objects.get(action=AuditAction.VIEW, object_id=str(client_lebak.pk))
    assert entry.actor == petugas_lebak and entry.kabkota_code == "36.02"
    assert client_lebak.nik not in str(entry.__dict__) and client_lebak.name not in str(entry.__dict__)


def test_detail_masks_the_nik_for_a_role_without_view_nik(api_as, petugas_lebak, client_lebak, monkeypatch):
    from banten_dinsos.accounts import roles

    reduced = roles.ROLE_PERMISSIONS[roles.Role.PETUGAS_KABKOTA] - {roles.Perm.PMKS_VIEW_NIK}
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, roles.Role.PETUGAS_KABKOTA, reduced)
    body = api_as(petugas_lebak).get(f"{LIST}{client_lebak.pk}/").json()
    assert body["nik"] == client_lebak.nik[:4] + "********" + client_lebak.nik[-4:]
    assert body["no_kk"] == "3602********0001"


def test_search_by_nik_is_a_post_and_get_is_not_allowed(api_as, petugas_lebak, client_lebak):
    client = api_as(petugas_lebak)
    found = client.post(f"{LIST}search/", {"nik": client_lebak.nik}, format="json")
    assert found.status_code == 200 and found.json()["id"] == client_lebak.pk
    assert "nik" not in found.json()
    assert client.get(f"{LIST}search/").status_code == 405


def test_name_search_refuses_digits_so_no_nik_travels_in_a_query_string(api_as, petugas_lebak, client_lebak):
    response = api_as(petugas_lebak).get(LIST, {"q": client_lebak.nik})
    assert response.status_code == 400
    assert "q" in response.json()["errors"]
    assert api_as(petugas_lebak).get(LIST, {"q": "siti"}).json()["results"][0]["id"] == client_lebak.pk


def test_officer_creates_client_through_the_api_and_bad_nik_names_the_field(api_as, petugas_lebak, pmks_types):
    client = api_as(petugas_lebak)
    body = {
        "nik": "3602144509830001",
        "name": "Siti Aminah",
        "sex": "L",
        "birth_date": "1983-09-05",
        "desa": DESA_LEBAK,
        "types": [9],
        "source": "asesmen",
    }
    refused = client.post(LIST, body, format="json")
    assert refused.status_code == 400
    assert "sex" in refused.json()["errors"] and "jenis kelamin" in str(refused.json()["errors"]["sex"])
    created = client.post(LIST, {**body, "sex": "P"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["kabkota"] == "36.02"


def test_status_change_through_the_api_keeps_history(api_as, petugas_lebak, client_lebak):
    response = api_as(petugas_lebak).post(
        f"{LIST}{client_lebak.pk}/status/",
        {"status": "dalam_rehabilitasi", "changed_on": "2026-01-05"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "dalam_rehabilitasi"
    assert client_lebak.status_changes.count() == 1


def test_list_query_count_does_not_grow_with_rows(api_as, staf, pmks_types, django_assert_num_queries):
    client = api_as(staf)
    for _ in range(3):
        make_client()
    # one page of clients (desa and kab/kota joined) + their PMKS types (prefetch); no COUNT(*) with keyset pages
    # + the audit row of the personal data shown (chain lock and last hash in one query, INSERT): 4
    with django_assert_num_queries(4):
        assert len(client.get(LIST).json()["results"]) == 3
    for _ in range(27):
        make_client()
    with django_assert_num_queries(4):
        assert len(client.get(LIST).json()["results"]) == 30


def test_keyset_pages_walk_the_whole_list(api_as, staf, pmks_types):
    made = [make_client().pk for _ in range(5)]
    client = api_as(staf)
    seen, url = [], f"{LIST}?page_size=2"
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == sorted(made, reverse=True)


def test_filters_by_type_status_and_region(api_as, staf, pmks_types):
    a = make_client(types=(21,))
    make_client(types=(9,), status="terminasi")
    make_client("36.73.02.1001", types=(21,))
    client = api_as(staf)
    ids = [r["id"] for r in client.get(LIST, {"pmks_type": 21, "wilayah": "36.02.14"}).json()["results"]]
    assert ids == [a.pk]
    assert len(client.get(LIST, {"status": "terminasi"}).json()["results"]) == 1


def test_statistics_api_is_scoped(api_as, petugas_lebak, staf, client_lebak, client_kota_serang):
    officer = api_as(petugas_lebak).get("/api/v1/pmks/statistics/").json()
    assert officer["total_clients"] == 1 and officer["kabkotas"] == ["36.02"]
    province = api_as(staf).get("/api/v1/pmks/statistics/").json()
    assert province["total_clients"] == 2 and len(province["kabkotas"]) == 8
    by_type = {row["number"]: row["total"] for row in province["by_type"]}
    assert by_type[9] == 1 and by_type[8] == 1
