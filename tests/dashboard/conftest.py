"""The Tangerang Raya floods and the Lebak landslide (from the clusters tests), with shelters and headcounts."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from shelters.models import ShelterStatus
from shelters.services import occupancy_record, sphere_thresholds_load_reference

from ..clusters.conftest import (  # noqa: F401 - fixtures shared with the clusters tests
    flood,
    koordinator_logistik,
    lebak_landslide,
    petugas_kota_tangerang,
    petugas_tangsel,
    report_of,
)
from ..factories import ShelterFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts cold: the dashboard caches its figures per scope and filters."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def flood_shelters(flood, petugas_kota_tangerang, petugas_tangsel):  # noqa: F811 - the fixtures imported above
    """Two open shelters in Kota Tangerang (one crowded, below the Sphere minimum) and one in Tangerang Selatan."""
    sphere_thresholds_load_reference()
    opened = timezone.localdate() - timedelta(days=7)
    crowded = ShelterFactory(
        desa_code="36.71.08.1001",
        name="SDN Periuk 1",
        status=ShelterStatus.OPEN,
        opened_on=opened,
        capacity=100,
        latitude="-6.1700",
        longitude="106.5800",
    )
    calm = ShelterFactory(
        desa_code="36.71.07.1001",
        name="Masjid Karawaci",
        status=ShelterStatus.OPEN,
        opened_on=opened,
        capacity=400,
        covered_area_m2=2000,
        latrines=30,
        water_litres_per_day=9000,
        latitude="-6.1900",
        longitude="106.6100",
    )
    tangsel = ShelterFactory(
        desa_code="36.74.03.1001",
        name="Balai Pondok Aren",
        status=ShelterStatus.OPEN,
        opened_on=opened,
        capacity=300,
        covered_area_m2=1500,
        latrines=20,
        water_litres_per_day=7000,
        latitude="-6.2700",
        longitude="106.7000",
    )
    for shelter in (crowded, calm, tangsel):
        shelter.disasters.add(flood)
    occupancy_record(user=petugas_kota_tangerang, shelter=crowded, version=None, total=140)
    occupancy_record(user=petugas_kota_tangerang, shelter=calm, version=None, total=80)
    occupancy_record(user=petugas_tangsel, shelter=tangsel, version=None, total=50)
    return crowded, calm, tangsel
