"""The approval flow end to end over the API: two levels and one level, the lock, withdraw, unapprove, the queue
with its likely duplicates, completeness, approval settings and validation rules; refusals in Indonesian."""

import uuid

import pytest

from clusters.models import ApprovalLevels, FieldReport, ReportState, ValidationRule

from ..conftest import PERIUK

pytestmark = pytest.mark.django_db


def create_and_submit(client, disaster, **figures):
    body = {
        "disaster": disaster.pk,
        "idempotency_key": str(uuid.uuid4()),
        "area": PERIUK,
        "observed_at": "2026-01-18T08:00:00+07:00",
        "affected_people": 120,
        "affected_families": 35,
        "displaced": 40,
        "submit": True,
        **figures,
    }
    return client.post("/api/v1/field-reports/", body, format="json")


def test_two_levels_end_to_end_through_the_api(
    api_as, two_level_flood, petugas_kota_tangerang, koordinator_kota_tangerang, staf
):
    officer, approver, province = api_as(petugas_kota_tangerang), api_as(koordinator_kota_tangerang), api_as(staf)
    created = create_and_submit(officer, two_level_flood)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["state"] == "submitted"

    queue = approver.get("/api/v1/field-reports/queue/").json()
    assert [item["id"] for item in queue["results"]] == [pk]
    assert province.get("/api/v1/field-reports/queue/").json()["results"] == [], "not yet the province's turn"

    early = province.post(f"/api/v1/field-reports/{pk}/verify/")
    assert early.status_code == 400
    assert early.json()["errors"]["state"] == [
        "Bencana ini memakai dua tingkat persetujuan: koordinator kab/kota menyetujui laporan lebih dahulu."
    ]

    approved = approver.post(f"/api/v1/field-reports/{pk}/approve/")
    assert approved.status_code == 200
    assert approved.json()["state"] == "approved" and approved.json()["approved_by"] == "koordinator.kota-tangerang"
    again = approver.post(f"/api/v1/field-reports/{pk}/approve/")
    assert again.status_code == 400 and "sudah disetujui" in again.json()["errors"]["state"][0]

    locked = officer.patch(f"/api/v1/field-reports/{pk}/", {"displaced": 41}, format="json")
    assert locked.status_code == 400 and "terkunci" in locked.json()["errors"]["state"][0]

    assert [item["id"] for item in province.get("/api/v1/field-reports/queue/").json()["results"]] == [pk]
    verified = province.post(f"/api/v1/field-reports/{pk}/verify/")
    assert verified.status_code == 200 and verified.json()["state"] == "verified"
    history = [step["action"] for step in verified.json()["history"]]
    assert history == ["create", "submit", "approve", "verify"]

    no_reason = province.post(f"/api/v1/field-reports/{pk}/unapprove/", {"reason": ""}, format="json")
    assert no_reason.status_code == 400
    assert no_reason.json()["errors"] == {"reason": ["Tuliskan alasan persetujuan ditarik kembali."]}
    assert FieldReport.objects.get(pk=pk).state == ReportState.VERIFIED

    back = province.post(f"/api/v1/field-reports/{pk}/unapprove/", {"reason": "Angka ganda."}, format="json")
    assert back.status_code == 200 and back.json()["state"] == "approved"


def test_one_level_end_to_end_through_the_api(api_as, flood, petugas_kota_tangerang, koordinator_kota_tangerang, staf):
    officer, approver, province = api_as(petugas_kota_tangerang), api_as(koordinator_kota_tangerang), api_as(staf)
    pk = create_and_submit(officer, flood).json()["id"]
    assert approver.get("/api/v1/field-reports/queue/").json()["results"] == []
    refused = approver.post(f"/api/v1/field-reports/{pk}/approve/")
    assert refused.status_code == 400
    assert refused.json()["errors"]["state"] == ["Laporan bencana ini diverifikasi langsung oleh provinsi."]
    assert [item["id"] for item in province.get("/api/v1/field-reports/queue/").json()["results"]] == [pk]
    assert province.post(f"/api/v1/field-reports/{pk}/verify/").json()["state"] == "verified"


