"""The one foundation every PDF of the portal is drawn on: the Dinas Sosial letterhead (kop surat) on the first page,
a running header on the others, "Dicetak pada … WIB" and "Halaman x dari y" at the foot of every page, one set of
paragraph styles, tables that fit the page, headings that never stay behind at the foot of a page, and a signature
block for documents that are signed. Minutes, Jitupasna, situation reports, delivery notes, donation receipts and
personal-data reports are all built with ``render_pdf`` and the helpers below, so they look like one office's papers.

Why reportlab and not HTML templates rendered by WeasyPrint: every document here is mostly tables of figures whose
layout has to be controlled exactly (columns in proportion to their content, header rows repeated on each page, a
heading pulled to the next page together with the first rows of its table), and reportlab's platypus does that in
pure Python with the standard PDF fonts, so nothing depends on the host's pango/cairo/fontconfig versions (a
WeasyPrint upgrade or a different Debian release changes line breaks and page counts), the same data gives the same
bytes (``invariant``: the Jitupasna and minutes checksums rely on it), and a document renders in tens of
milliseconds inside a Celery worker without a second rendering engine in the image. WeasyPrint would win for
free-flowing prose with CSS; the portal prints none.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .formatting import format_date, format_datetime, format_number, printed_line

CREATOR = "Portal Koordinasi Bencana Dinas Sosial Provinsi Banten"
# The kop surat: the names are the office's legal names and stay in Indonesian whatever the reader's language.
LETTERHEAD = (
    "PEMERINTAH PROVINSI BANTEN",
    "DINAS SOSIAL",
    "Kawasan Pusat Pemerintahan Provinsi Banten (KP3B), Jl. Syech Nawawi Al Bantani, Palima, Kota Serang, Banten",
)
OFFICE = "Dinas Sosial Provinsi Banten"
BRAND = colors.HexColor("#0b4f8a")
SIDE_MARGIN = 16 * mm
TOP_MARGIN = 14 * mm
LETTERHEAD_HEIGHT = 27 * mm
RUNNING_HEADER_HEIGHT = 9 * mm
FOOTER_HEIGHT = 12 * mm
# A heading moves to the next page unless this much of what follows it fits under it as well.
KEEP_WITH_HEADING = 28 * mm

TABLE_STYLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
)


def page_size(*, wide: bool = False) -> tuple[float, float]:
    return landscape(A4) if wide else A4


def frame_width(*, wide: bool = False) -> float:
    """The width tables and drawings may use on an A4 page (landscape with ``wide``)."""
    return page_size(wide=wide)[0] - 2 * SIDE_MARGIN


def pdf_styles(*, compact: bool = False) -> dict[str, ParagraphStyle]:
    """Paragraph styles by name; ``compact`` for wide tables of figures (smaller body and cells)."""
    sheet = getSampleStyleSheet()
    body, small, cell = (9, 8, 7.5) if compact else (9.5, 8.5, 8.5)
    return {
        "title": ParagraphStyle(
            "title", parent=sheet["Title"], fontSize=14, leading=18, spaceBefore=0, spaceAfter=2 * mm
        ),
        # Headings are bold and 10 pt or more; cells and body text are smaller (the layout test tells them apart so).
        "h2": ParagraphStyle(
            "h2", parent=sheet["Heading2"], fontSize=11.5, leading=14, spaceBefore=4 * mm, spaceAfter=1.5 * mm
        ),
        "h3": ParagraphStyle(
            "h3", parent=sheet["Heading3"], fontSize=10, leading=12, spaceBefore=3 * mm, spaceAfter=1.5 * mm
        ),
        "body": ParagraphStyle("body", parent=sheet["BodyText"], fontSize=body, leading=body + 2.5),
        "small": ParagraphStyle("small", parent=sheet["BodyText"], fontSize=small, leading=small + 2),
        "cell": ParagraphStyle("cell", parent=sheet["BodyText"], fontSize=cell, leading=cell + 1.5),
        "header": ParagraphStyle(
            "header", parent=sheet["BodyText"], fontSize=cell, leading=cell + 1.5, fontName="Helvetica-Bold"
        ),
        "number": ParagraphStyle("number", parent=sheet["BodyText"], fontSize=cell, leading=cell + 1.5, alignment=2),
        "total": ParagraphStyle(
            "total", parent=sheet["BodyText"], fontSize=cell, leading=cell + 1.5, fontName="Helvetica-Bold"
        ),
        "total_number": ParagraphStyle(
            "total_number",
            parent=sheet["BodyText"],
            fontSize=cell,
            leading=cell + 1.5,
            alignment=2,
            fontName="Helvetica-Bold",
        ),
        "signature": ParagraphStyle(
            "signature", parent=sheet["BodyText"], fontSize=body, leading=body + 3, alignment=TA_CENTER
        ),
    }


def pdf_paragraph(text, style) -> Paragraph:
    """A paragraph of plain text: markup characters escaped, line breaks kept; ``None`` prints as a dash."""
    return Paragraph(escape("—" if text is None else str(text)).replace("\n", "<br/>"), style)


def column_widths(header: list, rows: list[list], total: float, *, floor: float = 0.6) -> list[float]:
    """Widths in proportion to what each column holds (its longest word of the header, its typical cell), filling
    ``total``: long text columns get room to wrap, narrow figures are not squeezed below their widest number."""
    weights = []
    for column, label in enumerate(header):
        cells = [str(row[column]) for row in rows[:200] if column < len(row) and row[column] is not None]
        longest_word = max(
            [len(word) for word in str(label).split()] + [len(cell) for cell in cells if " " not in cell] + [1]
        )
        typical = sorted(len(cell) for cell in cells)[len(cells) * 3 // 4] if cells else len(str(label))
        weights.append(max(floor * 10, min(max(longest_word, typical), 60)))
    scale = total / sum(weights)
    return [weight * scale for weight in weights]


def _format_day(value: date) -> str:
    return format_datetime(value) if isinstance(value, datetime) else format_date(value)


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def pdf_table(
    header: list[str],
    rows: list[list],
    widths: list[float] | None,
    styles: dict[str, ParagraphStyle],
    *,
    numbers: set[int] = frozenset(),
    totals: int = 0,
    number_format=format_number,
    width: float | None = None,
) -> Table:
    """A table with a shaded header row (wrapping, repeated on each page); columns in ``numbers`` are right-aligned
    and printed with ``number_format``; the last ``totals`` rows are bold. Without ``widths`` the columns share
    ``width`` (default: a portrait page) in proportion to their content."""
    if widths is None:
        widths = column_widths(header, rows, width or frame_width())
    data = [[pdf_paragraph(cell, styles["header"]) for cell in header]]
    for index, row in enumerate(rows):
        bold = index >= len(rows) - totals
        cells = []
        for column, cell in enumerate(row):
            if column in numbers:
                cells.append(pdf_paragraph(number_format(cell), styles["total_number" if bold else "number"]))
            elif isinstance(cell, date):
                cells.append(pdf_paragraph(_format_day(cell), styles["total" if bold else "cell"]))
            elif _is_number(cell):
                # A figure in a mixed column still reads the Indonesian way (1.502) and lines up on the right.
                cells.append(pdf_paragraph(format_number(cell), styles["total_number" if bold else "number"]))
            else:
                cells.append(pdf_paragraph(cell, styles["total" if bold else "cell"]))
        data.append(cells)
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TABLE_STYLE)
    return table


def facts_table(pairs: list[tuple[str, object]], styles, *, width: float | None = None, label_width=42 * mm) -> Table:
    """The identity of a document (event, period, area, …) as label: value lines without a grid."""
    total = width or frame_width()
    table = Table(
        [[pdf_paragraph(label, styles["small"]), pdf_paragraph(value, styles["body"])] for label, value in pairs],
        colWidths=[label_width, total - label_width],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


class KeepHeading(CondPageBreak):
    """Stands before a heading: moves it to the next page unless the heading (with any headings right under it)
    and the first lines of what follows fit here: a table's header row and two rows, a paragraph's first three
    lines. ``render_pdf`` links it to what follows; unlinked, it asks for ``minimum``."""

    def __init__(self, minimum: float):
        super().__init__(minimum)
        self.minimum = minimum
        self.headings: list = []
        self.following = None

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        need = sum(_height(item, availWidth) for item in self.headings)
        need += _first_lines(self.following, availWidth) if self.following is not None else self.minimum
        frame = self._doctemplateAttr("frame")
        # Never more than most of a page: a first row taller than that has to split wherever it falls.
        self.height = min(need, getattr(frame, "_height", availHeight) * 0.6)
        return super().wrap(availWidth, availHeight)


def _height(flowable, width: float) -> float:
    _w, height = flowable.wrap(width, 10**6)
    style = getattr(flowable, "style", None)
    return height + (getattr(style, "spaceBefore", 0) + getattr(style, "spaceAfter", 0) if style else 0)


def _first_lines(flowable, width: float) -> float:
    if isinstance(flowable, Table):
        flowable.wrap(width, 10**6)
        rows = flowable._rowHeights[: (flowable.repeatRows or 0) + 2]
        return sum(rows) + 2
    if isinstance(flowable, Paragraph):
        return min(_height(flowable, width), 3 * flowable.style.leading)
    try:
        return min(_height(flowable, width), KEEP_WITH_HEADING)
    except AttributeError:  # a list or a drawing measures itself only on the page
        return KEEP_WITH_HEADING


def heading(text: str, styles, *, level: int = 2, keep: float = KEEP_WITH_HEADING) -> list:
    """A heading that is never the last line of a page (see ``KeepHeading``); ``keep`` is what it asks for when
    nothing follows it in the story."""
    paragraph = pdf_paragraph(text, styles["h2" if level == 2 else "h3"])
    paragraph.is_heading = True
    return [KeepHeading(keep), paragraph]


def _link_headings(story: list) -> None:
    """Tell each ``KeepHeading`` which headings stand under it and what content follows them."""
    for index, item in enumerate(story):
        if not isinstance(item, KeepHeading):
            continue
        headings, position = [], index + 1
        while position < len(story):
            current = story[position]
            if getattr(current, "is_heading", False):
                headings.append(current)
            elif not isinstance(current, KeepHeading | Spacer):
                break
            position += 1
        item.headings = headings
        item.following = story[position] if position < len(story) else None


def signature_block(
    signers: list[tuple[str, str]], styles, *, place_date: str | None = None, width=None
) -> KeepTogether:
    """Where a document is signed: per signer the role above, room to sign, and the name (or a dotted line) below;
    the place and date ('Serang, 3 Desember 2026') above the last signer, as Indonesian letters have it."""
    total = width or frame_width()
    count = len(signers)
    place_date = place_date or _("Serang, %(date)s") % {"date": format_date(timezone.localdate())}
    top = [pdf_paragraph(place_date if index == count - 1 else "", styles["signature"]) for index in range(count)]
    roles = [pdf_paragraph(role, styles["signature"]) for role, _name in signers]
    names = [
        Paragraph(f"<u>{escape(name)}</u>" if name else "(" + "." * 40 + ")", styles["signature"])
        for _role, name in signers
    ]
    table = Table(
        [top, roles, [""] * count, names],
        colWidths=[total / count] * count,
        rowHeights=[None, None, 20 * mm, None],
    )
    table.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return KeepTogether([Spacer(1, 6 * mm), table])


# ---------------------------------------------------------------------------------------------------------------
# The page: letterhead, running header, footer with the print line and page numbers
# ---------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Page:
    title: str
    printed: str
    wide: bool


def _draw_letterhead(canvas, page: _Page) -> None:
    width, height = page_size(wide=page.wide)
    centre = width / 2
    top = height - TOP_MARGIN
    canvas.saveState()
    canvas.setFillColor(BRAND)
    canvas.setFont("Helvetica-Bold", 12)
    canvas.drawCentredString(centre, top - 5 * mm, LETTERHEAD[0])
    canvas.setFont("Helvetica-Bold", 16)
    canvas.drawCentredString(centre, top - 12 * mm, LETTERHEAD[1])
    canvas.setFillColor(colors.black)
    canvas.setFont("Helvetica", 8)
    canvas.drawCentredString(centre, top - 17 * mm, LETTERHEAD[2])
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(1.6)
    canvas.line(SIDE_MARGIN, top - 20 * mm, width - SIDE_MARGIN, top - 20 * mm)
    canvas.setLineWidth(0.5)
    canvas.line(SIDE_MARGIN, top - 21 * mm, width - SIDE_MARGIN, top - 21 * mm)
    canvas.restoreState()


def _draw_running_header(canvas, page: _Page) -> None:
    width, height = page_size(wide=page.wide)
    top = height - TOP_MARGIN
    canvas.saveState()
    canvas.setFont("Helvetica", 7.5)
    canvas.setFillColor(colors.HexColor("#555555"))
    canvas.drawString(SIDE_MARGIN, top - 4 * mm, OFFICE)
    title = page.title if len(page.title) < 110 else page.title[:107] + "…"
    canvas.drawRightString(width - SIDE_MARGIN, top - 4 * mm, title)
    canvas.setLineWidth(0.4)
    canvas.line(SIDE_MARGIN, top - 5.5 * mm, width - SIDE_MARGIN, top - 5.5 * mm)
    canvas.restoreState()


def _draw_footer(canvas, page: _Page, number: int, total: int) -> None:
    width, _height = page_size(wide=page.wide)
    canvas.saveState()
    canvas.setFont("Helvetica", 7.5)
    canvas.setFillColor(colors.HexColor("#555555"))
    canvas.setLineWidth(0.4)
    canvas.line(SIDE_MARGIN, FOOTER_HEIGHT, width - SIDE_MARGIN, FOOTER_HEIGHT)
    canvas.drawString(SIDE_MARGIN, FOOTER_HEIGHT - 4.5 * mm, page.printed)
    canvas.drawRightString(
        width - SIDE_MARGIN,
        FOOTER_HEIGHT - 4.5 * mm,
        _("Page %(page)s of %(pages)s") % {"page": number, "pages": total},
    )
    canvas.restoreState()


def _numbered_canvas(page: _Page):
    """A canvas that holds its pages until the end, so each footer can say 'Halaman x dari y'."""

    class NumberedCanvas(pdf_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_footer(self, page, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def render_pdf(
    story: list,
    *,
    title: str,
    subject: str = "",
    author: str = OFFICE,
    wide: bool = False,
    printed_at: datetime | None = None,
) -> bytes:
    """The PDF bytes of ``story`` on Dinas Sosial paper: A4 (landscape with ``wide``), letterhead on page one.

    ``printed_at`` is the moment in the "Dicetak pada" line (now by default). Documents that must give the same
    bytes for the same data pass the moment their data was first printed; the file is invariant otherwise too."""
    buffer = BytesIO()
    width, height = page_size(wide=wide)
    page = _Page(title=title, printed=printed_line(printed_at), wide=wide)
    body_width = width - 2 * SIDE_MARGIN
    bottom = FOOTER_HEIGHT + 3 * mm
    first = Frame(
        SIDE_MARGIN,
        bottom,
        body_width,
        height - TOP_MARGIN - LETTERHEAD_HEIGHT - bottom,
        id="first",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    later = Frame(
        SIDE_MARGIN,
        bottom,
        body_width,
        height - TOP_MARGIN - RUNNING_HEADER_HEIGHT - bottom,
        id="later",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    document = BaseDocTemplate(
        buffer,
        pagesize=(width, height),
        leftMargin=SIDE_MARGIN,
        rightMargin=SIDE_MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=bottom,
        title=title,
        subject=subject,
        author=author,
        creator=CREATOR,
        invariant=1,
    )
    document.addPageTemplates(
        [
            PageTemplate(
                id="first",
                frames=[first],
                onPage=lambda canvas, _doc: _draw_letterhead(canvas, page),
                autoNextPageTemplate="later",
            ),
            PageTemplate(id="later", frames=[later], onPage=lambda canvas, _doc: _draw_running_header(canvas, page)),
        ]
    )
    _link_headings(story)
    document.build(story, canvasmaker=_numbered_canvas(page))
    return buffer.getvalue()
