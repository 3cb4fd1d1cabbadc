"""The outbox: which alerts the domain events raise, and who receives them over which channel."""

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from banten_dinsos.accounts.roles import Role
from banten_dinsos.notifications.models import Alert, AlertKind, Channel, Delivery, DeliveryStatus, Severity
from banten_dinsos.notifications.services import alert_emit, subscription_add
from banten_dinsos.regions.models import Region
from clusters.models import EmergencyStatus
from clusters.services import disaster_change_status, field_report_create, field_report_submit, field_report_verify
from shelters.models import ShelterStatus
from shelters.services import occupancy_record

from ..factories import ShelterFactory, UserFactory

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def channels_of(alert, user):
    return sorted(alert.deliveries.filter(recipient=user).values_list("channel", flat=True))


def test_declaring_a_disaster_alerts_staff_and_officers_of_the_area_but_not_others_or_the_actor(
    staf, petugas_lebak, petugas_kota_serang, koordinator_kesehatan, api_client_user, lebak_flood
):
    other_staf = UserFactory(username="staf.dua", role=Role.STAF_PROVINSI, email="staf.dua@example.org")
    alert = Alert.objects.get(kind=AlertKind.DISASTER_STATUS, disaster_id=lebak_flood.pk)
    assert alert.kabkota_codes == ["36.02"]
    assert alert.public and alert.cap_msg_type == "Alert" and alert.cap_category == "Met"
    # Created before staf.dua existed: the later status change reaches them.
    assert channels_of(alert, staf) == []
    assert channels_of(alert, petugas_lebak) == [Channel.IN_APP]
    assert channels_of(alert, petugas_kota_serang) == []
    assert channels_of(alert, koordinator_kesehatan) == [Channel.IN_APP]
    assert channels_of(alert, api_client_user) == []

    disaster_change_status(user=staf, disaster=lebak_flood, status=EmergencyStatus.TANGGAP, decree_number="12/2026")
    change = Alert.objects.filter(kind=AlertKind.DISASTER_STATUS).latest("created_at")
    assert change.severity == Severity.SEVERE
    # Severe: email as well, by the role's defaults.
    assert channels_of(change, other_staf) == [Channel.EMAIL, Channel.IN_APP]
    email = change.deliveries.get(recipient=other_staf, channel=Channel.EMAIL)
    assert email.status == DeliveryStatus.PENDING and email.address == "staf.dua@example.org"
    # The second public alert about the same disaster updates the first (CAP references).
    assert change.cap_msg_type == "Update"
    assert str(alert.uuid) in change.cap_references


def test_in_app_notifications_are_delivered_at_once_and_email_without_address_is_skipped(
    staf, petugas_lebak, lebak_flood
):
    disaster_change_status(user=staf, disaster=lebak_flood, status=EmergencyStatus.TANGGAP, decree_number="12/2026")
    change = Alert.objects.filter(kind=AlertKind.DISASTER_STATUS).latest("created_at")
    in_app = change.deliveries.get(recipient=petugas_lebak, channel=Channel.IN_APP)
    assert in_app.status == DeliveryStatus.SENT and in_app.read_at is None
    email = change.deliveries.get(recipient=petugas_lebak, channel=Channel.EMAIL)
    assert email.status == DeliveryStatus.SKIPPED and "no address" in email.last_error


def test_same_dedupe_key_twice_makes_one_alert(staf, regions):
    first = alert_emit(kind=AlertKind.IMPORT_FINISHED, title="Impor selesai", dedupe_key="import:1:done")
    second = alert_emit(kind=AlertKind.IMPORT_FINISHED, title="Impor selesai", dedupe_key="import:1:done")
    assert first.pk == second.pk
    assert Alert.objects.filter(dedupe_key="import:1:done").count() == 1
    assert Delivery.objects.filter(alert=first).count() == first.deliveries.count()


def test_alert_is_queued_only_after_the_transaction_commits(staf, petugas_lebak, django_capture_on_commit_callbacks):
    petugas_lebak.email = "lebak@example.org"
    petugas_lebak.save()
    with django_capture_on_commit_callbacks() as callbacks:
        alert = alert_emit(
            kind=AlertKind.CASUALTIES,
            title="Korban",
            severity=Severity.EXTREME,
            kabkota_codes=["36.02"],
            dedupe_key="test:commit",
        )
        assert Delivery.objects.filter(alert=alert, channel=Channel.EMAIL, status=DeliveryStatus.PENDING).exists()
    assert len(callbacks) == 1


