"""A flood in Lebak and Kota Serang (the two kabupaten/kota of the shared officers), with a PUPR cluster member,
a health post in each kabupaten/kota, and a helper to record a day of consultations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from banten_dinsos.accounts.roles import Role
from banten_dinsos.regions.models import Region
from clusters.models import Cluster, DisasterType, EmergencyStatus
from clusters.services import disaster_create
from health.services import consultation_record, health_post_create

from ..factories import UserFactory

LEBAK, KOTA_SERANG = "36.02", "36.73"
LEBAK_KECAMATAN, KOTA_SERANG_KECAMATAN = "36.02.14", "36.73.02"
LEBAK_DESA, KOTA_SERANG_DESA = "36.02.14.1007", "36.73.02.1001"
OUTSIDE_KECAMATAN_DESA = "36.02.01.2002"  # in Lebak, but in a kecamatan the flood does not name
TODAY = timezone.localdate


@pytest.fixture
def koordinator_sarana(reference_data):
    """A Dinas PUPR member of Sarana dan Prasarana, through the existing cluster-coordinator scoping."""
    user = UserFactory(username="koordinator.pupr", role=Role.KOORDINATOR_KLASTER)
    Cluster.objects.get(code="sarana-prasarana").coordinators.add(user)
    return user


@pytest.fixture
def banjir(staf):
    """Floods in Lebak and Kota Serang that started three weeks ago, in tanggap darurat."""
    return disaster_create(
        user=staf,
        disaster_type=DisasterType.objects.get(code="101"),
        title="Banjir Lebak dan Kota Serang",
        started_on=TODAY() - timedelta(days=21),
        affected_kabkota=Region.objects.filter(code__in=[LEBAK, KOTA_SERANG]),
        affected_kecamatan=Region.objects.filter(code__in=[LEBAK_KECAMATAN, KOTA_SERANG_KECAMATAN]),
        status=EmergencyStatus.TANGGAP,
    )


@pytest.fixture
def post_lebak(staf, banjir, shelter_lebak):
    """A Puskesmas post at a Lebak shelter of 1,000 displaced people (rates per 1,000 are then easy by hand)."""
    shelter_lebak.current_total = 1000
    shelter_lebak.save(update_fields=["current_total"])
    return health_post_create(
        user=staf,
        disaster=banjir.pk,
        shelter=shelter_lebak.pk,
        name="Pos Kesehatan SDN Muara Ciujung Barat",
        organisation_kind="puskesmas",
        organisation_name="Puskesmas Rangkasbitung",
        opened_on=TODAY() - timedelta(days=20),
        doctors=1,
        nurses=2,
    )


@pytest.fixture
def post_kota_serang(staf, banjir):
    """A mobile PMI team in a Kota Serang desa serving 2,000 displaced people."""
    return health_post_create(
        user=staf,
        disaster=banjir.pk,
        desa=KOTA_SERANG_DESA,
        name="Tim Keliling PMI Kasemen",
        kind="keliling",
        organisation_kind="pmi",
        organisation_name="PMI Kota Serang",
        opened_on=TODAY() - timedelta(days=20),
        displaced_served=2000,
    )


@pytest.fixture
def record_day(staf):
    """Record one day at a post: ``record_day(post, days_ago, diare=3, ispa=2)`` (all men 15–59, total = the sum)."""

    def record(post, days_ago, *, user=None, total=None, **by_complaint):
        counts = [
            {"complaint": code.replace("_", "-"), "age_group": "dewasa", "sex": "L", "count": count}
            for code, count in by_complaint.items()
        ]
        return consultation_record(
            user=user or staf,
            post=post,
            date=TODAY() - timedelta(days=days_ago),
            total=sum(by_complaint.values()) if total is None else total,
            counts=counts,
        )

    return record
