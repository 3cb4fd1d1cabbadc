from django.db import transaction

from banten_dinsos.regions.models import Region, RegionLevel

from .models import Agency, AgencyKind

PROVINCIAL_AGENCIES = [
    ("dinsos-banten", "Dinas Sosial Provinsi Banten", "Dinsos", AgencyKind.PERANGKAT_DAERAH),
    ("dinkes-banten", "Dinas Kesehatan Provinsi Banten", "Dinkes", AgencyKind.PERANGKAT_DAERAH),
    (
        "dpupr-banten",
        "Dinas Pekerjaan Umum dan Penataan Ruang Provinsi Banten",
        "Dinas PUPR",
        AgencyKind.PERANGKAT_DAERAH,
    ),
    ("bpbd-banten", "Badan Penanggulangan Bencana Daerah Provinsi Banten", "BPBD", AgencyKind.PERANGKAT_DAERAH),
    ("dindik-banten", "Dinas Pendidikan dan Kebudayaan Provinsi Banten", "Dindikbud", AgencyKind.PERANGKAT_DAERAH),
    ("distan-banten", "Dinas Pertanian Provinsi Banten", "Distan", AgencyKind.PERANGKAT_DAERAH),
    ("bappeda-banten", "Badan Perencanaan Pembangunan Daerah Provinsi Banten", "Bappeda", AgencyKind.PERANGKAT_DAERAH),
    ("basarnas-banten", "Kantor Pencarian dan Pertolongan Banten (Basarnas)", "Basarnas", AgencyKind.INSTANSI_PUSAT),
    ("pmi-banten", "Palang Merah Indonesia Provinsi Banten", "PMI", AgencyKind.PMI),
    ("tagana-banten", "Taruna Siaga Bencana (TAGANA) Provinsi Banten", "TAGANA", AgencyKind.RELAWAN),
    ("forum-ksb-banten", "Forum Kampung Siaga Bencana Provinsi Banten", "Forum KSB", AgencyKind.RELAWAN),
]


@transaction.atomic
def agencies_load_reference(**_ignored) -> dict:
    """Provincial agencies and the Dinas Sosial and BPBD of each kabupaten/kota; existing contacts are kept."""
    rows = [(code, name, short, kind, None) for code, name, short, kind in PROVINCIAL_AGENCIES]
    for region in Region.objects.filter(level=RegionLevel.KABKOTA):
        slug = region.code.replace(".", "")
        rows.append((f"dinsos-{slug}", f"Dinas Sosial {region.name}", "", AgencyKind.PERANGKAT_DAERAH, region))
        rows.append((f"bpbd-{slug}", f"BPBD {region.name}", "", AgencyKind.PERANGKAT_DAERAH, region))
    created = 0
    for code, name, short_name, kind, region in rows:
        _agency, was_created = Agency.objects.update_or_create(
            code=code, defaults={"name": name, "short_name": short_name, "kind": kind, "region": region}
        )
        created += was_created
    return {"created": created, "total": Agency.objects.count()}
