"""The provincial dashboard: tiles, filters and the officer lock, live panels, stale cells, a fixed query count."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from banten_dinsos.dashboard.selectors import DashboardFilters, dashboard_data
from clusters.models import FieldReport
from clusters.read_models import cluster_status_rebuild

from ..clusters.conftest import KARAWACI, PERIUK, PONDOK_AREN, at
from ..clusters.factories import ActivityFactory, NeedFactory
from ..factories import ShelterFactory

pytestmark = pytest.mark.django_db
URL = "/"
PANELS = "/dasbor/panel/"


@pytest.fixture
def flood_reports(flood, staf, petugas_kota_tangerang, petugas_tangsel, report_of):
    report_of(petugas_kota_tangerang, flood, PERIUK, observed=at(19), affected_people=4100, displaced=1450, dead=2)
    report_of(petugas_kota_tangerang, flood, KARAWACI, observed=at(18), affected_people=1200, displaced=150)
    report_of(petugas_tangsel, flood, PONDOK_AREN, observed=at(19), affected_people=900, displaced=300, missing=1)
    report_of(petugas_kota_tangerang, flood, PERIUK, observed=at(20), affected_people=9999, state="submitted")
    return flood


def test_staf_sees_every_tile_with_indonesian_number_formatting(page_as, staf, flood_reports, flood_shelters):
    response = page_as(staf).get(URL)
    assert response.status_code == 200
    tiles = response.context["tiles"]
    assert tiles["displaced"]["reported"] == 1450 + 150 + 300
    assert tiles["casualties"]["dead"] == 2 and tiles["casualties"]["missing"] == 1
    assert tiles["shelters"]["open"] == 3 and tiles["shelters"]["people"] == 270
    assert tiles["shelters"]["breach"] == 1
    assert tiles["waiting"]["count"] == 1
    for tile in ("disasters", "displaced", "shelters", "casualties", "volunteers", "waiting", "action_items", "pmks"):
        assert f'id="tile-{tile.replace("_", "-")}"' in response.text or tile == "shelters"
    assert "1.900" in response.text  # 1,900 people displaced, Indonesian thousands separator
    assert "Pengungsi" in response.text or "mengungsi" in response.text.lower()
    assert 'href="/bencana/laporan/verifikasi/"' in response.text
    assert "/posko/?status=dibuka&amp;sphere_state=breach" in response.text
    assert 'id="dashboard-data"' in response.text and 'hx-trigger="every 60s"' in response.text


def test_officer_is_locked_to_own_kabupaten_kota_even_with_a_forged_parameter(
    page_as, petugas_kota_tangerang, flood_reports, flood_shelters
):
    response = page_as(petugas_kota_tangerang).get(URL, {"kabkota": "36.74"})
    data = response.context["data"]
    assert data["kabkota"] == "36.71"
    assert data["kabkota_options"] == [("36.71", "Kota Tangerang")]
    assert response.context["tiles"]["displaced"]["reported"] == 1450 + 150  # not Tangerang Selatan's 300
    assert response.context["tiles"]["shelters"]["open"] == 2
    assert {point["kabkota"] for point in data["map"]["shelters"]} == {"Kota Tangerang"}
    assert [row["code"] for row in data["matrix"]["rows"]] == ["36.71"]
    assert "Balai Pondok Aren" not in response.text
    assert 'name="kabkota"' not in response.text  # the select is shown disabled, never submitted


def test_staf_narrows_to_one_kabupaten_kota_and_the_filter_is_kept_in_the_refresh_url(
    page_as, staf, flood_reports, flood_shelters
):
    response = page_as(staf).get(URL, {"kabkota": "36.74", "disaster": flood_reports.pk})
    assert response.context["tiles"]["displaced"]["reported"] == 300
    assert response.context["tiles"]["shelters"]["open"] == 1
    assert f'hx-get="/dasbor/panel/?disaster={flood_reports.pk}&amp;kabkota=36.74"' in response.text
    assert "/posko/?status=dibuka&amp;disaster=" in response.text


def test_a_disaster_outside_the_officers_scope_is_ignored(page_as, petugas_lebak, flood_reports, lebak_landslide):
    response = page_as(petugas_lebak).get(URL, {"disaster": flood_reports.pk})
    data = response.context["data"]
    assert data["disaster"] is None
    assert [title for _id, title in data["disaster_options"]] == ["Longsor Lebak"]
    assert "Banjir Tangerang Raya" not in response.text
    assert "Kabupaten Lebak" in response.text


def test_panels_partial_swaps_every_panel_out_of_band(page_as, staf, flood_reports):
    response = page_as(staf).get(PANELS, {"disaster": flood_reports.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    panels = (
        "panel-asof",
        "panel-tiles",
        "panel-disasters",
        "panel-health",
        "panel-charts",
        "panel-matrix",
        "panel-completeness",
        "panel-data",
    )
    for panel in panels:
        assert f'id="{panel}"' in response.text
    assert response.text.count('hx-swap-oob="true"') == len(panels)
    assert "<html" not in response.text


def test_anonymous_users_are_sent_to_the_login_page(client):
    assert client.get(URL).status_code == 302
    assert client.get(PANELS).status_code == 302


def test_cells_without_recent_data_are_flagged_stale_with_a_symbol(page_as, staf, flood_reports, settings):
    settings.DASHBOARD_STALE_HOURS = 24
    # Verified in January, when they were observed; a need and an activity in Kota Tangerang's logistics are new.
    FieldReport.objects.update(verified_at=F("observed_at"))
    cluster_status_rebuild(disaster_ids=[flood_reports.pk])  # a direct update: rebuilt as bulk paths do
    NeedFactory(disaster=flood_reports, area_code="36.71.08", cluster_code="logistik", people_in_need=200)
    ActivityFactory(disaster=flood_reports, area_code="36.71.08", cluster_code="logistik", people_reached=50)
    response = page_as(staf).get(URL, {"disaster": flood_reports.pk})
    matrix = response.context["data"]["matrix"]
    cells = {(row["code"], cell["cluster"]): cell for row in matrix["rows"] for cell in row["cells"]}
    fresh = cells[("36.71", "logistik")]
    assert (fresh["stale"], fresh["coverage"], fresh["needs_open"]) == (False, 25, 1)
    # Every other cell's newest data is the January reports: stale.
    assert cells[("36.74", "logistik")]["stale"] is True
    assert cells[("36.03", "kesehatan")]["as_of"] is None and cells[("36.03", "kesehatan")]["stale"] is True
    assert 'class="matrix-cell matrix-stale"' in response.text and "⚠" in response.text


def test_the_cache_serves_the_second_render_and_is_kept_per_scope(staf, petugas_kota_tangerang, flood_reports):
    filters = DashboardFilters()
    first = dashboard_data(user=staf, filters=filters)
    with CaptureQueriesContext(connection) as queries:
        again = dashboard_data(user=staf, filters=filters)
    # One query: the data versions the cache key carries (a write since would have changed the key).
    assert len(queries) == 1 and again["computed_at"] == first["computed_at"]
    officer = dashboard_data(user=petugas_kota_tangerang, filters=DashboardFilters(kabkota="36.71"))
    assert officer["tiles"]["displaced"]["reported"] == 1600 != first["tiles"]["displaced"]["reported"]


def test_a_verification_invalidates_the_cached_dashboard_at_once(
    staf, petugas_kota_tangerang, flood_reports, report_of
):
    """The cache is keyed by the data versions of the apps it reads: the next read after a committed write
    recomputes, instead of serving the old figures until an expiry."""
    first = dashboard_data(user=staf, filters=DashboardFilters())
    report_of(petugas_kota_tangerang, flood_reports, KARAWACI, observed=at(21), affected_people=5000, displaced=700)
    again = dashboard_data(user=staf, filters=DashboardFilters())
    assert again["computed_at"] > first["computed_at"]
    assert again["tiles"]["displaced"]["reported"] == 1450 + 700 + 300 != first["tiles"]["displaced"]["reported"]


def _volume(flood, officer, report_of, count):
    for index in range(count):
        ShelterFactory(desa_code="36.71.08.1001", status="dibuka", capacity=100, latitude="-6.17", longitude="106.58")
        report_of(officer, flood, PERIUK if index % 2 else KARAWACI, observed=at(18, 8, index % 60))
    NeedFactory.create_batch(count // 3, disaster=flood, area_code="36.71.08")
    ActivityFactory.create_batch(count // 3, disaster=flood, area_code="36.71.08")


def _cold_render(client):
    cache.clear()
    response = client.get(URL)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("volume", [3, 30])
def test_a_cold_dashboard_runs_a_fixed_number_of_queries_whatever_the_volume(
    page_as, staf, flood, petugas_kota_tangerang, report_of, django_assert_num_queries, volume
):
    _volume(flood, petugas_kota_tangerang, report_of, volume)
    client = page_as(staf)
    client.get(URL)  # the session and the language are warm, as on a real visit
    # 36 = 2 session and user + 3 session save (savepoint, update, release: the portal touches the session on
    # every page) + 1 data versions (the cache key) + 1 kabupaten/kota list + 2 disasters (active list, affected
    # kabupaten/kota) + 3 field reports (kept received per day, waiting, kept impact per kabupaten/kota) + 3 shelters
    # (totals, map points, headcount changes per kabupaten/kota and day) + 1 volunteers + 1 overdue action items + 1
    # PMKS clients by status + 8 cluster status from its read model (disaster, its kabupaten/kota, clusters, kept
    # impact, kept needs/3W cells, and one GROUP BY per registered contributor: people in shelters, health posts,
    # access) + 4 health panel (totals, top complaints, per day, open signals) + 1 access map layer + 5 reporting
    # completeness today (disaster, its kabupaten/kota, its declared kecamatan, the kecamatan of a kabupaten/kota that
    # declared none, the day's reports).
    with django_assert_num_queries(36):
        _cold_render(client)
    # Cached until the next write: the session, the user, the session save and the data versions of the key.
    with django_assert_num_queries(6):
        client.get(URL)
