"""The minutes (notulen) as a PDF drawn with reportlab from plain data: the same data always gives the same bytes."""

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


def _styles():
    sheet = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=sheet["Title"], fontSize=15, leading=19, spaceAfter=2 * mm),
        "h2": ParagraphStyle("h2", parent=sheet["Heading2"], fontSize=11.5, leading=14, spaceBefore=4 * mm),
        "body": ParagraphStyle("body", parent=sheet["BodyText"], fontSize=9.5, leading=12.5),
        "small": ParagraphStyle("small", parent=sheet["BodyText"], fontSize=8.5, leading=10.5),
        "cell": ParagraphStyle("cell", parent=sheet["BodyText"], fontSize=8.5, leading=10),
    }


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _table(header: list[str], rows: list[list[str]], widths: list[float], styles) -> Table:
    data = [[_p(cell, styles["cell"]) for cell in header]]
    data += [[_p(cell, styles["cell"]) for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def render_minutes_pdf(content: dict) -> bytes:
    """The PDF bytes for ``content`` as built by ``minutes_content``; invariant, so reruns give identical files."""
    styles = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=content["title"],
        author=content["organizer"],
        creator="Portal Koordinasi Bencana Dinas Sosial Provinsi Banten",
        invariant=1,
    )
    story = [
        _p(_("MINUTES OF MEETING"), styles["title"]),
        _p(content["title"], styles["h2"]),
    ]
    facts = [
        (_("Kind of meeting"), content["kind"]),
        (_("Time"), content["period"]),
        (_("Place"), content["place"]),
        (_("Chair"), content["chair"]),
        (_("Organising agency"), content["organizer"]),
    ]
    if content["disaster"]:
        facts.append((_("Disaster event"), content["disaster"]))
    if content["clusters"]:
        facts.append((_("Clusters"), content["clusters"]))
    if content["status"]:
        facts.append((_("Status"), content["status"]))
    facts_table = Table(
        [[_p(label, styles["small"]), _p(value, styles["body"])] for label, value in facts],
        colWidths=[38 * mm, 136 * mm],
    )
    facts_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [facts_table, Spacer(1, 2 * mm)]

    story.append(_p(_("Agenda and points discussed"), styles["h2"]))
    if content["agenda"]:
        items = []
        for item in content["agenda"]:
            flowables = [_p(item["title"] + (f" ({item['presenter']})" if item["presenter"] else ""), styles["body"])]
            if item["points"]:
                flowables.append(_p(item["points"], styles["small"]))
            items.append(ListItem(flowables))
        story.append(ListFlowable(items, bulletType="1"))
    else:
        story.append(_p(_("No agenda recorded."), styles["small"]))

    story.append(_p(_("Summary"), styles["h2"]))
    story.append(_p(content["summary"] or _("No summary recorded."), styles["body"]))

    story.append(_p(_("Decisions"), styles["h2"]))
    if content["decisions"]:
        story.append(
            ListFlowable([ListItem(_p(text, styles["body"])) for text in content["decisions"]], bulletType="1")
        )
    else:
        story.append(_p(_("No decisions recorded."), styles["small"]))

    story.append(_p(_("Action items"), styles["h2"]))
    if content["action_items"]:
        story.append(
            _table(
                ["#", _("Action"), _("Owner"), _("Due date"), _("Status")],
                [
                    [str(number), row["title"], row["owner"], row["due_on"], row["status"]]
                    for number, row in enumerate(content["action_items"], start=1)
                ],
                [8 * mm, 72 * mm, 46 * mm, 26 * mm, 22 * mm],
                styles,
            )
        )
    else:
        story.append(_p(_("No action items recorded."), styles["small"]))

    story.append(_p(_("Attendance"), styles["h2"]))
    for sentence in content["attendance"]["sentences"]:
        story.append(_p(sentence, styles["body"]))
    story.append(Spacer(1, 2 * mm))
    if content["attendance"]["by_kabkota"]:
        story.append(
            _table(
                [_("Kabupaten/kota"), _("Invited"), _("Attended"), _("Walk-ins")],
                content["attendance"]["by_kabkota"],
                [80 * mm, 30 * mm, 30 * mm, 30 * mm],
                styles,
            )
        )
        story.append(Spacer(1, 2 * mm))
    if content["attendance"]["people"]:
        story.append(
            _table(
                ["#", _("Name"), _("Organisation / position"), _("Kabupaten/kota"), _("Attendance")],
                [[str(number), *row] for number, row in enumerate(content["attendance"]["people"], start=1)],
                [8 * mm, 48 * mm, 58 * mm, 30 * mm, 30 * mm],
                styles,
            )
        )
    story.append(Spacer(1, 4 * mm))
    story.append(_p(content["footer"], styles["small"]))
    document.build(story)
    return buffer.getvalue()
