from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from banten_dinsos.accounts.models import User
from banten_dinsos.accounts.roles import Role
from banten_dinsos.accounts.services import user_upsert
from banten_dinsos.agencies.models import Agency
from banten_dinsos.core.demo import demo_date
from clusters.models import Cluster
from clusters.services.demo import demo_disaster
from shelters.models import Shelter

from ..models import AgeGroup, HealthPost, OrganisationKind, PostKind
from .consultations import consultation_record
from .posts import health_post_create

FIRST_DAY = date(2026, 1, 18)
# Through the story's last day (today once moved): 18 January to 28 January.
DAYS = 11
# (name, kind, shelter name or None, desa, organisation kind, organisation, doctors, nurses, midwives, displaced)
DEMO_POSTS = [
    (
        "Pos Kesehatan SDN Periuk 1",
        PostKind.FIXED,
        "Posko SDN Periuk 1",
        None,
        OrganisationKind.PUSKESMAS,
        "Puskesmas Periuk Jaya",
        1,
        2,
        1,
        None,
    ),
    (
        "Pos Kesehatan PMI Tanjung Burung",
        PostKind.FIXED,
        "Tenda Pengungsian Tanjung Burung",
        None,
        OrganisationKind.PMI,
        "PMI Kabupaten Tangerang",
        1,
        3,
        1,
        None,
    ),
    (
        "Tim Kesehatan Keliling Pondok Aren",
        PostKind.MOBILE,
        None,
        "36.74.03.1007",
        OrganisationKind.PUSKESMAS,
        "Puskesmas Pondok Aren",
        1,
        2,
        1,
        1500,
    ),
]
# Daily cases per complaint for the two weeks; diarrhoea at the mobile team more than doubles on the eighth day
# (8 against a mean of 2.67 over the three days before): the demo's one early-warning signal.
BASE = {"ispa": 9, "penyakit-kulit": 6, "demam": 4, "hipertensi": 3, "luka-trauma": 2, "gangguan-jiwa": 1, "lainnya": 2}
DIARRHOEA = {
    "Pos Kesehatan SDN Periuk 1": [1, 2, 2, 1, 3, 2, 2, 1, 2, 3, 2, 1, 1, 2],
    "Pos Kesehatan PMI Tanjung Burung": [2, 1, 3, 2, 2, 3, 2, 2, 1, 2, 3, 2, 1, 1],
    "Tim Kesehatan Keliling Pondok Aren": [1, 2, 2, 3, 3, 2, 3, 8, 4, 3, 2, 2, 1, 1],
}
SPLIT = [
    (AgeGroup.BALITA, "L"),
    (AgeGroup.DEWASA, "P"),
    (AgeGroup.ANAK, "P"),
    (AgeGroup.DEWASA, "L"),
    (AgeGroup.LANSIA, "P"),
    (AgeGroup.ANAK, "L"),
]


def _cells(counts: dict[str, int]) -> list[dict]:
    """Spread each complaint's cases over age groups and sexes in a fixed pattern (the demo must be repeatable)."""
    cells: dict[tuple, int] = {}
    for index, (complaint, cases) in enumerate(sorted(counts.items())):
        for case in range(cases):
            age, sex = SPLIT[(index + case) % len(SPLIT)]
            cells[(complaint, age, sex)] = cells.get((complaint, age, sex), 0) + 1
    return [{"complaint": c, "age_group": a, "sex": s, "count": n} for (c, a, s), n in cells.items()]


def _demo_member() -> User:
    """A Dinas Kesehatan member of the Kesehatan cluster (the existing cluster-coordinator scoping)."""
    member = user_upsert(
        username="koordinator.dinkes",
        password=settings.DEMO_PASSWORD,
        role=Role.KOORDINATOR_KLASTER,
        first_name="Klaster Kesehatan (Dinkes)",
        agency=Agency.objects.filter(code="dinkes-banten").first(),
    )
    Cluster.objects.get(code="kesehatan").coordinators.add(member)
    return member


def health_seed_demo(**_ignored) -> dict:
    """Three health posts in the demo flood with two weeks of consultations and one diarrhoea signal, and a
    Kesehatan cluster member to sign in as (koordinator.dinkes)."""
    _demo_member()
    disaster = demo_disaster()
    if disaster is None or HealthPost.objects.filter(disaster=disaster).exists():
        return {"created": 0}
    with transaction.atomic():
        staf = User.objects.get(username="staf.provinsi")
        for name, kind, shelter, desa, org_kind, org, doctors, nurses, midwives, displaced in DEMO_POSTS:
            post = health_post_create(
                user=staf,
                disaster=disaster,
                shelter=Shelter.objects.filter(name=shelter).values_list("pk", flat=True).first() if shelter else None,
                desa=desa,
                name=name,
                kind=kind,
                organisation_kind=org_kind,
                organisation_name=org,
                opened_on=demo_date(FIRST_DAY),
                doctors=doctors,
                nurses=nurses,
                midwives=midwives,
                displaced_served=displaced,
            )
            for offset in range(DAYS):
                wave = 1 + (offset % 5) // 2
                counts = {code: cases * wave // 2 + cases % 2 for code, cases in BASE.items()}
                counts["diare"] = DIARRHOEA[name][offset]
                total = sum(counts.values())
                consultation_record(
                    user=staf,
                    post=post,
                    date=demo_date(FIRST_DAY) + timedelta(days=offset),
                    total=total,
                    counts=_cells(counts),
                    referrals=1 if offset % 4 == 0 else 0,
                    referred_ldp=counts["gangguan-jiwa"] if offset % 3 == 0 else 0,
                    pregnant_women=1 + offset % 3,
                    infants=2 + offset % 4,
                    disabled=offset % 2,
                )
    return {"created": len(DEMO_POSTS), "consultations": len(DEMO_POSTS) * DAYS}
