"""The situation report as PDF (on the office's paper from ``core.pdf``, with a chart of displaced people) and as
XLSX (``core.exports``: real date cells, numbers with a thousands format, whole-word sheet names). Both take the
same ``SituationData``; labels are translated in the language the report was asked in."""

from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from banten_dinsos.core.documents import document
from banten_dinsos.core.exports import xlsx_bytes, xlsx_sheet, xlsx_write_row
from banten_dinsos.core.formatting import format_date, format_date_short, format_datetime, format_number
from banten_dinsos.core.pdf import facts_table, frame_width, heading, pdf_styles, pdf_table, render_pdf
from clusters.models import EmergencyStatus

SERIES_COLOURS = (colors.HexColor("#0b4f8a"), colors.HexColor("#d9822b"))
WIDTH = frame_width(wide=True)


def _n(value) -> str:
    return format_number(value)


def _reported(value) -> str:
    """An impact figure: "belum dilaporkan" where no area reported it (None), never a dash that reads as 0."""
    return _("not reported yet") if value is None else format_number(value)


def _reported_cell(value):
    return _("not reported yet") if value is None else value


def _when(moment) -> str:
    return format_datetime(moment)


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
    period = format_date(disaster.started_on)
    if disaster.ended_on:
        period += " – " + format_date(disaster.ended_on)
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
def displaced_chart(timeline, *, width=WIDTH, height=6.5 * cm) -> Drawing:
    """Displaced people and people in shelters per day; a day without any verified report is a gap in the line,
    never a zero (no report is no data, not nobody displaced)."""
    drawing = Drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = 45, 35
    chart.width, chart.height = width - 190, height - 50
    chart.data = [[row[1] for row in timeline], [row[2] for row in timeline]]
    step = max(1, len(timeline) // 12)
    chart.categoryAxis.categoryNames = [
        format_date_short(row[0])[:-5] if index % step == 0 else "" for index, row in enumerate(timeline)
    ]
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
    legend.x, legend.y = width - 135, height - 15
    legend.fontSize = 7
    legend.alignment = "right"
    legend.colorNamePairs = [(SERIES_COLOURS[0], _("Displaced (reports)")), (SERIES_COLOURS[1], _("In shelters"))]
    drawing.add(legend)
    return drawing


def _has_figures(timeline) -> bool:
    return any(row[1] is not None or row[2] for row in timeline)


def _chart_part(data, styles) -> list:
    if not _has_figures(data.timeline):
        return heading(_("Displaced people over time"), styles, level=3, keep=10) + [
            Paragraph(escape(_("No verified report or shelter headcount yet: nothing to draw.")), styles["body"])
        ]
    # Days before the first verified report have no figure; the chart starts at the first day with one.
    first = next(index for index, row in enumerate(data.timeline) if row[1] is not None or row[2])
    timeline = data.timeline[first:]
    last = timeline[-1]
    caption = _("On %(day)s: %(displaced)s displaced according to verified reports, %(sheltered)s in shelters.") % {
        "day": format_date(last[0]),
        "displaced": _reported(last[1]),
        "sheltered": _n(last[2]),
    }
    # The heading, the chart and its caption stay on one page.
    return [
        KeepTogether(
            heading(_("Displaced people over time"), styles, level=3)[1:]
            + [displaced_chart(timeline), Paragraph(escape(caption), styles["body"])]
        )
    ]


@document("situation-report-pdf", format="pdf")
def situation_pdf(data) -> bytes:
    styles = pdf_styles(compact=True)
    story = [
        Paragraph(escape(_("Situation report (Laporan Situasi)")), styles["title"]),
        Paragraph(escape(data.disaster.title), styles["h2"]),
        facts_table(header_lines(data), styles, width=WIDTH),
        Spacer(1, 0.2 * cm),
    ]
    story += heading(_("Impact (latest verified reports)"), styles, level=3)
    impact_rows = [
        [row["kabkota_name"], *[row[key] for key in IMPACT_KEYS], row["areas_reported"]] for row in data.impact_rows
    ]
    impact_rows.append([_("Total"), *[data.totals[key] for key in IMPACT_KEYS], data.totals["areas_reported"]])
    numbers = set(range(1, 2 + len(IMPACT_KEYS)))
    story.append(
        pdf_table(
            [_("Kabupaten/kota"), *impact_labels(), _("Areas reported")],
            impact_rows,
            _share([2.4] + [1] * (1 + len(IMPACT_KEYS))),
            styles,
            numbers=numbers,
            totals=1,
            number_format=_reported,
        )
    )
    story += _chart_part(data, styles)

    story += heading(_("Cluster status"), styles, level=3)
    columns = cluster_columns(data)
    cluster_rows = [
        [row["kabkota_name"], row["cluster_name"], *[cluster_value(row, key) for key, _label in columns]]
        for row in data.cluster_rows
    ]
    story.append(
        pdf_table(
            [_("Kabupaten/kota"), _("Cluster"), *[label for _key, label in columns]],
            cluster_rows,
            _share([2, 2.4] + [1] * len(columns)),
            styles,
            numbers=set(range(2, 2 + len(columns))),
            number_format=_n,
        )
    )
    story += heading(_("Shelters and Sphere state"), styles, level=3)
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
                f"{_n(s['occupancy'])} %" if s["occupancy"] is not None else "—",
                s["sphere_label"],
            ]
            for s in data.shelters
        ]
        story.append(
            pdf_table(
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
                _share([3, 2, 1.3, 1, 1, 1, 2.2]),
                styles,
                numbers={3, 4, 5},
                number_format=_n,
            )
        )
    else:
        story.append(Paragraph(escape(_("No shelters recorded for this disaster event.")), styles["body"]))
    story += heading(_("Needs and gaps"), styles, level=3)
    if data.needs:
        need_rows = [
            [
                need["description"],
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
            pdf_table(
                [_("Need"), _("Cluster"), _("Area"), _("Priority"), _("People in need"), _("People reached"), _("Gap")],
                need_rows,
                _share([4.5, 2, 2, 1.1, 1.2, 1.2, 1]),
                styles,
                numbers={4, 5, 6},
                number_format=_n,
            )
        )
    else:
        story.append(Paragraph(escape(_("No open needs.")), styles["body"]))
    for section in data.sections:
        story += heading(section["title"], styles, level=3)
        if section.get("note"):
            story.append(Paragraph(escape(section["note"]), styles["body"]))
        rows = [list(row) for row in section["rows"]]
        if rows:
            story.append(pdf_table(list(section["columns"]), rows, None, styles, width=WIDTH, number_format=_n))
        else:
            story.append(Paragraph(escape(_("Nothing recorded.")), styles["body"]))
    return render_pdf(
        story,
        title=_("Situation report: %(title)s") % {"title": data.disaster.title},
        subject=data.disaster.title,
        wide=True,
        printed_at=data.generated_at,
    )


def _share(parts: list[float]) -> list[float]:
    total = sum(parts)
    return [WIDTH * part / total for part in parts]


def sphere_labels():
    from shelters.models import SphereState

    return [(state, str(label)) for state, label in SphereState.choices]


# ---------------------------------------------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------------------------------------------
def _header_values(data) -> list[tuple[str, object]]:
    """The report's identity for the workbook: the same lines as the PDF, with dates and moments as real cells."""
    disaster = data.disaster
    return [
        (_("Disaster event"), disaster.title),
        (_("Disaster type"), str(disaster.disaster_type)),
        (_("Emergency status"), str(EmergencyStatus(disaster.status).label)),
        (_("Decree"), disaster.decree_number or "—"),
        (_("Started on"), disaster.started_on),
        (_("Ended on"), disaster.ended_on or "—"),
        (_("Area covered"), data.scope_label),
        (_("Data as of"), data.data_as_of or "—"),
        (_("Generated at"), data.generated_at),
    ]


@document("situation-report-xlsx", format="xlsx")
def situation_xlsx(data) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import LineChart, Reference
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = xlsx_sheet(workbook, _("Summary"), first=True)
    summary.append([_("Situation report (Laporan Situasi)")])
    summary["A1"].font = Font(bold=True, size=14)
    for label, value in _header_values(data):
        summary.append([label, value])
        summary.cell(row=summary.max_row, column=1).font = Font(bold=True)
    summary.append([])
    xlsx_write_row(summary, [_("Kabupaten/kota"), *impact_labels(), _("Areas reported")], bold=True)
    # A figure no area reported is written as "belum dilaporkan", not as an empty cell a sum would read as 0.
    for row in data.impact_rows:
        summary.append([row["kabkota_name"], *[_reported_cell(row[key]) for key in IMPACT_KEYS], row["areas_reported"]])
    xlsx_write_row(
        summary,
        [_("Total"), *[_reported_cell(data.totals[key]) for key in IMPACT_KEYS], data.totals["areas_reported"]],
        bold=True,
    )
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 40

    timeline = xlsx_sheet(workbook, _("Displaced over time"), [_("Date"), _("Displaced (reports)"), _("In shelters")])
    for day, displaced, sheltered in data.timeline:
        timeline.append([day, displaced, sheltered])  # no report that day: an empty cell, not a zero
    timeline.column_dimensions["A"].width = 20
    if _has_figures(data.timeline):
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
    clusters = xlsx_sheet(
        workbook, _("Cluster status"), [_("Kabupaten/kota"), _("Cluster"), *[label for _key, label in columns]]
    )
    for row in data.cluster_rows:
        clusters.append(
            [row["kabkota_name"], row["cluster_name"], *[cluster_value(row, key) for key, _label in columns]]
        )

    shelters = xlsx_sheet(
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
                s["counted_at"],
            ]
        )

    needs = xlsx_sheet(
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
        sheet = xlsx_sheet(workbook, section["title"], list(section["columns"]))
        for row in section["rows"]:
            sheet.append(list(row))
    return xlsx_bytes(workbook)  # formats, and names, needs and titles typed by users never run as formulas
