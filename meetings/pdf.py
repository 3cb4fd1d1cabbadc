"""The minutes (notulen) as a PDF on the office's paper (``core.pdf``): the same data always gives the same bytes."""

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Spacer

from banten_dinsos.core.documents import document
from banten_dinsos.core.pdf import (
    facts_table,
    heading,
    pdf_paragraph,
    pdf_styles,
    pdf_table,
    render_pdf,
    signature_block,
)


@document("minutes-pdf", format="pdf", signed=True)
def render_minutes_pdf(content: dict) -> bytes:
    """The PDF bytes for ``content`` as built by ``minutes_content``; invariant, so reruns give identical files."""
    styles = pdf_styles()
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
    story += [facts_table(facts, styles), Spacer(1, 2 * mm)]

    story += heading(_("Agenda and points discussed"), styles)
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

    story += heading(_("Summary"), styles, keep=12 * mm)
    story.append(pdf_paragraph(content["summary"] or _("No summary recorded."), styles["body"]))

    story += heading(_("Decisions"), styles, keep=12 * mm)
    if content["decisions"]:
        story.append(
            ListFlowable(
                [ListItem(pdf_paragraph(text, styles["body"])) for text in content["decisions"]], bulletType="1"
            )
        )
    else:
        story.append(pdf_paragraph(_("No decisions recorded."), styles["small"]))

    story += heading(_("Action items"), styles)
    if content["action_items"]:
        story.append(
            pdf_table(
                ["#", _("Action"), _("Owner"), _("Due date"), _("Status")],
                [
                    [str(number), row["title"], row["owner"], row["due_on"], row["status"]]
                    for number, row in enumerate(content["action_items"], start=1)
                ],
                [8 * mm, 72 * mm, 46 * mm, 28 * mm, 24 * mm],
                styles,
            )
        )
    else:
        story.append(pdf_paragraph(_("No action items recorded."), styles["small"]))

    attendance = content["attendance"]
    # The attendance section appears only with something in it: a sentence, the kab/kota table or the list.
    if attendance["sentences"] or attendance["by_kabkota"] or attendance["people"]:
        story += heading(_("Attendance"), styles)
        for sentence in attendance["sentences"]:
            story.append(pdf_paragraph(sentence, styles["body"]))
        story.append(Spacer(1, 2 * mm))
        if attendance["by_kabkota"]:
            story.append(
                pdf_table(
                    [_("Kabupaten/kota"), _("Invited"), _("Attended"), _("Walk-ins")],
                    attendance["by_kabkota"],
                    [88 * mm, 30 * mm, 30 * mm, 30 * mm],
                    styles,
                    numbers={1, 2, 3},
                )
            )
            story.append(Spacer(1, 2 * mm))
        if attendance["people"]:
            story.append(
                pdf_table(
                    ["#", _("Name"), _("Organisation / position"), _("Kabupaten/kota"), _("Attendance")],
                    [[str(number), *row] for number, row in enumerate(attendance["people"], start=1)],
                    [8 * mm, 48 * mm, 62 * mm, 30 * mm, 30 * mm],
                    styles,
                )
            )
    story.append(
        signature_block(
            [(_("Minute taker"), ""), (_("Chair of the meeting"), content["chair"])],
            styles,
            place_date=content.get("signed_at"),
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(pdf_paragraph(content["footer"], styles["small"]))
    return render_pdf(
        story,
        title=content["title"],
        subject=_("Minutes of meeting"),
        author=content["organizer"],
        printed_at=content.get("printed_at"),
    )
