"""The cluster-status read model: supersede rule, no double counting, bounded queries, ETag, HXL CSV, hooks."""

import io
import uuid
from datetime import timedelta

import hxl
import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from banten_dinsos.core.data_versions import data_version_bump
from banten_dinsos.regions.models import Region
from clusters.cluster_status import cluster_status_stamp, latest_verified_reports
from clusters.contributions import (
    Contribution,
    StatusContributor,
    StatusFigure,
    status_contributor,
    status_contributors,
)
from clusters.models import Disaster, FieldReport
from clusters.read_models import cluster_status_rebuild, cluster_status_touch
from clusters.services import field_report_create, field_report_verify

from .conftest import KARAWACI, PERIUK, PERIUK_DESA, PONDOK_AREN, at
from .factories import ActivityFactory, FieldReportFactory, NeedFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/cluster-status/"


def _rows(client, disaster, **params):
    response = client.get(URL, {"disaster": disaster.pk, **params})
    assert response.status_code == 200, response.json()
    return response.json()


def _row(body, kabkota, cluster="logistik"):
    return next(row for row in body["results"] if row["kabkota"] == kabkota and row["cluster"] == cluster)


def test_a_later_verified_report_for_the_same_area_replaces_the_earlier_one(
    api_as, staf, petugas_kota_tangerang, flood, report_of
):
    report_of(petugas_kota_tangerang, flood, PERIUK, observed=at(18), affected_people=3000, displaced=900)
    report_of(petugas_kota_tangerang, flood, PERIUK, observed=at(19), affected_people=4100, displaced=1450)
    report_of(petugas_kota_tangerang, flood, KARAWACI, observed=at(18), affected_people=1200, displaced=150)
    # Pending and draft reports do not count yet, however new.
    report_of(petugas_kota_tangerang, flood, PERIUK, observed=at(20), affected_people=9999, state="submitted")
    report_of(petugas_kota_tangerang, flood, KARAWACI, observed=at(20), affected_people=9999, state="draft")
    body = _rows(api_as(staf), flood)
    row = _row(body, "36.71")
    assert (row["affected_people"], row["displaced"], row["areas_reported"]) == (4100 + 1200, 1450 + 150, 2)
    assert body["totals"]["affected_people"] == 5300  # counted once, not once per cluster row
    assert row["last_observed_at"].startswith("2026-01-19T08:00")


def test_an_older_observation_verified_later_does_not_replace_a_newer_one(
    api_as, staf, petugas_kota_tangerang, flood, report_of
):
    late = report_of(petugas_kota_tangerang, flood, PERIUK, observed=at(17, 20), affected_people=500, state="submitted")
    report_of(petugas_kota_tangerang, flood, PERIUK, observed=at(19), affected_people=4100)
    field_report_verify(user=staf, report=late)
    assert _row(_rows(api_as(staf), flood), "36.71")["affected_people"] == 4100


def test_a_verified_correction_replaces_the_report_it_corrects(api_as, staf, petugas_kota_tangerang, flood, report_of):
    original = report_of(petugas_kota_tangerang, flood, PERIUK, observed=at(18), affected_people=3000)
    correction, _created = field_report_create(
        user=petugas_kota_tangerang,
        disaster=flood,
        area=original.area,
        observed_at=original.observed_at,
        idempotency_key=uuid.uuid4(),
        supersedes=original,
        affected_people=2800,
        affected_families=700,
        submit=True,
    )
    client = api_as(staf)
    assert _row(_rows(client, flood), "36.71")["affected_people"] == 3000
    field_report_verify(user=staf, report=correction)
    assert _row(_rows(client, flood), "36.71")["affected_people"] == 2800


