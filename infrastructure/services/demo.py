from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from banten_dinsos.accounts.models import User
from banten_dinsos.accounts.roles import Role
from banten_dinsos.accounts.services import user_upsert
from banten_dinsos.agencies.models import Agency
from banten_dinsos.core.demo import demo_at, demo_date
from clusters.models import Cluster
from clusters.services.demo import demo_disaster

from ..models import AccessStatus, BridgeState, RoadAccess, ServiceState
from .access import access_status_record

WIB = ZoneInfo("Asia/Jakarta")
N, L, C = RoadAccess.NORMAL, RoadAccess.LIMITED, RoadAccess.CUT
ON, PART, OFF = ServiceState.ON, ServiceState.PARTIAL, ServiceState.OFF

# (area code, lat, lon, [(day, hour, road, bridges, electricity, water, telecom, source, expected restoration)])
# Tanjung Burung and Gembor are still cut off; Periuk was cut off and is reachable again; Pondok Kacang Timur can
# only be reached by boat.
DEMO_ACCESS = [
    (
        "36.03.13.2012",
        "-6.0390",
        "106.6610",
        [
            (
                18,
                7,
                C,
                BridgeState.DOWN,
                OFF,
                OFF,
                PART,
                "Tim reaksi cepat BPBD Kab. Tangerang",
                date(2026, 2, 5),
            ),
            (21, 9, C, BridgeState.DOWN, OFF, PART, PART, "Dinas PUPR Kab. Tangerang", date(2026, 2, 5)),
        ],
    ),
    (
        "36.71.08.1002",
        "-6.1755",
        "106.5950",
        [
            (19, 8, L, BridgeState.DAMAGED, PART, ON, ON, "Kelurahan Gembor", None),
            (20, 16, C, BridgeState.DOWN, OFF, OFF, OFF, "Dinas PUPR Kota Tangerang", date(2026, 1, 30)),
            (22, 10, C, BridgeState.DOWN, OFF, PART, PART, "Dinas PUPR Kota Tangerang", date(2026, 1, 30)),
        ],
    ),
    (
        "36.71.08.1001",
        "-6.1702",
        "106.5889",
        [
            (18, 6, C, BridgeState.UNKNOWN, OFF, OFF, PART, "TAGANA Kota Tangerang", None),
            (19, 18, C, BridgeState.NORMAL, OFF, PART, ON, "Dinas PUPR Kota Tangerang", date(2026, 1, 21)),
            (21, 11, N, BridgeState.NORMAL, ON, PART, ON, "Dinas PUPR Kota Tangerang", None),
        ],
    ),
    (
        "36.74.03.1007",
        None,
        None,
        [(19, 9, L, BridgeState.NORMAL, PART, ON, ON, "Kelurahan Pondok Kacang Timur", date(2026, 1, 24))],
    ),
]


def _demo_member() -> User:
    """A Dinas PUPR member of the Sarana dan Prasarana cluster (the existing cluster-coordinator scoping)."""
    member = user_upsert(
        username="koordinator.pupr",
        password=settings.DEMO_PASSWORD,
        role=Role.KOORDINATOR_KLASTER,
        first_name="Klaster Sarana dan Prasarana (PUPR)",
        agency=Agency.objects.filter(code="dpupr-banten").first(),
    )
    Cluster.objects.get(code="sarana-prasarana").coordinators.add(member)
    return member


def infrastructure_seed_demo(**_ignored) -> dict:
    """Access and services in the demo flood: two areas cut off, one restored, one reachable only by boat; and a
    Sarana dan Prasarana member to sign in as (koordinator.pupr)."""
    _demo_member()
    disaster = demo_disaster()
    if disaster is None or AccessStatus.objects.filter(disaster=disaster).exists():
        return {"created": 0}
    created = 0
    with transaction.atomic():
        staf = User.objects.get(username="staf.provinsi")
        for area, lat, lon, observations in DEMO_ACCESS:
            for day, hour, road, bridges, power, water, telecom, source, restoration in observations:
                access_status_record(
                    user=staf,
                    disaster=disaster,
                    area=area,
                    observed_at=demo_at(day, hour),
                    road_access=road,
                    bridges=bridges,
                    electricity=power,
                    clean_water=water,
                    telecom=telecom,
                    source=source,
                    expected_restoration=demo_date(restoration) if restoration else None,
                    latitude=Decimal(lat) if lat else None,
                    longitude=Decimal(lon) if lon else None,
                )
                created += 1
    return {"created": created}
