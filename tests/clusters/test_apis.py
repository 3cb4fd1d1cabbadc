"""The REST API end to end: workflow, retry-safe creation, bad input, scoping and permissions."""

import io
import threading
import uuid

import hxl
import pytest
from django.db import connection

from clusters.models import EmergencyStatus, FieldReport, Need, ReportState
from clusters.services import disaster_change_status

from .conftest import KARAWACI, PERIUK, PERIUK_DESA, PONDOK_AREN
from .factories import ActivityFactory, FieldReportFactory, NeedFactory

pytestmark = pytest.mark.django_db


def _report_body(disaster, **overrides):
    return {
        "disaster": disaster.pk,
        "idempotency_key": str(uuid.uuid4()),
        "area": PERIUK,
        "observed_at": "2026-01-18T08:00:00+07:00",
        "affected_people": 1200,
        "affected_families": 320,
        "displaced": 400,
        "dead": 1,
        "houses_submerged": 300,
        "facilities_damaged": {"school": {"rr": 2}},
        "needs": [{"cluster": "logistik", "description": "Paket makanan", "people_in_need": 400}],
        **overrides,
    }


def test_workflow_end_to_end_through_the_api(api_as, staf, petugas_kota_tangerang, flood):
    officer, province = api_as(petugas_kota_tangerang), api_as(staf)
    created = officer.post("/api/v1/field-reports/", _report_body(flood), format="json")
    assert created.status_code == 201, created.json()
    report = created.json()
    assert (report["state"], report["kabkota"], report["needs"][0]["cluster"]) == ("draft", "36.71", "logistik")
    url = f"/api/v1/field-reports/{report['id']}/"

    assert officer.post(url + "submit/").json()["state"] == "submitted"
    assert officer.patch(url, {"displaced": 1}, format="json").status_code == 400  # waits for verification
    returned = province.post(url + "return/", {"reason": "Jumlah KK belum sesuai rekap."}, format="json")
    assert returned.json()["state"] == "returned" and returned.json()["returned_by"] == "staf.provinsi"
    fixed = officer.patch(url, {"affected_families": 300}, format="json")
    assert fixed.status_code == 200 and fixed.json()["affected_families"] == 300
    assert officer.post(url + "submit/").json()["state"] == "submitted"
    verified = province.post(url + "verify/")
    assert verified.status_code == 200
    body = verified.json()
    assert (body["state"], body["verified_by"], body["submitted_by"]) == (
        "verified",
        "staf.provinsi",
        "petugas.kota-tangerang",
    )
    assert [step["action"] for step in body["history"]] == ["create", "submit", "return", "edit", "submit", "verify"]

    status = province.get("/api/v1/cluster-status/", {"disaster": flood.pk, "cluster": "logistik"}).json()
    row = next(row for row in status["results"] if row["kabkota"] == "36.71")
    assert (row["affected_people"], row["displaced"], row["people_in_need"], row["needs_open"]) == (1200, 400, 400, 1)


