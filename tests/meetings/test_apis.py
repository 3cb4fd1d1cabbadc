"""The REST API: create and change meetings, invite, take attendance, minutes, follow-ups and input on drafts."""

from datetime import date

import pytest

from meetings.models import ActionItem, AttendanceStatus, Meeting, Participant

from .conftest import wib
from .factories import ActionItemFactory, MeetingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

NEW_MEETING = {
    "kind": "rakor",
    "title": "Rapat evaluasi penanganan banjir",
    "starts_at": "2026-02-02T09:00:00+07:00",
    "ends_at": "2026-02-02T11:00:00+07:00",
    "place": "Ruang rapat BPBD Provinsi Banten",
    "chair": "Kepala Pelaksana BPBD Provinsi Banten",
    "organizer": "bpbd-banten",
    "clusters": ["pengungsian-perlindungan"],
    "agenda": [{"title": "Evaluasi posko", "presenter": "Dinsos"}, {"title": "Rencana pemulihan"}],
}


def test_staff_schedules_a_meeting_that_concerns_the_disasters_kabkota_by_default(api_as, staf, flood):
    response = api_as(staf).post("/api/v1/meetings/", {**NEW_MEETING, "disaster": flood.pk}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["starts_at"] == "2026-02-02T09:00:00+07:00"
    assert sorted(body["concerned_kabkota"]) == ["36.03", "36.71", "36.74"]
    assert [item["title"] for item in body["agenda"]] == ["Evaluasi posko", "Rencana pemulihan"]
    assert body["attendance"]["sentences"] == [] and body["minutes_pdf"]["available"] is False


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"ends_at": "2026-02-02T08:00:00+07:00"}, "ends_at", "Waktu selesai"),
        ({"place": "", "online_url": ""}, "place", "tautan rapat daring"),
        ({"kind": "arisan"}, "kind", ""),
        ({"organizer": "tidak-ada"}, "organizer", ""),
        ({"concerned_kabkota": ["36.02.01"]}, "concerned_kabkota", ""),
    ],
)
def test_bad_meeting_input_is_refused_in_indonesian_naming_the_field(api_as, staf, changes, field, words):
    response = api_as(staf).post("/api/v1/meetings/", {**NEW_MEETING, **changes}, format="json")
    assert response.status_code == 400, response.json()
    body = response.json()
    assert field in body["errors"]
    assert words in str(body["errors"][field]) and body["message"]
    assert not Meeting.objects.exists()


def test_coordinator_schedules_only_meetings_of_their_own_clusters(api_as, koordinator_kesehatan):
    client = api_as(koordinator_kesehatan)
    refused = client.post("/api/v1/meetings/", NEW_MEETING, format="json")
    assert refused.status_code == 400 and "clusters" in refused.json()["errors"]
    accepted = client.post("/api/v1/meetings/", {**NEW_MEETING, "clusters": ["kesehatan"]}, format="json")
    assert accepted.status_code == 201


def test_officer_may_not_schedule_a_meeting(api_as, petugas_lebak):
    assert api_as(petugas_lebak).post("/api/v1/meetings/", NEW_MEETING, format="json").status_code == 403


