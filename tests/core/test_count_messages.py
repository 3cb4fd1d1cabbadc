"""Counts in what people read (a flash message, a refusal, a summary sentence) are grouped in the house style:
1502 shows as "1.502" (core.formatting.format_number), as on the pages and in the documents."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from banten_dinsos.notifications.models import Alert, AlertKind, Channel, Delivery
from jitupasna.services.prefill import PrefillResult
from shelters.models import ShelterStatus
from shelters.services import occupancy_record

from ..factories import ShelterFactory

pytestmark = pytest.mark.django_db


def test_marking_1502_notifications_read_says_so_with_a_thousands_separator(client, staf):
    alerts = Alert.objects.bulk_create(
        Alert(kind=AlertKind.DISASTER_STATUS, title=f"Laporan {n}", dedupe_key=f"count-message-{n}")
        for n in range(1502)
    )
    Delivery.objects.bulk_create(
        Delivery(alert=alert, channel=Channel.IN_APP, recipient=staf, target=f"user:{staf.pk}") for alert in alerts
    )
    client.force_login(staf)
    response = client.post(reverse("notifications:read-all"), HTTP_ACCEPT_LANGUAGE="id")
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "1.502 notifikasi ditandai sudah dibaca."
    ]


def test_a_headcount_refusal_names_both_figures_grouped(staf):
    shelter = ShelterFactory(desa_code="36.73.02.1001", status=ShelterStatus.OPEN, opened_on=date(2026, 1, 17))
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        occupancy_record(user=staf, shelter=shelter, version=None, total=1000, male=800, female=702)
    assert refused.value.message_dict["female"] == ["Jumlah laki-laki dan perempuan (1.502) melebihi total (1.000)."]


def test_the_jitupasna_prefill_summary_groups_its_counts():
    result = PrefillResult(created=1502, updated=12016, unchanged=3, reports=2500)
    with translation.override("id"):
        message = result.message
    assert "2.500" in message and "1.502" in message and "12.016" in message
    assert "1502" not in message and "12016" not in message
