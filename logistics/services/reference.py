"""The reference data of logistics: the catalogue of common relief goods, kits, ration rules, the system's own
places and the government donors. Idempotent; values edited in the admin are kept."""

from decimal import Decimal

from django.db import transaction

from banten_dinsos.regions.models import PROVINCE_CODE

from ..models import DonorType, Item, ItemCategory, KitComponent, Location, RationRule
from .common import SYSTEM_LOCATIONS, system_location

# (code, name, category, unit, whole units, expires, low-stock level per warehouse, value per unit in Rp)
CATALOGUE = [
    ("beras", "Beras", ItemCategory.FOOD, "kg", False, True, "500", "14000"),
    ("makanan-siap-saji", "Makanan siap saji", ItemCategory.FOOD, "paket", True, True, "200", "25000"),
    ("lauk-pauk", "Lauk pauk (kaleng/kemasan)", ItemCategory.FOOD, "paket", True, True, "200", "30000"),
    ("mi-instan", "Mi instan", ItemCategory.FOOD, "dus", True, True, "50", "115000"),
    ("air-mineral", "Air mineral", ItemCategory.WATER, "liter", False, True, "1000", "3000"),
    ("selimut", "Selimut", ItemCategory.SHELTER, "lembar", True, False, "100", "45000"),
    ("tikar", "Tikar/matras", ItemCategory.SHELTER, "lembar", True, False, "100", "60000"),
    ("terpal", "Terpal", ItemCategory.SHELTER, "lembar", True, False, "50", "150000"),
    ("tenda-keluarga", "Tenda keluarga", ItemCategory.SHELTER, "unit", True, False, "10", "2500000"),
    ("sandang", "Sandang (pakaian layak pakai)", ItemCategory.CLOTHING, "paket", True, False, "50", "100000"),
    ("perlengkapan-bayi", "Perlengkapan bayi", ItemCategory.BABY, "paket", True, True, "30", "150000"),
    ("hygiene-kit", "Hygiene kit (termasuk pembalut)", ItemCategory.HYGIENE, "paket", True, True, "50", "120000"),
    ("obat-ringan", "Obat-obatan ringan (non-medis)", ItemCategory.NON_MEDICAL, "paket", True, True, "20", "50000"),
    ("family-kit", "Family kit", ItemCategory.KIT, "paket", True, False, "50", "450000"),
    ("kids-ware", "Kids ware", ItemCategory.KIT, "paket", True, False, "30", "250000"),
]

# (kit, component, quantity): the contents as Kemensos kits are commonly packed (check against the supplier's list).
KITS = [
    ("family-kit", "selimut", "2"),
    ("family-kit", "tikar", "1"),
    ("family-kit", "sandang", "1"),
    ("kids-ware", "sandang", "1"),
    ("kids-ware", "selimut", "1"),
]

# Per displaced person per day (check): 0.4 kg rice, 1 ready meal, 2.5 litres of drinking water (Sphere).
RATIONS = [
    ("beras", "0.4", 3, "Standar beras Kemensos 400 gram/orang/hari (check)"),
    ("makanan-siap-saji", "1", 2, "Satu paket per orang per hari pada hari-hari pertama (check)"),
    ("air-mineral", "2.5", 2, "Sphere: air minum 2,5 liter/orang/hari"),
]

GOVERNMENT_DONORS = [
    ("sumber-kemensos", "Kementerian Sosial RI", DonorType.GOVERNMENT),
    ("sumber-bnpb", "BNPB", DonorType.GOVERNMENT),
    ("sumber-pmi-banten", "PMI Provinsi Banten", DonorType.PMI),
    ("sumber-pengadaan-dinsos", "Pengadaan Dinas Sosial Provinsi Banten", DonorType.PROCUREMENT),
]


@transaction.atomic
def logistics_load_reference(**_ignored) -> dict:
    """Load the catalogue, kits, ration rules, system places and government donors; never overwrites edits."""
    created = 0
    items = {}
    for code, name, category, unit, whole, expires, reorder, value in CATALOGUE:
        items[code], was_created = Item.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "category": category,
                "unit": unit,
                "is_whole_unit": whole,
                "tracks_expiry": expires,
                "reorder_level": Decimal(reorder),
                "unit_value": Decimal(value),
            },
        )
        created += was_created
    for kit, component, quantity in KITS:
        _component, was_created = KitComponent.objects.get_or_create(
            kit=items[kit], component=items[component], defaults={"quantity": Decimal(quantity)}
        )
        created += was_created
    for code, per_day, alert_days, source in RATIONS:
        _rule, was_created = RationRule.objects.get_or_create(
            item=items[code],
            defaults={"per_person_per_day": Decimal(per_day), "alert_below_days": alert_days, "source": source},
        )
        created += was_created
    for kind in SYSTEM_LOCATIONS:
        system_location(kind)
    for code, name, donor_type in GOVERNMENT_DONORS:
        _location, was_created = Location.objects.get_or_create(
            code=code, defaults={"name": name, "kind": "sumber", "donor_type": donor_type, "region_id": PROVINCE_CODE}
        )
        created += was_created
    created += _schedule_daily_check()
    return {"created": created, "items": Item.objects.count()}


def _schedule_daily_check() -> int:
    """Low-stock and expiry alerts every morning at 06:30 WIB, as a django-celery-beat task editable in the admin."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute="30", hour="6", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Jakarta"
    )
    _task, created = PeriodicTask.objects.get_or_create(
        name="Peringatan stok logistik harian",
        defaults={
            "task": "logistics.tasks.stock_alerts_daily",
            "crontab": crontab,
            "description": "Stok menipis dan barang yang segera kedaluwarsa di setiap gudang.",
        },
    )
    return int(created)
