"""The HXL/3W export of distributions: one row per organisation × kab/kota × desa × item × day, tagged with HXL
hashtags so humanitarian tools (HDX, libhxl) read it. ``#output+num`` sums to the ledger's net distribution."""

import io

from banten_dinsos.core.exports import csv_writer
from banten_dinsos.regions.models import Region

HEADER = [
    ("Organisasi", "#org+name"),
    ("Klaster", "#sector+cluster"),
    ("Kode kab/kota", "#adm2+code"),
    ("Kab/kota", "#adm2+name"),
    ("Kode desa", "#adm4+code"),
    ("Desa/kelurahan", "#adm4+name"),
    ("Lokasi penyaluran", "#loc+name"),
    ("Kejadian bencana", "#crisis+name"),
    ("Barang", "#item+name"),
    ("Kode barang", "#item+code"),
    ("Satuan", "#item+unit"),
    ("Jumlah", "#output+num"),
    ("Tanggal", "#date"),
]
PROVINCE_ORG = "Dinas Sosial Provinsi Banten"


def _org(kabkota_code: str | None, names: dict) -> str:
    if not kabkota_code:
        return PROVINCE_ORG
    name = names.get(kabkota_code, kabkota_code)
    return f"Dinas Sosial {name}"


def distribution_hxl_csv(*, rows: list[dict]) -> str:
    """CSV text: a header row, an HXL hashtag row, then one row per distribution line (zero net rows left out)."""
    names = dict(Region.objects.filter(level__in=["kabkota", "desa"]).values_list("code", "name"))
    buffer = io.StringIO()
    writer = csv_writer(buffer)  # neutralises formula-like cells
    writer.writerow([label for label, _tag in HEADER])
    writer.writerow([tag for _label, tag in HEADER])
    for row in rows:
        if not row["quantity"]:
            continue
        quantity = row["quantity"]
        quantity = quantity.quantize(1) if quantity == quantity.to_integral_value() else quantity.normalize()
        writer.writerow(
            [
                _org(row["org_kabkota"], names),
                "Logistik",
                row["kabkota"],
                names.get(row["kabkota"], ""),
                row["desa"] if row["desa"] and len(row["desa"]) > 8 else "",
                row["desa_name"] if row["desa"] and len(row["desa"]) > 8 else "",
                row["place_name"],
                row["disaster"],
                row["item"],
                row["item_code"],
                row["unit"],
                f"{quantity:f}",
                row["date"].isoformat(),
            ]
        )
    return buffer.getvalue()