def test_approving_outside_ones_kabkota_answers_404_and_changes_nothing(
    api_as, two_level_flood, petugas_kota_tangerang, koordinator_tangsel
):
    pk = create_and_submit(api_as(petugas_kota_tangerang), two_level_flood).json()["id"]
    response = api_as(koordinator_tangsel).post(f"/api/v1/field-reports/{pk}/approve/")
    assert response.status_code == 404
    assert FieldReport.objects.get(pk=pk).state == ReportState.SUBMITTED


def test_approving_ones_own_report_is_refused_in_indonesian(api_as, two_level_flood, koordinator_kota_tangerang):
    client = api_as(koordinator_kota_tangerang)
    pk = create_and_submit(client, two_level_flood).json()["id"]
    response = client.post(f"/api/v1/field-reports/{pk}/approve/")
    assert response.status_code == 400
    assert response.json()["errors"]["state"] == [
        "Anda tidak dapat menyetujui laporan yang Anda tulis atau kirim sendiri."
    ]


def test_the_officer_withdraws_a_duplicate_flagged_in_the_queue(
    api_as, two_level_flood, petugas_kota_tangerang, koordinator_kota_tangerang, django_assert_max_num_queries
):
    officer = api_as(petugas_kota_tangerang)
    first = create_and_submit(officer, two_level_flood).json()["id"]
    twin = create_and_submit(officer, two_level_flood, observed_at="2026-01-18T09:30:00+07:00").json()["id"]
    other = create_and_submit(officer, two_level_flood, displaced=41).json()["id"]
    queue = api_as(koordinator_kota_tangerang).get("/api/v1/field-reports/queue/").json()["results"]
    assert {item["id"]: item["likely_duplicates"] for item in queue} == {first: [twin], twin: [first], other: []}

    withdrawn = officer.post(f"/api/v1/field-reports/{twin}/withdraw/", {"reason": "Terkirim dua kali."}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "draft"
    queue = api_as(koordinator_kota_tangerang).get("/api/v1/field-reports/queue/").json()["results"]
    assert {item["id"]: item["likely_duplicates"] for item in queue} == {first: [], other: []}


def test_the_queue_is_a_fixed_number_of_queries(
    api_as, two_level_flood, petugas_kota_tangerang, koordinator_kota_tangerang, django_assert_num_queries
):
    officer = api_as(petugas_kota_tangerang)
    for hour in (6, 7, 8, 9):
        create_and_submit(officer, two_level_flood, observed_at=f"2026-01-18T0{hour}:00:00+07:00")
    client = api_as(koordinator_kota_tangerang)
    # Count (1), page (1), needs prefetch (1), duplicates (1).
    with django_assert_num_queries(4):
        response = client.get("/api/v1/field-reports/queue/")
    assert response.json()["count"] == 4


def test_soft_warning_needs_a_comment_over_the_api_and_the_approver_sees_it(
    api_as, two_level_flood, petugas_kota_tangerang, koordinator_kota_tangerang, default_rules
):
    officer = api_as(petugas_kota_tangerang)
    response = create_and_submit(officer, two_level_flood, dead=1, injured=0, missing=0)
    assert response.status_code == 400
    assert "Ada korban meninggal" in response.json()["errors"]["warning_comment"][0]
    assert not FieldReport.objects.exists(), "create and submit are one transaction"
    response = create_and_submit(
        officer, two_level_flood, dead=1, injured=0, missing=0, warning_comment="Korban hanyut, sudah dicek."
    )
    assert response.status_code == 201
    queued = api_as(koordinator_kota_tangerang).get("/api/v1/field-reports/queue/").json()["results"][0]
    assert queued["warning_comment"] == "Korban hanyut, sudah dicek."
    assert queued["rule_warnings"][0]["rule"] == "meninggal-tanpa-luka"


def test_completeness_api_gives_percent_per_kabkota(
    api_as, two_level_flood, petugas_kota_tangerang, koordinator_kota_tangerang, staf
):
    pk = create_and_submit(api_as(petugas_kota_tangerang), two_level_flood).json()["id"]
    api_as(koordinator_kota_tangerang).post(f"/api/v1/field-reports/{pk}/approve/")
    response = api_as(staf).get(f"/api/v1/field-reports/completeness/?disaster={two_level_flood.pk}&date=2026-01-18")
    assert response.status_code == 200
    data = response.json()
    assert data["deadline"] == "16.00 WIB"
    rows = {row["code"]: row for row in data["kabkota"]}
    assert (rows["36.71"]["complete"], rows["36.71"]["expected"], rows["36.71"]["percent"]) == (1, 1, 100.0)
    # Sent today for an observation of 18 January: complete, but after that day's 16.00 deadline.
    assert data["reporting_level"] == "kecamatan"
    assert rows["36.71"]["areas"] == [
        {
            "code": PERIUK,
            "name": "Periuk",
            "status": "reported_late",
            "report_ids": [pk],
            "kecamatan_code": PERIUK,
            "kecamatan_name": "Periuk",
        }
    ]
    assert rows["36.71"]["kecamatan"] == [
        {"code": PERIUK, "name": "Periuk", "expected": 1, "complete": 1, "late": 0, "percent": 100.0}
    ]
    assert rows["36.74"]["percent"] == 0.0 and rows["36.74"]["areas"][0]["status"] == "late"


def test_completeness_api_bad_input_names_the_field(api_as, staf, two_level_flood, petugas_kota_serang):
    bad = api_as(staf).get(f"/api/v1/field-reports/completeness/?disaster={two_level_flood.pk}&date=kemarin")
    assert bad.status_code == 400 and "date" in bad.json()["errors"]
    assert api_as(staf).get("/api/v1/field-reports/completeness/").status_code == 400
    outside = api_as(petugas_kota_serang).get(f"/api/v1/field-reports/completeness/?disaster={two_level_flood.pk}")
    assert outside.status_code == 404


def test_staff_switch_a_disaster_to_two_levels_and_officers_may_not(api_as, flood, staf, petugas_kota_tangerang):
    url = f"/api/v1/disasters/{flood.pk}/reporting/"
    assert api_as(petugas_kota_tangerang).patch(url, {"approval_levels": 2}, format="json").status_code == 403
    response = api_as(staf).patch(url, {"approval_levels": 2, "report_deadline": "15:30"}, format="json")
    assert response.status_code == 200
    assert response.json() == {"approval_levels": 2, "report_deadline": "15:30:00"}
    flood.refresh_from_db()
    assert flood.approval_levels == ApprovalLevels.KABKOTA_THEN_PROVINCE
    bad = api_as(staf).patch(url, {"approval_levels": 3}, format="json")
    assert bad.status_code == 400 and "approval_levels" in bad.json()["errors"]


def test_validation_rules_api(api_as, staf, petugas_kota_tangerang):
    staff = api_as(staf)
    invalid = staff.post(
        "/api/v1/validation-rules/",
        {"code": "x", "name": "X", "expression": "displaced <= ", "message": "m", "severity": "hard"},
        format="json",
    )
    assert invalid.status_code == 400
    assert invalid.json()["errors"] == {"expression": ["Ekspresi berakhir terlalu cepat."]}
    assert not ValidationRule.objects.exists()
    created = staff.post(
        "/api/v1/validation-rules/",
        {
            "code": "pengungsi-terdampak",
            "name": "Pengungsi tidak melebihi terdampak",
            "expression": "displaced <= affected_people",
            "message": "Pengungsi melebihi terdampak.",
            "severity": "hard",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    duplicate = staff.post(
        "/api/v1/validation-rules/",
        {"code": "pengungsi-terdampak", "name": "Y", "expression": "dead >= 0", "message": "m", "severity": "soft"},
        format="json",
    )
    assert duplicate.status_code == 400 and "code" in duplicate.json()["errors"]
    officer = api_as(petugas_kota_tangerang)
    assert [rule["code"] for rule in officer.get("/api/v1/validation-rules/").json()["results"]] == [
        "pengungsi-terdampak"
    ]
    assert officer.patch(f"/api/v1/validation-rules/{pk}/", {"is_active": False}, format="json").status_code == 403
    changed = staff.patch(f"/api/v1/validation-rules/{pk}/", {"severity": "soft"}, format="json")
    assert changed.status_code == 200 and changed.json()["severity"] == "soft"
    assert changed.json()["updated_by"] == "staf.provinsi"
