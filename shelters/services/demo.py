from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from banten_dinsos.accounts.models import User
from banten_dinsos.core.demo import demo_date
from banten_dinsos.core.nik import nik_generate
from banten_dinsos.regions.models import Region
from clusters.models import Disaster
from clusters.services.demo import demo_disaster

from ..models import LdpPost, LdpSession, OccupancyCount, Shelter, ShelterKind, ShelterStatus
from .evacuees import evacuee_check_out, evacuee_register
from .ldp import ldp_post_create, ldp_session_record
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


def _through_today(opened: date | None, daily: list[int]) -> list[int]:
    """The story's first days of headcounts, then a slow return home (5 % fewer a day) until today."""
    if opened is None:
        return []
    counts = list(daily)
    while len(counts) <= (timezone.localdate() - opened).days:
        counts.append(counts[-1] * 95 // 100)
    return counts


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
    """Shelters for the demo Tangerang Raya floods with daily headcounts through today (some over the Sphere
    limits), evacuees, LDP posts, sessions and referrals, and prepared shelters elsewhere. Synthetic; idempotent."""
    created = 0
    flood = demo_disaster()
    flood_id = flood.pk if flood is not None else None
    for name, kind, desa_code, capacity, area, latrines, water_points, litres, opened, lat, lon, daily in DEMO_SHELTERS:
        opened = demo_date(opened) if opened else None  # the story's date, moved to the real calendar
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
            shelter.disasters.set(Disaster.objects.filter(pk=flood_id, affected_kabkota=shelter.kabkota_id))
        for day, total in enumerate(_through_today(opened, daily)):
            # Counted at 07.00 each morning; today's count is not dated in the future on an early morning.
            observed = min(
                datetime.combine(opened + timedelta(days=day), time(7, 0), tzinfo=WIB),
                timezone.now() - timedelta(minutes=10),
            )
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
    evacuees = _evacuees_seed()
    sessions = _ldp_seed()
    return {"created": created, "total": Shelter.objects.count(), "evacuees": evacuees, "ldp_sessions": sessions}


# (given name, family name, sex, year of birth) - invented people, registered at the open demo shelters.
DEMO_EVACUEES = [
    ("Ahmad", "Suryana", "L", 1978),
    ("Siti", "Rohmah", "P", 1982),
    ("Rizki", "Suryana", "L", 2012),
    ("Nur", "Aisyah", "P", 2019),
    ("Dedi", "Kurniawan", "L", 1965),
    ("Euis", "Nurhayati", "P", 1950),
    ("Fajar", "Hidayat", "L", 1995),
    ("Lilis", "Marlina", "P", 1990),
]
DEMO_LDP_POSTS = [
    # (name, kind, desa code, shelter name or None)
    ("Pos LDP Periuk", "tetap", "36.71.08.1001", "Posko SDN Periuk 1"),
    ("Layanan LDP keliling Teluknaga", "keliling", "36.03.13.2012", None),
]


def _evacuees_seed() -> int:
    """A few registered evacuees per open demo shelter (one already went home); skipped where some exist."""
    staf = User.objects.get(username="staf.provinsi")
    created = 0
    flood = demo_disaster()
    if flood is None:
        return 0
    open_shelters = Shelter.objects.filter(status=ShelterStatus.OPEN, disasters=flood, evacuees__isnull=True).order_by(
        "name"
    )
    for number, shelter in enumerate(open_shelters):
        for index, (given, family, sex, year) in enumerate(DEMO_EVACUEES):
            birth = date(year, 1 + (index * 5 + number) % 12, 1 + (index * 7 + number * 3) % 28)
            evacuee = evacuee_register(
                user=staf,
                shelter=shelter,
                full_name=f"{given} {family}",
                sex=sex,
                nik=nik_generate(
                    region_prefix=shelter.desa_id.replace(".", ""),
                    sex=sex,
                    birth_date=birth,
                    serial=7000 + number * 20 + index,
                ),
                birth_date=birth,
                origin_desa=shelter.desa,
                at=datetime.combine(shelter.opened_on, time(9 + index), tzinfo=WIB),
            )
            created += 1
            if index == len(DEMO_EVACUEES) - 1:
                evacuee_check_out(user=staf, evacuee=evacuee, note="Kembali ke rumah setelah air surut (data contoh).")
    return created


def _ldp_seed() -> int:
    """LDP posts, a session a day at the demo's busiest shelter and post, and the referrals they made."""
    staf = User.objects.get(username="staf.provinsi")
    for name, kind, desa_code, shelter_name in DEMO_LDP_POSTS:
        if not LdpPost.objects.filter(name=name).exists():
            ldp_post_create(
                user=staf,
                name=name,
                kind=kind,
                desa=Region.objects.get(code=desa_code),
                shelter=Shelter.objects.filter(name=shelter_name).first() if shelter_name else None,
            )
    post = LdpPost.objects.get(name="Layanan LDP keliling Teluknaga")
    shelter = Shelter.objects.filter(name="Posko SDN Periuk 1", status=ShelterStatus.OPEN).first()
    if shelter is None or LdpSession.objects.filter(post=post).exists():
        return LdpSession.objects.count()
    today = timezone.localdate()
    plan = [
        # (days ago, place, kind, provider, reached, referrals)
        (3, {"shelter": shelter}, "pfa", "peksos", {"reached_adult_female": 18, "reached_adult_male": 9}, []),
        (
            2,
            {"post": post},
            "konseling",
            "psikolog",
            {"reached_adult_female": 6, "reached_older": 3},
            [{"referred_to": "Puskesmas Teluknaga (layanan jiwa)", "people": 2}],
        ),
        (
            1,
            {"shelter": shelter},
            "kelompok",
            "tagana",
            {"reached_children_male": 15, "reached_children_female": 17},
            [],
        ),
        (
            0,
            {"post": post},
            "psikoedukasi",
            "tksk",
            {"reached_adult_female": 22, "reached_adult_male": 11},
            [{"referred_to": "RSUD Kabupaten Tangerang (psikiater)", "people": 1, "status": "diterima"}],
        ),
    ]
    for days_ago, place, kind, provider, reached, referrals in plan:
        ldp_session_record(
            user=staf,
            held_on=today - timedelta(days=days_ago),
            kind=kind,
            provider=provider,
            providers_count=2,
            referrals=referrals,
            notes="Data contoh.",
            **place,
            **reached,
        )
    return LdpSession.objects.count()
