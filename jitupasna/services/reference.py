from decimal import Decimal

from django.db import transaction

from banten_dinsos.agencies.models import Agency, AgencyKind
from clusters.models import DamageClass

from ..models import DamageFactor, Sector, SubSector

# The five sectors and their sub-sectors (DOMAIN.md, Perka BNPB 15/2011), each with the provincial perangkat daerah
# responsible for its input. The assignments are a good-faith reading of Banten's offices (check): they are
# reference data, kept as edited in the admin once a sub-sector exists.
SECTORS = [
    (
        "permukiman",
        "Permukiman",
        [
            ("perumahan", "Perumahan", "disperkim-banten"),
            ("prasarana-lingkungan", "Prasarana Lingkungan", "disperkim-banten"),
        ],
    ),
    (
        "infrastruktur",
        "Infrastruktur",
        [
            ("transportasi", "Transportasi", "dpupr-banten"),
            ("energi", "Listrik dan Energi", "desdm-banten"),
            ("telekomunikasi", "Telekomunikasi", "diskominfo-banten"),
            ("air-minum-sanitasi", "Air Minum dan Sanitasi", "dpupr-banten"),
            ("sumber-daya-air", "Sumber Daya Air", "dpupr-banten"),
        ],
    ),
    (
        "ekonomi-produktif",
        "Ekonomi Produktif",
        [
            ("pertanian", "Pertanian", "distan-banten"),
            ("peternakan", "Peternakan", "distan-banten"),
            ("perikanan", "Perikanan", "dkp-banten"),
            ("industri-umkm", "Industri dan UMKM", "dinkop-ukm-banten"),
            ("perdagangan", "Perdagangan", "disperindag-banten"),
            ("pariwisata", "Pariwisata", "dispar-banten"),
        ],
    ),
    (
        "sosial",
        "Sosial",
        [
            ("pendidikan", "Pendidikan", "dindik-banten"),
            ("kesehatan", "Kesehatan", "dinkes-banten"),
            ("keagamaan", "Keagamaan", "biro-pemkesra-banten"),
            ("perlindungan-sosial", "Perlindungan Sosial", "dinsos-banten"),
            ("budaya", "Budaya", "dindik-banten"),
        ],
    ),
    (
        "lintas-sektor",
        "Lintas Sektor",
        [
            ("pemerintahan", "Pemerintahan", "biro-pemkesra-banten"),
            ("lingkungan-hidup", "Lingkungan Hidup", "dlhk-banten"),
            ("keuangan", "Keuangan", "bpkad-banten"),
            ("ketertiban", "Ketertiban", "satpolpp-banten"),
        ],
    ),
]

# Provincial offices the sub-sectors need that the agencies loader does not carry; created only when missing.
EXTRA_AGENCIES = [
    ("disperkim-banten", "Dinas Perumahan Rakyat dan Kawasan Permukiman Provinsi Banten", "Disperkim"),
    ("desdm-banten", "Dinas Energi dan Sumber Daya Mineral Provinsi Banten", "Dinas ESDM"),
    (
        "diskominfo-banten",
        "Dinas Komunikasi, Informatika, Statistik dan Persandian Provinsi Banten",
        "Diskominfo",
    ),
    ("dkp-banten", "Dinas Kelautan dan Perikanan Provinsi Banten", "DKP"),
    ("dinkop-ukm-banten", "Dinas Koperasi, Usaha Kecil dan Menengah Provinsi Banten", "Dinkop UKM"),
    ("disperindag-banten", "Dinas Perindustrian dan Perdagangan Provinsi Banten", "Disperindag"),
    ("dispar-banten", "Dinas Pariwisata Provinsi Banten", "Dispar"),
    (
        "biro-pemkesra-banten",
        "Biro Pemerintahan dan Kesejahteraan Rakyat Sekretariat Daerah Provinsi Banten",
        "Biro Pemkesra",
    ),
    ("dlhk-banten", "Dinas Lingkungan Hidup dan Kehutanan Provinsi Banten", "DLHK"),
    ("bpkad-banten", "Badan Pengelolaan Keuangan dan Aset Daerah Provinsi Banten", "BPKAD"),
    ("satpolpp-banten", "Satuan Polisi Pamong Praja Provinsi Banten", "Satpol PP"),
]

FACTOR_SOURCE = (
    "Kelas kerusakan menurut Perka BNPB 15/2011 (RB > 70 %, RS 30–70 %, RR < 30 %); faktor 1,0 / 0,75 / 0,5 "
    "lazim dipakai dalam praktik Jitupasna (perlu dicek terhadap pedoman BNPB yang berlaku)."
)
DEFAULT_FACTORS = {
    DamageClass.HEAVY: Decimal("1.000"),
    DamageClass.MODERATE: Decimal("0.750"),
    DamageClass.LIGHT: Decimal("0.500"),
}


@transaction.atomic
def jitupasna_load_reference(**_ignored) -> dict:
    """The five Jitupasna sectors, their sub-sectors with the responsible agencies, and the damage class factors
    (1.0 / 0.75 / 0.5 with their source). What exists is kept as edited in the admin; only missing rows are made."""
    agencies_created = 0
    for code, name, short_name in EXTRA_AGENCIES:
        _agency, was_created = Agency.objects.get_or_create(
            code=code, defaults={"name": name, "short_name": short_name, "kind": AgencyKind.PERANGKAT_DAERAH}
        )
        agencies_created += was_created
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    created = 0
    for sector_position, (sector_code, sector_name, sub_sectors) in enumerate(SECTORS, start=1):
        sector, was_created = Sector.objects.get_or_create(
            code=sector_code, defaults={"name": sector_name, "position": sector_position * 10}
        )
        created += was_created
        for position, (code, name, agency) in enumerate(sub_sectors, start=1):
            _sub_sector, was_created = SubSector.objects.get_or_create(
                code=code,
                defaults={
                    "sector": sector,
                    "name": name,
                    "responsible_agency": agencies.get(agency),
                    "position": position,
                },
            )
            created += was_created
    factors_created = 0
    for damage_class, factor in DEFAULT_FACTORS.items():
        _factor, was_created = DamageFactor.objects.get_or_create(
            damage_class=damage_class, defaults={"factor": factor, "source": FACTOR_SOURCE}
        )
        factors_created += was_created
    return {
        "created": created,
        "sub_sectors": SubSector.objects.count(),
        "agencies_created": agencies_created,
        "factors_created": factors_created,
    }
