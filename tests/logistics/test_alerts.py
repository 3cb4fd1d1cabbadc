"""Low-stock and expiry alerts go through the notifications pipeline, once a day per area."""

from datetime import timedelta

import pytest
from django.utils import timezone

from banten_dinsos.notifications.models import Alert, AlertKind
from logistics.tasks import stock_alerts_daily

pytestmark = pytest.mark.django_db


def test_daily_check_alerts_each_area_once(staf, gudang_lebak, province_warehouse, items, receive):
    receive(gudang_lebak, items["selimut"], 5)  # low-stock level 100
    receive(province_warehouse, items["beras"], 5000, batch_code="OLD", expiry=timezone.localdate() + timedelta(days=9))
    assert stock_alerts_daily() == {"alerts": 2}
    assert Alert.objects.filter(kind=AlertKind.STOCK_WARNING).count() == 2
    lebak = Alert.objects.get(kind=AlertKind.STOCK_WARNING, kabkota_codes=["36.02"])
    assert "Selimut" in lebak.body
    province = Alert.objects.get(kind=AlertKind.STOCK_WARNING, kabkota_codes=[])
    assert "OLD" in province.body
    stock_alerts_daily()
    assert Alert.objects.filter(kind=AlertKind.STOCK_WARNING).count() == 2
