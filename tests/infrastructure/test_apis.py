"""The access API and pages for a PUPR member, a health-cluster member and kab/kota officers, the HXL export, and
query counts on the lists."""

import io

import hxl
import pytest
from django.urls import reverse

from infrastructure.models import AccessStatus

from ..health.conftest import KOTA_SERANG_DESA, LEBAK_DESA
from .conftest import hours_ago

pytestmark = pytest.mark.django_db

STATUSES, AREAS, EXPORT = "api-access-status-list", "api-access-area-list", "api-access-export"


@pytest.fixture
def observed(observe):
    observe(LEBAK_DESA, 30, "terputus", electricity="padam")
    observe(LEBAK_DESA, 5, "terputus")
    observe(KOTA_SERANG_DESA, 20, "terputus")
    observe(KOTA_SERANG_DESA, 2, "normal")
    observe("36.73.02", 3, "terbatas", source="Camat Kasemen")


def _areas(response):
    assert response.status_code == 200, response.content
    return [row["area"] for row in response.json()["results"]]


@pytest.mark.parametrize("name", [STATUSES, AREAS])
def test_each_list_by_role(api_as, observed, name, staf, koordinator_sarana, koordinator_kesehatan, petugas_lebak):
    everything = _areas(api_as(staf).get(reverse(name)))
    assert set(everything) == {LEBAK_DESA, KOTA_SERANG_DESA, "36.73.02"}
    assert sorted(_areas(api_as(koordinator_sarana).get(reverse(name)))) == sorted(everything)
    assert _areas(api_as(koordinator_kesehatan).get(reverse(name))) == []
    assert set(_areas(api_as(petugas_lebak).get(reverse(name)))) == {LEBAK_DESA}


def test_the_current_picture_puts_cut_off_areas_first_with_cut_off_since(api_as, observed, staf):
    rows = api_as(staf).get(reverse(AREAS)).json()["results"]
    assert rows[0]["area"] == LEBAK_DESA and rows[0]["is_isolated"]
    assert rows[0]["cut_off_since"].startswith(hours_ago(30).isoformat()[:16])
    assert rows[0]["observations"] == 2 and rows[0]["latest"]["road_access"] == "terputus"
    restored = next(row for row in rows if row["area"] == KOTA_SERANG_DESA)
    assert restored["cut_off_since"] is None and restored["restored_at"] is not None


def test_filters_by_disaster_kabkota_cluster_date_and_state(api_as, observed, staf, banjir):
    client = api_as(staf)
    assert _areas(client.get(reverse(AREAS), {"isolated": "true"})) == [LEBAK_DESA]
    assert _areas(client.get(reverse(AREAS), {"restored": "true"})) == [KOTA_SERANG_DESA]
    assert set(_areas(client.get(reverse(AREAS), {"kabkota": "36.73"}))) == {KOTA_SERANG_DESA, "36.73.02"}
    assert len(_areas(client.get(reverse(AREAS), {"disaster": banjir.pk}))) == 3
    assert _areas(client.get(reverse(AREAS), {"disaster": 999999})) == []
    assert len(_areas(client.get(reverse(AREAS), {"cluster": "sarana-prasarana"}))) == 3
    assert _areas(client.get(reverse(AREAS), {"cluster": "kesehatan"})) == []
    assert len(_areas(client.get(reverse(STATUSES), {"area": "36.02"}))) == 2
    day = hours_ago(2).date().isoformat()
    assert KOTA_SERANG_DESA in _areas(client.get(reverse(STATUSES), {"date": day}))
    assert client.get(reverse(AREAS), {"kabkota": "Lebak"}).status_code == 400


def test_recording_by_role(api_as, banjir, koordinator_sarana, koordinator_kesehatan, petugas_lebak):
    body = {
        "disaster": banjir.pk,
        "area": LEBAK_DESA,
        "observed_at": hours_ago(1).isoformat(),
        "road_access": "terputus",
        "bridges": "putus",
        "source": "Dinas PUPR Lebak",
    }
    created = api_as(koordinator_sarana).post(reverse(STATUSES), body)
    assert created.status_code == 201 and created.json()["kabkota"] == "36.02"
    assert api_as(petugas_lebak).post(reverse(STATUSES), body).status_code == 201
    refused = api_as(petugas_lebak).post(reverse(STATUSES), {**body, "area": KOTA_SERANG_DESA})
    assert refused.status_code == 400 and "area" in refused.json()["errors"]
    refused = api_as(koordinator_kesehatan).post(reverse(STATUSES), body)
    assert refused.status_code == 400 and "Sarana dan Prasarana" in refused.json()["errors"]["area"][0]
    outside = api_as(koordinator_sarana).post(reverse(STATUSES), {**body, "area": "36.71.08.1001"})
    assert outside.status_code == 400 and "di luar wilayah bencana" in outside.json()["errors"]["area"][0]
    assert AccessStatus.objects.count() == 2


