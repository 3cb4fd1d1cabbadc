import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from .models import Region, RegionLevel

DATA_FILE = Path(__file__).resolve().parent / "data" / "banten_regions.csv"

# Approximate seats of government (DOMAIN.md), for maps that can only show points.
KABKOTA_CENTRES = {
    "36.01": ("-6.31", "106.10"),
    "36.02": ("-6.36", "106.25"),
    "36.03": ("-6.26", "106.48"),
    "36.04": ("-6.12", "106.25"),
    "36.71": ("-6.18", "106.63"),
    "36.72": ("-6.00", "106.05"),
    "36.73": ("-6.12", "106.15"),
    "36.74": ("-6.29", "106.71"),
}
LEVEL_ORDER = [RegionLevel.PROVINSI, RegionLevel.KABKOTA, RegionLevel.KECAMATAN, RegionLevel.DESA]


def regions_read(path: Path = DATA_FILE) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def regions_load(*, path: Path = DATA_FILE, **_ignored) -> dict:
    """Create or update every region in the data file, parents first. Loading twice changes nothing."""
    rows = regions_read(path)
    existing = {region.code: region for region in Region.objects.all()}
    created = updated = 0
    for level in LEVEL_ORDER:
        to_create, to_update = [], []
        for row in (r for r in rows if r["level"] == level):
            centre = KABKOTA_CENTRES.get(row["code"])
            values = {
                "name": row["name"],
                "level": row["level"],
                "parent_id": row["parent_code"] or None,
                "latitude": Decimal(centre[0]) if centre else None,
                "longitude": Decimal(centre[1]) if centre else None,
            }
            region = existing.get(row["code"])
            if region is None:
                to_create.append(Region(code=row["code"], **values))
            elif any(getattr(region, field) != value for field, value in values.items()):
                for field, value in values.items():
                    setattr(region, field, value)
                to_update.append(region)
        Region.objects.bulk_create(to_create, batch_size=1000)
        Region.objects.bulk_update(to_update, ["name", "level", "parent", "latitude", "longitude"], batch_size=1000)
        created += len(to_create)
        updated += len(to_update)
    return {"created": created, "updated": updated, "total": Region.objects.count()}