def test_retry_with_the_same_key_returns_the_first_report(api_as, petugas_kota_tangerang, flood):
    client = api_as(petugas_kota_tangerang)
    body = _report_body(flood, submit=True)
    first = client.post("/api/v1/field-reports/", body, format="json")
    second = client.post("/api/v1/field-reports/", body, format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert (first["Idempotent-Replayed"], second["Idempotent-Replayed"]) == ("false", "true")
    assert FieldReport.objects.count() == 1 and Need.objects.count() == 1


def test_someone_elses_idempotency_key_is_refused(api_as, petugas_kota_tangerang, staf, flood):
    body = _report_body(flood)
    assert api_as(petugas_kota_tangerang).post("/api/v1/field-reports/", body, format="json").status_code == 201
    response = api_as(staf).post("/api/v1/field-reports/", body, format="json")
    assert response.status_code == 409
    assert "idempotency_key" in response.json()["errors"]
    assert FieldReport.objects.count() == 1


def test_the_database_refuses_a_second_report_with_the_same_key(petugas_kota_tangerang, flood):
    from django.db import IntegrityError, transaction

    key = uuid.uuid4()
    FieldReportFactory(disaster=flood, created_by=petugas_kota_tangerang, idempotency_key=key)
    with pytest.raises(IntegrityError), transaction.atomic():
        FieldReportFactory(disaster=flood, created_by=petugas_kota_tangerang, idempotency_key=key)


def test_lost_race_reads_the_winners_report(monkeypatch, api_as, petugas_kota_tangerang, flood):
    """When the pre-check misses a twin committed a moment earlier, the unique index decides and nothing breaks."""
    from clusters.services import field_reports

    client = api_as(petugas_kota_tangerang)
    body = _report_body(flood)
    first = client.post("/api/v1/field-reports/", body, format="json")
    real = field_reports._report_for_key
    calls = []

    def blind_first_look(key):
        calls.append(key)
        return None if len(calls) == 1 else real(key)

    monkeypatch.setattr(field_reports, "_report_for_key", blind_first_look)
    second = client.post("/api/v1/field-reports/", body, format="json")
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"]
    assert len(calls) == 2 and FieldReport.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_with_one_key_create_one_report(api_as, petugas_kota_tangerang, flood):
    body = _report_body(flood, submit=True)
    barrier, results = threading.Barrier(2), []

    def send():
        try:
            client = api_as(petugas_kota_tangerang)
            barrier.wait(timeout=10)
            response = client.post("/api/v1/field-reports/", body, format="json")
            results.append((response.status_code, response.json()["id"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(code for code, _id in results) == [200, 201]
    assert len({report_id for _code, report_id in results}) == 1
    assert FieldReport.objects.filter(idempotency_key=body["idempotency_key"]).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"displaced": -3}, "displaced", "0"),
        ({"houses_submerged": -1}, "houses_submerged", "0"),
        ({"displaced": 5000}, "displaced", "tidak boleh lebih besar"),
        ({"dead": 1500}, "dead", "Meninggal"),
        ({"affected_families": 5000}, "affected_families", "KK"),
        ({"area": "36.02.14"}, "area", "di luar kabupaten/kota Anda"),
        ({"area": "36.71"}, "area", "kecamatan"),
        ({"observed_at": "2030-01-01T08:00:00+07:00"}, "observed_at", "masa depan"),
        ({"facilities_damaged": {"school": {"rb": -1}}}, "facilities_damaged", "bilangan bulat"),
        ({"needs": [{"cluster": "logistik", "description": ""}]}, "needs", ""),
    ],
)
def test_bad_report_is_refused_in_indonesian_naming_the_field_and_nothing_is_saved(
    api_as, petugas_kota_tangerang, flood, overrides, field, words
):
    response = api_as(petugas_kota_tangerang).post(
        "/api/v1/field-reports/", _report_body(flood, **overrides), format="json"
    )
    assert response.status_code == 400, response.json()
    body = response.json()
    assert field in body["errors"]
    assert words in " ".join(str(message) for message in body["errors"][field])
    assert body["message"]
    assert not FieldReport.objects.exists() and not Need.objects.exists()


def test_report_for_a_closed_disaster_is_refused_through_the_api(api_as, staf, petugas_kota_tangerang, flood):
    disaster_change_status(user=staf, disaster=flood, status=EmergencyStatus.SELESAI)
    response = api_as(petugas_kota_tangerang).post("/api/v1/field-reports/", _report_body(flood), format="json")
    assert response.status_code == 400
    assert "sudah ditutup" in response.json()["errors"]["disaster"][0]
    assert not FieldReport.objects.exists()


