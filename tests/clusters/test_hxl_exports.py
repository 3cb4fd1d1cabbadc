"""HXL exports that other systems can sum: every numeric column adds up to the API's total for the same filters."""

import io
import re

import hxl
import pytest

from clusters.contributions import Contribution, StatusContributor, StatusFigure, status_contributor
from clusters.models import ActivityStatus, NeedStatus

from .conftest import KARAWACI, PERIUK, PONDOK_AREN
from .factories import ActivityFactory, NeedFactory

pytestmark = pytest.mark.django_db
STATUS_URL = "/api/v1/cluster-status/"
IMPACT_URL = "/api/v1/cluster-status/impact/"
ACTIVITY_URL = "/api/v1/activities/"

# Each numeric HXL column and the API total it must add up to (written out here, not taken from the code).
STATUS_TOTALS = {
    "#indicator+needs_open+num": "needs_open",
    "#inneed": "people_in_need",
    "#indicator+activities+planned+num": "activities_planned",
    "#indicator+activities+ongoing+num": "activities_ongoing",
    "#indicator+activities+completed+num": "activities_completed",
    "#reached": "people_reached",
    "#inneed+gap": "gap",
    "#indicator+shelters+open+num": "contributed.shelters_open",
    "#affected+displaced+in_shelter": "contributed.people_in_shelters",
}
IMPACT_TOTALS = {
    "#affected+killed": "dead",
    "#affected+missing": "missing",
    "#affected+injured": "injured",
    "#affected": "affected_people",
    "#affected+hh": "affected_families",
    "#affected+displaced": "displaced",
    "#affected+houses+damaged+heavy": "houses_heavily_damaged",
    "#affected+houses+damaged+moderate": "houses_moderately_damaged",
    "#affected+houses+damaged+light": "houses_lightly_damaged",
    "#affected+houses+submerged": "houses_submerged",
    "#indicator+areas_reported+num": "areas_reported",
}
ACTIVITY_TOTALS = {"#reached": "people_reached"}

FILTERS = [
    {},
    {"region": "36.71"},
    {"region": PERIUK},
    {"cluster": "logistik"},
    {"cluster": "wash"},
    {"cluster": "pengungsian-perlindungan", "region": "36.74"},
]


def _shelter_figures(*, user, disaster, kabkota_codes, region_code, cluster_codes):
    figures = {
        ("36.71", "pengungsian-perlindungan"): Contribution(figures={"shelters_open": 2, "people_in_shelters": 340}),
        ("36.74", "pengungsian-perlindungan"): Contribution(figures={"shelters_open": 1, "people_in_shelters": 75}),
    }
    return {
        key: value
        for key, value in figures.items()
        if key[0] in kabkota_codes and key[1] in cluster_codes and (not region_code or key[0].startswith(region_code))
    }


SHELTERS = StatusContributor(
    key="test-hxl-shelters",
    figures=(
        StatusFigure("shelters_open", "Posko dibuka", "#indicator+shelters+open+num"),
        StatusFigure("people_in_shelters", "Jiwa di posko", "#affected+displaced+in_shelter"),
    ),
    compute=_shelter_figures,
)


@pytest.fixture
def shelters_only(monkeypatch):
    """The fake shelters contributor instead of the real ones, so its figures are known."""
    from clusters import contributions

    monkeypatch.setattr(contributions, "_registry", {})
    with status_contributor(SHELTERS):
        yield


@pytest.fixture
def busy_flood(flood, petugas_kota_tangerang, petugas_tangsel, report_of):
    """Impact in two kabupaten/kota, needs and activities in several clusters, sub-clusters and statuses."""
    report_of(petugas_kota_tangerang, flood, PERIUK, affected_people=4100, displaced=1450, dead=1, injured=7)
    report_of(petugas_kota_tangerang, flood, KARAWACI, affected_people=1200, displaced=150, houses_submerged=300)
    report_of(petugas_tangsel, flood, PONDOK_AREN, affected_people=2600, displaced=480, missing=2)
    NeedFactory(disaster=flood, people_in_need=300)
    NeedFactory(disaster=flood, cluster_code="wash", area_code=KARAWACI, people_in_need=210)
    NeedFactory(disaster=flood, cluster_code="kesehatan", area_code=PONDOK_AREN, people_in_need=120)
    NeedFactory(disaster=flood, cluster_code="pengungsian-perlindungan", area_code=PONDOK_AREN, people_in_need=60)
    NeedFactory(disaster=flood, people_in_need=999, status=NeedStatus.MET)
    ActivityFactory(disaster=flood, people_reached=90)
    ActivityFactory(disaster=flood, people_reached=40, status=ActivityStatus.COMPLETED, area_code=KARAWACI)
    ActivityFactory(disaster=flood, cluster_code="wash", area_code=KARAWACI, people_reached=25)
    ActivityFactory(disaster=flood, cluster_code="wash", area_code=PERIUK, people_reached=500, status="planned")
    ActivityFactory(disaster=flood, cluster_code="pengungsian-perlindungan", area_code=PONDOK_AREN, people_reached=33)
    ActivityFactory(disaster=flood, area_code=PONDOK_AREN, people_reached=77, status=ActivityStatus.CANCELLED)
    return flood


