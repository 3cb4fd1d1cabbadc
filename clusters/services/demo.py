import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from banten_dinsos.accounts.models import User
from banten_dinsos.agencies.models import Agency
from banten_dinsos.core.demo import demo_at, demo_date, demo_month, demo_past, demo_year
from banten_dinsos.regions.models import Region

from ..models import (
    Activity,
    ActivityStatus,
    Cluster,
    Disaster,
    DisasterStatusChange,
    DisasterType,
    EmergencyStatus,
    FieldReport,
    FieldReportEvent,
    Need,
    ReportState,
)
from ..read_models import cluster_status_rebuild
from .disasters import disaster_change_status, disaster_create
from .field_reports import field_report_create, field_report_return, field_report_submit, field_report_verify
from .needs_activities import activity_create, need_create

WIB = ZoneInfo("Asia/Jakarta")
# The day the story's flood began (moved to the real calendar by banten_dinsos.core.demo).
STORY_START = date(2026, 1, 17)
# Fixed keys make the loader idempotent: a second run finds every report it created the first time.
DEMO_NAMESPACE = uuid.UUID("6f1d0c52-7a43-4b0e-9f55-1f2b9a3c1e26")


def demo_title() -> str:
    """'Banjir Tangerang Raya Maret 2027': the month the demo flood began on the real calendar, in Indonesian."""
    return f"Banjir Tangerang Raya {demo_month(STORY_START)}"


def demo_disaster() -> Disaster | None:
    """The demo flood, found by its first field report's fixed key (its title names the month it was loaded in)."""
    key = uuid.uuid5(DEMO_NAMESPACE, DEMO_REPORTS[0][0])
    return Disaster.objects.filter(field_reports__idempotency_key=key).first()


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of the story (day of January 2026) moved so that the story's last day is today; never after now."""
    return demo_past(demo_at(day, hour, minute))


# (key, officer, area, observed, figures, needs [(cluster, text, people)], final state, return reason)
DEMO_REPORTS = [
    (
        "periuk-1",
        "petugas.kota-tangerang",
        "36.71.08",
        (18, 8),
        {"affected_people": 3200, "affected_families": 910, "displaced": 1100, "injured": 4, "houses_submerged": 850},
        [("logistik", "Paket makanan siap saji untuk pengungsi", 1100)],
        ReportState.VERIFIED,
        "",
    ),
    (
        "periuk-2",
        "petugas.kota-tangerang",
        "36.71.08",
        (19, 16),
        {
            "affected_people": 4100,
            "affected_families": 1150,
            "displaced": 1450,
            "dead": 1,
            "injured": 6,
            "houses_submerged": 1020,
            "houses_lightly_damaged": 35,
        },
        [("hunian", "Tenda keluarga dan alas tidur", 600), ("wash", "Air bersih dan toilet portabel", 1450)],
        ReportState.VERIFIED,
        "",
    ),
    (
        "karawaci-1",
        "petugas.kota-tangerang",
        "36.71.07",
        (18, 14),
        {"affected_people": 1200, "affected_families": 330, "displaced": 150, "houses_submerged": 310},
        [("kesehatan", "Obat-obatan untuk diare dan ISPA", 400)],
        ReportState.SUBMITTED,
        "",
    ),
    (
        "pondok-aren-1",
        "petugas.kota-tangerang-selatan",
        "36.74.03",
        (18, 10),
        {"affected_people": 2600, "affected_families": 720, "displaced": 480, "houses_submerged": 640},
        [("logistik", "Selimut, pakaian layak pakai dan makanan bayi", 480)],
        ReportState.VERIFIED,
        "",
    ),
    (
        "ciputat-1",
        "petugas.kota-tangerang-selatan",
        "36.74.04",
        (19, 9),
        {"affected_people": 700, "affected_families": 190, "displaced": 60, "houses_submerged": 150},
        [],
        ReportState.RETURNED,
        "Jumlah KK tidak sesuai rekap kelurahan; mohon dicek ulang dengan data posko.",
    ),
    (
        "teluknaga-1",
        "petugas.tangerang",
        "36.03.13",
        (18, 11),
        {
            "affected_people": 5400,
            "affected_families": 1600,
            "displaced": 900,
            "missing": 1,
            "houses_submerged": 1500,
            "houses_heavily_damaged": 12,
            "facilities_damaged": {"school": {"rr": 3}, "worship": {"rr": 2}},
        },
        [("pengungsian-perlindungan", "Dapur umum dan perlengkapan pengungsian", 900)],
        ReportState.VERIFIED,
        "",
    ),
    (
        "tanjung-burung-1",
        "petugas.tangerang",
        "36.03.13.2012",
        (20, 7, 30),
        {"affected_people": 1800, "affected_families": 520, "displaced": 420, "houses_submerged": 480},
        [("perlindungan-anak", "Ruang ramah anak di tenda pengungsian", 160)],
        ReportState.SUBMITTED,
        "",
    ),
    (
        "periuk-3",
        "petugas.kota-tangerang",
        "36.71.08",
        (25, 9),
        # The same figures as the second Periuk report: the situation holds, the report confirms it.
        {
            "affected_people": 4100,
            "affected_families": 1150,
            "displaced": 1450,
            "dead": 1,
            "injured": 6,
            "houses_submerged": 1020,
            "houses_lightly_damaged": 35,
        },
        [("logistik", "Makanan bayi dan popok untuk posko", 240)],
        ReportState.VERIFIED,
        "",
    ),
    (
        "pondok-aren-2",
        "petugas.kota-tangerang-selatan",
        "36.74.03",
        (27, 10),
        {"affected_people": 2600, "affected_families": 720, "displaced": 480, "houses_submerged": 640},
        [("kesehatan", "Pemeriksaan kesehatan lansia di posko", 120)],
        ReportState.VERIFIED,
        "",
    ),
    (
        "teluknaga-2",
        "petugas.tangerang",
        "36.03.13",
        (28, 7),
        {
            "affected_people": 5600,
            "affected_families": 1650,
            "displaced": 820,
            "missing": 1,
            "houses_submerged": 1450,
            "houses_heavily_damaged": 15,
        },
        [("wash", "Tangki air bersih tambahan di Teluknaga", 820)],
        ReportState.SUBMITTED,
        "",
    ),
    (
        "kosambi-1",
        "petugas.tangerang",
        "36.03.14",
        (20, 13),
        {"affected_people": 950, "affected_families": 260, "displaced": 0, "houses_submerged": 240},
        [],
        ReportState.DRAFT,
        "",
    ),
]

