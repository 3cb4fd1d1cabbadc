"""The month calendar and the iCalendar export (parsed back with the icalendar package)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from clusters.models import Cluster
from meetings.models import MeetingKind
from meetings.selectors import meeting_calendar_month, meeting_list
from meetings.services import meeting_cancel, meeting_create, meeting_update

from .conftest import agency, wib

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_ics_export_parses_back_with_wib_times_agenda_and_place(page_as, staf, rakor):
    response = page_as(staf).get(f"/rapat/{rakor.pk}/rapat.ics")
    assert 'filename="rapat-' in response["Content-Disposition"]
    calendar = parse(response)
    [event] = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start == wib(2026, 1, 26, 9) and start.tzinfo.key == "Asia/Jakarta"
    assert event.decoded("DTEND") == wib(2026, 1, 26, 12)
    assert str(event["SUMMARY"]) == "Rapat Koordinasi Penanganan Banjir Tangerang Raya"
    assert str(event["LOCATION"]) == "Pendopo Gubernur Banten, Kota Serang"
    assert "1. Laporan situasi banjir" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED" and int(event["SEQUENCE"]) == 0
    assert str(event["UID"]) == f"rapat-{rakor.pk}@portal.dinsos.bantenprov.go.id"
    assert str(event["URL"]).endswith(f"/rapat/{rakor.pk}/")
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Jakarta"]


def test_rescheduling_raises_the_sequence_and_cancelling_marks_the_event_cancelled(api_as, staf, rakor):
    meeting_update(user=staf, meeting=rakor, data={"starts_at": wib(2026, 1, 26, 13), "ends_at": wib(2026, 1, 26, 16)})
    meeting_update(user=staf, meeting=rakor, data={"chair": "Wakil Gubernur Banten"})  # not a schedule change
    meeting_cancel(user=staf, meeting=rakor, reason="Digabung dengan rapat terbatas.")
    [event] = parse(api_as(staf).get(f"/api/v1/meetings/{rakor.pk}/calendar.ics")).walk("VEVENT")
    assert int(event["SEQUENCE"]) == 2
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("DTSTART").astimezone(ZoneInfo("Asia/Jakarta")).hour == 13


def test_month_grid_starts_on_monday_and_spreads_a_working_visit_over_its_days(staf, rakor, fgd):
    visit = meeting_create(
        user=staf,
        kind=MeetingKind.KUNKER,
        title="Kunjungan kerja ke Kabupaten Tangerang",
        starts_at=wib(2026, 1, 30, 8),
        ends_at=wib(2026, 2, 1, 0),  # ends at midnight: does not spill onto 1 February
        place="Kecamatan Teluknaga",
        chair="Sekretaris Daerah Provinsi Banten",
        organizer=agency("dinsos-banten"),
    )
    weeks = meeting_calendar_month(user=staf, year=2026, month=1)
    days = {cell.day: [m.title for m in cell.meetings] for week in weeks for cell in week}
    assert weeks[0][0].day == date(2025, 12, 29) and weeks[0][0].day.weekday() == 0
    assert days[date(2026, 1, 26)] == [rakor.title]
    assert days[date(2026, 1, 30)] == days[date(2026, 1, 31)] == [visit.title]
    assert days[date(2026, 2, 1)] == []
    assert fgd.title not in sum(days.values(), [])


def test_calendar_filters_by_kind_disaster_and_cluster_including_sub_clusters(staf, rakor, fgd, flood):
    assert list(meeting_list(user=staf, filters={"kind": MeetingKind.FGD})) == [fgd]
    assert list(meeting_list(user=staf, filters={"disaster": flood})) == [rakor]
    assert list(meeting_list(user=staf, filters={"cluster": "pengungsian-perlindungan"})) == [rakor]
    fgd.clusters.set(Cluster.objects.filter(code="hunian"))
    assert set(meeting_list(user=staf, filters={"cluster": "pengungsian-perlindungan"})) == {rakor, fgd}
    weeks = meeting_calendar_month(user=staf, year=2025, month=9, filters={"kind": MeetingKind.RAKOR})
    assert not any(cell.meetings for week in weeks for cell in week)


def test_calendar_page_shows_indonesian_month_and_links_the_meeting(page_as, staf, rakor):
    response = page_as(staf).get("/rapat/kalender/", {"bulan": "2026-01", "kind": "rakor"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Januari 2026" in text and "Senin" in text
    assert f'href="/rapat/{rakor.pk}/"' in text
    assert "Februari 2026" in text  # next-month link


def test_month_out_of_range_falls_back_to_this_month(page_as, staf):
    for value in ("2026-13", "9999-12", "abc", "2026"):
        assert page_as(staf).get("/rapat/kalender/", {"bulan": value}).status_code == 200, value


def test_list_filters_by_period_and_refuses_a_period_that_ends_before_it_starts(api_as, staf, rakor, fgd):
    client = api_as(staf)
    response = client.get("/api/v1/meetings/", {"date_from": "2026-01-01", "date_to": "2026-01-31"})
    assert [row["id"] for row in response.json()["results"]] == [rakor.pk]
    bad = client.get("/api/v1/meetings/", {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert bad.status_code == 400 and "date_to" in bad.json()["errors"]


def test_upcoming_lists_meetings_not_yet_over_soonest_first(api_as, staf, rakor, fgd, time_machine):
    time_machine.move_to(datetime(2025, 9, 1, tzinfo=ZoneInfo("Asia/Jakarta")) + timedelta(hours=8), tick=False)
    response = api_as(staf).get("/api/v1/meetings/", {"upcoming": "true"})
    assert [row["id"] for row in response.json()["results"]] == [fgd.pk, rakor.pk]
