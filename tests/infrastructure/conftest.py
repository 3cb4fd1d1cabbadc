"""The health tests' flood, officers and PUPR member, and a helper to record access observations."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from infrastructure.services import access_status_record

from ..health.conftest import banjir, koordinator_sarana, post_lebak, record_day  # noqa: F401 - shared fixtures

WIB = ZoneInfo("Asia/Jakarta")


def hours_ago(hours: float) -> datetime:
    return timezone.now().astimezone(WIB).replace(second=0, microsecond=0) - timedelta(hours=hours)


@pytest.fixture
def observe(staf, banjir):  # noqa: F811
    """``observe(area, hours_ago, road_access, user=..., **fields)`` records one observation."""

    def record(area, hours, road_access, *, user=None, **fields):
        fields.setdefault("source", "Dinas PUPR")
        return access_status_record(
            user=user or staf,
            disaster=banjir.pk,
            area=area,
            observed_at=hours_ago(hours),
            road_access=road_access,
            **fields,
        )

    return record
