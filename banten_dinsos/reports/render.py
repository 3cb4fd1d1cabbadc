"""The situation report as PDF (reportlab, with a chart of displaced people) and as XLSX (openpyxl, one sheet per
part). Both take the same ``SituationData``; labels are translated in the language the report was asked in."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Font
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from banten_dinsos.core.exports import xlsx_bytes
from banten_dinsos.core.pdf import pdf_styles
from clusters.models import EmergencyStatus

SERIES_COLOURS = (colors.HexColor("#0b4f8a"), colors.HexColor("#d9822b"))


def _n(value) -> str:
    if value is None:
        return "—"
    return number_format(value, force_grouping=True)


def _reported_cell(value):
    """An impact figure: "belum dilaporkan" where no area reported it (None), never a blank that reads as 0."""
    return _("not reported yet") if value is None else value


def _reported_text(value) -> str:
    return _("not reported yet") if value is None else _n(value)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M") + " WIB" if moment else "—"


def impact_labels() -> list[str]:
    return [
        _("Dead"),
        _("Missing"),
        _("Injured"),
        _("Affected (people)"),
        _("Affected (KK)"),
        _("Displaced"),
        _("Houses RB"),
        _("Houses RS"),
        _("Houses RR"),
        _("Houses submerged"),
    ]


IMPACT_KEYS = (
    "dead",
    "missing",
    "injured",
    "affected_people",
    "affected_families",
    "displaced",
    "houses_heavily_damaged",
    "houses_moderately_damaged",
    "houses_lightly_damaged",
    "houses_submerged",
)


def cluster_columns(data) -> list[tuple[str, str]]:
    columns = [
        ("needs_open", _("Open needs")),
        ("people_in_need", _("People in need")),
        ("activities_ongoing", _("Activities ongoing")),
        ("people_reached", _("People reached")),
        ("gap", _("Gap")),
    ]
    return columns + [(figure.name, str(figure.label)) for figure in data.contributed]


def cluster_value(row, key):
    return row["contributed"].get(key, 0) if key not in row else row[key]


def header_lines(data) -> list[tuple[str, str]]:
    disaster = data.disaster
    period = disaster.started_on.strftime("%d-%m-%Y")
    if disaster.ended_on:
        period += " – " + disaster.ended_on.strftime("%d-%m-%Y")
    return [
        (_("Disaster event"), disaster.title),
        (_("Disaster type"), str(disaster.disaster_type)),
        (_("Emergency status"), str(EmergencyStatus(disaster.status).label)),
        (_("Decree"), disaster.decree_number or "—"),
        (_("Period"), period),
        (_("Area covered"), data.scope_label),
        (_("Data as of"), _when(data.data_as_of)),
        (_("Generated at"), _when(data.generated_at)),
    ]


# ---------------------------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------------------------

TABLE_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eef6")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def _table(header: list[str], rows: list[list], *, numeric_from: int = 1, total: list | None = None, widths=None):
    body = [header] + [[_n(cell) if isinstance(cell, int) else cell for cell in row] for row in rows]
    if total is not None:
        body.append([_n(cell) if isinstance(cell, int) else cell for cell in total])
    table = Table(body, colWidths=widths, repeatRows=1)
    style = TableStyle(TABLE_STYLE.getCommands())
    if numeric_from is not None:
        style.add("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT")
    if total is not None:
        style.add("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 8)
    table.setStyle(style)
    return table


def _facts(lines: list[tuple[str, str]]):
    """The report's identity as a two-column list, labels in bold, no header row."""
    table = Table([[label, value] for label, value in lines], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
                ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 9),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def displaced_chart(timeline, *, width=24 * cm, height=7 * cm) -> Drawing:
    drawing = Drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = 40, 40
    chart.width, chart.height = width - 170, height - 60
    displaced = [row[1] for row in timeline] or [0]
    sheltered = [row[2] for row in timeline] or [0]
    chart.data = [displaced, sheltered]
    step = max(1, len(timeline) // 10)
    chart.categoryAxis.categoryNames = [
        row[0].strftime("%d/%m") if index % step == 0 else "" for index, row in enumerate(timeline)
    ] or [""]
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda value: _n(int(value))
    for index, colour in enumerate(SERIES_COLOURS):
        chart.lines[index].strokeColor = colour
        chart.lines[index].strokeWidth = 1.5
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 120, height - 20
    legend.fontSize = 7
    legend.alignment = "right"
    legend.colorNamePairs = [(SERIES_COLOURS[0], _("Displaced (reports)")), (SERIES_COLOURS[1], _("In shelters"))]
    drawing.add(legend)
    return drawing


def situation_pdf(data) -> bytes:
    buffer = io.BytesIO()
    styles = pdf_styles()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        title=_("Situation report"),
        author="Dinas Sosial Provinsi Banten",
        subject=data.disaster.title,
    )
    story = [
        Paragraph(escape(_("Situation report (Laporan Situasi)")), styles["title"]),
        Paragraph(escape(data.disaster.title), styles["h2"]),
        _facts(header_lines(data)),
        Spacer(1, 0.4 * cm),
        Paragraph(escape(_("Impact (latest verified reports)")), styles["h3"]),
    ]
    impact_rows = [
        [row["kabkota_name"], *[_reported_cell(row[key]) for key in IMPACT_KEYS], row["areas_reported"]]
        for row in data.impact_rows
    ]
    total = [_("Total"), *[_reported_cell(data.totals[key]) for key in IMPACT_KEYS], data.totals["areas_reported"]]
    story.append(_table([_("Kabupaten/kota"), *impact_labels(), _("Areas reported")], impact_rows, total=total))
    story.append(Spacer(1, 0.4 * cm))
    chart_block = [Paragraph(escape(_("Displaced people over time")), styles["h3"])]
    if data.timeline:
        last = data.timeline[-1]
        chart_block += [
            displaced_chart(data.timeline),
            Paragraph(
                escape(
                    _("On %(day)s: %(displaced)s displaced according to verified reports, %(sheltered)s in shelters.")
                    % {
                        "day": last[0].strftime("%d-%m-%Y"),
                        "displaced": _reported_text(last[1]),
                        "sheltered": _n(last[2]),
                    }
                ),
                styles["body"],
            ),
        ]
    # The heading, the chart and its caption stay on one page.
    story.append(KeepTogether(chart_block))
    story += [Spacer(1, 0.4 * cm), Paragraph(escape(_("Cluster status")), styles["h3"])]
    columns = cluster_columns(data)
    cluster_rows = [
        [row["kabkota_name"], row["cluster_name"], *[cluster_value(row, key) for key, _label in columns]]
        for row in data.cluster_rows
    ]
    story.append(
        _table([_("Kabupaten/kota"), _("Cluster"), *[label for _key, label in columns]], cluster_rows, numeric_from=2)
    )
    story += [Spacer(1, 0.4 * cm), Paragraph(escape(_("Shelters and Sphere state")), styles["h3"])]
    if data.shelters:
        counts = ", ".join(f"{label}: {_n(data.sphere_counts.get(state, 0))}" for state, label in sphere_labels())
        story.append(
            Paragraph(escape(_("Open shelters by Sphere state: %(counts)s.") % {"counts": counts}), styles["body"])
        )
        shelter_rows = [
            [
                s["name"],
                s["kabkota"],
                s["status"],
                s["people"],
                s["capacity"],
                f"{s['occupancy']} %" if s["occupancy"] is not None else "—",
                s["sphere_label"],
            ]
            for s in data.shelters
        ]
        story.append(
            _table(
                [
                    _("Shelter"),
                    _("Kabupaten/kota"),
                    _("Status"),
                    _("People now"),
                    _("Capacity"),
                    _("Occupancy"),
                    _("Sphere state"),
                ],
                shelter_rows,
                numeric_from=3,
            )
        )
    else:
        story.append(Paragraph(escape(_("No shelters recorded for this disaster event.")), styles["body"]))
    story += [Spacer(1, 0.4 * cm), Paragraph(escape(_("Needs and gaps")), styles["h3"])]
    if data.needs:
        need_rows = [
            [
                Paragraph(escape(need["description"]), styles["body"]),
                need["cluster"],
                need["area"],
                need["priority_label"],
                need["people_in_need"],
                need["people_reached"],
                need["gap"],
            ]
            for need in data.needs
        ]
        story.append(
            _table(
                [_("Need"), _("Cluster"), _("Area"), _("Priority"), _("People in need"), _("People reached"), _("Gap")],
                need_rows,
                numeric_from=4,
                widths=[9 * cm, 4 * cm, 4 * cm, 2.2 * cm, 2.4 * cm, 2.4 * cm, 2 * cm],
            )
        )
    else:
        story.append(Paragraph(escape(_("No open needs.")), styles["body"]))
    for section in data.sections:
        story += [Spacer(1, 0.4 * cm), Paragraph(escape(section["title"]), styles["h3"])]
        if section.get("note"):
            story.append(Paragraph(escape(section["note"]), styles["body"]))
        story.append(_table(list(section["columns"]), [list(row) for row in section["rows"]], numeric_from=None))
    document.build(story)
    return buffer.getvalue()


