"""The REST API: shapes, errors in {"message", "errors"}, personal data by role, scoping of every endpoint."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from banten_dinsos.audit.models import AuditAction, AuditLog
from banten_dinsos.regions.models import Region
from ksb_volunteers.models import Deployment, TaganaMember
from ksb_volunteers.services import deployment_create, ksb_unit_create

from .conftest import at
from .factories import MemberFactory, synthetic_nik

pytestmark = pytest.mark.django_db


# Every endpoint that names a record: (method, path template, body). An officer of another kabupaten gets 404.
RECORD_ENDPOINTS = [
    ("get", "/api/v1/tagana/members/{member}/", None),
    ("patch", "/api/v1/tagana/members/{member}/", {"full_name": "X"}),
    ("post", "/api/v1/tagana/members/{member}/availability/", {"availability": "berhalangan"}),
    ("get", "/api/v1/tagana/imports/{import}/", None),
    ("get", "/api/v1/ksb/units/{unit}/", None),
    ("patch", "/api/v1/ksb/units/{unit}/", {"member_count": 3}),
    ("post", "/api/v1/ksb/units/{unit}/officers/", {"full_name": "X", "role": "bendahara"}),
    ("post", "/api/v1/ksb/units/{unit}/lumbung/", {"kind": "tenda", "quantity": 1, "condition": "baik"}),
    ("post", "/api/v1/ksb/units/{unit}/stakeholders/", {"name": "X", "kind": "media", "provides": "Siaran"}),
    ("delete", "/api/v1/ksb/officers/{officer}/", None),
    ("delete", "/api/v1/ksb/lumbung/{item}/", None),
    ("delete", "/api/v1/ksb/stakeholders/{stakeholder}/", None),
    ("get", "/api/v1/trainings/{training}/", None),
    ("post", "/api/v1/trainings/{training}/participants/", {"member": 1}),
    ("delete", "/api/v1/trainings/{training}/participants/{participation}/", None),
    ("get", "/api/v1/deployments/{deployment}/", None),
    ("post", "/api/v1/deployments/{deployment}/end/", {}),
    ("post", "/api/v1/deployments/{deployment}/cancel/", {"reason": "X"}),
    ("put", "/api/v1/deployments/{deployment}/report/", {"report": "X"}),
    ("get", "/api/v1/duty-roster/?shelter={shelter}", None),
]
LIST_ENDPOINTS = [
    "/api/v1/tagana/members/",
    "/api/v1/tagana/imports/",
    "/api/v1/ksb/units/",
    "/api/v1/ksb/forum/",
    "/api/v1/trainings/",
    "/api/v1/deployments/",
]


@pytest.mark.parametrize(("method", "template", "body"), RECORD_ENDPOINTS)
def test_officer_of_another_kabupaten_gets_404_on_every_record_endpoint(
    api_as, petugas_kota_serang, petugas_lebak, lebak_records, method, template, body
):
    path = template.format(**{key: record.pk for key, record in lebak_records.items()})
    response = getattr(api_as(petugas_kota_serang), method)(path, body, format="json")
    assert response.status_code == 404, (path, response.content)
    assert set(response.json()) == {"message", "errors"}
    # ... while the officer of Lebak reaches the same record.
    own = getattr(api_as(petugas_lebak), "get" if method == "get" else "options")(path)
    assert own.status_code == 200, path


@pytest.mark.parametrize("path", LIST_ENDPOINTS)
def test_lists_hold_nothing_of_another_kabupaten(api_as, petugas_kota_serang, petugas_lebak, lebak_records, path):
    assert api_as(petugas_kota_serang).get(path).json()["count"] == 0
    assert api_as(petugas_lebak).get(path).json()["count"] >= 1


def test_availability_search_of_an_officer_covers_only_their_kabupaten(api_as, petugas_kota_serang, lebak_records):
    query = {"skill": "sar-air", "start": "2026-03-01T08:00:00+07:00", "end": "2026-03-02T08:00:00+07:00"}
    assert api_as(petugas_kota_serang).get("/api/v1/tagana/availability-search/", query).json()["count"] == 0


def test_read_only_client_gets_no_personal_data_and_cannot_write(api_as, api_client_user, lebak_records):
    client = api_as(api_client_user)
    member = lebak_records["member"]
    listed = client.get("/api/v1/tagana/members/").json()["results"][0]
    assert "nik_masked" not in listed and listed["member_number"] == member.member_number
    detail = client.get(f"/api/v1/tagana/members/{member.pk}/").json()
    assert not {"nik", "phone", "birth_date"} & set(detail)
    officers = client.get(f"/api/v1/ksb/units/{lebak_records['unit'].pk}/").json()["officers"]
    assert "phone" not in officers[0]
    assert client.patch(f"/api/v1/tagana/members/{member.pk}/", {"full_name": "X"}, format="json").status_code == 403
    assert client.post("/api/v1/deployments/", {}, format="json").status_code == 403
    assert not AuditLog.objects.filter(action=AuditAction.VIEW, actor=api_client_user).exists()


def test_officer_sees_masked_nik_in_lists_and_whole_nik_on_the_audited_detail(api_as, petugas_lebak, lebak_records):
    client = api_as(petugas_lebak)
    member = lebak_records["member"]
    listed = client.get("/api/v1/tagana/members/").json()["results"][0]
    assert listed["nik_masked"] == member.nik[:4] + "********" + member.nik[-4:]
    detail = client.get(f"/api/v1/tagana/members/{member.pk}/").json()
    assert detail["nik"] == member.nik and detail["phone"] == member.phone
    assert {entry["skill"] for entry in detail["skill_entries"]} == {"sar-air", "dapur-umum", "evakuasi"}
    viewed = AuditLog.objects.get(action=AuditAction.VIEW, actor=petugas_lebak)
    assert member.nik not in viewed.note and viewed.object_id == str(member.pk)


def test_member_is_registered_over_the_api_and_bad_input_names_the_fields(api_as, petugas_lebak, skills):
    client = api_as(petugas_lebak)
    body = {
        "member_number": "TGN.3602.0500",
        "nik": synthetic_nik(kabkota_code="36.02", sex="P", birth_date=date(1993, 8, 17), serial=500),
        "full_name": "Dewi Lestari",
        "sex": "P",
        "birth_date": "1993-08-17",
        "phone": "0857-1234-5678",
        "kabkota": "36.02",
        "skills": ["psikososial-ldp"],
    }
    created = client.post("/api/v1/tagana/members/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["skills"] == ["psikososial-ldp"]

    again = client.post("/api/v1/tagana/members/", body | {"skills": ["sulap"]}, format="json")
    assert again.status_code == 400
    assert "skills" in again.json()["errors"]
    duplicate = client.post("/api/v1/tagana/members/", body, format="json")
    assert duplicate.status_code == 400 and "member_number" in duplicate.json()["errors"]
    assert "member_number" in duplicate.json()["message"] or duplicate.json()["message"]
    bad = client.post(
        "/api/v1/tagana/members/", body | {"member_number": "TGN.3602.0501", "nik": "123", "phone": "x"}, format="json"
    )
    assert bad.status_code == 400 and "nik" in bad.json()["errors"]
    assert TaganaMember.objects.count() == 1


def test_deployment_over_the_api_refuses_double_booking_with_a_clear_message(api_as, petugas_lebak, lebak_records):
    client = api_as(petugas_lebak)
    body = {
        "disaster": lebak_records["deployment"].disaster_id,
        "member": lebak_records["member"].pk,
        "role": "dapur_umum",
        "start_at": "2026-01-20T08:00:00+07:00",
        "end_at": "2026-01-21T08:00:00+07:00",
    }
    response = client.post("/api/v1/deployments/", body, format="json")
    assert response.status_code == 400
    assert "start_at" in response.json()["errors"]
    assert lebak_records["member"].full_name in response.json()["errors"]["start_at"][0]
    assert Deployment.objects.count() == 1

    ended = client.post(
        f"/api/v1/deployments/{lebak_records['deployment'].pk}/end/",
        {"ended_at": "2026-01-20T08:00:00+07:00", "report": "Posko tertib; 120 pengungsi terdata."},
        format="json",
    )
    assert ended.status_code == 200 and ended.json()["status"] == "selesai"
    assert ended.json()["report"].startswith("Posko tertib")
    assert client.post("/api/v1/deployments/", body, format="json").status_code == 201


def test_deployment_to_a_disaster_the_officer_cannot_see_is_refused_like_a_missing_one(
    api_as, petugas_kota_serang, member_kota_serang, flood
):
    client = api_as(petugas_kota_serang)
    body = {"member": member_kota_serang.pk, "role": "logistik", "start_at": "2026-01-20T08:00"}
    hidden = client.post("/api/v1/deployments/", body | {"disaster": flood.pk}, format="json")
    missing = client.post("/api/v1/deployments/", body | {"disaster": flood.pk + 10_000}, format="json")
    assert same_refusal(hidden, missing, value=flood.pk, missing_value=flood.pk + 10_000)


def test_availability_search_checks_its_parameters(api_as, staf, skills):
    client = api_as(staf)
    missing = client.get("/api/v1/tagana/availability-search/", {"skill": "sar-air"})
    assert missing.status_code == 400 and {"start", "end"} <= set(missing.json()["errors"])
    unknown = client.get(
        "/api/v1/tagana/availability-search/",
        {"skill": "sulap", "start": "2026-03-01T08:00", "end": "2026-03-02T08:00"},
    )
    assert unknown.status_code == 400 and "skill" in unknown.json()["errors"]
    backwards = client.get(
        "/api/v1/tagana/availability-search/",
        {"skill": "sar-air", "start": "2026-03-02T08:00", "end": "2026-03-01T08:00"},
    )
    assert backwards.status_code == 400 and "end" in backwards.json()["errors"]


def test_roster_import_over_the_api_returns_the_row_report(api_as, petugas_lebak, skills):
    rows = [
        "nomor_induk_anggota;nik;nama;jenis_kelamin;tanggal_lahir;kabupaten_kota",
        f"TGN.3602.0700;{synthetic_nik(kabkota_code='36.02', sex='L', birth_date=date(1990, 1, 2), serial=700)};"
        "Ade;L;02/01/1990;Lebak",
        "TGN.3602.0701;12;Ade Dua;L;02/01/1990;Lebak",
    ]
    upload = SimpleUploadedFile("roster.csv", ("\ufeff" + "\n".join(rows)).encode(), content_type="text/csv")
    response = api_as(petugas_lebak).post("/api/v1/tagana/imports/", {"file": upload}, format="multipart")
    assert response.status_code == 201
    assert (response.json()["rows_created"], response.json()["rows_failed"]) == (1, 1)
    assert response.json()["errors"][0]["row"] == 3 and response.json()["errors"][0]["column"] == "nik"


def test_duty_roster_api_lists_the_day(api_as, petugas_lebak, lebak_records):
    shelter = lebak_records["shelter"]
    roster = api_as(petugas_lebak).get("/api/v1/duty-roster/", {"shelter": shelter.pk, "date": "2026-01-19"}).json()
    assert roster["place"] == shelter.name
    assert [line["member_number"] for line in roster["lines"]] == [lebak_records["member"].member_number]
    assert roster["lines"][0]["whole_day"] is True


def test_member_list_api_uses_the_same_number_of_queries_for_3_and_30(api_as, staf, skills, django_assert_num_queries):
    client = api_as(staf)
    for _ in range(3):
        MemberFactory(roster_skills=["sar-air", "logistik"])
    # count + page (kabupaten/kota joined) + the valid skills of the page's members (one prefetch)
    with django_assert_num_queries(3):
        assert client.get("/api/v1/tagana/members/").json()["count"] == 3
    for _ in range(27):
        MemberFactory(roster_skills=["dapur-umum"])
    with django_assert_num_queries(3):
        assert client.get("/api/v1/tagana/members/").json()["count"] == 30


def test_deployment_and_unit_lists_use_a_constant_number_of_queries(
    api_as, staf, flood, skills, django_assert_num_queries
):
    client = api_as(staf)

    def add(count):
        for _ in range(count):
            member = MemberFactory()
            deployment_create(user=staf, disaster=flood, member=member, role="logistik", start_at=at(18))
            ksb_unit_create(user=staf, name=f"KSB {member.pk}", desa=Region.objects.get(code="36.02.14.1007"))

    add(3)
    # deployments: count + page with disaster, member, unit and places joined
    # units: count + page + hazards (one prefetch)
    with django_assert_num_queries(2):
        client.get("/api/v1/deployments/")
    with django_assert_num_queries(3):
        client.get("/api/v1/ksb/units/")
    add(27)
    with django_assert_num_queries(2):
        assert client.get("/api/v1/deployments/").json()["count"] == 30
    with django_assert_num_queries(3):
        assert client.get("/api/v1/ksb/units/").json()["count"] == 30


def test_schema_documents_the_volunteer_endpoints(client, staf):
    client.force_login(staf)
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    for path in (
        "/api/v1/tagana/members/",
        "/api/v1/tagana/availability-search/",
        "/api/v1/deployments/",
        "/api/v1/duty-roster/",
        "/api/v1/ksb/units/{id}/",
        "/api/v1/trainings/{id}/participants/",
    ):
        assert path in paths


def same_refusal(response, missing, *, value, missing_value) -> bool:
    """The two answers are the same once the id each one names is set aside (the message repeats the id)."""

    def text(answer, named):
        return json.dumps(answer.json(), sort_keys=True).replace(str(named), "<id>")

    return response.status_code == missing.status_code == 400 and text(response, value) == text(missing, missing_value)
