"""Invitations, attendance (present / represented / absent, walk-ins) and the counts people quote."""

import pytest
from django.core.exceptions import ValidationError

from banten_dinsos.regions.models import Region
from meetings.models import AttendanceStatus, ParticipantGroup
from meetings.selectors import attendance_summary
from meetings.services import (
    AttendanceEntry,
    attendance_record,
    attendance_record_person,
    participant_invite,
    participant_invite_agencies,
    participant_remove,
)

from .conftest import KOTA_SERANG, LEBAK, agency, wib

pytestmark = pytest.mark.django_db

KABKOTA = ["36.01", "36.02", "36.03", "36.04", "36.71", "36.72", "36.73", "36.74"]


@pytest.fixture
def on_meeting_day(time_machine):
    time_machine.move_to(wib(2026, 1, 26, 10), tick=False)


def test_forty_ksb_officers_from_eight_kabkota_make_the_sentence_people_quote(staf, rakor, on_meeting_day):
    for code in KABKOTA:
        for number in range(5):
            participant_invite(
                user=staf,
                meeting=rakor,
                name=f"Pengurus {code} {number}",
                organisation=f"KSB Desa {number}",
                position="Ketua KSB",
                kabkota=Region.objects.get(code=code),
                group=ParticipantGroup.KSB,
            )
    attendance_record(
        user=staf,
        meeting=rakor,
        entries=[AttendanceEntry(p, AttendanceStatus.PRESENT) for p in rakor.participants.all()],
    )

    summary = attendance_summary(meeting=rakor)

    assert "40 pengurus KSB dari 8 kabupaten/kota" in summary.sentences
    assert summary.attended == 40 and summary.invited == 40 and summary.walk_ins == 0
    assert [(row.key, row.attended) for row in summary.by_kabkota] == [(code, 5) for code in KABKOTA]


def test_counts_by_agency_and_kabkota_separate_present_represented_absent_and_walk_ins(staf, rakor, on_meeting_day):
    bpbd, dinkes = agency("bpbd-banten"), agency("dinkes-banten")
    dinsos_lebak, dinsos_serang = agency("dinsos-3602"), agency("dinsos-3673")
    invited = participant_invite_agencies(
        user=staf, meeting=rakor, agencies=[bpbd, dinkes, dinsos_lebak, dinsos_serang]
    )
    by_agency = {participant.agency.code: participant for participant in invited}
    attendance_record(
        user=staf,
        meeting=rakor,
        entries=[
            AttendanceEntry(by_agency["bpbd-banten"], AttendanceStatus.PRESENT),
            AttendanceEntry(by_agency["dinkes-banten"], AttendanceStatus.REPRESENTED, "dr. Rina (Kabid P2P)"),
            AttendanceEntry(by_agency["dinsos-3602"], AttendanceStatus.ABSENT),
            AttendanceEntry(by_agency["dinsos-3673"], AttendanceStatus.PRESENT),
        ],
    )
    participant, walk_in = attendance_record_person(
        user=staf,
        meeting=rakor,
        name="Asep Suryana",
        organisation="PMI Kota Serang",
        kabkota=Region.objects.get(code=KOTA_SERANG),
        group=ParticipantGroup.PARTNER,
    )
    assert walk_in and participant.is_walk_in and participant.attendance == AttendanceStatus.PRESENT

    summary = attendance_summary(meeting=rakor)

    assert (summary.invited, summary.walk_ins) == (4, 1)
    assert (summary.present, summary.represented, summary.absent, summary.not_recorded) == (3, 1, 1, 0)
    assert summary.attended == 4
    kabkota = {row.key: (row.invited, row.attended, row.absent, row.walk_ins) for row in summary.by_kabkota}
    assert kabkota == {"": (2, 2, 0, 0), LEBAK: (1, 0, 1, 0), KOTA_SERANG: (1, 2, 0, 1)}
    agencies = {row.label: (row.invited, row.attended) for row in summary.by_agency}
    assert agencies["Badan Penanggulangan Bencana Daerah Provinsi Banten"] == (1, 1)
    assert agencies["Dinas Kesehatan Provinsi Banten"] == (1, 1)
    assert agencies["Dinas Sosial Kabupaten Lebak"] == (1, 0)
    assert agencies["PMI Kota Serang"] == (0, 1)
    assert summary.sentences[0] == "4 peserta hadir dari 4 instansi/organisasi dan 1 kabupaten/kota."