def sphere_labels():
    from shelters.models import SphereState

    return [(state, str(label)) for state, label in SphereState.choices]


# ---------------------------------------------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------------------------------------------

BOLD = Font(bold=True)


def _sheet(workbook, title: str, header: list[str]):
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = BOLD
    sheet.freeze_panes = "A2"
    return sheet


def situation_xlsx(data) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    summary.append([_("Situation report (Laporan Situasi)")])
    summary["A1"].font = Font(bold=True, size=14)
    for label, value in header_lines(data):
        summary.append([label, value])
    summary.append([])
    summary.append([_("Kabupaten/kota"), *impact_labels(), _("Areas reported")])
    for cell in summary[summary.max_row]:
        cell.font = BOLD
    for row in data.impact_rows:
        summary.append([row["kabkota_name"], *[_reported_cell(row[key]) for key in IMPACT_KEYS], row["areas_reported"]])
    summary.append(
        [_("Total"), *[_reported_cell(data.totals[key]) for key in IMPACT_KEYS], data.totals["areas_reported"]]
    )
    for cell in summary[summary.max_row]:
        cell.font = BOLD
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 40

    timeline = _sheet(workbook, _("Displaced over time"), [_("Date"), _("Displaced (reports)"), _("In shelters")])
    for day, displaced, sheltered in data.timeline:
        timeline.append([day, displaced, sheltered])
        timeline.cell(row=timeline.max_row, column=1).number_format = "yyyy-mm-dd"
    if data.timeline:
        chart = LineChart()
        chart.title = _("Displaced people over time")
        chart.y_axis.title = _("People")
        chart.add_data(
            Reference(timeline, min_col=2, max_col=3, min_row=1, max_row=timeline.max_row), titles_from_data=True
        )
        chart.set_categories(Reference(timeline, min_col=1, min_row=2, max_row=timeline.max_row))
        chart.width, chart.height = 22, 10
        timeline.add_chart(chart, "E2")

    columns = cluster_columns(data)
    clusters = _sheet(
        workbook, _("Cluster status"), [_("Kabupaten/kota"), _("Cluster"), *[label for _key, label in columns]]
    )
    for row in data.cluster_rows:
        clusters.append(
            [row["kabkota_name"], row["cluster_name"], *[cluster_value(row, key) for key, _label in columns]]
        )

    shelters = _sheet(
        workbook,
        _("Shelters"),
        [
            _("Shelter"),
            _("Kabupaten/kota"),
            _("Desa/kelurahan"),
            _("Status"),
            _("People now"),
            _("Capacity"),
            _("Occupancy (%)"),
            _("Sphere state"),
            _("Counted at"),
        ],
    )
    for s in data.shelters:
        shelters.append(
            [
                s["name"],
                s["kabkota"],
                s["desa"],
                s["status"],
                s["people"],
                s["capacity"],
                s["occupancy"],
                s["sphere_label"],
                _when(s["counted_at"]),
            ]
        )

    needs = _sheet(
        workbook,
        _("Needs and gaps"),
        [
            _("Need"),
            _("Cluster"),
            _("Area"),
            _("Kabupaten/kota"),
            _("Priority"),
            _("People in need"),
            _("People reached"),
            _("Gap"),
        ],
    )
    for need in data.needs:
        needs.append(
            [
                need["description"],
                need["cluster"],
                need["area"],
                need["kabkota"],
                need["priority_label"],
                need["people_in_need"],
                need["people_reached"],
                need["gap"],
            ]
        )

    for section in data.sections:
        sheet = _sheet(workbook, section["title"], list(section["columns"]))
        for row in section["rows"]:
            sheet.append(list(row))
    return xlsx_bytes(workbook)  # names, needs and titles typed by users never run as formulas