def test_the_hxl_export_parses_with_libhxl(api_as, observed, staf):
    response = api_as(staf).get(reverse(EXPORT))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(hxl.data(io.BytesIO(b"".join(response.streaming_content))))
    by_area = {row.get("#adm4+code") or row.get("#adm3+code"): row for row in rows}
    assert set(by_area) == {LEBAK_DESA, KOTA_SERANG_DESA, "36.73.02"}
    assert by_area[LEBAK_DESA].get("#status+access") == "terputus"
    assert by_area[LEBAK_DESA].get("#date+cut_off")
    assert by_area[KOTA_SERANG_DESA].get("#status+access") == "normal"
    assert by_area["36.73.02"].get("#adm4+code") in ("", None)
    assert by_area[LEBAK_DESA].get("#date").startswith(hours_ago(5).isoformat()[:13])


def test_the_history_export_has_every_observation_in_scope(api_as, observed, petugas_lebak, koordinator_kesehatan):
    response = api_as(petugas_lebak).get(reverse(EXPORT), {"history": "true"})
    rows = list(hxl.data(io.BytesIO(b"".join(response.streaming_content))))
    assert [row.get("#adm4+code") for row in rows] == [LEBAK_DESA, LEBAK_DESA]
    empty = api_as(koordinator_kesehatan).get(reverse(EXPORT))
    assert list(hxl.data(io.BytesIO(b"".join(empty.streaming_content)))) == []


@pytest.mark.parametrize("name", [STATUSES, AREAS])
def test_lists_run_a_fixed_number_of_queries(api_as, staf, observe, name, django_assert_num_queries):
    client = api_as(staf)
    for code in ("36.02.14.1002", "36.02.14.1006", "36.02.14.1008"):
        observe(code, 3, "terputus")
    # 2: the COUNT for the page and the rows with area, kab/kota, disaster (and the latest observation) joined.
    with django_assert_num_queries(2):
        assert len(client.get(reverse(name)).json()["results"]) == 3
    for code in ("36.02.14.1012", "36.02.14.2001", "36.02.14.2009", "36.73.02.1002"):
        observe(code, 2, "terbatas")
    with django_assert_num_queries(2):
        assert len(client.get(reverse(name)).json()["results"]) == 7


# --- Pages -----------------------------------------------------------------------------------------------------------
def test_the_area_page_by_role(page_as, observed, staf, koordinator_sarana, koordinator_kesehatan, petugas_lebak):
    for user in (staf, koordinator_sarana):
        text = page_as(user).get(reverse("infrastructure:area-list")).text
        assert "Muara Ciujung Barat" in text and "Kasemen" in text and "access-isolated" in text
    text = page_as(petugas_lebak).get(reverse("infrastructure:area-list")).text
    assert "Muara Ciujung Barat" in text and "Kasemen" not in text
    text = page_as(koordinator_kesehatan).get(reverse("infrastructure:area-list")).text
    assert "Muara Ciujung Barat" not in text


def test_the_area_detail_shows_the_history_and_cut_off_since(
    page_as, observed, banjir, petugas_lebak, koordinator_kesehatan
):
    url = reverse("infrastructure:area-detail", args=[banjir.pk, LEBAK_DESA])
    text = page_as(petugas_lebak).get(url).text
    assert 'id="cut-off-since"' in text and "Terputus sejak" in text
    assert text.count("table-danger") == 2
    assert page_as(koordinator_kesehatan).get(url).status_code == 404
    other = reverse("infrastructure:area-detail", args=[banjir.pk, KOTA_SERANG_DESA])
    assert page_as(petugas_lebak).get(other).status_code == 404


def test_the_phone_form_records_and_refuses(page_as, banjir, koordinator_sarana, koordinator_kesehatan, petugas_lebak):
    data = {
        "disaster": banjir.pk,
        "area": LEBAK_DESA,
        "observed_at": hours_ago(1).strftime("%Y-%m-%dT%H:%M"),
        "road_access": "terputus",
        "bridges": "putus",
        "electricity": "padam",
        "clean_water": "sebagian",
        "telecom": "normal",
        "source": "Warga",
    }
    form = page_as(petugas_lebak).get(reverse("infrastructure:status-create"))
    assert form.status_code == 200 and 'type="datetime-local"' in form.text
    assert page_as(petugas_lebak).post(reverse("infrastructure:status-create"), data).status_code == 302
    refused = page_as(koordinator_kesehatan).post(reverse("infrastructure:status-create"), data)
    assert refused.status_code == 400 and "Sarana dan Prasarana" in refused.text
    refused = page_as(koordinator_sarana).post(
        reverse("infrastructure:status-create"), {**data, "area": "36.02.01.2002"}
    )
    assert refused.status_code == 400 and "di luar wilayah bencana" in refused.text
    assert AccessStatus.objects.count() == 1


def test_the_area_page_runs_a_fixed_number_of_queries(page_as, staf, observe, django_assert_num_queries):
    client = page_as(staf)
    for code in ("36.02.14.1002", "36.02.14.1006", "36.02.14.1008"):
        observe(code, 3, "terputus")
    client.get(reverse("infrastructure:area-list"))
    # 10 = session and user (2) + session save (3) + the filter's kab/kota and disaster choices (2) + the summary's
    # one aggregate + the page's COUNT and rows with the latest observation joined (2); the same with more areas.
    with django_assert_num_queries(10) as three:
        client.get(reverse("infrastructure:area-list"))
    for code in ("36.02.14.1012", "36.02.14.2001", "36.73.02.1002"):
        observe(code, 2, "normal")
    with django_assert_num_queries(len(three.captured_queries)):
        client.get(reverse("infrastructure:area-list"))