def test_transitions_the_workflow_does_not_allow_are_refused(api_as, staf, petugas_kota_tangerang, flood, report_of):
    draft = report_of(petugas_kota_tangerang, flood, PERIUK, state="draft")
    province = api_as(staf)
    response = province.post(f"/api/v1/field-reports/{draft.pk}/verify/")
    assert response.status_code == 400
    assert "tidak dapat diverifikasi" in response.json()["errors"]["state"][0]
    verified = report_of(petugas_kota_tangerang, flood, KARAWACI)
    again = api_as(petugas_kota_tangerang).post(f"/api/v1/field-reports/{verified.pk}/submit/")
    assert again.status_code == 400 and "state" in again.json()["errors"]
    returned = province.post(f"/api/v1/field-reports/{verified.pk}/return/", {"reason": "x"}, format="json")
    assert returned.status_code == 400
    status = province.post(f"/api/v1/disasters/{flood.pk}/status/", {"status": "siaga_darurat"}, format="json")
    assert status.status_code == 400 and "status" in status.json()["errors"]
    draft.refresh_from_db()
    verified.refresh_from_db()
    assert (draft.state, verified.state) == (ReportState.DRAFT, ReportState.VERIFIED)


def test_officer_of_another_kabupaten_gets_404_everywhere(
    api_as, petugas_kota_tangerang, petugas_tangsel, petugas_lebak, flood, report_of, staf
):
    report = report_of(petugas_kota_tangerang, flood, PERIUK, state="submitted")
    need = NeedFactory(disaster=flood)
    activity = ActivityFactory(disaster=flood)
    tangsel = api_as(petugas_tangsel)
    for method, url in [
        ("get", f"/api/v1/field-reports/{report.pk}/"),
        ("patch", f"/api/v1/field-reports/{report.pk}/"),
        ("post", f"/api/v1/field-reports/{report.pk}/submit/"),
        ("post", f"/api/v1/field-reports/{report.pk}/verify/"),
        ("post", f"/api/v1/field-reports/{report.pk}/return/"),
        ("get", f"/api/v1/needs/{need.pk}/"),
        ("patch", f"/api/v1/needs/{need.pk}/"),
        ("get", f"/api/v1/activities/{activity.pk}/"),
        ("patch", f"/api/v1/activities/{activity.pk}/"),
    ]:
        response = getattr(tangsel, method)(url, {}, format="json")
        assert response.status_code == 404, (method, url, response.status_code)
        assert response.json()["message"]
    lebak = api_as(petugas_lebak)
    assert lebak.get(f"/api/v1/disasters/{flood.pk}/").status_code == 404
    assert lebak.patch(f"/api/v1/disasters/{flood.pk}/", {"title": "x"}, format="json").status_code == 404
    assert lebak.post(f"/api/v1/disasters/{flood.pk}/status/", {"status": "selesai"}, format="json").status_code == 404
    assert lebak.get("/api/v1/cluster-status/", {"disaster": flood.pk}).status_code == 404
    assert lebak.get("/api/v1/cluster-status/", {"disaster": flood.pk, "format": "csv"}).status_code == 404
    assert lebak.get("/api/v1/disasters/").json()["count"] == 0
    assert tangsel.get("/api/v1/field-reports/").json()["results"] == []
    assert tangsel.get("/api/v1/needs/").json()["count"] == 0
    # Creating in someone else's kabupaten/kota names the field, in Bahasa Indonesia.
    refused = tangsel.post("/api/v1/field-reports/", _report_body(flood, area=PERIUK_DESA), format="json")
    assert refused.status_code == 400 and "di luar" in refused.json()["errors"]["area"][0]
    # A disaster that does not affect the officer is unknown to them.
    refused = lebak.post("/api/v1/field-reports/", _report_body(flood, area="36.02.14"), format="json")
    assert refused.status_code == 400 and "disaster" in refused.json()["errors"]