def test_kecamatan_recap_and_its_desa_reports_are_never_added_together(
    api_as, staf, petugas_kota_tangerang, flood, report_of
):
    client = api_as(staf)
    report_of(petugas_kota_tangerang, flood, PERIUK_DESA, observed=at(18), affected_people=700)
    report_of(petugas_kota_tangerang, flood, "36.71.08.1002", observed=at(18, 9), affected_people=300)
    report_of(petugas_kota_tangerang, flood, PERIUK, observed=at(19), affected_people=2500)
    assert _row(_rows(client, flood), "36.71")["affected_people"] == 2500  # the newer recap covers its desa
    report_of(petugas_kota_tangerang, flood, PERIUK_DESA, observed=at(20), affected_people=800)
    row = _row(_rows(client, flood), "36.71")
    assert (row["affected_people"], row["areas_reported"]) == (800 + 300, 2)  # newer desa reports set the recap aside


def test_region_filter_includes_everything_below_the_region(
    api_as, staf, petugas_kota_tangerang, petugas_tangsel, flood, report_of
):
    report_of(petugas_kota_tangerang, flood, PERIUK_DESA, affected_people=700)
    report_of(petugas_kota_tangerang, flood, KARAWACI, affected_people=1200)
    report_of(petugas_tangsel, flood, PONDOK_AREN, affected_people=2600)
    client = api_as(staf)
    by_kecamatan = _rows(client, flood, region=PERIUK)
    assert {row["kabkota"] for row in by_kecamatan["results"]} == {"36.71"}
    assert by_kecamatan["totals"]["affected_people"] == 700
    assert _rows(client, flood, region="36.74")["totals"]["affected_people"] == 2600
    assert _rows(client, flood, region="36")["totals"]["affected_people"] == 4500
    bad = client.get(URL, {"disaster": flood.pk, "region": "Tangerang"})
    assert bad.status_code == 400 and "region" in bad.json()["errors"]


def test_cluster_filter_accepts_a_sub_cluster_and_refuses_unknown_codes(api_as, staf, flood, reference_data):
    NeedFactory(disaster=flood, cluster_code="wash", people_in_need=300)
    NeedFactory(disaster=flood, cluster_code="hunian", people_in_need=200)
    ActivityFactory(disaster=flood, cluster_code="wash", people_reached=120)
    client = api_as(staf)
    national = _row(_rows(client, flood, cluster="pengungsian-perlindungan"), "36.71", "pengungsian-perlindungan")
    assert (national["needs_open"], national["people_in_need"], national["people_reached"]) == (2, 500, 120)
    wash = _row(_rows(client, flood, cluster="wash"), "36.71", "wash")
    assert (wash["needs_open"], wash["people_in_need"], wash["people_reached"], wash["gap"]) == (1, 300, 120, 180)
    unknown = client.get(URL, {"disaster": flood.pk, "cluster": "tidak-ada"})
    assert unknown.status_code == 400 and "cluster" in unknown.json()["errors"]
    missing = client.get(URL)
    assert missing.status_code == 400 and "disaster" in missing.json()["errors"]


def test_needs_from_unverified_or_superseded_reports_and_met_needs_do_not_count(
    api_as, staf, petugas_kota_tangerang, flood, report_of
):
    from clusters.models import Cluster

    logistik = Cluster.objects.get(code="logistik")
    need = [{"cluster": logistik, "description": "Beras", "people_in_need": 100}]
    report_of(petugas_kota_tangerang, flood, PERIUK, needs=need)
    report_of(petugas_kota_tangerang, flood, KARAWACI, needs=need, state="submitted")
    NeedFactory(disaster=flood, people_in_need=40, status="met")
    row = _row(_rows(api_as(staf), flood, cluster="logistik"), "36.71")
    assert (row["needs_open"], row["people_in_need"]) == (1, 100)


def test_officer_sees_own_kabupaten_rows_and_coordinator_own_cluster_rows(
    api_as, petugas_kota_tangerang, koordinator_logistik, flood, report_of, petugas_tangsel
):
    report_of(petugas_tangsel, flood, PONDOK_AREN, affected_people=2600)
    officer = _rows(api_as(petugas_kota_tangerang), flood)
    assert {row["kabkota"] for row in officer["results"]} == {"36.71"}
    assert officer["totals"]["affected_people"] is None  # nothing reported in its kabupaten/kota: not 0
    coordinator = _rows(api_as(koordinator_logistik), flood)
    assert {row["cluster"] for row in coordinator["results"]} == {"logistik"}
    assert {row["kabkota"] for row in coordinator["results"]} == {"36.03", "36.71", "36.74"}
    assert coordinator["totals"]["affected_people"] == 2600