DEMO_ACTIVITIES = [
    # (agency, cluster, area, title, start day, end day, reached, status)
    ("dinsos-3671", "logistik", "36.71.08", "Dapur umum Posko SDN Periuk 1", 18, None, 1400, ActivityStatus.ONGOING),
    (
        "tagana-banten",
        "pencarian-penyelamatan",
        "36.71.08",
        "Evakuasi warga dengan perahu karet",
        18,
        19,
        820,
        ActivityStatus.COMPLETED,
    ),
    ("pmi-banten", "kesehatan", "36.03.13", "Pos kesehatan keliling Teluknaga", 19, None, 350, ActivityStatus.ONGOING),
    (
        "dinsos-3674",
        "psikososial",
        "36.74.03",
        "Layanan dukungan psikososial anak",
        20,
        None,
        0,
        ActivityStatus.PLANNED,
    ),
    (
        "dinsos-banten",
        "hunian",
        "36.03.13.2012",
        "Tenda pengungsian Tanjung Burung",
        18,
        None,
        300,
        ActivityStatus.ONGOING,
    ),
]


def clusters_seed_demo(**_ignored) -> dict:
    """The Tangerang Raya floods in tanggap darurat, begun eleven days ago, with verified, pending and returned reports
    through today (the story is written in January 2026 and moved to the real calendar, banten_dinsos.core.demo)."""
    existing = demo_disaster()
    if existing is not None:
        return {"created": 0, "reports": FieldReport.objects.filter(disaster=existing).count()}
    with transaction.atomic():
        staf = User.objects.get(username="staf.provinsi")
        disaster = disaster_create(
            user=staf,
            disaster_type=DisasterType.objects.get(code="101"),
            title=demo_title(),
            description="Banjir akibat hujan lebat dan luapan Sungai Cisadane di Tangerang Raya (data contoh).",
            started_on=demo_date(STORY_START),
            affected_kabkota=Region.objects.filter(code__in=["36.71", "36.74", "36.03"]),
            affected_kecamatan=Region.objects.filter(
                code__in=["36.71.07", "36.71.08", "36.74.03", "36.74.04", "36.03.13"]
            ),
            status=EmergencyStatus.SIAGA,
            decree_number=f"360/Kep.15-Huk/{demo_year(STORY_START)} (contoh)",
            status_valid_from=demo_date(STORY_START),
            status_valid_until=demo_date(date(2026, 1, 18)),
        )
        disaster_change_status(
            user=staf,
            disaster=disaster,
            status=EmergencyStatus.TANGGAP,
            decree_number=f"360/Kep.18-Huk/{demo_year(date(2026, 1, 18))} (contoh)",
            valid_from=demo_date(date(2026, 1, 18)),
            valid_until=demo_date(date(2026, 2, 1)),
            note="Status dinaikkan setelah rapat koordinasi BPBD.",
        )
        history = list(disaster.status_history.order_by("id"))
        for change, when in zip(history, (_at(17, 20), _at(18, 6)), strict=True):
            DisasterStatusChange.objects.filter(pk=change.pk).update(changed_at=when)
        Disaster.objects.filter(pk=disaster.pk).update(created_at=_at(17, 20))

        clusters = {cluster.code: cluster for cluster in Cluster.objects.all()}
        for key, username, area_code, when, figures, needs, state, reason in DEMO_REPORTS:
            observed = _at(*when)
            officer = User.objects.get(username=username)
            report, _created = field_report_create(
                user=officer,
                disaster=disaster,
                area=Region.objects.get(code=area_code),
                observed_at=observed,
                idempotency_key=uuid.uuid5(DEMO_NAMESPACE, key),
                needs=[
                    {"cluster": clusters[code], "description": text, "people_in_need": people}
                    for code, text, people in needs
                ],
                **figures,
            )
            if state != ReportState.DRAFT:
                field_report_submit(user=officer, report=report)
            if state == ReportState.VERIFIED:
                field_report_verify(user=staf, report=report)
            elif state == ReportState.RETURNED:
                field_report_return(user=staf, report=report, reason=reason)
            # Steps are dated a little after the observation (never later than now: reports observed this morning).
            FieldReport.objects.filter(pk=report.pk).update(
                created_at=observed,
                updated_at=_after(observed, 3 if state != ReportState.DRAFT else 0),
                submitted_at=_after(observed, 1) if state != ReportState.DRAFT else None,
                verified_at=_after(observed, 3) if state == ReportState.VERIFIED else None,
                returned_at=_after(observed, 3) if state == ReportState.RETURNED else None,
            )
            for offset, event in enumerate(FieldReportEvent.objects.filter(report=report).order_by("id")):
                FieldReportEvent.objects.filter(pk=event.pk).update(at=_after(observed, offset * 2))

        need_create(
            user=staf,
            disaster=disaster,
            cluster=clusters["lansia-kelompok-rentan"],
            area=Region.objects.get(code="36.71"),
            description="Kursi roda dan pendamping untuk lansia di posko",
            people_in_need=45,
        )
        for agency, cluster, area, title, start, end, reached, status in DEMO_ACTIVITIES:
            activity_create(
                user=staf,
                disaster=disaster,
                agency=Agency.objects.get(code=agency),
                cluster=clusters[cluster],
                area=Region.objects.get(code=area),
                title=title,
                start_date=demo_date(date(2026, 1, start)),
                end_date=demo_date(date(2026, 1, end)) if end else None,
                people_reached=reached,
                status=status,
            )
        Activity.objects.filter(disaster=disaster).update(created_at=_at(20, 9), updated_at=_at(20, 9))
        Need.objects.filter(disaster=disaster, report__isnull=True).update(created_at=_at(20, 8), updated_at=_at(20, 8))
        for report in FieldReport.objects.filter(disaster=disaster):
            report.needs.update(created_at=report.created_at, updated_at=report.updated_at)
        # The dates above were written with update(): the read model is recomputed from the rows as they now are.
        cluster_status_rebuild(disaster_ids=[disaster.pk])
    return {"created": 1, "reports": FieldReport.objects.filter(disaster=disaster).count()}


def _after(moment: datetime, hours: int) -> datetime:
    return min(moment + timedelta(hours=hours), timezone.now())
