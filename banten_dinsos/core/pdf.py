"""The building blocks every PDF of the portal is drawn with (reportlab): one set of paragraph styles, escaped
paragraphs and one table look, so minutes, Jitupasna, situation reports and personal-data reports match."""

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

TABLE_STYLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def pdf_styles(*, compact: bool = False) -> dict[str, ParagraphStyle]:
    """Paragraph styles by name; ``compact`` for wide tables of figures (smaller body and cells)."""
    sheet = getSampleStyleSheet()
    body, small, cell = (9, 8, 7.5) if compact else (9.5, 8.5, 8.5)
    return {
        "title": ParagraphStyle("title", parent=sheet["Title"], fontSize=15, leading=19, spaceAfter=2 * mm),
        "h2": ParagraphStyle("h2", parent=sheet["Heading2"], fontSize=11.5, leading=14, spaceBefore=4 * mm),
        "h3": ParagraphStyle("h3", parent=sheet["Heading3"], fontSize=10, leading=12, spaceBefore=3 * mm),
        "body": ParagraphStyle("body", parent=sheet["BodyText"], fontSize=body, leading=body + 2.5),
        "small": ParagraphStyle("small", parent=sheet["BodyText"], fontSize=small, leading=small + 2),
        "cell": ParagraphStyle("cell", parent=sheet["BodyText"], fontSize=cell, leading=cell + 1.5),
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
    }


def pdf_paragraph(text, style) -> Paragraph:
    """A paragraph of plain text: markup characters escaped, line breaks kept; ``None`` prints as a dash."""
    return Paragraph(escape("—" if text is None else str(text)).replace("\n", "<br/>"), style)


def pdf_table(
    header: list[str],
    rows: list[list],
    widths: list[float] | None,
    styles: dict[str, ParagraphStyle],
    *,
    numbers: set[int] = frozenset(),
    totals: int = 0,
    number_format=str,
) -> Table:
    """A table with a shaded header row repeated on each page; columns in ``numbers`` are right-aligned and
    printed with ``number_format``; the last ``totals`` rows are bold."""
    data = [[pdf_paragraph(cell, styles["cell"]) for cell in header]]
    for index, row in enumerate(rows):
        bold = index >= len(rows) - totals
        data.append(
            [
                pdf_paragraph(number_format(cell), styles["total_number" if bold else "number"])
                if column in numbers
                else pdf_paragraph(cell, styles["total" if bold else "cell"])
                for column, cell in enumerate(row)
            ]
        )
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return table
