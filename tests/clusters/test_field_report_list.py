"""The field-report list API pages by keyset (newest observation first, no COUNT, no OFFSET) and its region filter
reads the stored kabupaten/kota, with the same number of queries whatever the volume."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusters.models import FieldReport

from .factories import FieldReportFactory

URL = "/api/v1/field-reports/"


def _reports(flood, staf, count, area="36.71.08"):
    return FieldReport.objects.bulk_create(
        FieldReportFactory.build(disaster=flood, created_by=staf, area_code=area) for _ in range(count)
    )


def test_pages_follow_the_cursor_newest_first_without_gaps_or_repeats(api_as, staf, flood):
    _reports(flood, staf, 7)
    client = api_as(staf)
    seen, url = [], URL + f"?disaster={flood.pk}&page_size=3"
    while url:
        page = client.get(url).json()
        assert "count" not in page  # no COUNT(*) over every report
        seen += [(row["observed_at"], row["id"]) for row in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 7
    assert seen == sorted(seen, reverse=True)


@pytest.mark.parametrize("count", [3, 30])
def test_list_runs_the_same_queries_for_3_and_30_reports(api_as, staf, flood, count):
    _reports(flood, staf, count)
    client = api_as(staf)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"disaster": flood.pk, "region": "36.71.08", "state": "verified"})
    assert response.status_code == 200 and len(response.json()["results"]) == count
    # The page (one query with its joins) and the needs of the page (one prefetch): nothing per report.
    assert len(queries) == 2
    page_sql = queries[0]["sql"]
    assert "LIMIT" in page_sql and "OFFSET" not in page_sql and '"kabkota_id" = ' in page_sql


def test_region_filter_narrows_to_the_kabupaten_kota_and_the_kecamatan(api_as, staf, flood):
    _reports(flood, staf, 2, area="36.71.08")
    _reports(flood, staf, 3, area="36.71.07")
    _reports(flood, staf, 1, area="36.74.03")
    client = api_as(staf)

    def ids(region):
        return len(client.get(URL, {"disaster": flood.pk, "region": region}).json()["results"])

    assert (ids("36.71"), ids("36.71.08"), ids("36.74"), ids("36")) == (5, 2, 1, 6)


def test_the_list_names_each_actor_without_joining_the_user_table(
    api_as, staf, petugas_kota_tangerang, flood, report_of
):
    """Actors come by name from one sub-select each (a nine-table join took 10-30 ms to plan) and needs with their
    cluster in one query; the list shows each report exactly as the report's own endpoint does."""
    from clusters.models import Cluster

    needs = [
        {"cluster": Cluster.objects.get(code=code), "description": description, "people_in_need": people}
        for code, description, people in (("logistik", "Beras", 40), ("wash", "Air bersih", 80))
    ]
    report = report_of(petugas_kota_tangerang, flood, "36.71.08", needs=needs)
    client = api_as(staf)
    with CaptureQueriesContext(connection) as queries:
        listed = client.get(URL, {"disaster": flood.pk}).json()["results"]
    assert len(queries) == 2  # the page, and its needs with their cluster joined
    assert 'JOIN "accounts_user"' not in queries[0]["sql"] and 'JOIN "clusters_disaster"' not in queries[0]["sql"]
    detail = client.get(f"{URL}{report.pk}/").json()
    actors = ("created_by", "submitted_by", "verified_by", "returned_by", "approved_by")
    assert {name: listed[0][name] for name in actors} == {name: detail[name] for name in actors}
    assert (listed[0]["submitted_by"], listed[0]["verified_by"]) == ("petugas.kota-tangerang", "staf.provinsi")
    assert sorted(need["cluster"] for need in listed[0]["needs"]) == ["logistik", "wash"]
    assert {key: value for key, value in listed[0].items() if key != "history"} == {
        key: value for key, value in detail.items() if key != "history"
    }