def _dataset(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    return hxl.data(io.BytesIO(response.content)).cache()  # cached: the tests read it more than once


def _numeric_column_sums(dataset) -> dict[str, int]:
    """Sum of every column whose cells are all whole numbers, except codes (``#adm1+code`` reads as a number)."""
    rows = [list(row.values) for row in dataset]
    sums = {}
    for index, column in enumerate(dataset.columns):
        if "code" in column.attributes:
            continue
        cells = [row[index] for row in rows if index < len(row) and row[index] not in (None, "")]
        if cells and all(re.fullmatch(r"-?\d+", str(cell)) for cell in cells):
            assert column.display_tag not in sums, f"two numeric columns tagged {column.display_tag}"
            sums[column.display_tag] = sum(int(cell) for cell in cells)
    return sums


def _total(totals: dict, key: str) -> int:
    if key.startswith("contributed."):
        return totals["contributed"][key.split(".", 1)[1]]
    return totals[key]


def _assert_sums(dataset, expected: dict[str, str], totals: dict, what: str):
    sums = _numeric_column_sums(dataset)
    # Blank is not zero: a figure no area reported is an empty column in the file and null in the API.
    for tag, key in expected.items():
        if tag not in sums and all(not row.get(tag) for row in dataset):
            assert _total(totals, key) is None, f"{what}: {tag} is empty but the API says {_total(totals, key)}"
            sums[tag] = None
    assert set(sums) == set(expected), f"{what}: numeric columns {sorted(sums)}"
    for tag, key in expected.items():
        assert sums[tag] == _total(totals, key), f"{what}: {tag} sums to {sums[tag]}, the API says {key}"


@pytest.mark.parametrize("filters", FILTERS, ids=lambda filters: "&".join(f"{k}={v}" for k, v in filters.items()))
def test_every_numeric_hxl_column_sums_to_the_api_total_for_the_same_filters(
    api_as, staf, busy_flood, shelters_only, filters
):
    client = api_as(staf)
    params = {"disaster": busy_flood.pk, **filters}
    status = client.get(STATUS_URL, {**params, "page_size": 100}).json()
    totals = status["totals"]

    _assert_sums(_dataset(client.get(STATUS_URL, {**params, "format": "csv"})), STATUS_TOTALS, totals, "status")

    impact = client.get(IMPACT_URL, params).json()
    assert impact["totals"] == {key: totals[key] for key in IMPACT_TOTALS.values()}
    _assert_sums(_dataset(client.get(IMPACT_URL, {**params, "format": "csv"})), IMPACT_TOTALS, totals, "impact")

    three_w = _dataset(client.get(ACTIVITY_URL, {**params, "format": "csv"}))
    _assert_sums(three_w, ACTIVITY_TOTALS, totals, "3W")
    listed = client.get(ACTIVITY_URL, {**params, "page_size": 100}).json()
    assert len(list(three_w)) == listed["count"]  # one row per activity


def test_the_figures_the_issue_found_eightfold_now_sum_once(api_as, staf, busy_flood, shelters_only):
    """Deaths 1 and displaced 2,080 in the API are 1 and 2,080 in the file, not 8× (one row per kab/kota)."""
    client = api_as(staf)
    totals = client.get(STATUS_URL, {"disaster": busy_flood.pk}).json()["totals"]
    assert (totals["dead"], totals["displaced"]) == (1, 1450 + 150 + 480)
    impact = list(_dataset(client.get(IMPACT_URL, {"disaster": busy_flood.pk, "format": "csv"})))
    assert [row.get("#adm2+code") for row in impact] == ["36.03", "36.71", "36.74"]
    assert sum(int(row.get("#affected+displaced!")) for row in impact if row.get("#affected+displaced!")) == 2080
    assert sum(int(row.get("#affected+killed")) for row in impact if row.get("#affected+killed")) == 1
    status = _dataset(client.get(STATUS_URL, {"disaster": busy_flood.pk, "format": "csv"}))
    tags = {column.display_tag for column in status.columns}
    assert not {"#affected", "#affected+killed", "#affected+displaced"} & tags  # impact lives in its own export
    assert len(list(status)) == 3 * 8


def test_three_w_has_one_row_per_activity_and_reached_only_where_cluster_status_counts_it(
    api_as, staf, busy_flood, shelters_only
):
    rows = list(_dataset(api_as(staf).get(ACTIVITY_URL, {"disaster": busy_flood.pk, "format": "csv"})))
    assert len(rows) == 6
    reached = sorted((row.get("#status"), row.get("#reached")) for row in rows)
    assert reached == [
        ("cancelled", None),
        ("completed", "40"),
        ("ongoing", "25"),
        ("ongoing", "33"),
        ("ongoing", "90"),
        ("planned", None),
    ]


def test_an_officer_exports_only_the_impact_of_their_own_kabkota(api_as, petugas_kota_tangerang, busy_flood):
    client = api_as(petugas_kota_tangerang)
    body = client.get(IMPACT_URL, {"disaster": busy_flood.pk}).json()
    assert [row["kabkota"] for row in body["results"]] == ["36.71"]
    assert body["totals"]["affected_people"] == 5300
    rows = list(_dataset(client.get(IMPACT_URL, {"disaster": busy_flood.pk, "format": "csv"})))
    assert [row.get("#adm2+code") for row in rows] == ["36.71"]


def test_impact_export_answers_an_out_of_scope_disaster_and_a_bad_filter_like_cluster_status(
    api_as, petugas_lebak, staf, busy_flood
):
    assert api_as(petugas_lebak).get(IMPACT_URL, {"disaster": busy_flood.pk, "format": "csv"}).status_code == 404
    bad = api_as(staf).get(IMPACT_URL, {"disaster": busy_flood.pk, "cluster": "nope", "format": "csv"})
    assert bad.status_code == 400 and bad.json()["errors"]["cluster"]
    assert api_as(staf).get(IMPACT_URL, {"disaster": busy_flood.pk, "region": "99"}).status_code == 400


def test_impact_export_runs_the_read_models_fixed_queries(
    api_as, staf, busy_flood, shelters_only, django_assert_num_queries
):
    client = api_as(staf)
    # disaster, its kabupaten/kota, clusters, the kept impact, the kept needs/3W cells; the fake contributor runs
    # none, and the three kabupaten/kota rows add nothing.
    with django_assert_num_queries(5):
        assert len(client.get(IMPACT_URL, {"disaster": busy_flood.pk}).json()["results"]) == 3
    with django_assert_num_queries(5):
        client.get(IMPACT_URL, {"disaster": busy_flood.pk, "format": "csv"})


def test_disaster_page_links_both_hxl_exports(page_as, staf, busy_flood):
    html = page_as(staf).get(f"/bencana/{busy_flood.pk}/").content.decode()
    assert f"/api/v1/cluster-status/impact/?disaster={busy_flood.pk}&amp;format=csv" in html
    assert f"/api/v1/cluster-status/?disaster={busy_flood.pk}&amp;format=csv" in html


def test_links_carry_ids_without_thousands_separators(page_as, staf, flood):
    """USE_THOUSAND_SEPARATOR is on: an id of 1,000 or more must still reach a link as digits only ("12346")."""
    from django.db import connection

    from clusters.models import Disaster

    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('clusters_disaster', 'id'), 12345)")
    big = Disaster.objects.get(pk=flood.pk)
    big.pk = None
    big.save()
    assert big.pk >= 12_346
    html = page_as(staf).get(f"/bencana/{big.pk}/").content.decode()
    assert f"/api/v1/cluster-status/?disaster={big.pk}&amp;format=csv" in html


def test_contributed_figures_sum_in_the_status_export(api_as, staf, busy_flood, shelters_only):
    dataset = _dataset(api_as(staf).get(STATUS_URL, {"disaster": busy_flood.pk, "format": "csv"}))
    assert sum(int(row.get("#indicator+shelters+open+num")) for row in dataset) == 3
