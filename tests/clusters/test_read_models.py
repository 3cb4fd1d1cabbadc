"""The cluster-status read model: kept by the services, equal to a rebuild from the source tables, and read by the
API with a fixed number of queries (a 304 before anything is computed)."""

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banten_dinsos.agencies.models import Agency
from banten_dinsos.regions.models import Region
from clusters.cluster_status import _impact_live, _impact_read_model
from clusters.models import (
    IMPACT_FIELDS,
    Activity,
    ActivityStatus,
    AreaLatestReport,
    Cluster,
    ClusterStatusCell,
    ClusterStatusVersion,
    DisasterType,
    EmergencyStatus,
    FieldReport,
    Need,
    NeedStatus,
    ReportState,
)
from clusters.read_models import cluster_status_rebuild
from clusters.services import (
    activity_create,
    activity_update,
    disaster_create,
    field_report_create,
    field_report_return,
    field_report_verify,
    need_create,
    need_update,
)

WIB = ZoneInfo("Asia/Jakarta")
# Kecamatan recaps and desa reports inside the same kecamatan, so the counting rule is exercised.
AREAS = ("36.71.08", "36.71.08.1001", "36.71.08.1002", "36.71.07", "36.71.07.1001", "36.74.03", "36.74.03.1001")
CLUSTERS = ("logistik", "pengungsian-perlindungan", "kesehatan")
FIGURE = st.one_of(st.none(), st.integers(min_value=0, max_value=50))

operation = st.one_of(
    st.tuples(st.just("verify"), st.sampled_from(AREAS), st.integers(0, 72), FIGURE, FIGURE),
    st.tuples(st.just("return"), st.sampled_from(AREAS), st.integers(0, 72), FIGURE, FIGURE),
    st.tuples(st.just("correct"), st.integers(0, 20), st.integers(0, 72), FIGURE, FIGURE),
    st.tuples(st.just("need"), st.sampled_from(AREAS), st.sampled_from(CLUSTERS), st.integers(0, 500), st.none()),
    st.tuples(st.just("need_met"), st.integers(0, 20), st.none(), st.none(), st.none()),
    st.tuples(st.just("activity"), st.sampled_from(AREAS), st.sampled_from(CLUSTERS), st.integers(0, 500), st.none()),
    st.tuples(
        st.just("activity_status"), st.integers(0, 20), st.sampled_from(ActivityStatus.values), st.none(), st.none()
    ),
)


def snapshot(disaster_id: int) -> tuple[list, list]:
    areas = sorted(
        AreaLatestReport.objects.filter(disaster_id=disaster_id).values_list(
            "area_id",
            "kabkota_id",
            "kecamatan_code",
            "report_id",
            "observed_at",
            "verified_at",
            "counted",
            *IMPACT_FIELDS,
        )
    )
    cells = sorted(
        ClusterStatusCell.objects.filter(disaster_id=disaster_id).values_list(
            "kabkota_id",
            "cluster_id",
            "sector_id",
            "needs_open",
            "people_in_need",
            "needs_as_of",
            "activities_planned",
            "activities_ongoing",
            "activities_completed",
            "people_reached",
            "activities_as_of",
        )
    )
    return areas, cells


@pytest.fixture
def actors(staf, petugas_kota_tangerang, petugas_tangsel):
    return {"36.71": petugas_kota_tangerang, "36.74": petugas_tangsel, "staf": staf}


def _new_disaster(staf):
    return disaster_create(
        user=staf,
        disaster_type=DisasterType.objects.get(code="101"),
        title=f"Banjir {uuid.uuid4().hex[:6]}",
        started_on=date(2026, 1, 17),
        affected_kabkota=Region.objects.filter(code__in=["36.71", "36.74"]),
        status=EmergencyStatus.TANGGAP,
    )


def _run(operations, *, actors, disaster):
    staf = actors["staf"]
    start = datetime(2026, 1, 17, 6, tzinfo=WIB)
    clusters = {cluster.code: cluster for cluster in Cluster.objects.filter(code__in=CLUSTERS)}
    agency = Agency.objects.order_by("pk").first()
    for kind, first, second, third, fourth in operations:
        if kind in ("verify", "return"):
            officer = actors[first[:5]]
            report, _created = field_report_create(
                user=officer,
                disaster=disaster,
                area=Region.objects.get(code=first),
                observed_at=start + timedelta(hours=second),
                idempotency_key=uuid.uuid4(),
                affected_people=None if third is None else third + (fourth or 0),
                displaced=fourth,
                needs=[{"cluster": clusters["logistik"], "description": "Beras", "people_in_need": 10}],
                submit=True,
            )
            if kind == "verify":
                field_report_verify(user=staf, report=report)
            else:
                field_report_return(user=staf, report=report, reason="Periksa angka")
        elif kind == "correct":
            verified = list(FieldReport.objects.filter(disaster=disaster, state=ReportState.VERIFIED).order_by("pk"))
            if not verified:
                continue
            original = verified[first % len(verified)]
            officer = actors[original.kabkota_id]
            correction, _created = field_report_create(
                user=officer,
                disaster=disaster,
                area=original.area,
                observed_at=start + timedelta(hours=second),
                idempotency_key=uuid.uuid4(),
                supersedes=original,
                affected_people=third,
                submit=True,
            )
            field_report_verify(user=staf, report=correction)
        elif kind == "need":
            need_create(
                user=staf,
                disaster=disaster,
                cluster=clusters[second],
                area=Region.objects.get(code=first),
                description="Air bersih",
                people_in_need=third,
            )
        elif kind == "need_met":
            needs = list(Need.objects.filter(disaster=disaster, report__isnull=True).order_by("pk"))
            if needs:
                need_update(user=staf, need=needs[first % len(needs)], data={"status": NeedStatus.MET})
        elif kind == "activity":
            activity_create(
                user=staf,
                disaster=disaster,
                agency=agency,
                cluster=clusters[second],
                area=Region.objects.get(code=first),
                title="Distribusi",
                start_date=date(2026, 1, 18),
                people_reached=third,
                status=ActivityStatus.ONGOING,
            )
        elif kind == "activity_status":
            activities = list(Activity.objects.filter(disaster=disaster).order_by("pk"))
            if activities:
                activity_update(user=staf, activity=activities[first % len(activities)], data={"status": second})