def _bulk_reports(flood, user, count):
    kecamatan = list(Region.objects.filter(code__startswith="36.71.", level="kecamatan").values_list("code", flat=True))
    FieldReport.objects.bulk_create(
        FieldReportFactory.build(disaster=flood, created_by=user, area_code=kecamatan[n % len(kecamatan)])
        for n in range(count)
    )
    # Written in bulk: the read model is brought up to date as every bulk path does.
    cluster_status_rebuild(disaster_ids=[flood.pk])


def test_cluster_status_uses_the_same_number_of_queries_for_3_and_300_reports(
    api_as, staf, flood, django_assert_num_queries
):
    client = api_as(staf)
    _bulk_reports(flood, staf, 3)
    NeedFactory(disaster=flood)
    ActivityFactory(disaster=flood)
    # the version stamp (1: disaster in scope, its read-model version, the contributors' versions), then the
    # disaster + its kab/kota + clusters + impact from the kept latest reports + the kept needs/3W cells + one
    # GROUP BY per registered contributor (shelters, health posts, access): 9
    with django_assert_num_queries(9):
        few = client.get(URL, {"disaster": flood.pk}).json()
    _bulk_reports(flood, staf, 297)
    with django_assert_num_queries(9):
        many = client.get(URL, {"disaster": flood.pk}).json()
    assert few["totals"]["areas_reported"] == 3
    assert many["totals"]["areas_reported"] == 13  # 300 reports over the 13 kecamatan of Kota Tangerang


def test_portable_window_query_agrees_with_distinct_on(staf, flood, report_of, petugas_kota_tangerang):
    _bulk_reports(flood, staf, 40)
    report_of(petugas_kota_tangerang, flood, PERIUK, observed=at(25), affected_people=77)
    queryset = FieldReport.objects.filter(disaster=flood)
    distinct_on = sorted(latest_verified_reports(queryset, distinct_on=True), key=lambda row: row["area_id"])
    window = sorted(latest_verified_reports(queryset, distinct_on=False), key=lambda row: row["area_id"])
    assert connection.vendor == "postgresql"
    assert distinct_on == window
    assert next(row for row in window if row["area_id"] == PERIUK)["affected_people"] == 77


