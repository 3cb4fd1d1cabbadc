from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from banten_dinsos.regions.models import Region
from clusters.models import Disaster
from clusters.services.demo import DEMO_TITLE

from ..models import LdpSession, OccupancyCount, Shelter, ShelterKind, ShelterStatus
from .sphere import shelter_sphere_refresh

WIB = ZoneInfo("Asia/Jakarta")

DEMO_SHELTERS = [
    # (name, kind, desa code, capacity, covered m², latrines, water points, litres/day, opened, lat, lon, people/day)
    (
        "Posko SDN Periuk 1",
        ShelterKind.SEKOLAH,
        "36.71.08.1001",
        250,
        "700",
        8,
        1,
        3000,
        date(2026, 1, 18),
        "-6.1702",
        "106.5889",
        [120, 210, 236, 240, 198],
    ),
    (
        "Masjid Jami Gebang Raya",
        ShelterKind.MASJID,
        "36.71.08.1003",
        150,
        "400",
        4,
        1,
        2500,
        date(2026, 1, 18),
        "-6.1866",
        "106.5867",
        [60, 140, 160, 171, 150],
    ),
    (
        "Aula Kelurahan Pondok Kacang Timur",
        ShelterKind.BALAI_DESA,
        "36.74.03.1007",
        120,
        "450",
        6,
        1,
        2000,
        date(2026, 1, 19),
        "-6.2703",
        "106.7009",
        [40, 75, 90, 88, 70],
    ),
    (
        "Tenda Pengungsian Tanjung Burung",
        ShelterKind.TENDA,
        "36.03.13.2012",
        300,
        "900",
        10,
        2,
        5000,
        date(2026, 1, 18),
        "-6.0415",
        "106.6581",
        [150, 260, 280, 250, 205],
    ),
    (
        "Gedung Serbaguna Kasemen",
        ShelterKind.GEDUNG_PEMERINTAH,
        "36.73.02.1001",
        200,
        "800",
        10,
        1,
        4000,
        None,
        "-6.0342",
        "106.1706",
        [],
    ),
    (
        "SDN Muara Ciujung Barat",
        ShelterKind.SEKOLAH,
        "36.02.14.1007",
        180,
        "600",
        6,
        1,
        3000,
        None,
        "-6.3544",
        "106.2489",
        [],
    ),
]


def _breakdown(total: int) -> dict:
    """A plausible synthetic split of a headcount (not real people)."""
    female = total // 2 + total % 2
    balita, lansia = total // 10, total // 8
    anak = total // 4
    return {
        "male": total - female,
        "female": female,
        "balita": balita,
        "anak": anak,
        "dewasa": total - balita - anak - lansia,
        "lansia": lansia,
        "pregnant_or_nursing": total // 40,
        "disabled": total // 50,
    }


@transaction.atomic
def shelters_seed_demo(**_ignored) -> dict:
    """Shelters for the January 2026 Tangerang Raya floods with daily headcounts (some over the Sphere limits),
    LDP sessions, and prepared shelters elsewhere. Synthetic figures; idempotent."""
    created = 0
    for name, kind, desa_code, capacity, area, latrines, water_points, litres, opened, lat, lon, daily in DEMO_SHELTERS:
        desa = Region.objects.get(code=desa_code)
        shelter, was_created = Shelter.objects.update_or_create(
            name=name,
            desa=desa,
            defaults={
                "kind": kind,
                "kabkota_id": desa.kabkota_code,
                "capacity": capacity,
                "covered_area_m2": area,
                "latrines": latrines,
                "water_points": water_points,
                "water_litres_per_day": litres,
                "status": ShelterStatus.OPEN if opened else ShelterStatus.PREPARED,
                "opened_on": opened,
                "latitude": lat,
                "longitude": lon,
                "has_public_kitchen": kind in (ShelterKind.SEKOLAH, ShelterKind.GEDUNG_PEMERINTAH),
            },
        )
        created += was_created
        if opened:
            shelter.disasters.set(Disaster.objects.filter(title=DEMO_TITLE, affected_kabkota=shelter.kabkota_id))
        for day, total in enumerate(daily):
            observed = datetime.combine(opened + timedelta(days=day), time(7, 0), tzinfo=WIB)
            OccupancyCount.objects.get_or_create(
                shelter=shelter, observed_at=observed, defaults={"total": total, **_breakdown(total)}
            )
        latest = shelter.counts.order_by("-observed_at").first()
        if latest is not None:
            shelter.current_total, shelter.current_observed_at = latest.total, latest.observed_at
        shelter_sphere_refresh(shelter=shelter)
        shelter.save()
        if opened and not shelter.ldp_sessions.exists():
            LdpSession.objects.create(
                shelter=shelter,
                kabkota_id=shelter.kabkota_id,
                held_on=opened + timedelta(days=2),
                kind="terapi_bermain",
                provider="tagana",
                providers_count=2,
                reached_children_male=12,
                reached_children_female=14,
            )
    return {"created": created, "total": Shelter.objects.count()}
