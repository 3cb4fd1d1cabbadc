from django.db import transaction

from banten_dinsos.agencies.models import Agency

from ..models import Cluster, DisasterType

PENGUNGSIAN = "pengungsian-perlindungan"

# (code, name, national coordinator, Banten lead agency code); DOMAIN.md, SK Kepala BNPB 173/2014.
NATIONAL_CLUSTERS = [
    ("kesehatan", "Kesehatan", "Kementerian Kesehatan", "dinkes-banten"),
    ("pencarian-penyelamatan", "Pencarian dan Penyelamatan", "Basarnas", "basarnas-banten"),
    ("logistik", "Logistik", "Kementerian Sosial (bersama BNPB)", "dinsos-banten"),
    (PENGUNGSIAN, "Pengungsian dan Perlindungan", "Kementerian Sosial", "dinsos-banten"),
    ("pendidikan", "Pendidikan", "Kemendikbud", "dindik-banten"),
    ("sarana-prasarana", "Sarana dan Prasarana", "Kementerian Pekerjaan Umum", "dpupr-banten"),
    ("ekonomi", "Ekonomi", "Kementerian Pertanian dan lainnya", None),
    ("pemulihan-dini", "Pemulihan Dini", "Kementerian Dalam Negeri", None),
]
SUBCLUSTERS = [
    ("hunian", "Hunian (shelter)", PENGUNGSIAN),
    ("perlindungan-anak", "Perlindungan Anak", PENGUNGSIAN),
    ("wash", "Air, Sanitasi dan Kebersihan (WASH)", PENGUNGSIAN),
    ("lansia-kelompok-rentan", "Perlindungan Lansia dan Kelompok Rentan", PENGUNGSIAN),
    ("psikososial", "Dukungan Psikososial", PENGUNGSIAN),
]

# BNPB DIBI codes (DOMAIN.md). 103 and 110 are combined events whose wording is unconfirmed: they are left for
# the admin to add, since the types are editable reference data.
DISASTER_TYPES = [
    ("101", "Banjir"),
    ("102", "Tanah Longsor"),
    ("104", "Gelombang Pasang/Abrasi"),
    ("105", "Puting Beliung"),
    ("106", "Kekeringan"),
    ("107", "Kebakaran Hutan dan Lahan"),
    ("108", "Gempa Bumi"),
    ("109", "Tsunami"),
    ("111", "Letusan Gunung Api"),
]


@transaction.atomic
def clusters_load_reference(**_ignored) -> dict:
    """The 8 national clusters, the 5 sub-clusters of Pengungsian dan Perlindungan and the BNPB disaster types.

    Names and coordinators are kept as edited in the admin once a cluster exists; only missing ones are created.
    """
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    created = 0
    for position, (code, name, coordinator, lead) in enumerate(NATIONAL_CLUSTERS, start=1):
        _cluster, was_created = Cluster.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "national_coordinator": coordinator,
                "lead_agency": agencies.get(lead),
                "position": position * 10,
            },
        )
        created += was_created
    parents = {cluster.code: cluster for cluster in Cluster.objects.filter(parent__isnull=True)}
    for position, (code, name, parent) in enumerate(SUBCLUSTERS, start=1):
        _cluster, was_created = Cluster.objects.get_or_create(
            code=code, defaults={"name": name, "parent": parents[parent], "position": position}
        )
        created += was_created
    types_created = 0
    for code, name in DISASTER_TYPES:
        _type, was_created = DisasterType.objects.get_or_create(code=code, defaults={"name": name})
        types_created += was_created
    return {"created": created, "total": Cluster.objects.count(), "disaster_types_created": types_created}
