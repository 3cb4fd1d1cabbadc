"""One sample per registered document (``banten_dinsos.core.documents``), small and large, built from plain data and
stand-in objects so the layout tests render every PDF and workbook without a database. A document registered
without a sample here fails ``test_every_registered_document_has_a_sample``."""

import os
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")
MOMENT = datetime(2026, 12, 3, 11, 0, tzinfo=WIB)
KABKOTA = [
    "Kabupaten Pandeglang",
    "Kabupaten Lebak",
    "Kabupaten Tangerang",
    "Kabupaten Serang",
    "Kota Tangerang",
    "Kota Cilegon",
    "Kota Serang",
    "Kota Tangerang Selatan",
]
LONG = "Penyaluran bantuan permakanan dan air bersih ke tempat pengungsian di desa yang terisolasi banjir"


class Rows(list):
    """A list that answers ``select_related``/``all`` like the related managers the renderers read."""

    def select_related(self, *args):
        return self

    def all(self):
        return self


def _minutes(size: int) -> dict:
    people = [
        [f"Peserta {n}", f"Dinas Sosial {KABKOTA[n % 8]} / Kepala Bidang Linjamsos", KABKOTA[n % 8], "Hadir"]
        for n in range(size * 6)
    ]
    return {
        "title": "Rapat Koordinasi Penanganan Banjir Tangerang Raya",
        "kind": "Rapat koordinasi",
        "period": "Kamis, 3 Desember 2026, 09.00–12.00 WIB",
        "place": "Aula Dinas Sosial Provinsi Banten",
        "chair": "Kepala Dinas Sosial Provinsi Banten",
        "organizer": "Dinas Sosial Provinsi Banten",
        "disaster": "Banjir Tangerang Raya Desember 2026",
        "clusters": "Perlindungan dan Pengungsian, Logistik",
        "status": "",
        "agenda": [
            {"title": f"Agenda {n}: laporan klaster", "presenter": "Kabid Linjamsos", "points": LONG}
            for n in range(1, 2 + size)
        ],
        "summary": " ".join([LONG] * (1 + size)),
        "decisions": [f"Keputusan {n}: {LONG}." for n in range(1, 2 + size * 2)],
        "action_items": [
            {"title": LONG, "owner": "BPBD Provinsi Banten", "due_on": "5 Desember 2026", "status": "Terbuka"}
            for _n in range(size * 4)
        ],
        "attendance": {
            "sentences": [f"{len(people)} peserta hadir dari 8 kabupaten/kota."] if people else [],
            "by_kabkota": [[name, "6", "5", "1"] for name in KABKOTA] if size else [],
            "people": people,
        },
        "footer": "Notulen Rapat Koordinasi, 3 Desember 2026.",
        "signed_at": "Serang, 3 Desember 2026",
        "printed_at": MOMENT,
    }


def _jitupasna(size: int) -> dict:
    keys = ["damage", "loss", "reconstruction", "loss_recovery", "access", "function", "risk", "needs"]
    labels = {key: key.replace("_", " ").title() for key in keys}
    sector_names = ["Permukiman", "Infrastruktur", "Ekonomi produktif", "Sosial", "Lintas sektor"]
    figure = {key: Decimal(1_250_000_000 + index) for index, key in enumerate(keys)}
    zero = dict.fromkeys(keys, Decimal(0))
    sectors = []
    for index, name in enumerate(sector_names):
        filled = index < max(1, size)
        damage = [
            [
                "Perumahan",
                KABKOTA[n % 8],
                "Cipondoh",
                "Rumah permanen",
                "unit",
                120,
                12,
                30,
                44,
                Decimal(85_000_000),
                Decimal(1_020_000_000),
                "",
            ]
            for n in range(size * 12 if filled else 0)
        ]
        loss = [
            [
                "Perumahan",
                KABKOTA[n % 8],
                "Cipondoh",
                LONG,
                Decimal(12_000_000),
                Decimal(3_000_000),
                6,
                Decimal(90_000_000),
            ]
            for n in range(size * 4 if filled else 0)
        ]
        needs = [
            {
                "kabkota": name_,
                "uplift": Decimal(15),
                "description": LONG if filled and n == 0 else "",
                **(figure if filled else zero),
            }
            for n, name_ in enumerate(KABKOTA)
        ]
        sectors.append(
            {"name": name, "damage": damage, "loss": loss, "needs": needs, "total": {**(figure if filled else zero)}}
        )
    return {
        "title": "Jitupasna Banjir Tangerang Raya Desember 2026",
        "disaster": "Banjir Tangerang Raya Desember 2026",
        "disaster_type": "Banjir",
        "started_on": "1 Desember 2026",
        "status": "Draf",
        "is_final": False,
        "finalised_on": "",
        "factors": [["RB", "1"], ["RS", "0,5"], ["RR", "0,25"]],
        "factors_source": "Perka BNPB 15/2011",
        "uplift": "15",
        "kabkota": KABKOTA,
        "labels": labels,
        "amount_keys": keys,
        "summary_rows": [{"sector": s, "kabkota": k, **figure} for s in sector_names[: 1 + size] for k in KABKOTA],
        "sector_totals": [{"sector": s, **figure} for s in sector_names],
        "kabkota_totals": [{"kabkota": k, **figure} for k in KABKOTA],
        "total": figure,
        "sectors": sectors,
        "footer": "Jitupasna (Perka BNPB 15/2011). Jumlah dalam rupiah.",
        "printed_at": MOMENT,
    }


