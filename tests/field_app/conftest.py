"""A flood in Lebak with an open shelter, and a JPEG with camera EXIF (a GPS point and a camera model)."""

import io
from datetime import date

import pytest
from PIL import Image

from banten_dinsos.regions.models import Region
from clusters.models import DisasterType, EmergencyStatus
from clusters.services import disaster_create
from shelters.models import ShelterStatus

from ..conftest import KOTA_SERANG, LEBAK

LEBAK_KECAMATAN, LEBAK_DESA = "36.02.14", "36.02.14.1007"


@pytest.fixture
def banjir_lebak(staf):
    return disaster_create(
        user=staf,
        disaster_type=DisasterType.objects.get(code="101"),
        title="Banjir Lebak Januari 2026",
        started_on=date(2026, 1, 17),
        affected_kabkota=Region.objects.filter(code=LEBAK),
        status=EmergencyStatus.TANGGAP,
    )


@pytest.fixture
def banjir_serang(staf):
    return disaster_create(
        user=staf,
        disaster_type=DisasterType.objects.get(code="101"),
        title="Banjir Kota Serang Januari 2026",
        started_on=date(2026, 1, 17),
        affected_kabkota=Region.objects.filter(code=KOTA_SERANG),
        status=EmergencyStatus.TANGGAP,
    )


@pytest.fixture
def open_shelter_lebak(shelter_lebak):
    shelter_lebak.status = ShelterStatus.OPEN
    shelter_lebak.save(update_fields=["status"])
    return shelter_lebak


def camera_jpeg(width=3000, height=2000, *, gps=True) -> bytes:
    """A photo as a phone camera writes it: EXIF with the camera model, a time and (optionally) a GPS point."""
    image = Image.new("RGB", (width, height), (120, 80, 40))
    exif = Image.Exif()
    exif[0x0110] = "Kamera Uji"  # Model
    exif[0x0132] = "2026:01:18 08:00:00"  # DateTime
    if gps:
        exif[0x8825] = {1: "S", 2: (6.0, 21.0, 0.0), 3: "E", 4: (106.0, 14.0, 42.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=70)
    return out.getvalue()
