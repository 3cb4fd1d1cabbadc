"""Input rounds per agency, through the meetings app's document input rounds: opening a draft asks every agency
responsible for a sub-sector; the status shows who has submitted, who submitted late and who is late without
submitting; finalising closes the round."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jitupasna.models import AssessmentStatus
from jitupasna.selectors import input_status, submittable_agencies
from jitupasna.services import (
    agency_input_submit,
    assessment_finalise,
    assessment_open_for_input,
    damage_entry_create,
)
from meetings.models import DocumentInput, InputRound

from .conftest import KOTA_TANGERANG, TANGSEL, agency, region, rp, sub_sector, wib

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_assessment(staf, assessment, time_machine):
    time_machine.move_to(wib(2026, 2, 1), tick=False)
    return assessment_open_for_input(user=staf, assessment=assessment, deadline=wib(2026, 2, 9, 16))


def states(assessment):
    status = input_status(assessment=assessment)
    return {row.agency.code: row.state for row in status.rows}, status


def test_opening_asks_every_responsible_agency_through_a_meetings_input_round(open_assessment):
    input_round = InputRound.objects.get()
    assert open_assessment.status == AssessmentStatus.OPEN
    assert open_assessment.input_round == input_round
    asked = set(input_round.agencies.values_list("code", flat=True))
    assert {"disperkim-banten", "dpupr-banten", "dinkes-banten", "dinsos-banten", "satpolpp-banten"} <= asked
    assert len(asked) == 16
    assert input_round.document_url.endswith(f"/jitupasna/{open_assessment.pk}/")
    assert input_round.title == "Masukan Jitupasna: Jitupasna Banjir Tangerang Raya Januari 2026"
    by_agency, status = states(open_assessment)
    assert set(by_agency.values()) == {"waiting"}
    assert (status.submitted, status.late) == (0, 0)


def test_the_deadline_must_be_in_the_future_and_nothing_opens_otherwise(staf, assessment, time_machine):
    time_machine.move_to(wib(2026, 2, 10), tick=False)
    with pytest.raises(ValidationError) as error:
        assessment_open_for_input(user=staf, assessment=assessment, deadline=wib(2026, 2, 9, 16))
    assert "deadline" in error.value.message_dict
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT and not InputRound.objects.exists()


def test_status_shows_who_submitted_on_time_late_or_not_at_all(
    open_assessment, perkim_user, pupr_user, time_machine, staf
):
    damage_entry_create(
        user=perkim_user,
        assessment=open_assessment,
        sub_sector=sub_sector("perumahan"),
        kabkota=region(KOTA_TANGERANG),
        asset_kind="Rumah",
        units_heavy=rp(3),
        unit_cost=rp(100_000_000),
    )
    time_machine.move_to(wib(2026, 2, 6, 10), tick=False)
    on_time = agency_input_submit(
        user=perkim_user, assessment=open_assessment, agency=perkim_user.agency, note="Data BPS"
    )
    assert not on_time.is_late
    assert on_time.text.startswith("Subsektor Perumahan, Prasarana Lingkungan: 1 isian kerusakan (Rp 300.000.000)")
    assert on_time.text.endswith("Data BPS")

    by_agency, status = states(open_assessment)
    assert by_agency["disperkim-banten"] == "on_time"
    assert by_agency["dpupr-banten"] == "waiting"

    time_machine.move_to(wib(2026, 2, 11, 9), tick=False)
    late = agency_input_submit(user=pupr_user, assessment=open_assessment, agency=pupr_user.agency)
    assert late.is_late
    by_agency, status = states(open_assessment)
    assert by_agency["dpupr-banten"] == "late"
    assert by_agency["dinkes-banten"] == "overdue"
    assert status.submitted == 2
    assert status.late == 15  # Dinas PUPR late, 14 agencies still missing after the deadline
    # Overdue agencies first, then late, then on time.
    assert [row.state for row in status.rows][-2:] == ["late", "on_time"]
    perkim = next(row for row in status.rows if row.agency.code == "disperkim-banten")
    assert perkim.entries == 1
    assert perkim.sub_sectors == ["Perumahan", "Prasarana Lingkungan"]


def test_agencies_submit_for_themselves_only(open_assessment, perkim_user, petugas_kota_tangerang, staf):
    with pytest.raises(PermissionDenied):
        agency_input_submit(user=perkim_user, assessment=open_assessment, agency=agency("dpupr-banten"))
    with pytest.raises(ValidationError) as error:
        agency_input_submit(user=staf, assessment=open_assessment, agency=agency("pmi-banten"))
    assert "agency" in error.value.message_dict
    # The officer's agency (Dinas Sosial Kota Tangerang) was not asked: nothing to submit.
    assert submittable_agencies(user=petugas_kota_tangerang, assessment=open_assessment) == []
    # Provincial staff may record any asked agency's input (e.g. given on paper).
    assert (
        agency_input_submit(user=staf, assessment=open_assessment, agency=agency("dinkes-banten")).submitted_by == staf
    )
    assert DocumentInput.objects.count() == 1


def test_finalising_closes_the_round_and_takes_no_more_input(open_assessment, perkim_user, staf):
    damage_entry_create(
        user=perkim_user,
        assessment=open_assessment,
        sub_sector=sub_sector("perumahan"),
        kabkota=region(TANGSEL),
        asset_kind="Rumah",
        units_light=rp(1),
        unit_cost=rp(10_000_000),
    )
    final = assessment_finalise(user=staf, assessment=open_assessment)
    assert InputRound.objects.get().is_closed
    with pytest.raises(ValidationError):
        agency_input_submit(user=perkim_user, assessment=open_assessment, agency=perkim_user.agency)
    assert submittable_agencies(user=perkim_user, assessment=final) == []


def test_a_round_is_opened_once(open_assessment, staf):
    with pytest.raises(ValidationError):
        assessment_open_for_input(user=staf, assessment=open_assessment, deadline=wib(2026, 2, 20))
    assert InputRound.objects.count() == 1
