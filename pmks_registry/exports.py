"""Files made from PMKS data: XLSX of statistics and of the client list (NIK and No. KK masked), the import
template, and the data-subject report as JSON or PDF."""

import io
import json

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from banten_dinsos.core.exports import xlsx_bytes, xlsx_row
from banten_dinsos.core.nik import mask_number

from .models import Client
from .services.import_rows import COLUMNS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_ROW_LIMIT = 100_000


def _bold(row) -> None:
    for cell in row:
        cell.font = Font(bold=True)


def _save(workbook: Workbook) -> bytes:
    return xlsx_bytes(workbook)  # every cell typed by a user is neutralised (no live formulas)


def statistics_xlsx(stats: dict) -> bytes:
    """The statistics page as a workbook: type × kab/kota, by status, new per month."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Type × kab-kota")[:31]
    sheet.append([_("No."), _("PMKS type"), *[region.name for region in stats["kabkotas"]], _("Total")])
    _bold(sheet[1])
    for row in stats["matrix"]:
        sheet.append([row["type"].number, row["type"].name, *row["counts"], row["total"]])
    sheet.append(["", _("Total"), *stats["column_totals"], sum(stats["column_totals"])])
    _bold(sheet[sheet.max_row])
    sheet.column_dimensions["B"].width = 48
    status_sheet = workbook.create_sheet(_("By status")[:31])
    status_sheet.append([_("Status"), _("Clients")])
    _bold(status_sheet[1])
    for _code, label, count in stats["by_status"]:
        status_sheet.append([str(label), count])
    month_sheet = workbook.create_sheet(_("New per month")[:31])
    month_sheet.append([_("Month"), _("New clients")])
    _bold(month_sheet[1])
    for month, count in stats["per_month"]:
        month_sheet.append([month.strftime("%Y-%m"), count])
    return _save(workbook)


def clients_xlsx(clients) -> bytes:
    """A client list as a workbook, streamed row by row; NIK and No. KK are always masked."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("PMKS clients")[:31])
    sheet.append(
        [
            _("NIK"),
            _("No. KK"),
            _("Name"),
            _("Sex"),
            _("Birth date"),
            _("Desa/kelurahan code"),
            _("Kabupaten/kota code"),
            _("PMKS types"),
            _("Status"),
            _("Data source"),
            _("Last verified on"),
        ]
    )
    for client in clients:
        sheet.append(
            xlsx_row(
                sheet,
                [
                    mask_number(client.nik),
                    mask_number(client.no_kk),
                    client.name,
                    client.sex,
                    client.birth_date,
                    client.desa_id,
                    client.kabkota_id,
                    ",".join(str(t.number) for t in client.types.all()),
                    str(client.get_status_display()),
                    str(client.get_source_display()),
                    client.last_verified_on,
                ],
            )
        )
    return _save(workbook)


