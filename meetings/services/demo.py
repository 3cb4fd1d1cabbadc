"""Demo data: the 26 January 2026 flood coordination meeting and the 10 September 2025 KSB FGD.

People's names are synthetic; only public office holders appear, by title (Gubernur Banten, Kepala Dinas ...).
The loader writes through the models (not the services) because the services refuse, rightly, to record a past
deadline as new; every row is still full_clean()ed.
"""

from datetime import date, datetime, time
from itertools import cycle

from django.core.files.base import ContentFile
from django.db import transaction

from banten_dinsos.accounts.models import User
from banten_dinsos.agencies.models import Agency
from banten_dinsos.core.demo import demo_date, demo_datetime, demo_day, demo_month, demo_past, demo_year
from banten_dinsos.regions.models import Region, RegionLevel
from clusters.models import Cluster
from clusters.services.demo import demo_disaster, demo_title

from ..models import (
    WIB,
    ActionItem,
    ActionItemProgress,
    ActionItemStatus,
    AgendaItem,
    AttendanceStatus,
    Decision,
    DocumentInput,
    InputRound,
    Meeting,
    MeetingKind,
    Participant,
    ParticipantGroup,
)
from ..pdf import render_minutes_pdf

FLOOD_TITLE = "Rapat Koordinasi Penanganan Banjir Tangerang Raya"
FGD_TITLE = "FGD Penguatan Kampung Siaga Bencana (KSB) Provinsi Banten"


def flood_round_title() -> str:
    """'Draf Dokumen Jitupasna Banjir Tangerang Raya 2027': the year of the demo flood on the real calendar."""
    return f"Draf Dokumen Jitupasna Banjir Tangerang Raya {demo_year(date(2026, 1, 17))}"


FIRST_NAMES = [
    "Ahmad",
    "Siti",
    "Dedi",
    "Nur",
    "Agus",
    "Rina",
    "Budi",
    "Yuli",
    "Hendra",
    "Dewi",
    "Iwan",
    "Lilis",
    "Asep",
    "Euis",
    "Rudi",
    "Neneng",
    "Wawan",
    "Ika",
    "Ujang",
    "Tuti",
]
LAST_NAMES = [
    "Hidayat",
    "Rahmawati",
    "Saputra",
    "Maulana",
    "Kurniasih",
    "Setiawan",
    "Fauziah",
    "Suryana",
    "Permana",
    "Lestari",
    "Gunawan",
    "Nurhayati",
    "Wijaya",
    "Sari",
]


