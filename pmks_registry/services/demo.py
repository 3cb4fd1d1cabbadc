"""Synthetic demo clients: invented names and NIKs that are valid and consistent, spread over the 8 kab/kota."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from banten_dinsos.agencies.models import Agency
from banten_dinsos.core.nik import nik_generate
from banten_dinsos.regions.models import Region, RegionLevel

from ..models import (
    Client,
    ClientPmksType,
    ClientService,
    ClientStatus,
    DataSource,
    Panti,
    Placement,
    ServiceKind,
)
from .clients import name_key_of
from .counts import counts_rebuild

DEMO_SEED = 20260118
CLIENTS_PER_KABKOTA = 40
MALE_NAMES = ["Ahmad", "Budi", "Dedi", "Eko", "Fajar", "Hendra", "Iwan", "Joko", "Rudi", "Slamet", "Ujang", "Yusuf"]
FEMALE_NAMES = ["Aminah", "Dewi", "Euis", "Fitri", "Iis", "Lilis", "Nur", "Rina", "Siti", "Sri", "Tuti", "Yuli"]
FAMILY_NAMES = ["Hidayat", "Kurniawan", "Maulana", "Nurhasanah", "Rahmawati", "Saputra", "Setiawan", "Sulaeman"]
DEMO_PANTI = [
    # (name, desa code, capacity, types served) - invented names, not the real UPTD institutions
    ("Panti Sosial Anak Harapan (demo)", "36.73.02.1001", 60, [1, 2, 4, 6, 7]),
    ("Panti Sosial Lanjut Usia Sejahtera (demo)", "36.01.01.2001", 80, [8]),
    ("Panti Sosial Disabilitas Mandiri (demo)", "36.02.14.1007", 50, [5, 9]),
]


def _types_for(rng: random.Random, age: int) -> list[int]:
    if age < 18:
        pool = [1, 2, 3, 4, 5, 6, 7] if age >= 5 else [1, 5]
    elif age >= 60:
        pool = [8, 8, 9, 21, 24]
    else:
        pool = [9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26]
    first = rng.choice(pool)
    return sorted({first, 24}) if rng.random() < 0.2 and first != 24 else [first]


def pmks_seed_demo(**_ignored) -> dict:
    """A few hundred synthetic clients (fixed seed, so running it twice changes nothing), panti and services."""
    rng = random.Random(DEMO_SEED)
    today = timezone.localdate()
    created = 0
    panti_by_type = {}
    for name, desa_code, capacity, served in DEMO_PANTI:
        desa = Region.objects.get(code=desa_code)
        panti, _was_created = Panti.objects.update_or_create(
            name=name, desa=desa, defaults={"kabkota_id": desa.kabkota_code, "capacity": capacity}
        )
        panti.served_types.set(served)
        for number in served:
            panti_by_type[number] = panti
    dinsos = Agency.objects.filter(code="dinsos-banten").first()
    serial = 0
    for kabkota in Region.objects.filter(level=RegionLevel.KABKOTA).order_by("code"):
        desas = list(Region.objects.within(kabkota.code).filter(level=RegionLevel.DESA).order_by("code"))
        for _index in range(CLIENTS_PER_KABKOTA):
            serial += 1
            sex = rng.choice("LP")
            birth = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 82))
            desa = rng.choice(desas)
            prefix = desa.code.replace(".", "")[:6]
            nik = nik_generate(region_prefix=prefix, sex=sex, birth_date=birth, serial=serial)
            first = rng.choice(MALE_NAMES if sex == "L" else FEMALE_NAMES)
            name = f"{first} {rng.choice(FAMILY_NAMES)}"
            age = (today - birth).days // 365
            status = rng.choices(list(ClientStatus.values), weights=[70, 15, 8, 4, 3])[0]
            client, was_created = Client.objects.update_or_create(
                nik=nik,
                defaults={
                    "no_kk": f"{prefix}{rng.randrange(10**9, 10**10)}",
                    "name": name,
                    "name_key": name_key_of(name),
                    "sex": sex,
                    "birth_date": birth,
                    "desa": desa,
                    "kabkota": kabkota,
                    "status": status,
                    "source": rng.choice(DataSource.values),
                    "last_verified_on": today - datetime.timedelta(days=rng.randrange(0, 720)),
                },
            )
            created += was_created
            types = _types_for(rng, age)
            for number in types:
                ClientPmksType.objects.get_or_create(client=client, pmks_type_id=number)
            kind = rng.choice(ServiceKind.values)
            ClientService.objects.get_or_create(
                client=client,
                kind=kind,
                provided_on=today - datetime.timedelta(days=rng.randrange(1, 365)),
                defaults={
                    "provider": dinsos,
                    "amount": Decimal(rng.choice([200_000, 300_000, 600_000])) if kind == "bantuan_tunai" else None,
                },
            )
            # Drawn whether or not it is used, so a second run follows the same random sequence.
            admitted_on = today - datetime.timedelta(days=rng.randrange(1, 300))
            panti = panti_by_type.get(types[0])
            if status == ClientStatus.IN_REHABILITATION and panti and not client.placements.exists():
                Placement.objects.create(
                    client=client,
                    panti=panti,
                    admitted_on=admitted_on,
                    admission_reason="Rujukan dinas sosial kabupaten/kota (data contoh)",
                )
    # Written straight to the tables above (idempotent get-or-create), so the kept counts are recomputed once.
    counts_rebuild()
    return {"created": created, "total": Client.objects.count()}