def import_template_xlsx() -> bytes:
    """An empty import file with the expected header, one example row (synthetic) and the date column as text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "pmks"
    sheet.append(list(COLUMNS))
    _bold(sheet[1])
    sheet.append(["3602134509830001", "3602130101100001", "Siti Contoh", "P", "05/09/1983", "36.02.13.2007", "9,21"])
    for column in ("A", "B"):
        sheet.column_dimensions[column].width = 20
        for cell in sheet[column]:
            cell.number_format = "@"  # text: Excel would round a 16-digit number
    return _save(workbook)


def import_template_csv() -> bytes:
    lines = [
        ",".join(COLUMNS),
        '3602134509830001,3602130101100001,Siti Contoh,P,05/09/1983,36.02.13.2007,"9,21"',
    ]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _subject_dict(data: dict) -> dict:
    client: Client = data["client"]
    history = data["history"]
    return {
        "generated_at": data["generated_at"].isoformat(),
        "legal_basis": "UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi",
        "asked_nik": data["asked_nik"],
        "client": {
            "record_id": client.pk,
            "nik": client.nik,
            "no_kk": client.no_kk,
            "name": client.name,
            "sex": client.sex,
            "birth_date": client.birth_date.isoformat(),
            "desa": {"code": client.desa_id, "name": client.desa.name},
            "kabkota": {"code": client.kabkota_id, "name": client.kabkota.name},
            "address": client.address,
            "pmks_types": [{"number": t.number, "name": t.name} for t in client.types.all()],
            "status": client.status,
            "source": client.source,
            "last_verified_on": client.last_verified_on.isoformat() if client.last_verified_on else None,
            "registered_at": client.created_at.isoformat(),
            "updated_at": client.updated_at.isoformat(),
            "last_import": client.last_import_id,
        },
        "status_history": [
            {
                "date": change.changed_on.isoformat(),
                "from": change.from_status,
                "to": change.to_status,
                "reason": change.reason,
            }
            for change in history["status_changes"]
        ],
        "services": [
            {
                "kind": service.kind,
                "date": service.provided_on.isoformat(),
                "provider": str(service.provider) if service.provider else None,
                "amount": str(service.amount) if service.amount is not None else None,
                "notes": service.notes,
            }
            for service in history["services"]
        ],
        "placements": [
            {
                "panti": placement.panti.name,
                "admitted_on": placement.admitted_on.isoformat(),
                "admission_reason": placement.admission_reason,
                "discharged_on": placement.discharged_on.isoformat() if placement.discharged_on else None,
                "discharge_reason": placement.discharge_reason,
            }
            for placement in history["placements"]
        ],
        "merged_records": [
            {
                "record_id": m.merged_client_id,
                "nik": m.merged_nik,
                "name": m.merged_name,
                "merged_at": m.merged_at.isoformat(),
            }
            for m in data["merges"]
        ],
        "processing_history": [
            {
                "at": entry.at.isoformat(),
                "action": entry.action,
                "by": entry.actor_username or "system",
                "record_id": entry.object_id,
                "fields": entry.fields,
                "note": entry.note,
            }
            for entry in data["audit"]
        ],
    }


def subject_report_json(data: dict) -> bytes:
    return json.dumps(_subject_dict(data), ensure_ascii=False, indent=2).encode("utf-8")


def subject_report_pdf(data: dict) -> bytes:
    """The data-subject report as a PDF (reportlab), for handing to the person who asked."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from banten_dinsos.core.pdf import pdf_paragraph, pdf_styles, pdf_table

    report = _subject_dict(data)
    styles = pdf_styles(compact=True)
    small = styles["small"]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=1.5 * cm, rightMargin=1.5 * cm, title=_("Personal data report")
    )

    def esc(value) -> str:
        return (str(value) if value is not None else "—").replace("&", "&amp;").replace("<", "&lt;")

    def table(header, rows):
        rows = [["—" if cell is None else cell for cell in row] for row in rows]
        return pdf_table(header, rows or [[_("None")] + [""] * (len(header) - 1)], None, styles)

    person = report["client"]
    story = [
        pdf_paragraph(_("Personal data report"), styles["title"]),
        Paragraph(
            esc(_("Dinas Sosial Provinsi Banten · PMKS client registry · %(when)s WIB"))
            % {"when": timezone.localtime(data["generated_at"]).strftime("%d/%m/%Y %H:%M")},
            small,
        ),
        Paragraph(esc(report["legal_basis"]), small),
        Spacer(1, 0.4 * cm),
        Paragraph(esc(_("Data held")), styles["h2"]),
        table(
            [_("Field"), _("Value")],
            [
                [_("NIK"), person["nik"]],
                [_("No. KK"), person["no_kk"]],
                [_("Name"), person["name"]],
                [_("Sex"), person["sex"]],
                [_("Birth date"), person["birth_date"]],
                [_("Desa/kelurahan"), f"{person['desa']['name']} ({person['desa']['code']})"],
                [_("Kabupaten/kota"), person["kabkota"]["name"]],
                [_("Address"), person["address"]],
                [_("PMKS types"), ", ".join(f"{t['number']}. {t['name']}" for t in person["pmks_types"])],
                [_("Status"), person["status"]],
                [_("Data source"), person["source"]],
                [_("Last verified on"), person["last_verified_on"]],
                [_("Registered at"), person["registered_at"]],
            ],
        ),
        Paragraph(esc(_("Status history")), styles["h2"]),
        table(
            [_("Date"), _("Previous status"), _("New status"), _("Reason")],
            [[r["date"], r["from"], r["to"], r["reason"]] for r in report["status_history"]],
        ),
        Paragraph(esc(_("Services received")), styles["h2"]),
        table(
            [_("Date"), _("Kind"), _("Provider agency"), _("Amount (Rp)")],
            [[r["date"], r["kind"], r["provider"], r["amount"]] for r in report["services"]],
        ),
        Paragraph(esc(_("Panti stays")), styles["h2"]),
        table(
            [_("Panti sosial"), _("Admitted on"), _("Discharged on"), _("Reason")],
            [[r["panti"], r["admitted_on"], r["discharged_on"], r["admission_reason"]] for r in report["placements"]],
        ),
        Paragraph(esc(_("Merged records")), styles["h2"]),
        table(
            [_("Record"), _("NIK"), _("Name"), _("Merged at")],
            [[r["record_id"], r["nik"], r["name"], r["merged_at"]] for r in report["merged_records"]],
        ),
        Paragraph(esc(_("Processing history")), styles["h2"]),
        table(
            [_("Time"), _("Action"), _("By"), _("Fields"), _("Note")],
            [
                [r["at"][:19].replace("T", " "), r["action"], r["by"], ", ".join(r["fields"]), r["note"]]
                for r in report["processing_history"]
            ],
        ),
    ]
    document.build(story)
    return buffer.getvalue()
