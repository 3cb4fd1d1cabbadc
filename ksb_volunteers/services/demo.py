"""Demo data: the Banten KSB forum (40 officers from the 8 kabupaten/kota) and a TAGANA roster deployed to the
January 2026 Tangerang Raya floods. Every person is synthetic (fixed random seed); NIKs match birth date and sex."""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from banten_dinsos.accounts.models import User
from banten_dinsos.core.demo import demo_at, demo_date, demo_year
from banten_dinsos.regions.models import Region, RegionLevel
from clusters.models import DisasterType
from clusters.services.demo import demo_disaster
from shelters.models import Shelter

from ..models import (
    DeploymentRole,
    ItemCondition,
    KsbOfficerRole,
    KsbUnit,
    LumbungItemKind,
    Skill,
    StakeholderKind,
    TaganaMember,
    TrainingKind,
)
from .deployments import availability_sync, deployment_create, deployment_end, deployment_report_submit
from .ksb import ksb_officer_add, ksb_stakeholder_add, ksb_unit_create, lumbung_item_save
from .members import member_create
from .reference import skills_load_reference
from .trainings import training_create, training_participant_add

WIB = ZoneInfo("Asia/Jakarta")
SEED = 20260117
MEMBERS_PER_KABKOTA = 6

# (kabupaten/kota, number of KSB units): 10 units with 4 officers each make the forum's 40 officers.
KSB_UNITS_PER_KABKOTA = {
    "36.01": 2,
    "36.02": 2,
    "36.03": 1,
    "36.04": 1,
    "36.71": 1,
    "36.72": 1,
    "36.73": 1,
    "36.74": 1,
}
HAZARDS_BY_KABKOTA = {
    "36.01": ["109", "108", "101"],
    "36.02": ["102", "101", "108"],
    "36.03": ["101", "104"],
    "36.04": ["101", "104", "109"],
    "36.71": ["101", "105"],
    "36.72": ["109", "108"],
    "36.73": ["101", "105"],
    "36.74": ["101", "105"],
}
MALE_NAMES = ["Ahmad", "Budi", "Dedi", "Hendra", "Iwan", "Joko", "Rudi", "Ujang", "Asep", "Agus", "Yusuf", "Rizki"]
FEMALE_NAMES = ["Siti", "Dewi", "Euis", "Lilis", "Nur", "Rina", "Yuli", "Ratna", "Wulan", "Ani", "Fitri", "Neng"]
FAMILY_NAMES = [
    "Hidayat",
    "Saputra",
    "Rahmawati",
    "Setiawan",
    "Maulana",
    "Kurniawan",
    "Suryani",
    "Hasanah",
    "Firmansyah",
    "Nurhayati",
    "Sulaeman",
    "Jaelani",
]
SKILL_CODES = [
    "psikososial-ldp",
    "dapur-umum",
    "manajemen-shelter",
    "sar-air",
    "logistik",
    "assessment",
    "pertolongan-pertama",
    "evakuasi",
    "pendataan-korban",
]
# (shelter name in the shelters demo, role, members sent) for the floods.
FLOOD_POSTS = [
    ("Posko SDN Periuk 1", DeploymentRole.PUBLIC_KITCHEN, 4),
    ("Masjid Jami Gebang Raya", DeploymentRole.SHELTER, 3),
    ("Aula Kelurahan Pondok Kacang Timur", DeploymentRole.PSYCHOSOCIAL, 3),
    ("Tenda Pengungsian Tanjung Burung", DeploymentRole.REGISTRATION, 3),
]


def _at(day: int, hour: int = 8) -> datetime:
    """A moment of the story (day of January 2026) moved to the real calendar (banten_dinsos.core.demo)."""
    return demo_at(day, hour)


