"""Scoping at one choke point: out-of-scope records answer 404 on pages and API alike."""

import pytest

from banten_dinsos.accounts.roles import Perm, Role, has_perm
from banten_dinsos.accounts.scoping import scope_of
from shelters.models import Shelter

pytestmark = pytest.mark.django_db


def _detail_page(shelter):
    return f"/posko/{shelter.pk}/"


def _detail_api(shelter):
    return f"/api/v1/shelters/{shelter.pk}/"


def test_petugas_lebak_cannot_read_kota_serang_shelter_page_or_api(page_as, api_as, petugas_lebak, shelter_kota_serang):
    assert page_as(petugas_lebak).get(_detail_page(shelter_kota_serang)).status_code == 404
    response = api_as(petugas_lebak).get(_detail_api(shelter_kota_serang))
    assert response.status_code == 404
    assert response.json()["message"]


def test_petugas_lebak_cannot_change_kota_serang_shelter_page_or_api(
    page_as, api_as, petugas_lebak, shelter_kota_serang
):
    page = page_as(petugas_lebak)
    assert page.get(f"/posko/{shelter_kota_serang.pk}/ubah/").status_code == 404
    posted = page.post(f"/posko/{shelter_kota_serang.pk}/ubah/", {"name": "Diambil alih", "version": 1})
    assert posted.status_code == 404
    response = api_as(petugas_lebak).patch(
        _detail_api(shelter_kota_serang), {"name": "Diambil alih", "version": 1}, format="json"
    )
    assert response.status_code == 404
    shelter_kota_serang.refresh_from_db()
    assert shelter_kota_serang.name == "Gedung Serbaguna Kasemen"
    assert shelter_kota_serang.version == 1


def test_staf_provinsi_can_read_and_change_kota_serang_shelter(page_as, api_as, staf, shelter_kota_serang):
    assert page_as(staf).get(_detail_page(shelter_kota_serang)).status_code == 200
    client = api_as(staf)
    assert client.get(_detail_api(shelter_kota_serang)).status_code == 200
    response = client.patch(_detail_api(shelter_kota_serang), {"capacity": 260, "version": 1}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["capacity"] == 260
    posted = page_as(staf).post(
        f"/posko/{shelter_kota_serang.pk}/ubah/",
        {
            "name": "Gedung Serbaguna Kasemen",
            "kind": "gedung_pemerintah",
            "desa": "36.73.02.1001",
            "capacity": 280,
            "latrines": 10,
            "water_points": 1,
            "water_litres_per_day": 3000,
            "status": "disiapkan",
            "version": 2,
        },
    )
    assert posted.status_code == 302
    shelter_kota_serang.refresh_from_db()
    assert (shelter_kota_serang.capacity, shelter_kota_serang.version) == (280, 3)


def test_officer_list_shows_only_own_kabupaten(api_as, page_as, petugas_lebak, shelter_lebak, shelter_kota_serang):
    body = api_as(petugas_lebak).get("/api/v1/shelters/").json()
    assert [row["id"] for row in body["results"]] == [shelter_lebak.pk]
    page = page_as(petugas_lebak).get("/posko/")
    assert shelter_lebak.name in page.text
    assert shelter_kota_serang.name not in page.text


def test_officer_cannot_create_shelter_in_another_kabupaten(api_as, petugas_lebak):
    response = api_as(petugas_lebak).post(
        "/api/v1/shelters/",
        {"name": "Posko Kasemen", "kind": "sekolah", "desa": "36.73.02.1001", "capacity": 100},
        format="json",
    )
    assert response.status_code == 400
    assert "desa" in response.json()["errors"]
    assert "di luar" in response.json()["errors"]["desa"][0]  # Bahasa Indonesia: "outside your kabupaten/kota"
    assert not Shelter.objects.filter(name="Posko Kasemen").exists()


def test_officer_can_create_shelter_in_own_kabupaten(api_as, petugas_lebak):
    response = api_as(petugas_lebak).post(
        "/api/v1/shelters/",
        {"name": "Posko Rangkasbitung", "kind": "masjid", "desa": "36.02.14.1002", "capacity": 80},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["kabkota"] == "36.02"
    assert response["ETag"] == f'"shelter-{response.json()["id"]}-v1"'


def test_cluster_coordinator_sees_own_cluster_province_wide_and_other_coordinator_sees_nothing(
    api_as, koordinator_pengungsian, koordinator_kesehatan, shelter_lebak, shelter_kota_serang
):
    assert api_as(koordinator_pengungsian).get("/api/v1/shelters/").json()["count"] == 2
    assert api_as(koordinator_kesehatan).get("/api/v1/shelters/").json()["count"] == 0
    assert api_as(koordinator_kesehatan).get(_detail_api(shelter_lebak)).status_code == 404


def test_api_client_reads_but_cannot_write(api_as, api_client_user, shelter_lebak):
    client = api_as(api_client_user)
    assert client.get(_detail_api(shelter_lebak)).status_code == 200
    response = client.patch(_detail_api(shelter_lebak), {"capacity": 1, "version": 1}, format="json")
    assert response.status_code == 403
    assert response.json()["message"]


def test_anonymous_page_redirects_to_login(client, shelter_lebak):
    response = client.get(_detail_page(shelter_lebak))
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/login/")


def test_role_map_is_the_single_source(staf, petugas_lebak, api_client_user):
    assert has_perm(staf, Perm.AUDIT_VIEW)
    assert not has_perm(petugas_lebak, Perm.AUDIT_VIEW)
    assert has_perm(petugas_lebak, Perm.SHELTER_CREATE)
    assert not has_perm(api_client_user, Perm.SHELTER_CHANGE)
    assert scope_of(petugas_lebak).kabkota_code == "36.02"
    assert scope_of(staf).province_wide


def test_officer_without_kabkota_is_refused_by_the_database(reference_data):
    from django.db import IntegrityError, transaction

    from banten_dinsos.accounts.models import User

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="petugas.tanpa-wilayah", role=Role.PETUGAS_KABKOTA)


def test_navigation_groups_entries_and_shows_only_what_the_role_may_use(staf, petugas_lebak, api_client_user):
    from django.utils import translation

    from banten_dinsos.accounts.navigation import navigation_for

    def flat(items):
        return [str(child["label"]) for item in items for child in item.get("children", [item])]

    with translation.override("en"):
        staf_menu = navigation_for(staf)
        officer_menu = navigation_for(petugas_lebak)
        api_menu = navigation_for(api_client_user)
        assert {"Audit log", "Verification", "Alert deliveries"} <= set(flat(staf_menu))
        assert not {"Audit log", "Verification", "Alert deliveries"} & set(flat(officer_menu))
        assert "Shelters" in flat(api_menu) and "Evacuees" not in flat(api_menu)
    # No dead links, and a group is only a dropdown when it holds more than one entry.
    for menu in (staf_menu, officer_menu, api_menu):
        assert all(item.get("url") or len(item["children"]) > 1 for item in menu)
    assert len(staf_menu) <= 8  # fits a laptop screen in one row