def _situation(size: int):
    from banten_dinsos.reports.situation import SituationData

    impact_keys = (
        "dead",
        "missing",
        "injured",
        "affected_people",
        "affected_families",
        "displaced",
        "houses_heavily_damaged",
        "houses_moderately_damaged",
        "houses_lightly_damaged",
        "houses_submerged",
    )
    impact = [{"kabkota_name": name, **dict.fromkeys(impact_keys, 1502), "areas_reported": 3} for name in KABKOTA]
    start = date(2026, 11, 20)
    # No report in the first days: those days have no figure (None), not zero.
    timeline = [
        (start + timedelta(days=n), None if n < 3 else 1200 + n * 40, 0 if n < 4 else 800 + n * 10) for n in range(14)
    ]
    disaster = SimpleNamespace(
        title="Banjir Tangerang Raya Desember 2026",
        disaster_type="Banjir",
        status="tanggap_darurat",
        decree_number="360/Kep.12-BPBD/2026",
        started_on=start,
        ended_on=None,
    )
    return SituationData(
        disaster=disaster,
        generated_at=MOMENT,
        scope_label="Provinsi Banten",
        data_as_of=MOMENT - timedelta(hours=2),
        impact_rows=impact[: 2 + size * 6],
        totals={**dict.fromkeys(impact_keys, 12016), "areas_reported": 24},
        cluster_rows=[
            {
                "kabkota_name": k,
                "cluster_name": "Perlindungan dan Pengungsian",
                "needs_open": 4,
                "people_in_need": 15020,
                "activities_ongoing": 3,
                "people_reached": 9000,
                "gap": 6020,
                "contributed": {},
            }
            for k in KABKOTA
            for _n in range(size)
        ],
        contributed=[],
        timeline=timeline,
        shelters=[
            {
                "name": f"Tempat pengungsian Masjid Raya {n}",
                "kabkota": KABKOTA[n % 8],
                "desa": "Cipondoh Indah",
                "status": "Dibuka",
                "people": 1502,
                "capacity": 2000,
                "occupancy": 75,
                "sphere_label": "Memenuhi",
                "counted_at": MOMENT,
            }
            for n in range(size * 10)
        ],
        sphere_counts={},
        needs=[
            {
                "description": LONG,
                "cluster": "Logistik",
                "area": "Cipondoh",
                "kabkota": KABKOTA[n % 8],
                "priority_label": "Tinggi",
                "people_in_need": 2500,
                "people_reached": 1200,
                "gap": 1300,
            }
            for n in range(size * 12)
        ],
        sections=[
            {
                "title": "Relawan KSB yang bertugas",
                "columns": ["Nama", "KSB", "Tempat tugas", "Mulai"],
                "rows": [["Budi Santoso", "KSB Cipondoh", "Masjid Raya", MOMENT]] * (size * 5),
            }
        ],
    )


def _stock_card(size: int) -> dict:
    batch = SimpleNamespace(code="B-2026-11", expiry_date=date(2027, 6, 30))
    rows = [
        {
            "move": SimpleNamespace(
                posted_at=MOMENT - timedelta(hours=n),
                pk=1000 + n,
                get_kind_display=lambda: "Penerimaan",
                batch=batch,
                reason="Bantuan in-kind",
                posted_by=SimpleNamespace(get_username=lambda: "staf.gudang"),
            ),
            "other": SimpleNamespace(name="Gudang Dinsos Serang"),
            "in": Decimal(1500),
            "out": Decimal(0),
            "balance": Decimal(1500 * (n + 1)),
        }
        for n in range(2 + size * 20)
    ]
    return {
        "location": SimpleNamespace(name="Gudang Dinsos Provinsi"),
        "item": SimpleNamespace(name="Selimut", unit="lembar"),
        "rows": rows,
    }


def _item_lines(size: int) -> Rows:
    item = SimpleNamespace(name="Paket sembako keluarga (beras 5 kg, minyak, gula, mi instan)", unit="paket")
    batch = SimpleNamespace(code="B-2026-11-A", expiry_date=date(2027, 6, 30))
    return Rows(SimpleNamespace(item=item, batch=batch, quantity=Decimal(1500)) for _n in range(1 + size * 8))


