"""Blank is not zero: a count left empty on the field report is stored as NULL and shown as "belum dilaporkan" on
cluster status, the dashboard and the situation report (null in the API and an empty HXL cell), while a zero stays
a zero everywhere."""

import io
import uuid

from openpyxl import load_workbook

from banten_dinsos.reports.render import situation_xlsx
from banten_dinsos.reports.situation import situation_data
from clusters.models import IMPACT_FIELDS, FieldReport

from .conftest import PERIUK_DESA

NOT_REPORTED = "belum dilaporkan"


def _form_data(**figures):
    return {
        "idempotency_key": str(uuid.uuid4()),
        "kind": "kaji_cepat",
        "area": PERIUK_DESA,
        "observed_at": "2026-01-18T09:30",
        **dict.fromkeys(IMPACT_FIELDS, ""),
        **figures,
        "action": "submit",
    }


def test_the_report_form_starts_with_empty_counts(page_as, petugas_kota_tangerang, flood):
    form = page_as(petugas_kota_tangerang).get(f"/bencana/{flood.pk}/laporan/baru/")
    assert 'name="dead"' in form.text
    assert 'name="dead" value="0"' not in form.text and 'placeholder="belum dilaporkan"' in form.text


def test_an_empty_count_is_null_and_shown_as_not_reported_a_zero_as_zero(
    page_as, api_as, staf, petugas_kota_tangerang, flood
):
    officer = page_as(petugas_kota_tangerang)
    # Dead left empty (not counted yet); missing counted: none; people affected 850.
    posted = officer.post(
        f"/bencana/{flood.pk}/laporan/baru/", _form_data(missing="0", affected_people="850", injured="")
    )
    assert posted.status_code == 302, posted.content[:400]
    report = FieldReport.objects.get()
    assert (report.dead, report.missing, report.injured, report.affected_people) == (None, 0, None, 850)
    province = page_as(staf)
    assert province.post(f"/bencana/laporan/{report.pk}/verifikasi/").status_code == 302

    # Cluster status (the disaster page): the Kota Tangerang row shows "belum dilaporkan" for dead, 0 for missing.
    page = province.get(f"/bencana/{flood.pk}/")
    row = page.text[page.text.index("Kota Tangerang</th>") :].split("</tr>", 1)[0]
    cells = row.split('<td class="text-end">')[1:]
    assert NOT_REPORTED in cells[0] and cells[1].startswith("0<") and cells[3].startswith("850")

    # The API: null where nothing was reported, 0 where zero was, and how many areas reported.
    status = api_as(staf).get("/api/v1/cluster-status/", {"disaster": flood.pk, "page_size": 100}).json()
    totals = status["totals"]
    assert (totals["dead"], totals["missing"], totals["affected_people"]) == (None, 0, 850)
    assert totals["areas_reported"] == 1
    impact = api_as(staf).get("/api/v1/cluster-status/impact/", {"disaster": flood.pk, "format": "csv"})
    kota = next(line for line in impact.content.decode().splitlines() if line.startswith("36,36.71,"))
    dead, missing = kota.split(",")[3:5]
    assert (dead, missing) == ("", "0")

    # Dashboard: the casualty tile says "belum dilaporkan" for dead, and counts the area that reported.
    dashboard = province.get("/", {"disaster": flood.pk})
    tile = dashboard.text[dashboard.text.index('id="tile-casualties"') :].split("</div></div></div>", 1)[0]
    assert NOT_REPORTED in tile.split('class="figure"', 1)[1].split("</span>", 2)[1] or NOT_REPORTED in tile
    assert "Hilang: 0" in tile and "Wilayah melapor: 1" in tile

    # Situation report: the impact table says "belum dilaporkan" for dead and 0 for missing.
    workbook = load_workbook(io.BytesIO(situation_xlsx(situation_data(disaster_id=flood.pk, viewer=staf))))
    summary = workbook.worksheets[0]
    rows = [[cell.value for cell in row] for row in summary.iter_rows()]
    kota_row = next(row for row in rows if row[0] == "Kota Tangerang")
    assert kota_row[1] == NOT_REPORTED and kota_row[2] == 0 and kota_row[4] == 850
