"""Logistics fixtures: the provincial warehouse and two kabupaten/kota warehouses (Lebak and Kota Serang, so leaks
show), a disaster affecting both, and a helper that receives stock through the real service."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from clusters.models import Disaster
from logistics.models import Item, Location, LocationKind, MoveKind
from logistics.services import move_post

LEBAK, KOTA_SERANG = "36.02", "36.73"


@pytest.fixture
def items(reference_data):
    return {item.code: item for item in Item.objects.all()}


@pytest.fixture
def province_warehouse(reference_data):
    return Location.objects.create(
        code="gudang-provinsi-test",
        name="Gudang Provinsi (uji)",
        kind=LocationKind.GUDANG_PROVINSI,
        region_id="36",
        latitude=Decimal("-6.11"),
        longitude=Decimal("106.16"),
    )


@pytest.fixture
def gudang_lebak(reference_data):
    return Location.objects.create(
        code="gudang-lebak-test",
        name="Gudang Dinsos Lebak (uji)",
        kind=LocationKind.GUDANG_KABKOTA,
        region_id=LEBAK,
        kabkota_id=LEBAK,
        latitude=Decimal("-6.36"),
        longitude=Decimal("106.25"),
    )


@pytest.fixture
def gudang_kota_serang(reference_data):
    return Location.objects.create(
        code="gudang-kota-serang-test",
        name="Gudang Dinsos Kota Serang (uji)",
        kind=LocationKind.GUDANG_KABKOTA,
        region_id=KOTA_SERANG,
        kabkota_id=KOTA_SERANG,
    )


@pytest.fixture
def supplier(reference_data):
    return Location.objects.get(code="sumber-kemensos")


@pytest.fixture
def desa_lebak(reference_data):
    return Location.objects.create(
        code="desa-muara-ciujung-barat",
        name="Desa Muara Ciujung Barat",
        kind=LocationKind.DESA,
        region_id="36.02.14.1007",
        kabkota_id=LEBAK,
    )


@pytest.fixture
def disaster(reference_data):
    disaster = Disaster.objects.create(
        disaster_type_id="101", title="Banjir uji logistik", started_on=timezone.localdate() - timedelta(days=3)
    )
    disaster.affected_kabkota.set([LEBAK, KOTA_SERANG])
    return disaster


@pytest.fixture
def receive(staf, supplier):
    """receive(warehouse, item, quantity, batch_code="", expiry=None): a receipt posted through the service."""

    def post(warehouse, item, quantity, batch_code="", expiry: date | None = None):
        move, _created = move_post(
            user=staf,
            kind=MoveKind.RECEIPT,
            item=item,
            quantity=Decimal(quantity),
            source=supplier,
            destination=warehouse,
            batch_code=batch_code,
            expiry_date=expiry,
            idempotency_key=uuid.uuid4(),
        )
        return move

    return post
