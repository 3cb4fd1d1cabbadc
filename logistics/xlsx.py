"""The stock card (kartu stok) of one item in one place as XLSX, with the running balance."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from banten_dinsos.core.documents import document
from banten_dinsos.core.exports import xlsx_row, xlsx_sheet_title  # typed names and reasons never run as formulas


@document("stock-card-xlsx", format="xlsx")
def stock_card_xlsx(*, location, item, rows: list[dict]) -> bytes:
    """One sheet: a title block, then date, move, batch, expiry, from/to, in, out, balance, reason, by."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(xlsx_sheet_title(_("Stock card")))
    bold = Font(bold=True)
    sheet.append([_("Stock card")])
    sheet.append(xlsx_row(sheet, [_("Location"), location.name]))
    sheet.append(xlsx_row(sheet, [_("Item"), f"{item.name} ({item.unit})"]))
    sheet.append(xlsx_row(sheet, [_("Printed"), timezone.now()]))
    sheet.append([])
    header = [
        _("Date"),
        _("Move no."),
        _("Kind"),
        _("Batch"),
        _("Expiry date"),
        _("From / to"),
        _("In"),
        _("Out"),
        _("Balance"),
        _("Reason"),
        _("Posted by"),
    ]
    cells = []
    for label in header:
        cell = WriteOnlyCell(sheet, value=str(label))
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        move = row["move"]
        sheet.append(
            xlsx_row(
                sheet,
                [
                    move.posted_at,
                    str(move.pk),
                    str(move.get_kind_display()),
                    move.batch.code,
                    move.batch.expiry_date,
                    row["other"].name,
                    row["in"],
                    row["out"],
                    row["balance"],
                    move.reason,
                    move.posted_by.get_username() if move.posted_by else "",
                ],
            )
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
