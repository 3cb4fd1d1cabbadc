"""Demo logistics for the January 2026 Tangerang Raya floods: the provincial warehouse in Serang and the eight
kabupaten/kota warehouses with stock, requests at every status, donations from a company and PMI, and batches
close to expiry. Synthetic figures, posted through the real services; idempotent (fixed idempotency keys)."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from banten_dinsos.accounts.services import kabkota_slug
from banten_dinsos.core.demo import demo_date
from banten_dinsos.regions.models import PROVINCE_CODE, Region
from clusters.models import Need
from clusters.services.demo import demo_disaster
from shelters.models import Shelter, ShelterStatus

from ..models import DonorType, Item, Location, LocationKind, MoveKind, PostingKey, StockRequest
from .donations import donation_record
from .locations import location_for_shelter
from .requests import dispatch_create, dispatch_receive, request_decide, request_submit
from .stock import move_post

DEMO_NAMESPACE = uuid.UUID("0b7c4c0e-5a7e-4d8f-9a51-3c1f2e8d4b60")

# (kabupaten/kota code, warehouse name, lat, lon); the provincial warehouse stands in Kota Serang.
WAREHOUSES = [
    ("36.01", "Gudang Dinsos Kabupaten Pandeglang", "-6.3086", "106.1034"),
    ("36.02", "Gudang Dinsos Kabupaten Lebak", "-6.3597", "106.2497"),
    ("36.03", "Gudang Dinsos Kabupaten Tangerang", "-6.2636", "106.4811"),
    ("36.04", "Gudang Dinsos Kabupaten Serang", "-6.1175", "106.1508"),
    ("36.71", "Gudang Dinsos Kota Tangerang", "-6.1783", "106.6319"),
    ("36.72", "Gudang Dinsos Kota Cilegon", "-6.0025", "106.0511"),
    ("36.73", "Gudang Dinsos Kota Serang", "-6.1204", "106.1503"),
    ("36.74", "Gudang Dinsos Kota Tangerang Selatan", "-6.2886", "106.7179"),
]
# Provincial buffer stock: (item, quantity, batch code, days until expiry or None).
PROVINCE_STOCK = [
    ("beras", "12000", "BRS-2026-11", 240),
    ("beras", "1500", "BRS-2026-03", 21),
    ("makanan-siap-saji", "3000", "MSS-2026-09", 150),
    ("makanan-siap-saji", "400", "MSS-2026-01", 12),
    ("lauk-pauk", "2500", "LP-2026-08", 200),
    ("air-mineral", "20000", "AIR-2026-10", 300),
    ("selimut", "3000", "", None),
    ("tikar", "2000", "", None),
    ("terpal", "800", "", None),
    ("tenda-keluarga", "60", "", None),
    ("family-kit", "900", "", None),
    ("kids-ware", "500", "", None),
    ("hygiene-kit", "1200", "HK-2027-02", 420),
    ("perlengkapan-bayi", "350", "PB-2026-12", 25),
]
# Every kabupaten/kota warehouse: (item, quantity, batch code, days until expiry).
KABKOTA_STOCK = [
    ("beras", "1800", "BRS-KAB-2026", 180),
    ("makanan-siap-saji", "300", "MSS-KAB-2026", 90),
    ("air-mineral", "2400", "AIR-KAB-2026", 200),
    ("selimut", "250", "", None),
    ("tikar", "150", "", None),
    ("hygiene-kit", "80", "HK-KAB-2026", 18),
]


def _key(name: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, name)


def _done(name: str) -> bool:
    return PostingKey.objects.filter(key=_key(name)).exists()


def _warehouses(staf) -> dict[str, Location]:
    province, _created = Location.objects.get_or_create(
        code="gudang-provinsi-banten",
        defaults={
            "name": "Gudang Logistik Dinas Sosial Provinsi Banten (Serang)",
            "kind": LocationKind.GUDANG_PROVINSI,
            "region_id": PROVINCE_CODE,
            "address": "Jl. Syekh Nawawi Al-Bantani, Kota Serang",
            "latitude": Decimal("-6.1107"),
            "longitude": Decimal("106.1633"),
        },
    )
    places = {"province": province}
    for code, name, lat, lon in WAREHOUSES:
        region = Region.objects.get(code=code)
        places[code], _created = Location.objects.get_or_create(
            code=f"gudang-{kabkota_slug(region)}",
            defaults={
                "name": name,
                "kind": LocationKind.GUDANG_KABKOTA,
                "region": region,
                "kabkota_id": code,
                "latitude": Decimal(lat),
                "longitude": Decimal(lon),
            },
        )
    return places


def _receive(staf, warehouse: Location, source: Location, rows, prefix: str) -> None:
    today = timezone.localdate()
    items = {item.code: item for item in Item.objects.all()}
    for code, quantity, batch, days in rows:
        name = f"{prefix}:{code}:{batch}"
        if _done(name):
            continue
        move_post(
            user=staf,
            kind=MoveKind.RECEIPT,
            item=items[code],
            quantity=Decimal(quantity),
            source=source,
            destination=warehouse,
            batch_code=batch,
            expiry_date=today + timedelta(days=days) if days else None,
            idempotency_key=_key(name),
        )


def _requests(staf, users, places, disaster) -> None:
    items = {item.code: item for item in Item.objects.all()}
    shelter = Shelter.objects.filter(status=ShelterStatus.OPEN, kabkota_id="36.71").order_by("pk").first()
    posko = location_for_shelter(shelter=shelter) if shelter is not None else None
    # (key, requester kab/kota, destination, lines, decision {item: approved} or None, reason, dispatch, receipt)
    plans = [
        ("menunggu", "36.74", places["36.74"], [("selimut", 300), ("tikar", 200)], None, "", False, None),
        ("disetujui", "36.03", places["36.03"], [("beras", 2000), ("air-mineral", 3000)], {}, "", False, None),
        (
            "sebagian",
            "36.03",
            places["36.03"],
            [("tenda-keluarga", 40), ("terpal", 300)],
            {"tenda-keluarga": 15},
            "Stok tenda keluarga provinsi terbatas; sisanya diajukan ke Kemensos.",
            False,
            None,
        ),
        (
            "ditolak",
            "36.74",
            places["36.74"],
            [("family-kit", 500)],
            {"family-kit": 0},
            "Kebutuhan sudah dipenuhi oleh bantuan CSR langsung ke posko.",
            False,
            None,
        ),
        ("dikirim", "36.71", places["36.71"], [("makanan-siap-saji", 800), ("lauk-pauk", 500)], {}, "", True, None),
        (
            "diterima",
            "36.71",
            posko or places["36.71"],
            [("beras", 1000), ("selimut", 400), ("perlengkapan-bayi", 60)],
            {},
            "",
            True,
            {"selimut": {"received": 390, "damaged": 10}},
        ),
    ]
    for key, kabkota, destination, lines, decision, reason, dispatch, receipt in plans:
        officer = users.get(kabkota, staf)
        request, _created = request_submit(
            user=officer,
            disaster=disaster,
            destination=destination,
            lines=[{"item": items[code], "quantity": Decimal(quantity)} for code, quantity in lines],
            needs=list(
                Need.objects.filter(disaster=disaster, kabkota_id=destination.kabkota_id, cluster__code="logistik")[:1]
            ),
            purpose="Kebutuhan pengungsi banjir",
            people_served=1200,
            idempotency_key=_key(f"request:{key}"),
        )
        if decision is None:
            continue
        lines_by_item = {line.item.code: line for line in request.lines.select_related("item")}
        approved = {line.pk: line.quantity_requested for line in lines_by_item.values()}
        for code, value in decision.items():
            approved[lines_by_item[code].pk] = Decimal(value)
        if not _done(f"decide:{key}"):
            request_decide(
                user=staf, request=request, approved=approved, reason=reason, idempotency_key=_key(f"decide:{key}")
            )
        if not dispatch:
            continue
        if not _done(f"dispatch:{key}"):
            dispatch_obj, _created = dispatch_create(
                user=staf,
                request=StockRequest.objects.get(pk=request.pk),
                source=places["province"],
                vehicle="A 8123 BS",
                driver="Sopir Dinsos",
                idempotency_key=_key(f"dispatch:{key}"),
            )
        else:
            dispatch_obj = request.dispatches.first()
        if receipt is None or _done(f"receive:{key}"):
            continue
        lines_map = {}
        for line in dispatch_obj.lines.select_related("item"):
            if line.item.code in receipt:
                lines_map[line.pk] = {name: Decimal(value) for name, value in receipt[line.item.code].items()}
        dispatch_receive(
            user=users.get(kabkota, staf),
            dispatch=dispatch_obj,
            lines=lines_map,
            note="10 lembar selimut basah dan sobek saat bongkar muat." if lines_map else "",
            idempotency_key=_key(f"receive:{key}"),
        )


def _donations(staf, places, disaster) -> None:
    company, _created = Location.objects.get_or_create(
        code="sumber-csr-krakatau",
        defaults={
            "name": "PT Baja Krakatau Sejahtera (CSR)",
            "kind": LocationKind.SUPPLIER,
            "donor_type": DonorType.COMPANY,
            "region_id": "36.72",
            "kabkota_id": "36.72",
        },
    )
    pmi = Location.objects.get(code="sumber-pmi-banten")
    items = {item.code: item for item in Item.objects.all()}
    today = timezone.localdate()
    for name, donor, warehouse, value, lines in [
        (
            "donation:csr",
            company,
            places["province"],
            "185000000",
            [("family-kit", 200, "", None), ("air-mineral", 5000, "AIR-CSR-01", 180)],
        ),
        (
            "donation:pmi",
            pmi,
            places["36.71"],
            "42500000",
            [("hygiene-kit", 150, "HK-PMI-01", 300), ("selimut", 300, "", None)],
        ),
    ]:
        if _done(name):
            continue
        donation_record(
            user=staf,
            donor=donor,
            warehouse=warehouse,
            received_on=demo_date(date(2026, 1, 20)),
            value_estimate=Decimal(value),
            disaster=disaster,
            lines=[
                {
                    "item": items[code],
                    "quantity": Decimal(quantity),
                    "batch_code": batch,
                    "expiry_date": today + timedelta(days=days) if days else None,
                }
                for code, quantity, batch, days in lines
            ],
            note="Bantuan in-kind untuk pengungsi banjir Tangerang Raya.",
            idempotency_key=_key(name),
        )


@transaction.atomic
def logistics_seed_demo(**_ignored) -> dict:
    """Warehouses, stock, requests at every status, donations and near-expiry batches; safe to run again."""
    User = get_user_model()
    staf = User.objects.filter(username="staf.provinsi").first()
    disaster = demo_disaster()
    if staf is None or disaster is None:
        return {"created": 0, "skipped": "demo users or demo disaster missing"}
    places = _warehouses(staf)
    procurement = Location.objects.get(code="sumber-pengadaan-dinsos")
    kemensos = Location.objects.get(code="sumber-kemensos")
    _receive(staf, places["province"], kemensos, PROVINCE_STOCK, "province")
    for code, *_rest in WAREHOUSES:
        _receive(staf, places[code], procurement, KABKOTA_STOCK, f"kabkota-{code}")
    users = {
        user.kabkota_id: user for user in User.objects.filter(username__startswith="petugas.", kabkota__isnull=False)
    }
    _donations(staf, places, disaster)
    _requests(staf, users, places, disaster)
    return {"created": PostingKey.objects.filter().count(), "requests": StockRequest.objects.count()}