def test_etag_answers_304_until_something_changes(api_as, staf, petugas_kota_tangerang, flood, report_of):
    client = api_as(staf)
    report_of(petugas_kota_tangerang, flood, PERIUK)
    first = client.get(URL, {"disaster": flood.pk})
    etag = first["ETag"]
    unchanged = client.get(URL, {"disaster": flood.pk}, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged["ETag"] == etag and not unchanged.content
    assert client.get(URL, {"disaster": flood.pk, "format": "csv"}, HTTP_IF_NONE_MATCH=etag).status_code == 200
    report_of(petugas_kota_tangerang, flood, KARAWACI)
    changed = client.get(URL, {"disaster": flood.pk}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "no-cache" in changed["Cache-Control"]


def test_if_none_match_reads_lists_weak_tags_and_star(api_as, staf, petugas_kota_tangerang, flood, report_of):
    """Conditional requests follow RFC 9110 through Django's own parser, not an exact string comparison."""
    client = api_as(staf)
    report_of(petugas_kota_tangerang, flood, PERIUK)
    etag = client.get(URL, {"disaster": flood.pk})["ETag"]
    for header in (f'"other", {etag}', f"W/{etag}", "*"):
        assert client.get(URL, {"disaster": flood.pk}, HTTP_IF_NONE_MATCH=header).status_code == 304, header
    assert client.get(URL, {"disaster": flood.pk}, HTTP_IF_NONE_MATCH='"other", W/"else"').status_code == 200


def _shelter_figures(*, user, disaster, kabkota_codes, region_code, cluster_codes):
    list(Region.objects.filter(code__in=kabkota_codes).values_list("code"))  # stands for the contributor's one GROUP BY
    if "pengungsian-perlindungan" not in cluster_codes or "36.71" not in kabkota_codes:
        return {}
    return {
        ("36.71", "pengungsian-perlindungan"): Contribution(
            figures={"shelters_open": 2, "people_in_shelters": 340}, as_of=at(21)
        )
    }


FAKE_SHELTERS = StatusContributor(
    key="test-shelters",
    figures=(
        StatusFigure("shelters_open", "Posko dibuka", "#indicator+shelters+open+num"),
        StatusFigure("people_in_shelters", "Jiwa di posko", "#affected+displaced+in_shelter"),
    ),
    compute=_shelter_figures,
)


@pytest.fixture
def only_test_contributors(monkeypatch):
    """Set the real contributors (the shelters app's) aside, so the fake one's figures are the only ones."""
    from clusters import contributions

    monkeypatch.setattr(contributions, "_registry", {})


def test_a_registered_contributor_adds_its_figures_to_json_csv_and_totals(
    api_as, staf, flood, django_assert_num_queries, reference_data, only_test_contributors
):
    client = api_as(staf)
    with status_contributor(FAKE_SHELTERS):
        # the six queries of the read model + the contributor's one
        with django_assert_num_queries(7):
            body = _rows(client, flood)
        row = _row(body, "36.71", "pengungsian-perlindungan")
        assert row["contributed"] == {"shelters_open": 2, "people_in_shelters": 340}
        assert row["data_as_of"].startswith("2026-01-21")
        assert _row(body, "36.74", "pengungsian-perlindungan")["contributed"] == {
            "shelters_open": 0,
            "people_in_shelters": 0,
        }
        assert body["totals"]["contributed"] == {"shelters_open": 2, "people_in_shelters": 340}
        dataset = hxl.data(io.BytesIO(client.get(URL, {"disaster": flood.pk, "format": "csv"}).content))
        assert sum(int(r.get("#indicator+shelters+open+num")) for r in dataset) == 2
    assert _row(_rows(client, flood), "36.71", "pengungsian-perlindungan")["contributed"] == {}


def test_a_malformed_disaster_or_filter_is_refused_before_any_etag_is_compared(api_as, staf, flood):
    """A plain disaster id is read without the query serializer; everything else still answers its 400."""
    client = api_as(staf)
    for params in (
        {"disaster": "abc"},
        {"disaster": "0"},
        {"disaster": "-3"},
        {"disaster": f"{flood.pk}", "region": "Tangerang"},
        {"disaster": f"{flood.pk}", "cluster": "bukan slug"},
    ):
        refused = client.get(URL, params, HTTP_IF_NONE_MATCH="*")
        assert refused.status_code == 400, params
        assert set(refused.json()["errors"]) & {"disaster", "region", "cluster"}, params
    assert client.get(URL, {"disaster": f" {flood.pk} "}, HTTP_IF_NONE_MATCH="*").status_code == 304
    assert client.get(URL, {"disaster": "9" * 40}).status_code == 404


def test_a_stamp_query_compiled_for_one_viewer_never_answers_for_another(
    api_as, staf, petugas_kota_tangerang, petugas_lebak, flood, report_of
):
    """The stamp's SQL is compiled once per viewer and scope: an officer whose kab/kota the disaster does not affect
    gets 404, whoever asked before them, and keeps getting it (their ETag would reveal nothing anyway)."""
    report_of(petugas_kota_tangerang, flood, PERIUK)
    province = api_as(staf)
    etag = province.get(URL, {"disaster": flood.pk})["ETag"]
    assert province.get(URL, {"disaster": flood.pk}, HTTP_IF_NONE_MATCH=etag).status_code == 304
    outsider = api_as(petugas_lebak)
    for _ in range(2):
        assert outsider.get(URL, {"disaster": flood.pk}, HTTP_IF_NONE_MATCH=etag).status_code == 404
        assert outsider.get(URL, {"disaster": flood.pk}, HTTP_IF_NONE_MATCH="*").status_code == 404
    officer = api_as(petugas_kota_tangerang)
    own = officer.get(URL, {"disaster": flood.pk})
    assert own.status_code == 200 and own["ETag"] != etag  # another scope, another body and tag
    assert {row["kabkota"] for row in own.json()["results"]} == {"36.71"}


def test_a_304_carries_the_etag_and_no_body_or_content_type(api_as, staf, flood):
    client = api_as(staf)
    etag = client.get(URL, {"disaster": flood.pk})["ETag"]
    unchanged = client.get(URL, {"disaster": flood.pk}, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged["ETag"] == etag and unchanged.content == b""
    assert "Content-Type" not in unchanged and unchanged["Cache-Control"] == "private, no-cache"


def test_every_version_the_answer_depends_on_changes_the_etag(api_as, staf, flood):
    """The read model's version, the disaster's own last change and each contributing app's version: a change of
    any of them answers 200 with a new tag to the old one, and 304 to the new one."""
    client = api_as(staf)
    topics = sorted({contributor.compute.__module__.split(".")[0] for contributor in status_contributors()})
    assert "shelters" in topics

    def later_disaster():
        Disaster.objects.filter(pk=flood.pk).update(updated_at=timezone.now() + timedelta(seconds=1))

    changes = [
        ("read model", lambda: cluster_status_touch(disaster_ids=[flood.pk])),
        ("disaster", later_disaster),
        *[(topic, lambda topic=topic: data_version_bump(topic)) for topic in topics],
    ]
    etag = client.get(URL, {"disaster": flood.pk})["ETag"]
    seen = {etag}
    for label, change in changes:
        change()
        changed = client.get(URL, {"disaster": flood.pk}, HTTP_IF_NONE_MATCH=etag)
        assert changed.status_code == 200 and changed["ETag"] not in seen, label
        etag = changed["ETag"]
        seen.add(etag)
        assert client.get(URL, {"disaster": flood.pk}, HTTP_IF_NONE_MATCH=etag).status_code == 304, label


def test_a_matching_tag_with_a_failing_if_match_is_412_not_304(api_as, staf, flood):
    """The short way for a poller's own tag is taken only when no other precondition is asked."""
    client = api_as(staf)
    etag = client.get(URL, {"disaster": flood.pk})["ETag"]
    refused = client.get(URL, {"disaster": flood.pk}, HTTP_IF_NONE_MATCH=etag, HTTP_IF_MATCH='"other"')
    assert refused.status_code == 412
    assert client.get(URL, {"disaster": flood.pk}, HTTP_IF_NONE_MATCH=etag, HTTP_IF_MATCH=etag).status_code == 304


def test_the_stamp_is_one_prepared_query_and_recovers_when_the_statement_is_lost(staf, flood):
    """Prepared once per database connection and then only executed; if the server lost it, that poll fails and
    the next one prepares it again (a new name: the failed one's state is unknown), with the same stamp."""
    first = cluster_status_stamp(user=staf, disaster_id=flood.pk)
    with CaptureQueriesContext(connection) as queries:
        assert cluster_status_stamp(user=staf, disaster_id=flood.pk) == first
    assert len(queries) == 1 and queries[0]["sql"].startswith("EXECUTE cluster_status_stamp_")
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with pytest.raises(DatabaseError), transaction.atomic():
        cluster_status_stamp(user=staf, disaster_id=flood.pk)
    with CaptureQueriesContext(connection) as queries:
        assert cluster_status_stamp(user=staf, disaster_id=flood.pk) == first
        assert cluster_status_stamp(user=staf, disaster_id=flood.pk) == first
    assert [query["sql"].split()[0] for query in queries] == ["PREPARE", "EXECUTE"]
