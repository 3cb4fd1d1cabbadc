"""The delivery note (surat jalan) and the donation receipt letter (tanda terima) as PDFs on the office's paper
(``core.pdf``: letterhead, page numbers, print line, signature block)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table

from banten_dinsos.core.documents import document
from banten_dinsos.core.formatting import format_date, format_datetime, format_number
from banten_dinsos.core.pdf import facts_table, pdf_paragraph, pdf_styles, pdf_table, render_pdf, signature_block

from .services.ledger import quantity_display


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


def _signatures(left: str, right: str, styles):
    return signature_block([(left, ""), (right, "")], styles)


def confirmation_url(dispatch) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("logistics:dispatch-confirm", args=[dispatch.token])


@document("delivery-note-pdf", format="pdf", signed=True)
def delivery_note_pdf(*, dispatch, request=None) -> bytes:
    """The surat jalan: sender, receiver, the batches sent, a QR code (and the code in words) to confirm receipt."""
    with translation.override(settings.LANGUAGE_CODE):
        styles = _styles()
        title = _("Delivery note %(number)s") % {"number": dispatch.number}
        stock_request = dispatch.request
        info = [
            [_("Request"), stock_request.number],
            [_("Disaster"), stock_request.disaster.title],
            [_("From"), dispatch.source.name],
            [_("To"), dispatch.destination.name],
            [_("Vehicle"), dispatch.vehicle or "—"],
            [_("Driver"), dispatch.driver or "—"],
            [_("Dispatched at"), format_datetime(dispatch.created_at)],
        ]
        head = Table(
            [[facts_table(info, styles, width=135 * mm, label_width=35 * mm), _qr(confirmation_url(dispatch))]],
            colWidths=[138 * mm, 40 * mm],
        )
        rows = [
            [
                str(number),
                line.item.name,
                line.batch.code,
                format_date(line.batch.expiry_date),
                f"{quantity_display(line.quantity)} {line.item.unit}",
                "",
            ]
            for number, line in enumerate(dispatch.lines.select_related("item", "batch"), start=1)
        ]
        story = [
            _p(title, styles["title"]),
            head,
            Spacer(1, 4 * mm),
            _table(
                ["#", _("Item"), _("Batch"), _("Expiry date"), _("Quantity sent"), _("Received")],
                rows,
                [8 * mm, 58 * mm, 30 * mm, 30 * mm, 30 * mm, 22 * mm],
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
        return render_pdf(story, title=title, subject=stock_request.disaster.title)


@document("donation-receipt-pdf", format="pdf", signed=True)
def donation_receipt_pdf(*, donation) -> bytes:
    """The tanda terima for a donor: what was received, when, into which warehouse, and its estimated value."""
    with translation.override(settings.LANGUAGE_CODE):
        styles = _styles()
        title = _("Receipt of donation %(number)s") % {"number": donation.number}
        moves = donation.moves.select_related("item", "batch")
        rows = [
            [
                str(number),
                move.item.name,
                move.batch.code,
                format_date(move.batch.expiry_date),
                f"{quantity_display(move.quantity)} {move.item.unit}",
            ]
            for number, move in enumerate(moves, start=1)
        ]
        value = format_number(donation.value_estimate, decimals=0)
        story = [
            _p(title, styles["title"]),
            _p(
                _(
                    "Dinas Sosial has received from %(donor)s, on %(date)s, into %(warehouse)s, the following goods as "
                    "in-kind help for disaster victims, with an estimated value of Rp %(value)s."
                )
                % {
                    "donor": donation.donor.name,
                    "date": format_date(donation.received_on),
                    "warehouse": donation.warehouse.name,
                    "value": value,
                },
                styles["body"],
            ),
            Spacer(1, 4 * mm),
            _table(
                ["#", _("Item"), _("Batch"), _("Expiry date"), _("Quantity")],
                rows,
                [8 * mm, 68 * mm, 34 * mm, 34 * mm, 34 * mm],
                styles,
            ),
            Spacer(1, 4 * mm),
            _p(donation.note, styles["body"]) if donation.note else Spacer(1, 1),
            Spacer(1, 4 * mm),
            _p(_("With our thanks for your care for the people affected."), styles["body"]),
            Spacer(1, 8 * mm),
            _signatures(_("Donor"), _("Received by, Dinas Sosial"), styles),
        ]
        return render_pdf(story, title=title, subject=donation.donor.name)
