"""The Jitupasna document as a PDF drawn with reportlab from plain data: the same data always gives the same bytes.
Amounts are printed in Indonesian grouping (1.234.567) from the same ``Decimal`` values the workbook holds."""

import io
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle

from banten_dinsos.core.pdf import pdf_paragraph, pdf_styles, pdf_table

PAGE_WIDTH = landscape(A4)[0] - 30 * mm


def amount(value) -> str:
    """'1.234.567' for an amount or a count; '12,5' for fractional units; '—' for an unknown value."""
    if value is None:
        return "—"
    if value == "":
        return ""
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return number_format(value.normalize(), force_grouping=True)
    return number_format(Decimal(value).quantize(Decimal(1)), force_grouping=True)


def _amount_table(header: list[str], rows: list[list], widths: list[float], styles, *, numbers: set[int], totals=0):
    """A table whose columns in ``numbers`` are right-aligned amounts; the last ``totals`` rows are bold."""
    return pdf_table(header, rows, widths, styles, numbers=numbers, totals=totals, number_format=amount)


def _share(parts: list[float]) -> list[float]:
    """Column widths in proportion to ``parts``, filling the page."""
    total = sum(parts)
    return [PAGE_WIDTH * part / total for part in parts]


def render_assessment_pdf(content: dict) -> bytes:
    """The PDF bytes for ``content`` as built by ``document_content``; invariant, so reruns give identical files."""
    styles = pdf_styles(compact=True)
    labels = content["labels"]
    keys = content["amount_keys"]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=content["title"],
        author="BPBD / Dinas Sosial Provinsi Banten",
        creator="Portal Koordinasi Bencana Dinas Sosial Provinsi Banten",
        invariant=1,
    )
    heading = _("POST-DISASTER NEEDS ASSESSMENT (JITUPASNA)")
    if not content["is_final"]:
        heading = f"{heading} — {_('DRAFT')}"
    story = [pdf_paragraph(heading, styles["title"]), pdf_paragraph(content["title"], styles["h2"])]
    facts = [
        (_("Disaster event"), f"{content['disaster']} ({content['disaster_type']}, {content['started_on']})"),
        (_("Status"), content["status"] + (f" ({content['finalised_on']})" if content["finalised_on"] else "")),
        (_("Damage class factors"), " · ".join(f"{label}: {factor}" for label, factor in content["factors"])),
        (_("Source of the factors"), content["factors_source"]),
        (_("Build-back-better uplift (%)"), content["uplift"]),
        (_("Kabupaten/kota"), ", ".join(content["kabkota"])),
    ]
    facts_table = Table(
        [[pdf_paragraph(label, styles["small"]), pdf_paragraph(value, styles["body"])] for label, value in facts],
        colWidths=[50 * mm, PAGE_WIDTH - 50 * mm],
    )
    facts_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [facts_table, Spacer(1, 2 * mm)]

    amount_header = [labels[key] for key in keys]
    numbers = set(range(1, 1 + len(keys)))
    story.append(pdf_paragraph(_("Summary by sector"), styles["h2"]))
    rows = [[line["sector"], *(line[key] for key in keys)] for line in content["sector_totals"]]
    rows.append([_("TOTAL"), *(content["total"][key] for key in keys)])
    story.append(
        _amount_table(
            [_("Sector"), *amount_header], rows, _share([2.2] + [1] * len(keys)), styles, numbers=numbers, totals=1
        )
    )

    story.append(pdf_paragraph(_("Summary by kabupaten/kota"), styles["h2"]))
    rows = [[line["kabkota"], *(line[key] for key in keys)] for line in content["kabkota_totals"]]
    rows.append([_("TOTAL"), *(content["total"][key] for key in keys)])
    story.append(
        _amount_table(
            [_("Kabupaten/kota"), *amount_header],
            rows,
            _share([2.2] + [1] * len(keys)),
            styles,
            numbers=numbers,
            totals=1,
        )
    )

    story.append(pdf_paragraph(_("Sector × kabupaten/kota"), styles["h2"]))
    rows = [[line["sector"], line["kabkota"], *(line[key] for key in keys)] for line in content["summary_rows"]]
    story.append(
        _amount_table(
            [_("Sector"), _("Kabupaten/kota"), *amount_header],
            rows,
            _share([1.6, 1.6] + [1] * len(keys)),
            styles,
            numbers={index + 1 for index in numbers},
        )
    )

    for sector in content["sectors"]:
        story.append(PageBreak())
        story.append(pdf_paragraph(sector["name"], styles["h2"]))
        story.append(pdf_paragraph(_("Damage"), styles["h3"]))
        damage_rows = [line[:11] for line in sector["damage"]]
        damage_rows.append([_("Total"), "", "", "", "", "", "", "", "", "", sector["total"]["damage"]])
        story.append(
            _amount_table(
                [
                    _("Sub-sector"),
                    _("Kabupaten/kota"),
                    _("Kecamatan"),
                    _("Asset"),
                    _("Unit"),
                    _("Stock before"),
                    "RB",
                    "RS",
                    "RR",
                    _("Unit cost (Rp)"),
                    _("Damage (Rp)"),
                ],
                damage_rows,
                _share([1.5, 1.5, 1.3, 1.9, 0.7, 0.9, 0.7, 0.7, 0.7, 1.4, 1.7]),
                styles,
                numbers={5, 6, 7, 8, 9, 10},
                totals=1,
            )
        )
        story.append(pdf_paragraph(_("Loss"), styles["h3"]))
        loss_rows = [list(line) for line in sector["loss"]]
        loss_rows.append([_("Total"), "", "", "", "", "", "", sector["total"]["loss"]])
        story.append(
            _amount_table(
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
                loss_rows,
                _share([1.5, 1.5, 1.3, 2.7, 1.4, 1.4, 0.8, 1.4]),
                styles,
                numbers={4, 5, 6, 7},
                totals=1,
            )
        )
        story.append(pdf_paragraph(_("Needs"), styles["h3"]))
        need_keys = ["damage", "reconstruction", "loss_recovery", "access", "function", "risk", "needs"]
        need_rows = [[line["kabkota"], line["uplift"], *(line[key] for key in need_keys)] for line in sector["needs"]]
        need_rows.append([_("Total"), "", *(sector["total"][key] for key in need_keys)])
        story.append(
            _amount_table(
                [_("Kabupaten/kota"), _("Uplift (%)"), *(labels[key] for key in need_keys)],
                need_rows,
                _share([1.8, 0.8] + [1] * len(need_keys)),
                styles,
                numbers=set(range(1, 2 + len(need_keys))),
                totals=1,
            )
        )
        described = [line for line in sector["needs"] if line["description"]]
        for line in described:
            story.append(pdf_paragraph(f"{line['kabkota']}: {line['description']}", styles["small"]))

    story.append(Spacer(1, 4 * mm))
    story.append(pdf_paragraph(content["footer"], styles["small"]))
    document.build(story)
    return buffer.getvalue()