def _names():
    """Synthetic names, the same on every run."""
    for index in range(10_000):
        yield f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[(index * 7 + index // 20) % len(LAST_NAMES)]}"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment of the story, moved to the real calendar: the flood meeting was two days ago (core/demo.py)."""
    return demo_datetime(datetime.combine(day, time(hour, minute), tzinfo=WIB))


def _day(day: date) -> date:
    return demo_date(day)


def _agency(code: str) -> Agency:
    return Agency.objects.get(code=code)


def _save(instance):
    instance.full_clean()
    instance.save()
    return instance


def _meeting(*, staf, **fields) -> Meeting:
    return _save(Meeting(created_by=staf, **fields))


def _agenda(meeting: Meeting, items) -> None:
    for position, (title, presenter, points) in enumerate(items, start=1):
        _save(AgendaItem(meeting=meeting, position=position, title=title, presenter=presenter, minutes_points=points))


def _participant(meeting: Meeting, staf, *, attendance=AttendanceStatus.PRESENT, **fields) -> Participant:
    agency = fields.get("agency")
    if "kabkota" not in fields and agency is not None:
        fields["kabkota"] = agency.region
    recorded = attendance != AttendanceStatus.NOT_RECORDED
    return _save(
        Participant(
            meeting=meeting,
            attendance=attendance,
            attendance_recorded_at=meeting.ends_at if recorded else None,
            attendance_recorded_by=staf if recorded else None,
            **fields,
        )
    )


def _action(meeting, staf, decision, *, title, owner, person, due, status, notes=()) -> ActionItem:
    completed = None
    for noted_on, _text, note_status in notes:
        if note_status == ActionItemStatus.DONE:
            completed = noted_on
    item = _save(
        ActionItem(
            meeting=meeting,
            decision=decision,
            title=title,
            owner_agency=_agency(owner),
            owner_person=person,
            due_on=due,
            status=status,
            completed_on=completed if status == ActionItemStatus.DONE else None,
            created_by=staf,
        )
    )
    for noted_on, text, note_status in notes:
        _save(ActionItemProgress(action_item=item, noted_on=noted_on, note=text, status=note_status, author=staf))
    return item


def _flood_meeting(staf) -> Meeting:
    day = date(2026, 1, 26)
    disaster = demo_disaster()
    meeting = _meeting(
        staf=staf,
        kind=MeetingKind.RAKOR,
        title=FLOOD_TITLE,
        description="Rapat koordinasi lintas perangkat daerah dan kabupaten/kota terdampak banjir Tangerang Raya "
        "yang dipimpin Gubernur Banten (data contoh).",
        starts_at=_at(day, 9),
        ends_at=_at(day, 12),
        place="Pendopo Gubernur Banten, KP3B, Kota Serang",
        chair="Gubernur Banten",
        organizer=_agency("bpbd-banten"),
        disaster=disaster,
        minutes_summary="Banjir masih merendam permukiman di Periuk (Kota Tangerang), Pondok Aren (Tangerang "
        "Selatan) dan Teluknaga (Kabupaten Tangerang). Gubernur meminta penanganan pengungsi, dapur umum, layanan "
        "kesehatan dan pompa air dipercepat, serta pengkajian kebutuhan pascabencana segera disusun.",
        minutes_updated_at=_at(day, 14),
    )
    meeting.clusters.set(Cluster.objects.filter(code__in=["pengungsian-perlindungan", "logistik", "kesehatan"]))
    meeting.concerned_kabkota.set(Region.objects.filter(code__in=["36.71", "36.74", "36.03"]))
    _agenda(
        meeting,
        [
            (
                "Laporan situasi dan status tanggap darurat",
                "Kepala Pelaksana BPBD Provinsi Banten",
                f"Tiga kabupaten/kota terdampak; status tanggap darurat berlaku sampai {demo_day(date(2026, 1, 31))}.",
            ),
            (
                "Penanganan pengungsi, dapur umum dan logistik",
                "Kepala Dinas Sosial Provinsi Banten",
                "Posko pengungsian di Periuk dan Pondok Aren melebihi standar Sphere untuk jamban dan luas hunian.",
            ),
            (
                "Layanan kesehatan dan air bersih",
                "Kepala Dinas Kesehatan Provinsi Banten",
                "Pos kesehatan bergerak dan pasokan air bersih ditambah di lokasi pengungsian.",
            ),
            (
                "Pompa air, tanggul dan rencana pemulihan",
                "Kepala Dinas PUPR Provinsi Banten",
                "Pompa portabel dikerahkan; Jitupasna disusun BPBD dengan masukan perangkat daerah.",
            ),
        ],
    )
    names = _names()
    agencies = [
        ("bpbd-banten", AttendanceStatus.PRESENT, ""),
        ("dinsos-banten", AttendanceStatus.PRESENT, ""),
        ("dinkes-banten", AttendanceStatus.REPRESENTED, f"{next(names)} (Kepala Bidang Pelayanan Kesehatan)"),
        ("dpupr-banten", AttendanceStatus.PRESENT, ""),
        ("basarnas-banten", AttendanceStatus.PRESENT, ""),
        ("pmi-banten", AttendanceStatus.PRESENT, ""),
        ("tagana-banten", AttendanceStatus.PRESENT, ""),
        ("bappeda-banten", AttendanceStatus.ABSENT, ""),
        ("dinsos-3671", AttendanceStatus.PRESENT, ""),
        ("bpbd-3671", AttendanceStatus.PRESENT, ""),
        ("dinsos-3674", AttendanceStatus.PRESENT, ""),
        ("bpbd-3674", AttendanceStatus.REPRESENTED, f"{next(names)} (Kepala Seksi Kedaruratan)"),
        ("dinsos-3603", AttendanceStatus.PRESENT, ""),
        ("bpbd-3603", AttendanceStatus.PRESENT, ""),
    ]
    for code, attendance, represented_by in agencies:
        group = ParticipantGroup.PARTNER if code.startswith("pmi") else ParticipantGroup.GOVERNMENT
        if code.startswith("tagana"):
            group = ParticipantGroup.TAGANA
        _participant(
            meeting, staf, agency=_agency(code), group=group, attendance=attendance, represented_by=represented_by
        )
    for code, position, kabkota in [
        ("petugas.kota-tangerang", "Petugas Dinas Sosial", "36.71"),
        ("petugas.kota-tangerang-selatan", "Petugas Dinas Sosial", "36.74"),
    ]:
        user = User.objects.filter(username=code).first()
        if user is not None:
            _participant(
                meeting,
                staf,
                user=user,
                agency=user.agency,
                name=str(user),
                position=position,
                kabkota=Region.objects.get(code=kabkota),
            )
    _participant(
        meeting,
        staf,
        name=next(names),
        organisation="Forum CSR Kabupaten Tangerang",
        position="Koordinator relawan perusahaan",
        kabkota=Region.objects.get(code="36.03"),
        group=ParticipantGroup.PARTNER,
        is_walk_in=True,
    )
    decisions = [
        _save(Decision(meeting=meeting, position=position, text=text))
        for position, text in enumerate(
            [
                "Dinas Sosial menambah dua dapur umum di Kecamatan Periuk dan Pondok Aren selama masa tanggap darurat.",
                "Dinas PUPR mengerahkan pompa portabel ke permukiman yang masih tergenang dalam 2 x 24 jam.",
                "Dinas Kesehatan membuka pos kesehatan bergerak di setiap lokasi pengungsian di atas 100 jiwa.",
                "BPBD menyusun draf Jitupasna banjir Tangerang Raya dengan masukan tertulis perangkat daerah.",
            ],
            start=1,
        )
    ]
    _action(
        meeting,
        staf,
        decisions[0],
        title="Operasikan dua dapur umum tambahan di Periuk dan Pondok Aren",
        owner="dinsos-banten",
        person="Kepala Bidang Perlindungan dan Jaminan Sosial",
        due=_day(date(2026, 1, 28)),
        status=ActionItemStatus.DONE,
        notes=[
            (_day(date(2026, 1, 27)), "Dapur umum Periuk beroperasi bersama TAGANA.", ActionItemStatus.IN_PROGRESS),
            (
                _day(date(2026, 1, 28)),
                "Dapur umum Pondok Aren beroperasi; 2.400 porsi per hari.",
                ActionItemStatus.DONE,
            ),
        ],
    )
    _action(
        meeting,
        staf,
        decisions[1],
        title="Kerahkan pompa portabel ke permukiman yang masih tergenang",
        owner="dpupr-banten",
        person="Kepala Bidang Sumber Daya Air",
        due=_day(date(2026, 1, 27)),
        status=ActionItemStatus.IN_PROGRESS,
        notes=[
            (
                _day(date(2026, 1, 27)),
                "Empat pompa dikerahkan ke Periuk; dua lagi menunggu armada.",
                ActionItemStatus.IN_PROGRESS,
            )
        ],
    )
    _action(
        meeting,
        staf,
        decisions[2],
        title="Buka pos kesehatan bergerak di lokasi pengungsian di atas 100 jiwa",
        owner="dinkes-banten",
        person="Kepala Bidang Pelayanan Kesehatan",
        due=_day(date(2026, 1, 30)),
        status=ActionItemStatus.OPEN,
    )
    _action(
        meeting,
        staf,
        decisions[3],
        title="Susun draf dokumen Jitupasna banjir Tangerang Raya",
        owner="bpbd-banten",
        person="Kepala Bidang Rehabilitasi dan Rekonstruksi",
        due=_day(date(2026, 2, 16)),
        status=ActionItemStatus.IN_PROGRESS,
    )
    _action(
        meeting,
        staf,
        decisions[0],
        title="Laporkan data pengungsi harian per posko ke Dinas Sosial Provinsi",
        owner="dinsos-3671",
        person="Petugas Dinas Sosial Kota Tangerang",
        due=_day(date(2026, 1, 31)),
        status=ActionItemStatus.OPEN,
    )
    _input_round(meeting, staf)
    return meeting


def _input_round(meeting: Meeting, staf) -> InputRound:
    title = flood_round_title()
    draft = render_minutes_pdf(
        {
            "title": title,
            "kind": "Draf dokumen",
            "period": demo_month(date(2026, 2, 1)),
            "place": "",
            "chair": "",
            "organizer": "BPBD Provinsi Banten",
            "disaster": demo_title(),
            "clusters": "",
            "status": "",
            "agenda": [
                {"title": sector, "presenter": "", "points": "Diisi dari masukan perangkat daerah (data contoh)."}
                for sector in ("Permukiman", "Infrastruktur", "Ekonomi Produktif", "Sosial", "Lintas Sektor")
            ],
            "summary": "Draf pengkajian kebutuhan pascabencana (contoh).",
            "decisions": [],
            "action_items": [],
            "attendance": {"sentences": [], "by_kabkota": [], "people": []},
            "footer": "Data contoh.",
        }
    )
    input_round = InputRound(
        meeting=meeting,
        title=title,
        description="Masukan tertulis per sektor: kerusakan, kerugian dan kebutuhan di wilayah tugas masing-masing.",
        deadline=_at(date(2026, 1, 27), 16),
        opened_by=staf,
    )
    year = demo_year(date(2026, 1, 17))
    input_round.document.save(f"draf-jitupasna-banjir-tangerang-raya-{year}.pdf", ContentFile(draft), save=False)
    _save(input_round)
    codes = ["dinsos-banten", "dinkes-banten", "dpupr-banten", "dindik-banten", "distan-banten", "bappeda-banten"]
    input_round.agencies.set(Agency.objects.filter(code__in=codes))
    for code, when, late, text in [
        (
            "dinsos-banten",
            _at(date(2026, 1, 26), 15),
            False,
            "Sektor sosial: 1.450 jiwa mengungsi di 4 posko; kebutuhan hunian sementara 120 KK.",
        ),
        (
            "dpupr-banten",
            _at(date(2026, 1, 27), 11),
            False,
            "Sektor infrastruktur: 3 tanggul jebol dan 2 jembatan rusak sedang; kebutuhan perbaikan tanggul.",
        ),
        (
            "dinkes-banten",
            demo_past(_at(date(2026, 1, 28), 7)),
            True,
            "Sektor kesehatan: 2 puskesmas terendam; kebutuhan obat dan alat kesehatan.",
        ),
    ]:
        _save(
            DocumentInput(
                round=input_round, agency=_agency(code), text=text, submitted_by=staf, submitted_at=when, is_late=late
            )
        )
    return input_round


def _ksb_fgd(staf) -> Meeting:
    day = date(2025, 9, 10)
    meeting = _meeting(
        staf=staf,
        kind=MeetingKind.FGD,
        title=FGD_TITLE,
        description="Diskusi kelompok terarah bersama pengurus KSB dari 8 kabupaten/kota tentang peran KSB dalam "
        "kesiapsiagaan, peringatan dini, lumbung sosial dan kemitraan dengan dunia usaha (data contoh).",
        starts_at=_at(day, 8, 30),
        ends_at=_at(day, 15),
        place="Aula Dinas Sosial Provinsi Banten, Kota Serang",
        chair="Kepala Dinas Sosial Provinsi Banten",
        organizer=_agency("dinsos-banten"),
        minutes_summary="Pengurus KSB menyampaikan kondisi KSB di wilayahnya: lumbung sosial banyak yang kosong, "
        "peta rawan bencana belum diperbarui, dan kemitraan dengan perusahaan (CSR), PMI dan media masih terbatas.",
        minutes_updated_at=_at(day, 16),
    )
    meeting.clusters.set(Cluster.objects.filter(code="pengungsian-perlindungan"))
    meeting.concerned_kabkota.set(Region.objects.filter(level=RegionLevel.KABKOTA))
    _agenda(
        meeting,
        [
            ("Arahan Kepala Dinas Sosial Provinsi Banten", "Kepala Dinas Sosial Provinsi Banten", ""),
            (
                "Kondisi KSB di kabupaten/kota",
                "Perwakilan pengurus KSB",
                "Dari 40 pengurus, sebagian besar melaporkan lumbung sosial perlu diisi ulang.",
            ),
            (
                "Kemitraan KSB dengan dunia usaha, PMI dan media",
                "Forum KSB Provinsi Banten",
                "Disepakati pemetaan mitra CSR per kabupaten/kota.",
            ),
        ],
    )
    names = _names()
    for kabkota in Region.objects.filter(level=RegionLevel.KABKOTA).order_by("code"):
        villages = Region.objects.filter(level=RegionLevel.DESA, code__startswith=f"{kabkota.code}.").order_by("code")
        for village, position in zip(
            villages[:5], cycle(["Ketua KSB", "Sekretaris KSB", "Bendahara KSB"]), strict=False
        ):
            _participant(
                meeting,
                staf,
                name=next(names),
                organisation=f"KSB {village.name}",
                position=position,
                kabkota=kabkota,
                group=ParticipantGroup.KSB,
            )
    _participant(meeting, staf, agency=_agency("forum-ksb-banten"), group=ParticipantGroup.PARTNER)
    _participant(meeting, staf, agency=_agency("tagana-banten"), group=ParticipantGroup.TAGANA)
    _participant(
        meeting, staf, agency=_agency("pmi-banten"), group=ParticipantGroup.PARTNER, attendance=AttendanceStatus.ABSENT
    )
    decisions = [
        _save(Decision(meeting=meeting, position=position, text=text))
        for position, text in enumerate(
            [
                "Forum KSB memperbarui data pengurus dan kondisi lumbung sosial KSB di 8 kabupaten/kota.",
                "Dinas Sosial kabupaten/kota memfasilitasi pembaruan peta rawan bencana dan jalur evakuasi KSB.",
            ],
            start=1,
        )
    ]
    _action(
        meeting,
        staf,
        decisions[0],
        title="Perbarui data pengurus dan lumbung sosial KSB di 8 kabupaten/kota",
        owner="forum-ksb-banten",
        person="Ketua Forum KSB Provinsi Banten",
        due=_day(date(2025, 10, 31)),
        status=ActionItemStatus.DONE,
        notes=[
            (
                _day(date(2025, 10, 29)),
                "Data 8 kabupaten/kota terkumpul dan diserahkan ke Dinas Sosial.",
                ActionItemStatus.DONE,
            )
        ],
    )
    _action(
        meeting,
        staf,
        decisions[1],
        title="Fasilitasi pembaruan peta rawan bencana KSB di Kabupaten Lebak",
        owner="dinsos-3602",
        person="Kepala Seksi Perlindungan Sosial Korban Bencana",
        due=_day(date(2025, 12, 15)),
        status=ActionItemStatus.IN_PROGRESS,
        notes=[(_day(date(2025, 11, 20)), "Peta 3 dari 5 KSB sudah diperbarui.", ActionItemStatus.IN_PROGRESS)],
    )
    _action(
        meeting,
        staf,
        decisions[1],
        title="Fasilitasi pembaruan peta rawan bencana KSB di Kabupaten Pandeglang",
        owner="dinsos-3601",
        person="Kepala Seksi Perlindungan Sosial Korban Bencana",
        due=_day(date(2025, 12, 15)),
        status=ActionItemStatus.OPEN,
    )
    return meeting


@transaction.atomic
def meetings_seed_demo(**_ignored) -> dict:
    """The 26 January 2026 flood coordination meeting and the 10 September 2025 KSB FGD with attendance, minutes,
    decisions, action items (some overdue) and a Jitupasna input round. Idempotent: a meeting already there is kept."""
    staf = User.objects.get(username="staf.provinsi")
    created = 0
    if not Meeting.objects.filter(title=FLOOD_TITLE).exists():
        _flood_meeting(staf)
        created += 1
    if not Meeting.objects.filter(title=FGD_TITLE).exists():
        _ksb_fgd(staf)
        created += 1
    return {"created": created, "total": Meeting.objects.count()}
