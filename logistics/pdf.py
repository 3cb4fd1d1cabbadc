"""The delivery note (surat jalan) and the donation receipt letter (tanda terima) as PDFs drawn with reportlab."""

import io

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from banten_dinsos.core.pdf import pdf_paragraph, pdf_styles, pdf_table

from .services.ledger import quantity_display

CREATOR = "Portal Koordinasi Bencana Dinas Sosial Provinsi Banten"


def _styles():
    return pdf_styles()


_p = pdf_paragraph


def _table(header, rows, widths, styles) -> Table:
    return pdf_table(header, rows, widths, styles)


def _qr(value: str, size: float = 32 * mm) -> Drawing:
    widget = QrCodeWidget(value)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    drawing.add(widget)
    return drawing


def _document(buffer, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title,
        author="Dinas Sosial Provinsi Banten",
        creator=CREATOR,
    )


def _signatures(left: str, right: str, styles) -> Table:
    table = Table(
        [
            [_p(left, styles["body"]), _p(right, styles["body"])],
            ["", ""],
            ["(................................)", "(................................)"],
        ],
        colWidths=[87 * mm, 87 * mm],
        rowHeights=[None, 18 * mm, None],
    )
    table.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return table


def confirmation_url(dispatch) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("logistics:dispatch-confirm", args=[dispatch.token])


def delivery_note_pdf(*, dispatch, request=None) -> bytes:
    """The surat jalan: sender, receiver, the batches sent, a QR code (and the code in words) to confirm receipt."""
    with translation.override(settings.LANGUAGE_CODE):
        styles = _styles()
        buffer = io.BytesIO()
        title = _("Delivery note %(number)s") % {"number": dispatch.number}
        document = _document(buffer, title)
        stock_request = dispatch.request
        info = [
            [_("Request"), stock_request.number],
            [_("Disaster"), stock_request.disaster.title],
            [_("From"), dispatch.source.name],
            [_("To"), dispatch.destination.name],
            [_("Vehicle"), dispatch.vehicle or "—"],
            [_("Driver"), dispatch.driver or "—"],
            [_("Dispatched at"), formats.date_format(timezone.localtime(dispatch.created_at), "j F Y H:i") + " WIB"],
        ]
        head = Table(
            [
                [
                    _table([_("Delivery note"), dispatch.number], info, [35 * mm, 95 * mm], styles),
                    _qr(confirmation_url(dispatch)),
                ]
            ],
            colWidths=[135 * mm, 40 * mm],
        )
        rows = [
            [
                str(number),
                line.item.name,
                line.batch.code,
                line.batch.expiry_date.strftime("%d/%m/%Y") if line.batch.expiry_date else "—",
                f"{quantity_display(line.quantity)} {line.item.unit}",
                "",
            ]
            for number, line in enumerate(dispatch.lines.select_related("item", "batch"), start=1)
        ]
        story = [
            _p(_("DINAS SOSIAL PROVINSI BANTEN"), styles["body"]),
            _p(title, styles["title"]),
            head,
            Spacer(1, 4 * mm),
            _table(
                ["#", _("Item"), _("Batch"), _("Expiry date"), _("Quantity sent"), _("Received")],
                rows,
                [8 * mm, 60 * mm, 30 * mm, 24 * mm, 30 * mm, 22 * mm],
                styles,
            ),
            Spacer(1, 4 * mm),
            _p(
                _(
                    "The receiver confirms what arrived by scanning the QR code or entering the code %(token)s in the "
                    "portal; short or damaged goods are recorded there."
                )
                % {"token": str(dispatch.token)},
                styles["small"],
            ),
            Spacer(1, 8 * mm),
            _signatures(_("Sent by"), _("Received by"), styles),
        ]
        document.build(story)
    return buffer.getvalue()


def donation_receipt_pdf(*, donation) -> bytes:
    """The tanda terima for a donor: what was received, when, into which warehouse, and its estimated value."""
    with translation.override(settings.LANGUAGE_CODE):
        styles = _styles()
        buffer = io.BytesIO()
        title = _("Receipt of donation %(number)s") % {"number": donation.number}
        document = _document(buffer, title)
        moves = donation.moves.select_related("item", "batch")
        rows = [
            [
                str(number),
                move.item.name,
                move.batch.code,
                move.batch.expiry_date.strftime("%d/%m/%Y") if move.batch.expiry_date else "—",
                f"{quantity_display(move.quantity)} {move.item.unit}",
            ]
            for number, move in enumerate(moves, start=1)
        ]
        value = formats.number_format(donation.value_estimate, decimal_pos=0, force_grouping=True)
        story = [
            _p(_("DINAS SOSIAL PROVINSI BANTEN"), styles["body"]),
            _p(title, styles["title"]),
            _p(
                _(
                    "Dinas Sosial has received from %(donor)s, on %(date)s, into %(warehouse)s, the following goods as "
                    "in-kind help for disaster victims, with an estimated value of Rp %(value)s."
                )
                % {
                    "donor": donation.donor.name,
                    "date": formats.date_format(donation.received_on, "j F Y"),
                    "warehouse": donation.warehouse.name,
                    "value": value,
                },
                styles["body"],
            ),
            Spacer(1, 4 * mm),
            _table(
                ["#", _("Item"), _("Batch"), _("Expiry date"), _("Quantity")],
                rows,
                [8 * mm, 72 * mm, 34 * mm, 26 * mm, 34 * mm],
                styles,
            ),
            Spacer(1, 4 * mm),
            _p(donation.note, styles["body"]) if donation.note else Spacer(1, 1),
            Spacer(1, 4 * mm),
            _p(_("With our thanks for your care for the people affected."), styles["body"]),
            Spacer(1, 8 * mm),
            _signatures(_("Donor"), _("Received by, Dinas Sosial"), styles),
        ]
        document.build(story)
    return buffer.getvalue()