def test_patch_changes_the_agenda_and_keeps_the_points_of_items_that_stay(api_as, staf, rakor, time_machine):
    time_machine.move_to(wib(2026, 1, 26, 12), tick=False)
    client = api_as(staf)
    first = rakor.agenda_items.get(position=1)
    client.put(
        f"/api/v1/meetings/{rakor.pk}/minutes/",
        {"summary": "Ringkasan.", "points": [{"agenda_item": first.pk, "points": "Tiga kab/kota terdampak."}]},
        format="json",
    )
    response = client.patch(
        f"/api/v1/meetings/{rakor.pk}/", {"agenda": [{"title": "Laporan situasi banjir (diperbarui)"}]}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["agenda"] == [
        {
            "id": first.pk,
            "position": 1,
            "title": "Laporan situasi banjir (diperbarui)",
            "presenter": "",
            "points": "Tiga kab/kota terdampak.",
        }
    ]
    assert response.json()["minutes_summary"] == "Ringkasan."


def test_attendance_endpoint_records_invited_people_and_flags_walk_ins(api_as, staf, rakor, time_machine):
    time_machine.move_to(wib(2026, 1, 26, 10), tick=False)
    client = api_as(staf)
    invited = client.post(
        f"/api/v1/meetings/{rakor.pk}/participants/", {"agency": "dinkes-banten"}, format="json"
    ).json()
    response = client.post(
        f"/api/v1/meetings/{rakor.pk}/attendance/",
        {
            "entries": [
                {"participant": invited["id"], "attendance": "diwakili", "represented_by": "dr. Rina"},
                {
                    "name": "Ujang Permana",
                    "organisation": "KSB Desa Kohod",
                    "kabkota": "36.03",
                    "group": "ksb",
                    "attendance": "hadir",
                },
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["changed"] == 2
    assert [(p["display_name"], p["is_walk_in"]) for p in body["walk_ins"]] == [("Ujang Permana", True)]
    assert body["summary"]["represented"] == 1 and body["summary"]["walk_ins"] == 1
    assert "1 pengurus KSB dari 1 kabupaten/kota" in body["summary"]["sentences"]


def test_represented_without_a_name_is_refused_over_the_api(api_as, staf, rakor, time_machine):
    time_machine.move_to(wib(2026, 1, 26, 10), tick=False)
    client = api_as(staf)
    invited = client.post(f"/api/v1/meetings/{rakor.pk}/participants/", {"agency": "dinkes-banten"}, format="json")
    response = client.post(
        f"/api/v1/meetings/{rakor.pk}/attendance/",
        {"entries": [{"participant": invited.json()["id"], "attendance": "diwakili"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "represented_by" in response.json()["errors"]
    assert Participant.objects.get().attendance == AttendanceStatus.NOT_RECORDED


def test_phone_numbers_are_shown_to_organisers_only(api_as, staf, rakor, petugas_kota_tangerang):
    api_as(staf).post(
        f"/api/v1/meetings/{rakor.pk}/participants/",
        {"name": "Asep Suryana", "organisation": "KSB Periuk", "phone": "0812-0000-1111", "group": "ksb"},
        format="json",
    )
    assert api_as(staf).get(f"/api/v1/meetings/{rakor.pk}/participants/").json()["results"][0]["phone"]
    assert (
        api_as(petugas_kota_tangerang).get(f"/api/v1/meetings/{rakor.pk}/participants/").json()["results"][0]["phone"]
        is None
    )


def test_action_item_due_before_the_meeting_is_refused_over_the_api(api_as, staf, rakor):
    response = api_as(staf).post(
        "/api/v1/action-items/",
        {"meeting": rakor.pk, "title": "Terlalu awal", "owner_agency": "dinsos-banten", "due_on": "2026-01-20"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "due_on" in body["errors"] and "Tenggat" in str(body["errors"]["due_on"])
    assert not ActionItem.objects.exists()


def test_owner_agencys_officer_adds_progress_over_the_api_and_overdue_filter_finds_it(
    api_as, staf, rakor, petugas_kota_tangerang, time_machine
):
    time_machine.move_to(wib(2026, 1, 27, 10), tick=False)
    created = api_as(staf).post(
        "/api/v1/action-items/",
        {"meeting": rakor.pk, "title": "Data pengungsi harian", "owner_agency": "dinsos-3671", "due_on": "2026-01-29"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    client = api_as(petugas_kota_tangerang)
    progress = client.post(
        f"/api/v1/action-items/{pk}/progress/", {"note": "Data 4 posko dikirim.", "status": "dikerjakan"}, format="json"
    )
    assert progress.status_code == 201 and progress.json()["progress"][0]["note"] == "Data 4 posko dikirim."
    assert client.patch(f"/api/v1/action-items/{pk}/", {"title": "x"}, format="json").status_code == 403
    time_machine.move_to(wib(2026, 1, 30, 10), tick=False)
    mine = client.get("/api/v1/action-items/", {"mine": "true", "overdue": "true"}).json()
    assert [row["id"] for row in mine["results"]] == [pk] and mine["results"][0]["is_overdue"] is True


def test_input_after_the_deadline_comes_back_marked_late(api_as, staf, rakor, petugas_kota_tangerang, time_machine):
    time_machine.move_to(wib(2026, 1, 27, 9), tick=False)
    opened = api_as(staf).post(
        "/api/v1/input-rounds/",
        {
            "meeting": rakor.pk,
            "title": "Draf Jitupasna",
            "deadline": "2026-02-09T16:00:00+07:00",
            "agencies": ["dinsos-3671", "dinkes-banten"],
            "document_url": "https://drive.example.org/draf",
        },
        format="json",
    )
    assert opened.status_code == 201, opened.json()
    pk = opened.json()["id"]
    time_machine.move_to(wib(2026, 2, 10, 9), tick=False)
    sent = api_as(petugas_kota_tangerang).post(
        f"/api/v1/input-rounds/{pk}/inputs/", {"agency": "dinsos-3671", "text": "Sektor sosial."}, format="json"
    )
    assert sent.status_code == 201 and sent.json()["is_late"] is True
    overview = api_as(staf).get(f"/api/v1/input-rounds/{pk}/").json()["overview"]
    assert [(row["agency"], row["state"]) for row in overview] == [
        ("dinkes-banten", "missing"),
        ("dinsos-3671", "late"),
    ]


def test_minutes_pdf_request_answers_202_and_download_404_until_built(
    api_as, staf, rakor, django_capture_on_commit_callbacks
):
    from unittest import mock

    client = api_as(staf)
    assert client.get(f"/api/v1/meetings/{rakor.pk}/minutes.pdf").status_code == 404
    with (
        mock.patch("meetings.tasks.meeting_minutes_pdf_build.apply_async"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(f"/api/v1/meetings/{rakor.pk}/minutes.pdf")
    assert response.status_code == 202 and "disiapkan" in response.json()["message"]
    assert client.get(f"/api/v1/meetings/{rakor.pk}/").json()["minutes_pdf"]["pending"] is True


def test_meeting_list_takes_the_same_number_of_queries_for_3_and_30_meetings(
    api_as, staf, reference_data, django_assert_num_queries
):
    client = api_as(staf)
    for meeting in MeetingFactory.create_batch(3):
        ActionItemFactory(meeting=meeting, due_on=date(2026, 1, 28))
    # 2 queries: the page count, then the page of meetings with organiser, disaster and overdue count joined in.
    with django_assert_num_queries(2):
        assert client.get("/api/v1/meetings/").json()["count"] == 3
    MeetingFactory.create_batch(27)
    with django_assert_num_queries(2):
        assert client.get("/api/v1/meetings/").json()["count"] == 30


def test_participant_list_takes_the_same_number_of_queries_for_3_and_30_participants(
    api_as, staf, rakor, django_assert_num_queries
):
    client = api_as(staf)
    ParticipantFactory.create_batch(3, meeting=rakor)
    # 6 queries: the meeting (scoped, with its overdue count) and its prefetched clusters, regions and agenda,
    # then the page count and the page of participants with user, agency and kabupaten/kota joined in.
    with django_assert_num_queries(6):
        assert client.get(f"/api/v1/meetings/{rakor.pk}/participants/").json()["count"] == 3
    ParticipantFactory.create_batch(27, meeting=rakor)
    with django_assert_num_queries(6):
        assert client.get(f"/api/v1/meetings/{rakor.pk}/participants/").json()["count"] == 30


def test_action_item_list_takes_the_same_number_of_queries_for_3_and_30_items(
    api_as, staf, rakor, django_assert_num_queries
):
    client = api_as(staf)
    ActionItemFactory.create_batch(3, meeting=rakor)
    # 2 queries: the page count, then the page with meeting, owner agency, owner user and decision joined in.
    with django_assert_num_queries(2):
        assert client.get("/api/v1/action-items/").json()["count"] == 3
    ActionItemFactory.create_batch(27, meeting=rakor)
    with django_assert_num_queries(2):
        assert client.get("/api/v1/action-items/").json()["count"] == 30


def test_openapi_schema_documents_the_meeting_endpoints(client, staf):
    client.force_login(staf)
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    for path in (
        "/api/v1/meetings/",
        "/api/v1/meetings/{id}/attendance/",
        "/api/v1/action-items/{id}/progress/",
        "/api/v1/input-rounds/{id}/inputs/",
        "/api/v1/meetings/{id}/calendar.ics",
    ):
        assert path in paths, path


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ([{"participant": 1}], "non_field_errors"),
        ({"entries": []}, "entries"),
        ({"entries": [{"participant": 999999, "attendance": "hadir"}]}, "participant"),
    ],
)
def test_malformed_attendance_input_is_refused_naming_the_field(api_as, staf, rakor, time_machine, payload, field):
    time_machine.move_to(wib(2026, 1, 26, 10), tick=False)
    response = api_as(staf).post(f"/api/v1/meetings/{rakor.pk}/attendance/", payload, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