def test_direct_recipients_get_it_in_the_portal_whatever_their_area(petugas_kota_serang, regions):
    alert = alert_emit(
        kind=AlertKind.REPORT_READY,
        title="Laporan siap",
        severity=Severity.MINOR,
        kabkota_codes=["36.02"],
        user_ids=[petugas_kota_serang.pk],
        dedupe_key="report:1:ready",
    )
    assert channels_of(alert, petugas_kota_serang) == [Channel.IN_APP]


def test_unknown_kind_is_refused(regions):
    with pytest.raises(ValueError):
        alert_emit(kind="something", title="x", dedupe_key="x")


def test_own_rules_replace_the_defaults_and_never_widen_the_scope(petugas_lebak, regions):
    petugas_lebak.email = "lebak@example.org"
    petugas_lebak.save()
    subscription_add(user=petugas_lebak, channel=Channel.EMAIL, kind=AlertKind.SHELTER_BREACH)
    # The defaults were kept as rules when the first own rule was added.
    assert petugas_lebak.alert_subscriptions.count() == 3
    breach_lebak = alert_emit(
        kind=AlertKind.SHELTER_BREACH,
        title="Posko penuh",
        severity=Severity.MINOR,
        kabkota_codes=["36.02"],
        dedupe_key="breach:lebak",
    )
    breach_serang = alert_emit(
        kind=AlertKind.SHELTER_BREACH,
        title="Posko penuh",
        severity=Severity.MINOR,
        kabkota_codes=["36.73"],
        dedupe_key="breach:serang",
    )
    assert channels_of(breach_lebak, petugas_lebak) == [Channel.EMAIL, Channel.IN_APP]
    assert channels_of(breach_serang, petugas_lebak) == []


def test_officer_cannot_subscribe_to_another_kabupaten(petugas_lebak, regions):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        subscription_add(user=petugas_lebak, channel=Channel.IN_APP, kabkota=Region.objects.get(code="36.73"))
    assert "kabkota" in error.value.message_dict


def test_verified_report_with_casualties_alerts_and_one_without_does_not(staf, petugas_lebak, lebak_flood):
    def verified(**figures):
        report, _created = field_report_create(
            user=petugas_lebak,
            disaster=lebak_flood,
            area=Region.objects.get(code="36.02.14"),
            observed_at=datetime(2026, 1, 18, 8, tzinfo=WIB),
            idempotency_key=uuid.uuid4(),
            affected_people=300,
            affected_families=80,
            displaced=120,
            **figures,
        )
        field_report_submit(user=petugas_lebak, report=report)
        return field_report_verify(user=staf, report=report)

    calm = verified()
    assert not Alert.objects.filter(kind=AlertKind.CASUALTIES, dedupe_key__contains=f":{calm.pk}:").exists()
    grim = verified(dead=2, injured=5)
    alert = Alert.objects.get(kind=AlertKind.CASUALTIES, dedupe_key=f"fieldreport:{grim.pk}:casualties")
    assert alert.severity == Severity.SEVERE
    assert "2" in alert.body and alert.kabkota_codes == ["36.02"]
    assert Channel.IN_APP in channels_of(alert, petugas_lebak)
    assert channels_of(alert, staf) == [], "the verifier is not told of their own act"


def test_shelter_alerts_on_entering_breach_only_once(staf, petugas_lebak, lebak_flood):
    shelter = ShelterFactory(
        desa_code="36.02.14.1007", capacity=100, status=ShelterStatus.OPEN, opened_on=date(2026, 1, 17)
    )
    shelter.disasters.add(lebak_flood)

    def count(total):
        occupancy_record(user=petugas_lebak, shelter=shelter, version=None, total=total)

    count(50)
    assert not Alert.objects.filter(kind=AlertKind.SHELTER_BREACH).exists()
    count(130)
    alerts = Alert.objects.filter(kind=AlertKind.SHELTER_BREACH)
    assert alerts.count() == 1
    assert "130" in alerts.get().title and alerts.get().disaster_id == lebak_flood.pk
    count(140)
    assert alerts.count() == 1, "still in breach: no new alert"
    count(40)
    count(150)
    assert alerts.count() == 2, "back within the standards, then over again: a new alert"
