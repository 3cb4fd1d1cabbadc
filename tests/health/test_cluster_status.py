"""Cluster status gains each cluster's own figures through the registered hook: Kesehatan its posts, consultations
and open signals, Sarana dan Prasarana its isolated areas and areas with services down; each only for readers of it."""

import pytest

from infrastructure.services import access_status_record

from ..infrastructure.conftest import hours_ago

pytestmark = pytest.mark.django_db

URL = "/api/v1/cluster-status/"


@pytest.fixture
def figures(staf, banjir, post_lebak, post_kota_serang, record_day):
    record_day(post_lebak, 2, ispa=5, diare=2)
    record_day(post_lebak, 1, ispa=4, suspek_kolera=1)
    record_day(post_kota_serang, 1, ispa=3)
    for area, road, power in (("36.02.14.1007", "terputus", "padam"), ("36.02.14.1002", "terbatas", "normal")):
        access_status_record(
            user=staf,
            disaster=banjir.pk,
            area=area,
            observed_at=hours_ago(3),
            road_access=road,
            electricity=power,
            source="Dinas PUPR",
        )
    return banjir


def _row(body, kabkota, cluster):
    return next(row for row in body["results"] if row["kabkota"] == kabkota and row["cluster"] == cluster)


def test_kesehatan_and_sarana_rows_carry_their_own_figures(api_as, staf, figures):
    body = api_as(staf).get(URL, {"disaster": figures.pk, "page_size": 100}).json()
    health = _row(body, "36.02", "kesehatan")["contributed"]
    assert (health["health_posts_open"], health["consultations"], health["health_signals_open"]) == (1, 12, 1)
    assert _row(body, "36.73", "kesehatan")["contributed"]["consultations"] == 3
    access = _row(body, "36.02", "sarana-prasarana")["contributed"]
    assert (access["areas_isolated"], access["areas_limited_access"], access["areas_services_down"]) == (1, 1, 1)
    # Each cluster's figures stay on its own rows.
    assert _row(body, "36.02", "logistik")["contributed"]["consultations"] == 0
    assert _row(body, "36.02", "kesehatan")["contributed"]["areas_isolated"] == 0
    assert body["totals"]["contributed"]["consultations"] == 15
    labels = {figure["name"] for figure in body.get("contributed_figures", [])} or set(health)
    assert {"consultations", "areas_isolated"} <= labels


def test_a_coordinator_sees_their_own_clusters_figures(api_as, koordinator_kesehatan, koordinator_sarana, figures):
    health = api_as(koordinator_kesehatan).get(URL, {"disaster": figures.pk}).json()
    assert {row["cluster"] for row in health["results"]} == {"kesehatan"}
    assert _row(health, "36.02", "kesehatan")["contributed"]["consultations"] == 12
    access = api_as(koordinator_sarana).get(URL, {"disaster": figures.pk}).json()
    assert {row["cluster"] for row in access["results"]} == {"sarana-prasarana"}
    assert _row(access, "36.02", "sarana-prasarana")["contributed"]["areas_isolated"] == 1


def test_an_officer_sees_their_own_kabkota_figures(api_as, petugas_kota_serang, figures):
    body = api_as(petugas_kota_serang).get(URL, {"disaster": figures.pk, "page_size": 100}).json()
    assert {row["kabkota"] for row in body["results"]} == {"36.73"}
    assert _row(body, "36.73", "kesehatan")["contributed"]["consultations"] == 3
    assert _row(body, "36.73", "sarana-prasarana")["contributed"]["areas_isolated"] == 0


def test_the_figures_narrow_with_the_region_filter(api_as, staf, figures):
    body = api_as(staf).get(URL, {"disaster": figures.pk, "region": "36.02.14", "cluster": "sarana-prasarana"}).json()
    assert _row(body, "36.02", "sarana-prasarana")["contributed"]["areas_isolated"] == 1
    body = api_as(staf).get(URL, {"disaster": figures.pk, "region": "36.02.01", "cluster": "kesehatan"}).json()
    assert _row(body, "36.02", "kesehatan")["contributed"]["consultations"] == 0
