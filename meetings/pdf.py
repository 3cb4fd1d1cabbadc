"""The minutes (notulen) as a PDF drawn with reportlab from plain data: the same data always gives the same bytes."""

import io

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, SimpleDocTemplate, Spacer, Table, TableStyle

from banten_dinsos.core.pdf import pdf_paragraph, pdf_styles, pdf_table


def render_minutes_pdf(content: dict) -> bytes:
    """The PDF bytes for ``content`` as built by ``minutes_content``; invariant, so reruns give identical files."""
    styles = pdf_styles()
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
        pdf_paragraph(_("MINUTES OF MEETING"), styles["title"]),
        pdf_paragraph(content["title"], styles["h2"]),
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
        [[pdf_paragraph(label, styles["small"]), pdf_paragraph(value, styles["body"])] for label, value in facts],
        colWidths=[38 * mm, 136 * mm],
    )
    facts_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [facts_table, Spacer(1, 2 * mm)]

    story.append(pdf_paragraph(_("Agenda and points discussed"), styles["h2"]))
    if content["agenda"]:
        items = []
        for item in content["agenda"]:
            flowables = [
                pdf_paragraph(item["title"] + (f" ({item['presenter']})" if item["presenter"] else ""), styles["body"])
            ]
            if item["points"]:
                flowables.append(pdf_paragraph(item["points"], styles["small"]))
            items.append(ListItem(flowables))
        story.append(ListFlowable(items, bulletType="1"))
    else:
        story.append(pdf_paragraph(_("No agenda recorded."), styles["small"]))

    story.append(pdf_paragraph(_("Summary"), styles["h2"]))
    story.append(pdf_paragraph(content["summary"] or _("No summary recorded."), styles["body"]))

    story.append(pdf_paragraph(_("Decisions"), styles["h2"]))
    if content["decisions"]:
        story.append(
            ListFlowable(
                [ListItem(pdf_paragraph(text, styles["body"])) for text in content["decisions"]], bulletType="1"
            )
        )
    else:
        story.append(pdf_paragraph(_("No decisions recorded."), styles["small"]))

    story.append(pdf_paragraph(_("Action items"), styles["h2"]))
    if content["action_items"]:
        story.append(
            pdf_table(
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
        story.append(pdf_paragraph(_("No action items recorded."), styles["small"]))

    story.append(pdf_paragraph(_("Attendance"), styles["h2"]))
    for sentence in content["attendance"]["sentences"]:
        story.append(pdf_paragraph(sentence, styles["body"]))
    story.append(Spacer(1, 2 * mm))
    if content["attendance"]["by_kabkota"]:
        story.append(
            pdf_table(
                [_("Kabupaten/kota"), _("Invited"), _("Attended"), _("Walk-ins")],
                content["attendance"]["by_kabkota"],
                [80 * mm, 30 * mm, 30 * mm, 30 * mm],
                styles,
            )
        )
        story.append(Spacer(1, 2 * mm))
    if content["attendance"]["people"]:
        story.append(
            pdf_table(
                ["#", _("Name"), _("Organisation / position"), _("Kabupaten/kota"), _("Attendance")],
                [[str(number), *row] for number, row in enumerate(content["attendance"]["people"], start=1)],
                [8 * mm, 48 * mm, 58 * mm, 30 * mm, 30 * mm],
                styles,
            )
        )
    story.append(Spacer(1, 4 * mm))
    story.append(pdf_paragraph(content["footer"], styles["small"]))
    document.build(story)
    return buffer.getvalue()
