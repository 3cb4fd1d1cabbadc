"""Action items: due dates, progress notes, who may update them, overdue in WIB (frozen time), reminders."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meetings.models import ActionItem, ActionItemStatus
from meetings.selectors import action_item_list, action_items_overdue
from meetings.services import (
    action_item_create,
    action_item_progress_add,
    action_item_reminder_sent,
    action_item_reminders_due,
    action_item_update,
    decision_add,
    meeting_update,
)

from ..factories import UserFactory
from .conftest import agency, wib

pytestmark = pytest.mark.django_db


@pytest.fixture
def pumps(staf, rakor, time_machine):
    time_machine.move_to(wib(2026, 1, 26, 11), tick=False)
    decision = decision_add(user=staf, meeting=rakor, text="Dinas PUPR mengerahkan pompa portabel.")
    return action_item_create(
        user=staf,
        meeting=rakor,
        decision=decision,
        title="Kerahkan pompa portabel",
        owner_agency=agency("dpupr-banten"),
        owner_person="Kabid SDA",
        due_on=date(2026, 1, 28),
    )


def test_due_date_before_the_meeting_is_refused_naming_the_field(staf, rakor):
    with pytest.raises(ValidationError) as error:
        action_item_create(
            user=staf,
            meeting=rakor,
            title="Terlalu awal",
            owner_agency=agency("dinsos-banten"),
            due_on=date(2026, 1, 25),
        )
    message = error.value.message_dict["due_on"][0]
    assert "25 Januari 2026" in message and "26 Januari 2026" in message
    assert not ActionItem.objects.exists()


def test_due_on_the_meeting_day_is_accepted(staf, rakor):
    item = action_item_create(
        user=staf, meeting=rakor, title="Hari itu juga", owner_agency=agency("dinsos-banten"), due_on=date(2026, 1, 26)
    )
    assert item.status == ActionItemStatus.OPEN


@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        (datetime(2026, 1, 28, 16, 59, tzinfo=UTC), False),  # 28 Jan 23.59 WIB: still the due day
        (datetime(2026, 1, 28, 17, 0, tzinfo=UTC), True),  # 29 Jan 00.00 WIB, though still 28 Jan in UTC
    ],
)
def test_overdue_starts_the_day_after_the_due_date_in_wib(staf, pumps, time_machine, now, overdue):
    time_machine.move_to(now, tick=False)
    assert pumps.is_overdue is overdue
    assert list(action_items_overdue(user=staf)) == ([pumps] if overdue else [])


@pytest.mark.parametrize("status", [ActionItemStatus.DONE, ActionItemStatus.DROPPED])
def test_done_or_dropped_items_are_never_overdue(staf, pumps, time_machine, status):
    time_machine.move_to(wib(2026, 1, 27, 10), tick=False)
    action_item_progress_add(user=staf, item=pumps, note="Selesai atau tidak diteruskan.", status=status)
    time_machine.move_to(wib(2026, 3, 1, 10), tick=False)
    assert not action_items_overdue(user=staf).exists()
    assert list(action_item_list(user=staf, filters={"overdue": True})) == []


def test_in_progress_item_past_due_is_overdue_and_done_sets_completion_date(staf, pumps, time_machine):
    time_machine.move_to(wib(2026, 1, 27, 10), tick=False)
    action_item_progress_add(user=staf, item=pumps, note="Empat pompa dikerahkan.", status=ActionItemStatus.IN_PROGRESS)
    time_machine.move_to(wib(2026, 2, 2, 10), tick=False)
    assert list(action_items_overdue(user=staf)) == [pumps]
    note = action_item_progress_add(user=staf, item=pumps, note="Semua pompa beroperasi.", status=ActionItemStatus.DONE)
    pumps.refresh_from_db()
    assert (pumps.status, pumps.completed_on, note.noted_on) == (
        ActionItemStatus.DONE,
        date(2026, 2, 2),
        date(2026, 2, 2),
    )
    assert [n.note for n in pumps.progress_notes.all()] == ["Semua pompa beroperasi.", "Empat pompa dikerahkan."]


def test_officer_of_the_owner_agency_may_add_progress_but_not_another_agencys_officer(staf, pumps, time_machine):
    time_machine.move_to(wib(2026, 1, 27, 10), tick=False)
    pupr = UserFactory(username="staf.pupr", role="petugas_kabkota", kabkota_id="36.73", agency=agency("dpupr-banten"))
    other = UserFactory(
        username="staf.dinkes", role="petugas_kabkota", kabkota_id="36.73", agency=agency("dinkes-banten")
    )
    action_item_progress_add(user=pupr, item=pumps, note="Dua pompa tiba.", status=ActionItemStatus.IN_PROGRESS)
    with pytest.raises(PermissionDenied):
        action_item_progress_add(user=other, item=pumps, note="Bukan urusan kami.")
    # The owner agency's officer sees the meeting because their agency owns a follow-up of it.
    assert list(action_item_list(user=pupr, filters={"mine": True})) == [pumps]


@pytest.mark.parametrize(
    ("note", "noted_on", "field"),
    [("", None, "note"), ("Catatan", date(2026, 1, 28), "noted_on"), ("Catatan", date(2026, 1, 20), "noted_on")],
)
def test_bad_progress_note_is_refused_naming_the_field(staf, pumps, time_machine, note, noted_on, field):
    time_machine.move_to(wib(2026, 1, 27, 10), tick=False)
    with pytest.raises(ValidationError) as error:
        action_item_progress_add(user=staf, item=pumps, note=note, noted_on=noted_on)
    assert field in error.value.message_dict


def test_moving_the_meeting_after_an_action_items_due_date_is_refused(staf, rakor, pumps):
    with pytest.raises(ValidationError) as error:
        meeting_update(
            user=staf,
            meeting=rakor,
            data={"starts_at": wib(2026, 1, 30, 9), "ends_at": wib(2026, 1, 30, 12)},
        )
    assert "28 Januari 2026" in error.value.message_dict["starts_at"][0]


def test_changing_the_owner_user_to_someone_of_another_agency_is_refused(staf, pumps):
    other = UserFactory(username="dinkes.user", role="staf_provinsi", agency=agency("dinkes-banten"))
    with pytest.raises(ValidationError) as error:
        action_item_update(user=staf, item=pumps, data={"owner_user": other})
    assert "owner_user" in error.value.message_dict


def test_reminders_list_overdue_items_with_their_owners_once_a_day(staf, pumps, time_machine):
    pupr_a = UserFactory(username="pupr.a", role="staf_provinsi", agency=agency("dpupr-banten"))
    pupr_b = UserFactory(username="pupr.b", role="staf_provinsi", agency=agency("dpupr-banten"), is_active=False)
    time_machine.move_to(wib(2026, 1, 28, 7), tick=False)
    assert action_item_reminders_due() == []  # due today: not overdue yet

    time_machine.move_to(wib(2026, 1, 30, 7), tick=False)
    [reminder] = action_item_reminders_due()
    assert reminder.action_item == pumps
    assert reminder.recipients == (pupr_a,) and pupr_b not in reminder.recipients
    assert reminder.days_overdue == 2 and reminder.agency.code == "dpupr-banten"

    action_item_reminder_sent(item=pumps)
    assert action_item_reminders_due() == []
    assert len(action_item_reminders_due(today=date(2026, 1, 31))) == 1


def test_overdue_selector_is_scoped_to_what_the_user_sees(staf, pumps, petugas_lebak, time_machine):
    time_machine.move_to(wib(2026, 2, 10), tick=False)
    assert list(action_items_overdue(user=staf)) == [pumps]
    assert list(action_items_overdue(user=petugas_lebak)) == []


def test_overdue_list_takes_the_same_number_of_queries_for_3_and_30_items(
    staf, rakor, django_assert_num_queries, time_machine
):
    from .factories import ActionItemFactory

    time_machine.move_to(wib(2026, 3, 1), tick=False)
    ActionItemFactory.create_batch(3, meeting=rakor, due_on=date(2026, 2, 1))
    staf = type(staf).objects.get(pk=staf.pk)
    # 1 query: the items with their meeting, owner agency, owner user and decision joined in.
    with django_assert_num_queries(1):
        assert len([(i.meeting.title, i.owner_agency.name) for i in action_items_overdue(user=staf)]) == 3
    ActionItemFactory.create_batch(27, meeting=rakor, due_on=date(2026, 2, 1))
    with django_assert_num_queries(1):
        assert len([(i.meeting.title, i.owner_agency.name) for i in action_items_overdue(user=staf)]) == 30