def test_api_client_reads_only_the_verified_picture_and_cannot_write(
    api_as, api_client_user, petugas_kota_tangerang, flood, report_of
):
    verified = report_of(petugas_kota_tangerang, flood, PERIUK)
    report_of(petugas_kota_tangerang, flood, KARAWACI, state="submitted")
    client = api_as(api_client_user)
    assert [row["id"] for row in client.get("/api/v1/field-reports/").json()["results"]] == [verified.pk]
    response = client.post("/api/v1/field-reports/", _report_body(flood), format="json")
    assert response.status_code == 403 and response.json()["message"]
    assert client.post(f"/api/v1/field-reports/{verified.pk}/verify/").status_code in (400, 403)


def test_officer_cannot_verify_or_declare(api_as, petugas_kota_tangerang, petugas_tangsel, flood, report_of):
    report = report_of(petugas_tangsel, flood, PONDOK_AREN, state="submitted")
    assert api_as(petugas_tangsel).post(f"/api/v1/field-reports/{report.pk}/verify/").status_code == 403
    body = {"disaster_type": "101", "title": "x", "started_on": "2026-01-02", "affected_kabkota": ["36.71"]}
    assert api_as(petugas_kota_tangerang).post("/api/v1/disasters/", body, format="json").status_code == 403


def test_staf_declares_a_disaster_and_changes_its_status(api_as, staf, reference_data):
    client = api_as(staf)
    created = client.post(
        "/api/v1/disasters/",
        {
            "disaster_type": "108",
            "title": "Gempa Pandeglang",
            "started_on": "2026-03-02",
            "affected_kabkota": ["36.01", "36.02"],
            "affected_kecamatan": ["36.01.01"],
            "status": "siaga_darurat",
            "decree_number": "360/1/2026",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    url = f"/api/v1/disasters/{created.json()['id']}/"
    changed = client.post(
        url + "status/",
        {"status": "tanggap_darurat", "decree_number": "360/2/2026", "valid_from": "2026-03-03"},
        format="json",
    )
    assert changed.status_code == 200
    history = changed.json()["status_history"]
    assert [(step["from_status"], step["to_status"], step["changed_by"]) for step in history] == [
        ("", "siaga_darurat", "staf.provinsi"),
        ("siaga_darurat", "tanggap_darurat", "staf.provinsi"),
    ]
    bad = client.post(
        "/api/v1/disasters/",
        {
            "disaster_type": "101",
            "title": "x",
            "started_on": "2026-03-02",
            "affected_kabkota": ["36.01"],
            "affected_kecamatan": ["36.71.08"],
        },
        format="json",
    )
    assert bad.status_code == 400 and "affected_kecamatan" in bad.json()["errors"]


def test_needs_and_activities_api_with_coordinator_scope(api_as, koordinator_logistik, staf, flood):
    coordinator = api_as(koordinator_logistik)
    need = coordinator.post(
        "/api/v1/needs/",
        {
            "disaster": flood.pk,
            "cluster": "logistik",
            "area": PERIUK,
            "description": "Beras 2 ton",
            "people_in_need": 300,
        },
        format="json",
    )
    assert need.status_code == 201, need.json()
    activity = coordinator.post(
        "/api/v1/activities/",
        {
            "disaster": flood.pk,
            "agency": "dinsos-banten",
            "cluster": "logistik",
            "need": need.json()["id"],
            "title": "Distribusi beras",
            "area": PERIUK_DESA,
            "start_date": "2026-01-19",
            "people_reached": 120,
            "status": "ongoing",
        },
        format="json",
    )
    assert activity.status_code == 201, activity.json()
    assert coordinator.get(f"/api/v1/needs/{need.json()['id']}/").json()["people_reached"] == 120
    refused = coordinator.post(
        "/api/v1/activities/",
        {
            "disaster": flood.pk,
            "agency": "pmi-banten",
            "cluster": "kesehatan",
            "title": "Pos kesehatan",
            "area": PERIUK,
            "start_date": "2026-01-19",
        },
        format="json",
    )
    assert refused.status_code == 400 and "area" in refused.json()["errors"]
    NeedFactory(disaster=flood, cluster_code="kesehatan")
    assert coordinator.get("/api/v1/needs/").json()["count"] == 1
    assert api_as(staf).get("/api/v1/needs/").json()["count"] == 2
    done = coordinator.patch(f"/api/v1/activities/{activity.json()['id']}/", {"status": "completed"}, format="json")
    assert done.status_code == 400 and "end_date" in done.json()["errors"]


def test_activities_csv_is_hxl_that_libhxl_parses(api_as, staf, flood, reference_data):
    ActivityFactory(disaster=flood, cluster_code="wash", people_reached=80, area_code=PERIUK_DESA)
    ActivityFactory(disaster=flood, cluster_code="logistik", people_reached=20, agency_code="pmi-banten")
    response = api_as(staf).get("/api/v1/activities/", {"format": "csv", "disaster": flood.pk})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    dataset = hxl.data(io.BytesIO(response.content))
    rows = list(dataset)
    assert sum(int(row.get("#reached")) for row in rows) == 100
    assert {row.get("#sector+cluster") for row in rows} == {"pengungsian-perlindungan", "logistik"}
    assert {row.get("#subsector+code") for row in rows} == {"wash", None}  # libhxl reads an empty cell as None
    assert {row.get("#adm3+code") for row in rows} == {PERIUK}
    assert {row.get("#org+code") for row in rows} == {"dinsos-banten", "pmi-banten"}


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/api/v1/field-reports/", lambda flood, user: FieldReportFactory(disaster=flood, created_by=user)),
        ("/api/v1/needs/", lambda flood, user: NeedFactory(disaster=flood)),
        ("/api/v1/activities/", lambda flood, user: ActivityFactory(disaster=flood)),
    ],
)
def test_list_endpoints_use_the_same_number_of_queries_for_3_and_30_rows(
    api_as, staf, flood, django_assert_num_queries, url, make
):
    client = api_as(staf)
    for _ in range(3):
        make(flood, staf)
    # count + one page with its related rows joined; the report list pages by keyset (no count) and prefetches
    # the page's report needs
    expected = 2

    def rows():
        body = client.get(url).json()
        return body["count"] if "count" in body else len(body["results"])

    with django_assert_num_queries(expected):
        assert rows() == 3
    for _ in range(27):
        make(flood, staf)
    with django_assert_num_queries(expected):
        assert rows() == 30