@pytest.mark.django_db
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(operations=st.lists(operation, min_size=1, max_size=9))
def test_rebuild_equals_incremental_after_random_operations(actors, operations):
    """Whatever sequence of verifications, returns, corrections, needs and activities: the read model the services
    kept equals the one rebuilt from the source tables, and its impact equals the live computation."""
    disaster = _new_disaster(actors["staf"])
    _run(operations, actors=actors, disaster=disaster)
    kept = snapshot(disaster.pk)
    codes = ["36.71", "36.74"]
    assert _impact_read_model(disaster, codes) == _impact_live(disaster, codes, "36")
    cluster_status_rebuild(disaster_ids=[disaster.pk])
    assert snapshot(disaster.pk) == kept


def test_rebuild_command_restores_a_damaged_read_model(actors, flood, report_of):
    """The command recomputes what the services keep: a deleted or altered row comes back as it was."""
    report_of(actors["36.71"], flood, "36.71.08", affected_people=500, displaced=40)
    report_of(actors["36.71"], flood, "36.71.08.1001", observed=datetime(2026, 1, 19, 8, tzinfo=WIB), dead=0)
    kept = snapshot(flood.pk)
    assert [row[6] for row in kept[0]] == [False, True]  # the newer desa report wins over the older recap
    AreaLatestReport.objects.filter(disaster=flood).update(affected_people=1, counted=True)
    ClusterStatusCell.objects.filter(disaster=flood).delete()
    call_command("cluster_status_rebuild", "--disaster", str(flood.pk), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot(flood.pk) == kept


def test_every_change_raises_the_disaster_version(actors, flood, report_of):
    """Verifying, marking a need met and returning each raise the version that cluster status keys its cache on."""
    versions = []

    def version():
        versions.append(ClusterStatusVersion.objects.get(disaster=flood).version)

    report_of(actors["36.71"], flood, "36.71.08")
    version()
    need = need_create(
        user=actors["staf"],
        disaster=flood,
        cluster=Cluster.objects.get(code="logistik"),
        area=Region.objects.get(code="36.71.08"),
        description="Selimut",
        people_in_need=5,
    )
    version()
    need_update(user=actors["staf"], need=need, data={"status": NeedStatus.MET})
    version()
    pending = report_of(actors["36.71"], flood, "36.71.07", state="submitted")
    field_report_return(user=actors["staf"], report=pending, reason="Periksa")
    version()
    assert versions == sorted(set(versions))


def _status(client, disaster, **headers):
    return client.get("/api/v1/cluster-status/", {"disaster": disaster.pk, "page_size": 100}, **headers)


@pytest.mark.parametrize("reports", [3, 9])
def test_cluster_status_query_count_is_fixed(reports, actors, flood, report_of, api_as, django_assert_num_queries):
    """Read from the read model: the same queries whether 3 or 9 reports were verified."""
    for index in range(reports):
        area = AREAS[index % len(AREAS)]
        report_of(actors[area[:5]], flood, area, observed=datetime(2026, 1, 18, index, tzinfo=WIB))
    cache.clear()
    client = api_as(actors["staf"])
    # disaster + version (1), kabupaten/kota (1), clusters (1), impact GROUP BY (1), cells (1),
    # the contributors' GROUP BYs (shelters, health, access: 1 each), the disaster's type for the serializer (0:
    # joined) — and nothing per report.
    with django_assert_num_queries(9):
        response = _status(client, flood)
    assert response.status_code == 200
    etag = response["ETag"]
    # A matching If-None-Match is answered from the version alone: one query.
    with django_assert_num_queries(1):
        not_modified = _status(client, flood, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    # The same question again: the rendered body from the cache, after the same single query.
    with django_assert_num_queries(1):
        again = _status(client, flood)
    assert again.content == response.content


def test_a_verification_changes_the_etag_and_the_body(actors, flood, report_of, api_as):
    client = api_as(actors["staf"])
    report_of(actors["36.71"], flood, "36.71.08", affected_people=100)
    first = _status(client, flood)
    report_of(actors["36.71"], flood, "36.71.07", affected_people=50)
    second = _status(client, flood, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert second.json()["totals"]["affected_people"] == 150
