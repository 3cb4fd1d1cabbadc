"""Meeting invitations and the daily reminder of overdue action items go through the alert pipe, once each."""

from datetime import date

import pytest

from banten_dinsos.accounts.roles import Role
from banten_dinsos.agencies.models import Agency
from banten_dinsos.notifications.models import Alert, AlertKind, Channel, Delivery
from meetings.alerts import meeting_invitation_alert
from meetings.models import ActionItem
from meetings.services import participant_invite, participant_invite_agencies
from meetings.tasks import action_item_reminders_daily

from ..factories import UserFactory
from .conftest import agency
from .factories import ActionItemFactory

pytestmark = pytest.mark.django_db


def recipients(alert, channel=Channel.IN_APP):
    return set(alert.deliveries.filter(channel=channel).values_list("recipient__username", flat=True))


def test_inviting_a_portal_user_sends_them_an_invitation_once(staf, rakor, lebak_with_agency):
    participant = participant_invite(user=staf, meeting=rakor, person=lebak_with_agency)

    alert = Alert.objects.get(kind=AlertKind.MEETING_INVITATION)
    assert alert.dedupe_key == f"meeting-participant:{participant.pk}:invited"
    assert alert.title == "Undangan: Rapat Koordinasi Penanganan Banjir Tangerang Raya"
    assert alert.disaster_id == rakor.disaster_id
    assert lebak_with_agency.username in recipients(alert)
    deliveries = Delivery.objects.count()

    meeting_invitation_alert(participant=participant, actor=staf)

    assert Alert.objects.filter(kind=AlertKind.MEETING_INVITATION).count() == 1
    assert Delivery.objects.count() == deliveries


def test_inviting_an_agency_invites_its_active_users_one_alert_per_participant(staf, rakor, petugas_kota_tangerang):
    UserFactory(username="dinsos3671.lama", role=Role.STAF_PROVINSI, agency=agency("dinsos-3671"), is_active=False)

    participants = participant_invite_agencies(
        user=staf, meeting=rakor, agencies=[agency("dinsos-3671"), agency("dinsos-3602")]
    )

    alerts = Alert.objects.filter(kind=AlertKind.MEETING_INVITATION)
    # Dinsos Kabupaten Lebak has nobody with an account here: no one to address.
    assert [alert.dedupe_key for alert in alerts] == [f"meeting-participant:{participants[0].pk}:invited"]
    assert recipients(alerts[0]) >= {petugas_kota_tangerang.username}
    assert "dinsos3671.lama" not in recipients(alerts[0])


def test_the_daily_reminder_alerts_owners_and_emails_agencies_without_accounts_and_runs_twice_safely(
    staf, rakor, petugas_kota_tangerang, time_machine
):
    owned = ActionItemFactory(meeting=rakor, owner_code="dinsos-3671", title="Data pengungsi", due_on=date(2026, 1, 28))
    nobody = ActionItemFactory(meeting=rakor, owner_code="bpbd-banten", title="Peta genangan", due_on=date(2026, 1, 29))
    Agency.objects.filter(code="bpbd-banten").update(email="pusdalops@bpbd.example.org")
    ActionItemFactory(meeting=rakor, owner_code="dinsos-3671", title="Belum lewat", due_on=date(2026, 2, 5))
    time_machine.move_to("2026-01-30 07:00 +07:00")

    assert action_item_reminders_daily.apply().get() == 2
    assert action_item_reminders_daily.apply().get() == 0

    alerts = {
        alert.payload["action_item_id"]: alert for alert in Alert.objects.filter(kind=AlertKind.ACTION_ITEM_OVERDUE)
    }
    assert set(alerts) == {owned.pk, nobody.pk}
    first = alerts[owned.pk]
    assert first.dedupe_key == f"action-item:{owned.pk}:overdue:2026-01-30"
    assert first.title == "Tindak lanjut terlambat: Data pengungsi"
    assert "terlambat 2 hari" in first.body
    assert petugas_kota_tangerang.username in recipients(first)
    assert not first.deliveries.filter(target__startswith="email:").exists()
    emailed = alerts[nobody.pk].deliveries.get(target__startswith="email:")
    assert emailed.address == "pusdalops@bpbd.example.org" and emailed.channel == Channel.EMAIL
    assert set(ActionItem.objects.filter(pk__in=alerts).values_list("last_reminded_on", flat=True)) == {
        date(2026, 1, 30)
    }

    time_machine.move_to("2026-01-31 07:00 +07:00")
    assert action_item_reminders_daily.apply().get() == 2  # one reminder a day while it stays overdue