def _dispatch(size: int) -> dict:
    disaster = SimpleNamespace(title="Banjir Tangerang Raya Desember 2026")
    return {
        "dispatch": SimpleNamespace(
            number="SJ-2026-0042",
            token=uuid.UUID(int=42),
            request=SimpleNamespace(number="PM-2026-0017", disaster=disaster),
            source=SimpleNamespace(name="Gudang Dinsos Provinsi Banten"),
            destination=SimpleNamespace(name="Tempat pengungsian Masjid Raya Cipondoh"),
            vehicle="A 1234 BC",
            driver="Slamet",
            created_at=MOMENT,
            lines=_item_lines(size),
        )
    }


def _donation(size: int) -> dict:
    return {
        "donation": SimpleNamespace(
            number="DON-2026-0007",
            donor=SimpleNamespace(name="PT Sumber Rejeki"),
            received_on=date(2026, 12, 2),
            warehouse=SimpleNamespace(name="Gudang Dinsos Provinsi Banten"),
            value_estimate=Decimal(125_000_000),
            note="Diterima dalam keadaan baik.",
            moves=_item_lines(size),
        )
    }


def _subject_report(size: int) -> dict:
    client = SimpleNamespace(
        pk=77,
        nik="3602134509830001",
        no_kk="3602130101100001",
        name="Siti Contoh",
        sex="P",
        birth_date=date(1983, 9, 5),
        desa_id="36.02.13.2007",
        desa=SimpleNamespace(name="Cipondoh"),
        kabkota_id="36.02",
        kabkota=SimpleNamespace(name="Kabupaten Lebak"),
        address="Kp. Cipondoh RT 01/02",
        types=Rows([SimpleNamespace(number=9, name="Fakir miskin")]),
        status="active",
        source="dtks",
        get_status_display=lambda: "Aktif",
        get_source_display=lambda: "DTKS",
        last_verified_on=date(2026, 11, 1),
        created_at=MOMENT,
        updated_at=MOMENT,
        last_import_id=None,
    )
    audit = [
        SimpleNamespace(
            at=MOMENT,
            action="view",
            get_action_display=lambda: "Dilihat",
            actor_username="staf",
            object_id="77",
            model="pmks_registry.client",
            fields=["status", "address"],
            note="data-subject report (screen)",
        )
        for _n in range(size * 20)
    ]
    services = [
        SimpleNamespace(
            kind="Bantuan sosial",
            provided_on=date(2026, 11, 5),
            provider="Dinas Sosial",
            amount=Decimal(600_000),
            notes="",
        )
        for _n in range(size * 6)
    ]
    return {
        "data": {
            "client": client,
            "generated_at": MOMENT,
            "asked_nik": client.nik,
            "history": {"status_changes": [], "services": services, "placements": []},
            "merges": [],
            "audit": audit,
        }
    }


def _statistics(size: int) -> dict:
    kabkotas = [SimpleNamespace(name=name) for name in KABKOTA]
    matrix = [
        {"type": SimpleNamespace(number=n, name=f"Jenis PMKS {n}"), "counts": [1502 * n] * 8, "total": 1502 * n * 8}
        for n in range(1, 2 + size * 25)
    ]
    return {
        "stats": {
            "kabkotas": kabkotas,
            "matrix": matrix,
            "column_totals": [sum(row["counts"][i] for row in matrix) for i in range(8)],
            "by_status": [("active", "Aktif", 12016)],
            "per_month": [(date(2026, month, 1), 150 * month) for month in range(1, 13)],
        }
    }


def _table_export(size: int) -> dict:
    import tempfile

    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    rows = [
        ["Siti Contoh", "Kabupaten Lebak", date(1983, 9, 5), MOMENT, 1502, Decimal("12.5")] for _n in range(size * 50)
    ]
    header = ["Nama", "Kabupaten/kota", "Tanggal lahir", "Tercatat", "Jumlah", "Nilai"]
    return {
        "path": path,
        "fmt": "xlsx",
        "header": header,
        "rows": rows,
        "sheet_title": "Klien PMKS yang terdaftar di registri",
    }


SAMPLES = {
    "minutes-pdf": lambda size: ((_minutes(size),), {}),
    "jitupasna-pdf": lambda size: ((_jitupasna(size),), {}),
    "jitupasna-xlsx": lambda size: ((_jitupasna(size),), {}),
    "situation-report-pdf": lambda size: ((_situation(size),), {}),
    "situation-report-xlsx": lambda size: ((_situation(size),), {}),
    "delivery-note-pdf": lambda size: ((), _dispatch(size)),
    "donation-receipt-pdf": lambda size: ((), _donation(size)),
    "personal-data-report-pdf": lambda size: ((_subject_report(size)["data"],), {}),
    "stock-card-xlsx": lambda size: ((), _stock_card(size)),
    "pmks-statistics-xlsx": lambda size: ((_statistics(size)["stats"],), {}),
    "pmks-import-template-xlsx": lambda size: ((), {}),
    "table-export-xlsx": lambda size: ((), _table_export(size)),
}
SIZES = (0, 1, 4)
