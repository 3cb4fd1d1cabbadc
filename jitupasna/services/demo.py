from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from banten_dinsos.accounts.models import User
from banten_dinsos.accounts.roles import Role
from banten_dinsos.accounts.services import user_upsert
from banten_dinsos.agencies.models import Agency
from banten_dinsos.regions.models import Region
from clusters.models import Cluster
from clusters.services.demo import demo_disaster
from meetings.models import InputRound, Meeting
from meetings.services.demo import flood_round_title

from ..models import Assessment, AssessmentStatus, DamageEntry, Sector, SubSector
from .assessments import assessment_create
from .entries import damage_entry_create, damage_entry_update, loss_entry_create, needs_entry_create
from .prefill import assessment_prefill

# Demo data from the meetings app: the flood coordination meeting and its Jitupasna input round.
FLOOD_MEETING = "Rapat Koordinasi Penanganan Banjir Tangerang Raya"
AGENCY_LOGIN = "pupr.provinsi"

# Pre-disaster unit costs for the pre-filled entries (sub-sector code -> rupiah).
PREFILL_UNIT_COSTS = {
    "perumahan": Decimal("95000000"),
    "pendidikan": Decimal("450000000"),
    "keagamaan": Decimal("300000000"),
}
# (sub-sector, kabupaten/kota, asset, unit, stock, RB, RS, RR, unit cost)
DAMAGE = [
    ("transportasi", "36.03", "Jalan lingkungan", "m", None, "0", "850", "1200", "1250000"),
    ("sumber-daya-air", "36.71", "Tanggul Sungai Cisadane", "m", "2400", "120", "0", "0", "4500000"),
    ("kesehatan", "36.71", "Puskesmas", "unit", "13", "0", "2", "0", "2500000000"),
    ("perumahan", "36.74", "Rumah", "unit", None, "0", "0", "18", "95000000"),
]
# (sub-sector, kabupaten/kota, description, lost income, extra costs, months until recovery)
LOSSES = [
    ("pertanian", "36.03", "Gagal panen padi di lahan sawah terendam", "4650000000", "0", 4),
    ("perdagangan", "36.71", "Pasar Periuk tutup selama banjir", "850000000", "0", 1),
    ("perlindungan-sosial", "36.71", "Dapur umum dan logistik pengungsi", "0", "1200000000", 1),
    ("kesehatan", "36.74", "Pos kesehatan bergerak di lokasi pengungsian", "0", "380000000", 2),
]
# (sector, kabupaten/kota, loss recovery, access, function, risk, programmes)
NEEDS = [
    (
        "permukiman",
        "36.03",
        "0",
        "250000000",
        "0",
        "500000000",
        "Hunian sementara bagi KK dengan rumah rusak berat; peninggian lantai rumah di bantaran sungai.",
    ),
    (
        "sosial",
        "36.71",
        "300000000",
        "0",
        "150000000",
        "0",
        "Pemulihan layanan puskesmas dan bantuan sosial bagi keluarga pengungsi.",
    ),
]


def _agency_user() -> User | None:
    """A Dinas PUPR login: the agency responsible for the infrastructure sub-sectors enters its own figures."""
    agency = Agency.objects.filter(code="dpupr-banten").first()
    if agency is None:
        return None
    user = user_upsert(
        username=AGENCY_LOGIN,
        password=settings.DEMO_PASSWORD,
        role=Role.KOORDINATOR_KLASTER,
        first_name="Staf Dinas PUPR Provinsi",
        agency=agency,
    )
    cluster = Cluster.objects.filter(code="sarana-prasarana").first()
    if cluster is not None:
        cluster.coordinators.add(user)
    return user


@transaction.atomic
def jitupasna_seed_demo(**_ignored) -> dict:
    """The Jitupasna of the January 2026 Tangerang Raya floods, open for input: pre-filled from the verified field
    reports, with unit costs, further damage, losses and needs, linked to the flood coordination meeting and its
    Jitupasna input round. Idempotent: an assessment already there is kept."""
    staf = User.objects.filter(username="staf.provinsi").first()
    disaster = demo_disaster()
    if staf is None or disaster is None:
        return {"created": 0, "total": Assessment.objects.count()}
    agency_user = _agency_user()
    if Assessment.objects.filter(disaster=disaster).exists():
        return {"created": 0, "total": Assessment.objects.count(), "logins": AGENCY_LOGIN if agency_user else ""}
    meetings = list(Meeting.objects.filter(title=FLOOD_MEETING, disaster=disaster))
    assessment = assessment_create(
        user=staf,
        disaster=disaster,
        title=f"Jitupasna {disaster.title}",
        bbb_uplift_percent=Decimal("10"),
        notes="Data contoh: disusun BPBD Provinsi Banten dengan masukan perangkat daerah.",
        meetings=meetings,
    )
    assessment_prefill(user=staf, assessment=assessment)
    for entry in DamageEntry.objects.filter(assessment=assessment).select_related("sub_sector"):
        cost = PREFILL_UNIT_COSTS.get(entry.sub_sector.code)
        if cost is not None:
            damage_entry_update(user=staf, entry=entry, data={"unit_cost": cost})
    sub_sectors = {sub_sector.code: sub_sector for sub_sector in SubSector.objects.all()}
    regions = {region.code: region for region in Region.objects.filter(code__in=["36.03", "36.71", "36.74"])}
    for code, kabkota, asset, unit, stock, heavy, moderate, light, cost in DAMAGE:
        damage_entry_create(
            user=staf,
            assessment=assessment,
            sub_sector=sub_sectors[code],
            kabkota=regions[kabkota],
            asset_kind=asset,
            unit_label=unit,
            total_stock=Decimal(stock) if stock else None,
            units_heavy=Decimal(heavy),
            units_moderate=Decimal(moderate),
            units_light=Decimal(light),
            unit_cost=Decimal(cost),
        )
    for code, kabkota, description, income, costs, months in LOSSES:
        loss_entry_create(
            user=staf,
            assessment=assessment,
            sub_sector=sub_sectors[code],
            kabkota=regions[kabkota],
            description=description,
            lost_income=Decimal(income),
            extra_costs=Decimal(costs),
            recovery_months=months,
        )
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    for code, kabkota, recovery, access, function, risk, description in NEEDS:
        needs_entry_create(
            user=staf,
            assessment=assessment,
            sector=sectors[code],
            kabkota=regions[kabkota],
            loss_recovery=Decimal(recovery),
            access=Decimal(access),
            function=Decimal(function),
            risk=Decimal(risk),
            description=description,
        )
    # The meetings demo opened the Jitupasna input round on 26 January 2026; the assessment takes it over (its
    # deadline has passed, so the agencies that have not given input show as late).
    input_round = InputRound.objects.filter(title=flood_round_title()).first()
    if input_round is not None:
        Assessment.objects.filter(pk=assessment.pk).update(
            input_round=input_round,
            status=AssessmentStatus.OPEN,
            opened_at=input_round.created_at,
            updated_at=timezone.now(),
        )
    return {"created": 1, "total": Assessment.objects.count(), "logins": AGENCY_LOGIN if agency_user else ""}
