"""The Jitupasna workbook in the layout people exchange: a summary sheet, then one sheet per sector with its damage,
loss and needs tables. Amounts are numbers (whole rupiah), totals are the computed values, not formulas, so they
read the same in every spreadsheet program and match the page, API and PDF. The same content gives the same bytes."""

import io
from datetime import datetime
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from banten_dinsos.core.documents import document
from banten_dinsos.core.exports import xlsx_finish, xlsx_sheet_title

RUPIAH_FORMAT = "#,##0"
UNITS_FORMAT = "#,##0.##"
HEADER_FILL = PatternFill("solid", fgColor="E9ECEF")
TOTAL_FONT = Font(bold=True)
FIXED_MOMENT = datetime(2000, 1, 1)  # noqa: DTZ001 - a constant for reproducible files, not a point in time


def _header(sheet, row: int, labels: list[str]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=column, value=label)
        cell.font = TOTAL_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _row(sheet, row: int, values: list, *, money: set[int] = frozenset(), units: set[int] = frozenset(), bold=False):
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        if column in money:
            cell.number_format = RUPIAH_FORMAT
        elif column in units:
            cell.number_format = UNITS_FORMAT
        if bold:
            cell.font = TOTAL_FONT


def _widths(sheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _facts(sheet, content: dict) -> int:
    sheet.cell(row=1, column=1, value=content["title"]).font = Font(bold=True, size=13)
    facts = [
        (_("Disaster event"), f"{content['disaster']} ({content['disaster_type']}, {content['started_on']})"),
        (_("Status"), content["status"] + (f" ({content['finalised_on']})" if content["finalised_on"] else "")),
        (
            _("Damage class factors"),
            " · ".join(f"{label}: {factor}" for label, factor in content["factors"]),
        ),
        (_("Source of the factors"), content["factors_source"]),
        (_("Build-back-better uplift (%)"), content["uplift"]),
        (_("Amounts"), _("rupiah")),
    ]
    for offset, (label, value) in enumerate(facts, start=2):
        sheet.cell(row=offset, column=1, value=label).font = TOTAL_FONT
        sheet.cell(row=offset, column=2, value=value)
    return len(facts) + 3


def _summary_sheet(workbook: Workbook, content: dict) -> None:
    sheet = workbook.active
    sheet.title = xlsx_sheet_title(_("Summary"))
    labels = content["labels"]
    keys = content["amount_keys"]
    row = _facts(sheet, content)
    money = set(range(3, 3 + len(keys)))
    _header(sheet, row, [_("Sector"), _("Kabupaten/kota"), *(labels[key] for key in keys)])
    row += 1
    for line in content["summary_rows"]:
        _row(sheet, row, [line["sector"], line["kabkota"], *(line[key] for key in keys)], money=money)
        row += 1
    for line in content["sector_totals"]:
        _row(
            sheet, row, [line["sector"], _("All kabupaten/kota"), *(line[key] for key in keys)], money=money, bold=True
        )
        row += 1
    for line in content["kabkota_totals"]:
        _row(sheet, row, [_("All sectors"), line["kabkota"], *(line[key] for key in keys)], money=money, bold=True)
        row += 1
    _row(sheet, row, [_("TOTAL"), "", *(content["total"][key] for key in keys)], money=money, bold=True)
    sheet.cell(row=row + 2, column=1, value=content["footer"])
    sheet.freeze_panes = "C10"
    _widths(sheet, [22, 26, *([18] * len(keys))])


def _sector_sheet(workbook: Workbook, sector: dict, content: dict, used: set[str]) -> None:
    sheet = workbook.create_sheet(xlsx_sheet_title(sector["name"], used))
    labels = content["labels"]
    sheet.cell(row=1, column=1, value=f"{content['title']} — {sector['name']}").font = Font(bold=True, size=12)

    row = 3
    sheet.cell(row=row, column=1, value=_("Damage")).font = TOTAL_FONT
    row += 1
    _header(
        sheet,
        row,
        [
            _("Sub-sector"),
            _("Kabupaten/kota"),
            _("Kecamatan"),
            _("Asset"),
            _("Unit"),
            _("Stock before"),
            _("Heavily damaged (RB)"),
            _("Moderately damaged (RS)"),
            _("Lightly damaged (RR)"),
            _("Unit cost (Rp)"),
            _("Damage (Rp)"),
            _("Source"),
        ],
    )
    row += 1
    for line in sector["damage"]:
        _row(sheet, row, line, money={10, 11}, units={6, 7, 8, 9})
        row += 1
    _row(sheet, row, [_("Total"), "", "", "", "", "", "", "", "", "", sector["total"]["damage"]], money={11}, bold=True)

    row += 2
    sheet.cell(row=row, column=1, value=_("Loss")).font = TOTAL_FONT
    row += 1
    _header(
        sheet,
        row,
        [
            _("Sub-sector"),
            _("Kabupaten/kota"),
            _("Kecamatan"),
            _("Description"),
            _("Lost income (Rp)"),
            _("Extra costs (Rp)"),
            _("Months until recovery"),
            _("Loss (Rp)"),
        ],
    )
    row += 1
    for line in sector["loss"]:
        _row(sheet, row, line, money={5, 6, 8})
        row += 1
    _row(sheet, row, [_("Total"), "", "", "", "", "", "", sector["total"]["loss"]], money={8}, bold=True)

    row += 2
    sheet.cell(row=row, column=1, value=_("Needs")).font = TOTAL_FONT
    row += 1
    keys = ["damage", "reconstruction", "loss_recovery", "access", "function", "risk", "needs"]
    _header(
        sheet,
        row,
        [_("Kabupaten/kota"), _("Uplift (%)"), *(labels[key] for key in keys), _("Programmes and activities")],
    )
    row += 1
    money = set(range(3, 3 + len(keys)))
    for line in sector["needs"]:
        _row(
            sheet,
            row,
            [line["kabkota"], line["uplift"], *(line[key] for key in keys), line["description"]],
            money=money,
        )
        row += 1
    _row(sheet, row, [_("Total"), "", *(sector["total"][key] for key in keys)], money=money, bold=True)
    _widths(sheet, [24, 24, 20, 28, 14, 16, 16, 16, 16, 18, 18, 16])


def _reproducible(data: bytes) -> bytes:
    """Rewrite the archive with fixed member times, so the same content always gives the same bytes."""
    source = ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    with ZipFile(target_buffer, "w", ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = ZipInfo(info.filename, date_time=FIXED_MOMENT.timetuple()[:6])
            member.compress_type = ZIP_DEFLATED
            member.external_attr = info.external_attr
            target.writestr(member, source.read(info.filename))
    return target_buffer.getvalue()


@document("jitupasna-xlsx", format="xlsx")
def render_assessment_workbook(content: dict) -> bytes:
    """The XLSX bytes for ``content`` as built by ``document_content``."""
    workbook = Workbook()
    workbook.properties.creator = "Portal Koordinasi Bencana Dinas Sosial Provinsi Banten"
    workbook.properties.title = content["title"]
    workbook.properties.created = FIXED_MOMENT
    workbook.properties.modified = FIXED_MOMENT
    _summary_sheet(workbook, content)
    used = {workbook.active.title}
    for sector in content["sectors"]:
        _sector_sheet(workbook, sector, content, used)
    xlsx_finish(workbook)  # house formats; descriptions typed by users never run as formulas
    buffer = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook stamps the current time into the file.
    with ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()
    return _reproducible(buffer.getvalue())
