"""Files made from PMKS data: XLSX of statistics and of the client list (NIK and No. KK masked), the import
template, and the data-subject report as JSON or PDF."""

import json

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from banten_dinsos.audit.labels import audit_fields, audit_note
from banten_dinsos.core.documents import document
from banten_dinsos.core.exports import MONTH_FORMAT, xlsx_bytes, xlsx_sheet
from banten_dinsos.core.formatting import format_date, format_datetime, local

from .models import Client
from .services.import_rows import COLUMNS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _bold(row) -> None:
    for cell in row:
        cell.font = Font(bold=True)


def _save(workbook: Workbook) -> bytes:
    return xlsx_bytes(workbook)  # every cell typed by a user is neutralised (no live formulas)


@document("pmks-statistics-xlsx", format="xlsx")
def statistics_xlsx(stats: dict) -> bytes:
    """The statistics page as a workbook: type × kab/kota, by status, new per month."""
    workbook = Workbook()
    sheet = xlsx_sheet(
        workbook,
        _("Type × kab-kota"),
        [_("No."), _("PMKS type"), *[region.name for region in stats["kabkotas"]], _("Total")],
        first=True,
    )
    for row in stats["matrix"]:
        sheet.append([row["type"].number, row["type"].name, *row["counts"], row["total"]])
    sheet.append(["", _("Total"), *stats["column_totals"], sum(stats["column_totals"])])
    _bold(sheet[sheet.max_row])
    sheet.column_dimensions["B"].width = 48
    status_sheet = xlsx_sheet(workbook, _("By status"), [_("Status"), _("Clients")])
    for _code, label, count in stats["by_status"]:
        status_sheet.append([str(label), count])
    month_sheet = xlsx_sheet(workbook, _("New per month"), [_("Month"), _("New clients")])
    for month, count in stats["per_month"]:
        month_sheet.append([month, count])
        month_sheet.cell(row=month_sheet.max_row, column=1).number_format = MONTH_FORMAT
    month_sheet.column_dimensions["A"].width = 18
    return _save(workbook)


@document("pmks-import-template-xlsx", format="xlsx", typed_text=True)
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
    """The report as data; its moments in WIB (``+07:00``), as the PDF prints them."""
    client: Client = data["client"]
    history = data["history"]
    return {
        "generated_at": local(data["generated_at"]).isoformat(),
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
            "registered_at": local(client.created_at).isoformat(),
            "updated_at": local(client.updated_at).isoformat(),
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
                "merged_at": local(m.merged_at).isoformat(),
            }
            for m in data["merges"]
        ],
        "processing_history": [
            {
                "at": local(entry.at).isoformat(),
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


@document("personal-data-report-pdf", format="pdf")
def subject_report_pdf(data: dict) -> bytes:
    """The data-subject report as a PDF on the office's paper, for handing to the person who asked."""
    from reportlab.platypus import Spacer

    from banten_dinsos.core.pdf import heading, pdf_paragraph, pdf_styles, pdf_table, render_pdf

    report = _subject_dict(data)
    styles = pdf_styles(compact=True)
    small = styles["small"]

    def table(header, rows):
        rows = [["—" if cell is None else cell for cell in row] for row in rows]
        return pdf_table(header, rows or [[_("None")] + [""] * (len(header) - 1)], None, styles)

    def section(title, header, rows):
        return [*heading(title, styles), table(header, rows)]

    person = report["client"]
    client, history = data["client"], data["history"]
    story = [
        pdf_paragraph(_("Personal data report"), styles["title"]),
        pdf_paragraph(_("PMKS client registry"), small),
        pdf_paragraph(report["legal_basis"], small),
        Spacer(1, 3),
        *section(
            _("Data held"),
            [_("Field"), _("Value")],
            [
                [_("NIK"), person["nik"]],
                [_("No. KK"), person["no_kk"]],
                [_("Name"), person["name"]],
                [_("Sex"), person["sex"]],
                [_("Birth date"), format_date(client.birth_date)],
                [_("Desa/kelurahan"), f"{person['desa']['name']} ({person['desa']['code']})"],
                [_("Kabupaten/kota"), person["kabkota"]["name"]],
                [_("Address"), person["address"]],
                [_("PMKS types"), ", ".join(f"{t['number']}. {t['name']}" for t in person["pmks_types"])],
                [_("Status"), str(client.get_status_display())],
                [_("Data source"), str(client.get_source_display())],
                [_("Last verified on"), format_date(client.last_verified_on)],
                [_("Registered at"), format_datetime(client.created_at)],
            ],
        ),
        *section(
            _("Status history"),
            [_("Date"), _("Previous status"), _("New status"), _("Reason")],
            [[format_date(c.changed_on), c.from_status, c.to_status, c.reason] for c in history["status_changes"]],
        ),
        *section(
            _("Services received"),
            [_("Date"), _("Kind"), _("Provider agency"), _("Amount (Rp)")],
            [
                [format_date(s.provided_on), s.kind, str(s.provider) if s.provider else None, s.amount]
                for s in history["services"]
            ],
        ),
        *section(
            _("Panti stays"),
            [_("Panti sosial"), _("Admitted on"), _("Discharged on"), _("Reason")],
            [
                [p.panti.name, format_date(p.admitted_on), format_date(p.discharged_on), p.admission_reason]
                for p in history["placements"]
            ],
        ),
        *section(
            _("Merged records"),
            [_("Record"), _("NIK"), _("Name"), _("Merged at")],
            [
                [str(m.merged_client_id), m.merged_nik, m.merged_name, format_datetime(m.merged_at)]
                for m in data["merges"]
            ],
        ),
        *section(
            _("Processing history"),
            [_("Time"), _("Action"), _("By"), _("Fields"), _("Note")],
            [
                [
                    format_datetime(e.at),
                    str(e.get_action_display()),
                    e.actor_username or _("system"),
                    audit_fields(e),
                    audit_note(e),
                ]
                for e in data["audit"]
            ],
        ),
    ]
    return render_pdf(story, title=_("Personal data report"), printed_at=data["generated_at"])