class _People:
    """Synthetic names, birth dates, NIKs and phone numbers from one seeded generator."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.serial = 0

    def person(self, region_code: str) -> dict:
        self.serial += 1
        sex = self.rng.choice("LP")
        first = self.rng.choice(MALE_NAMES if sex == "L" else FEMALE_NAMES)
        birth = date(1970, 1, 1) + timedelta(days=self.rng.randrange(0, 365 * 35))
        # NIK: the kecamatan where it was issued, birth date (day + 40 for women), a serial that is never 0000.
        kecamatan = Region.objects.filter(level=RegionLevel.KECAMATAN).within(region_code[:5]).order_by("code")
        prefix = self.rng.choice(list(kecamatan.values_list("code", flat=True))).replace(".", "")
        day = birth.day + (40 if sex == "P" else 0)
        return {
            "full_name": f"{first} {self.rng.choice(FAMILY_NAMES)}",
            "sex": sex,
            "birth_date": birth,
            "nik": f"{prefix}{day:02d}{birth.month:02d}{birth.year % 100:02d}{self.serial:04d}",
            "phone": f"08{self.rng.choice('15789')}{self.rng.randrange(10**8, 10**9)}",
        }


def _seed_ksb(staf, people: _People, rng: random.Random) -> int:
    hazards = {hazard.code: hazard for hazard in DisasterType.objects.all()}
    officers = 0
    for kabkota_code, count in KSB_UNITS_PER_KABKOTA.items():
        desas = list(Region.objects.filter(level=RegionLevel.DESA).within(kabkota_code).order_by("code"))
        for desa in rng.sample(desas, count):
            unit = ksb_unit_create(
                user=staf,
                name=f"KSB {desa.name}",
                desa=desa,
                decree_number=f"400.9/{rng.randrange(10, 99)}/Dinsos/{rng.choice([2019, 2021, 2023])} (contoh)",
                decree_date=date(rng.choice([2019, 2021, 2023]), rng.randrange(1, 13), rng.randrange(1, 28)),
                member_count=rng.randrange(25, 61),
                hazards=[hazards[code] for code in HAZARDS_BY_KABKOTA[kabkota_code] if code in hazards],
                last_activity_on=demo_date(date(2025, rng.randrange(6, 13), rng.randrange(1, 28))),
                last_activity=rng.choice(
                    [
                        "Simulasi evakuasi bersama warga",
                        "Pemetaan jalur evakuasi desa",
                        "Pemeriksaan lumbung logistik",
                        f"FGD Forum KSB Provinsi Banten {demo_year(date(2025, 9, 10))}",
                    ]
                ),
            )
            for role, section in (
                (KsbOfficerRole.CHAIR, ""),
                (KsbOfficerRole.SECRETARY, ""),
                (KsbOfficerRole.TREASURER, ""),
                (KsbOfficerRole.COORDINATOR, rng.choice(["Logistik", "Peringatan dini", "Evakuasi", "Dapur umum"])),
            ):
                person = people.person(kabkota_code)
                ksb_officer_add(
                    user=staf,
                    unit=unit,
                    full_name=person["full_name"],
                    role=role,
                    section=section,
                    sex=person["sex"],
                    phone=person["phone"],
                    in_forum=True,
                )
                officers += 1
            for kind, quantity in (
                (LumbungItemKind.RUBBER_BOAT, rng.randrange(1, 3)),
                (LumbungItemKind.TENT, rng.randrange(2, 6)),
                (LumbungItemKind.GENERATOR, 1),
                (LumbungItemKind.LIFE_JACKET, rng.randrange(10, 30)),
            ):
                lumbung_item_save(
                    user=staf,
                    unit=unit,
                    kind=kind,
                    quantity=quantity,
                    condition=ItemCondition.GOOD,
                    checked_on=demo_date(date(2025, 11, 15)),
                )
            lumbung_item_save(
                user=staf,
                unit=unit,
                kind=LumbungItemKind.LIFE_JACKET,
                quantity=rng.randrange(1, 5),
                condition=ItemCondition.LIGHT_DAMAGE,
                checked_on=demo_date(date(2025, 11, 15)),
            )
            ksb_stakeholder_add(
                user=staf,
                unit=unit,
                name=f"PMI {Region.objects.get(code=kabkota_code).name}",
                kind=StakeholderKind.PMI,
                provides="Pelatihan pertolongan pertama dan kantong mayat",
            )
            ksb_stakeholder_add(
                user=staf,
                unit=unit,
                name="PT Contoh Industri Banten (CSR, contoh)",
                kind=StakeholderKind.CSR,
                provides="Perahu karet dan genset",
            )
            ksb_stakeholder_add(
                user=staf,
                unit=unit,
                name="Radio Komunitas Siaga (contoh)",
                kind=StakeholderKind.MEDIA,
                provides="Siaran peringatan dini",
            )
    return officers


def _seed_members(staf, people: _People, rng: random.Random) -> list[TaganaMember]:
    skills = {skill.code: skill for skill in Skill.objects.all()}
    members = []
    for kabkota in Region.objects.filter(level=RegionLevel.KABKOTA).order_by("code"):
        for number in range(1, MEMBERS_PER_KABKOTA + 1):
            person = people.person(kabkota.code)
            members.append(
                member_create(
                    user=staf,
                    member_number=f"TGN.{kabkota.code.replace('.', '')}.{number:04d}",
                    kabkota=kabkota,
                    joined_on=date(rng.randrange(2010, 2024), rng.randrange(1, 13), 1),
                    skills=[skills[code] for code in rng.sample(SKILL_CODES, rng.randrange(1, 4))],
                    **person,
                )
            )
    return members


def _seed_trainings(staf, members: list[TaganaMember], rng: random.Random) -> None:
    skills = {skill.code: skill for skill in Skill.objects.all()}
    ldp = training_create(
        user=staf,
        title=f"Pelatihan Dukungan Psikososial TAGANA Provinsi Banten {demo_year(date(2025, 8, 11))}",
        kind=TrainingKind.TRAINING,
        starts_on=demo_date(date(2025, 8, 11)),
        ends_on=demo_date(date(2025, 8, 14)),
        place="Balai Diklat Dinsos Provinsi Banten, Kota Serang",
        kabkota=Region.objects.get(code="36.73"),
        organiser="Dinas Sosial Provinsi Banten",
        skills=[skills["psikososial-ldp"]],
        certificate_months=36,
    )
    sar = training_create(
        user=staf,
        title=f"Gladi SAR Air Sungai Cisadane {demo_year(date(2023, 3, 6))}",
        kind=TrainingKind.DRILL,
        starts_on=demo_date(date(2023, 3, 6)),
        ends_on=demo_date(date(2023, 3, 8)),
        place="Bantaran Sungai Cisadane, Kota Tangerang",
        kabkota=Region.objects.get(code="36.71"),
        organiser="Dinas Sosial Provinsi Banten bersama Basarnas Banten",
        skills=[skills["sar-air"], skills["evakuasi"]],
        # Certificates valid for two years: they lapsed in the story's March 2025, so these skills no longer count.
        certificate_months=24,
    )
    for number, member in enumerate(rng.sample(members, 24)):
        training = ldp if number < 14 else sar
        training_participant_add(
            user=staf, training=training, member=member, certificate_number=f"{training.pk:03d}/{number + 1:03d}"
        )


def _seed_deployments(staf, members: list[TaganaMember]) -> int:
    disaster = demo_disaster()
    if disaster is None:
        return 0
    local = [member for member in members if member.kabkota_id in ("36.71", "36.74", "36.03")]
    mobilised = [member for member in members if member.kabkota_id in ("36.73", "36.04")]
    pool = local + mobilised
    created = 0
    for shelter_name, role, count in FLOOD_POSTS:
        shelter = Shelter.objects.filter(name=shelter_name).first()
        for index in range(count):
            member = pool.pop(0)
            first = deployment_create(
                user=staf,
                disaster=disaster,
                member=member,
                shelter=shelter,
                role=role,
                start_at=_at(18),
                end_at=_at(25, 18),
                note="Penugasan tahap I (data contoh)",
            )
            deployment_end(
                user=staf,
                deployment=first,
                ended_at=_at(25, 18),
                report=f"Bertugas {first.get_role_display().lower()} di {shelter_name}; kebutuhan utama: air bersih, "
                "selimut dan popok bayi. Tidak ada kejadian menonjol. (data contoh)",
            )
            created += 1
            if index == 0:
                # The post leads stay on until the post closes: still on assignment today.
                deployment_create(
                    user=staf,
                    disaster=disaster,
                    member=member,
                    shelter=shelter,
                    role=DeploymentRole.COORDINATION,
                    start_at=_at(26),
                    note="Koordinator posko sampai posko ditutup (data contoh)",
                )
                created += 1
    second = deployment_create(
        user=staf,
        disaster=disaster,
        member=pool.pop(0),
        shelter=Shelter.objects.filter(name="Posko SDN Periuk 1").first(),
        role=DeploymentRole.LOGISTICS,
        start_at=_at(26),
        end_at=_at(31, 18),
    )
    deployment_report_submit(
        user=staf,
        deployment=second,
        report="Distribusi logistik ke 3 RW terdampak; stok beras cukup untuk 4 hari. (data contoh)",
    )
    unit = KsbUnit.objects.filter(kabkota_id="36.03").order_by("pk").first()
    if unit is not None:
        deployment_create(
            user=staf,
            disaster=disaster,
            ksb_unit=unit,
            shelter=Shelter.objects.filter(name="Tenda Pengungsian Tanjung Burung").first(),
            role=DeploymentRole.EVACUATION,
            start_at=_at(17, 20),
            end_at=_at(20, 18),
            note="Evakuasi warga dengan perahu karet KSB (data contoh)",
        )
        created += 1
    availability_sync()
    return created + 1


def ksb_seed_demo(**_ignored) -> dict:
    """The KSB forum with 40 officers from the 8 kabupaten/kota and a TAGANA roster deployed to the Tangerang Raya
    floods. Synthetic people; idempotent (runs once, then reports what is there)."""
    if TaganaMember.objects.filter(member_number="TGN.3601.0001").exists():
        return {"created": 0, "members": TaganaMember.objects.count(), "ksb_units": KsbUnit.objects.count()}
    skills_load_reference()
    with transaction.atomic():
        staf = User.objects.get(username="staf.provinsi")
        rng = random.Random(SEED)
        people = _People(SEED)
        officers = _seed_ksb(staf, people, rng)
        members = _seed_members(staf, people, rng)
        _seed_trainings(staf, members, rng)
        deployments = _seed_deployments(staf, members)
    return {"ksb_officers": officers, "members": len(members), "deployments": deployments}
