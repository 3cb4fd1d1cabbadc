"""The Jitupasna document as a PDF on the office's paper (``core.pdf``): the same data always gives the same bytes.
Amounts are printed in Indonesian grouping (1.234.567) from the same ``Decimal`` values the workbook holds. Sectors
without any damage, loss or needs are named in one line instead of printing three empty tables each."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from banten_dinsos.core.documents import document
from banten_dinsos.core.formatting import format_date
from banten_dinsos.core.pdf import (
    facts_table,
    frame_width,
    heading,
    pdf_paragraph,
    pdf_styles,
    pdf_table,
    render_pdf,
    signature_block,
)

PAGE_WIDTH = frame_width(wide=True)


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


def _is_empty(sector: dict) -> bool:
    """Nothing recorded for the sector: no damage or loss line and every needs figure zero."""
    if sector["damage"] or sector["loss"]:
        return False
    return not any(value for key, value in sector["total"].items() if isinstance(value, int | float | Decimal))


@document("jitupasna-pdf", format="pdf", signed=True)
def render_assessment_pdf(content: dict) -> bytes:
    """The PDF bytes for ``content`` as built by ``document_content``; invariant, so reruns give identical files."""
    styles = pdf_styles(compact=True)
    labels = content["labels"]
    keys = content["amount_keys"]
    heading_text = _("POST-DISASTER NEEDS ASSESSMENT (JITUPASNA)")
    if not content["is_final"]:
        heading_text = f"{heading_text} — {_('DRAFT')}"
    story = [pdf_paragraph(heading_text, styles["title"]), pdf_paragraph(content["title"], styles["h2"])]
    facts = [
        (_("Disaster event"), f"{content['disaster']} ({content['disaster_type']}, {content['started_on']})"),
        (_("Status"), content["status"] + (f" ({content['finalised_on']})" if content["finalised_on"] else "")),
        (_("Damage class factors"), " · ".join(f"{label}: {factor}" for label, factor in content["factors"])),
        (_("Source of the factors"), content["factors_source"]),
        (_("Build-back-better uplift (%)"), content["uplift"]),
        (_("Kabupaten/kota"), ", ".join(content["kabkota"])),
    ]
    story += [facts_table(facts, styles, width=PAGE_WIDTH, label_width=50 * mm), Spacer(1, 2 * mm)]

    amount_header = [labels[key] for key in keys]
    numbers = set(range(1, 1 + len(keys)))
    story += heading(_("Summary by sector"), styles)
    rows = [[line["sector"], *(line[key] for key in keys)] for line in content["sector_totals"]]
    rows.append([_("TOTAL"), *(content["total"][key] for key in keys)])
    story.append(
        _amount_table(
            [_("Sector"), *amount_header], rows, _share([2.2] + [1] * len(keys)), styles, numbers=numbers, totals=1
        )
    )

    story += heading(_("Summary by kabupaten/kota"), styles)
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

    story += heading(_("Sector × kabupaten/kota"), styles)
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

    empty = [sector["name"] for sector in content["sectors"] if _is_empty(sector)]
    for sector in content["sectors"]:
        if _is_empty(sector):
            continue
        story += heading(sector["name"], styles, keep=40 * mm)
        if sector["damage"]:
            story += heading(_("Damage"), styles, level=3)
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
        if sector["loss"]:
            story += heading(_("Loss"), styles, level=3)
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
        story += heading(_("Needs"), styles, level=3)
        need_keys = ["damage", "reconstruction", "loss_recovery", "access", "function", "risk", "needs"]
        # Kab/kota with no figure for this sector are left out; the total still covers them all.
        need_lines = [line for line in sector["needs"] if any(line[key] for key in need_keys) or line["description"]]
        need_rows = [[line["kabkota"], line["uplift"], *(line[key] for key in need_keys)] for line in need_lines]
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
    if empty:
        story += heading(_("Sectors without recorded damage or loss"), styles, level=3, keep=8 * mm)
        story.append(pdf_paragraph(", ".join(empty) + ".", styles["body"]))

    story.append(
        signature_block(
            [
                (_("Prepared by,\nJitupasna team"), ""),
                (_("Approved by,\nHead of Dinas Sosial Provinsi Banten"), ""),
            ],
            styles,
            place_date=_("Serang, %(date)s")
            % {"date": content["finalised_on"] or format_date(content.get("printed_at"))},
            width=PAGE_WIDTH,
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(pdf_paragraph(content["footer"], styles["small"]))
    return render_pdf(
        story,
        title=content["title"],
        subject=_("Post-disaster needs assessment (Jitupasna)"),
        author="BPBD / Dinas Sosial Provinsi Banten",
        wide=True,
        printed_at=content.get("printed_at"),
    )