def test_attendance_of_an_invited_person_is_recorded_on_their_invitation_not_as_a_walk_in(staf, rakor, on_meeting_day):
    invited = participant_invite(user=staf, meeting=rakor, name="Dedi Kurnia", organisation="TAGANA Lebak")
    participant, walk_in = attendance_record_person(
        user=staf, meeting=rakor, name="dedi kurnia", organisation="tagana lebak"
    )
    assert not walk_in and participant.pk == invited.pk
    assert rakor.participants.count() == 1


def test_represented_without_a_name_is_refused_naming_the_field(staf, rakor, on_meeting_day):
    participant = participant_invite(user=staf, meeting=rakor, agency=agency("dinkes-banten"))
    with pytest.raises(ValidationError) as error:
        attendance_record(
            user=staf, meeting=rakor, entries=[AttendanceEntry(participant, AttendanceStatus.REPRESENTED, "  ")]
        )
    assert "represented_by" in error.value.message_dict
    assert "Dinkes" in error.value.message_dict["represented_by"][0]


def test_attendance_before_the_meeting_day_is_refused(staf, rakor, time_machine):
    time_machine.move_to(wib(2026, 1, 25, 20), tick=False)
    participant = participant_invite(user=staf, meeting=rakor, agency=agency("dinkes-banten"))
    with pytest.raises(ValidationError) as error:
        attendance_record(user=staf, meeting=rakor, entries=[AttendanceEntry(participant, AttendanceStatus.PRESENT)])
    assert "26 Januari 2026" in error.value.message_dict["attendance"][0]


def test_inviting_the_same_agency_twice_is_refused_and_bulk_invite_skips_it(staf, rakor):
    participant_invite(user=staf, meeting=rakor, agency=agency("bpbd-banten"))
    with pytest.raises(ValidationError) as error:
        participant_invite(user=staf, meeting=rakor, agency=agency("bpbd-banten"))
    assert "agency" in error.value.message_dict
    created = participant_invite_agencies(
        user=staf, meeting=rakor, agencies=[agency("bpbd-banten"), agency("pmi-banten")]
    )
    assert [p.agency.code for p in created] == ["pmi-banten"]


def test_a_participant_whose_attendance_was_recorded_cannot_be_removed(staf, rakor, on_meeting_day):
    participant = participant_invite(user=staf, meeting=rakor, agency=agency("bpbd-banten"))
    attendance_record(user=staf, meeting=rakor, entries=[AttendanceEntry(participant, AttendanceStatus.ABSENT)])
    with pytest.raises(ValidationError):
        participant_remove(user=staf, participant=participant)
    other = participant_invite(user=staf, meeting=rakor, agency=agency("pmi-banten"))
    participant_remove(user=staf, participant=other)
    assert rakor.participants.count() == 1


def test_portal_user_participant_takes_their_agency_and_kabkota(staf, rakor, lebak_with_agency):
    participant = participant_invite(user=staf, meeting=rakor, person=lebak_with_agency)
    assert participant.agency.code == "dinsos-3602"
    assert participant.kabkota_id == LEBAK
    assert participant.name == lebak_with_agency.get_full_name() or participant.name == "petugas.lebak"


def test_walk_in_marked_absent_is_refused(staf, rakor, on_meeting_day):
    with pytest.raises(ValidationError) as error:
        attendance_record_person(user=staf, meeting=rakor, name="Tamu", status=AttendanceStatus.ABSENT)
    assert "attendance" in error.value.message_dict
