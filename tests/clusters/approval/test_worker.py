"""The workflow's alerts reach people through a real Celery worker on the real Redis: the returned report's email,
the approvers' daily digest and the late-report reminder, each once however often the task runs."""

from datetime import datetime

import pytest
import time_machine
from django.core import mail

from banten_dinsos.notifications.models import Alert, AlertKind, Channel, Delivery, DeliveryStatus
from banten_dinsos.notifications.services import subscription_add
from clusters import tasks
from clusters.services import field_report_return

from ...conftest import wait_until
from ..conftest import WIB

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_returned_report_email_is_sent_by_the_worker(
    submitted, petugas_kota_tangerang, koordinator_kota_tangerang, live_worker
):
    petugas_kota_tangerang.email = "petugas.kota-tangerang@example.org"
    petugas_kota_tangerang.save(update_fields=["email"])
    subscription_add(user=petugas_kota_tangerang, channel=Channel.IN_APP)
    subscription_add(user=petugas_kota_tangerang, channel=Channel.EMAIL, kind=AlertKind.FIELD_REPORT_RETURNED)
    report = submitted()
    field_report_return(user=koordinator_kota_tangerang, report=report, reason="Jumlah KK belum sesuai.")

    email = Delivery.objects.get(alert__kind=AlertKind.FIELD_REPORT_RETURNED, channel=Channel.EMAIL)
    wait_until(lambda: Delivery.objects.filter(pk=email.pk, status=DeliveryStatus.SENT).exists())
    assert [message.to for message in mail.outbox] == [["petugas.kota-tangerang@example.org"]]
    assert "Laporan dikembalikan untuk diperbaiki: Periuk" in mail.outbox[0].subject
    assert "Jumlah KK belum sesuai." in mail.outbox[0].body
    assert email.log.get().worker, "the worker that sent it is recorded"
    bell = Delivery.objects.get(alert__kind=AlertKind.FIELD_REPORT_RETURNED, channel=Channel.IN_APP)
    assert bell.recipient == petugas_kota_tangerang and bell.status == DeliveryStatus.SENT


def test_daily_digest_runs_on_the_worker_once_per_approver_and_day(
    submitted, koordinator_kota_tangerang, koordinator_tangsel, staf, live_worker
):
    first = submitted(observed=datetime(2026, 1, 18, 8, tzinfo=WIB))
    second = submitted(observed=datetime(2026, 1, 18, 12, tzinfo=WIB), displaced=41)
    assert tasks.approver_digests_daily.delay().get(timeout=30) == 1, "only the Kota Tangerang koordinator waits"
    assert tasks.approver_digests_daily.delay().get(timeout=30) == 1
    digest = Alert.objects.get(kind=AlertKind.FIELD_REPORT_DIGEST)
    assert digest.title == "2 laporan lapangan menunggu persetujuan Anda"
    assert f"#{first.pk} Periuk" in digest.body and f"#{second.pk} Periuk" in digest.body
    assert list(digest.deliveries.values_list("recipient__username", flat=True)) == ["koordinator.kota-tangerang"]


def test_late_reminder_runs_on_the_worker(two_level_flood, petugas_kota_tangerang, petugas_tangsel, live_worker):
    with time_machine.travel(datetime(2026, 1, 18, 16, 30, tzinfo=WIB), tick=True):
        assert tasks.reporting_reminders.delay().get(timeout=30) == 2
    late = Alert.objects.filter(kind=AlertKind.REPORTING_LATE)
    assert sorted(alert.kabkota_codes[0] for alert in late) == ["36.71", "36.74"]
    assert set(Delivery.objects.filter(alert__in=late).values_list("recipient__username", flat=True)) == {
        "petugas.kota-tangerang",
        "petugas.kota-tangerang-selatan",
    }