def test_disaster_list_uses_the_same_number_of_queries_for_3_and_30(api_as, staf, flood, django_assert_num_queries):
    from clusters.services import disaster_create

    client = api_as(staf)

    def declare(count):
        for n in range(count):
            disaster_create(
                user=staf,
                disaster_type=flood.disaster_type,
                title=f"Banjir {n}",
                started_on=flood.started_on,
                affected_kabkota=list(flood.affected_kabkota.all()),
            )

    declare(2)
    # count + page + the three prefetched area lists (kab/kota, kecamatan, desa)
    with django_assert_num_queries(5):
        assert client.get("/api/v1/disasters/").json()["count"] == 3
    declare(27)
    with django_assert_num_queries(5):
        assert client.get("/api/v1/disasters/").json()["count"] == 30


def test_openapi_schema_documents_the_endpoints_and_their_errors(client, staf):
    client.force_login(staf)
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    for path in (
        "/api/v1/disasters/",
        "/api/v1/disasters/{id}/status/",
        "/api/v1/field-reports/",
        "/api/v1/field-reports/{id}/verify/",
        "/api/v1/field-reports/{id}/return/",
        "/api/v1/needs/",
        "/api/v1/activities/",
        "/api/v1/cluster-status/",
        "/api/v1/disaster-types/",
    ):
        assert path in paths, path
    status = paths["/api/v1/cluster-status/"]["get"]
    assert {"200", "304", "400", "404"} <= set(status["responses"])
    assert "text/csv" in status["responses"]["200"]["content"]
    assert {"disaster", "cluster", "region"} <= {parameter["name"] for parameter in status["parameters"]}
    assert {"400", "409"} <= set(paths["/api/v1/field-reports/"]["post"]["responses"])
