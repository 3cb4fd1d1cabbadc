"""The XLSX workbook (a summary sheet and one sheet per sector) and the PDF: built from the same figures as the page
and the API, so the totals agree everywhere; a rebuild of unchanged figures keeps the file and its checksum."""

import hashlib
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook
from pypdf import PdfReader

from jitupasna.models import AssessmentOutput, DamageEntry
from jitupasna.selectors import assessment_summary
from jitupasna.services import (
    assessment_finalise,
    assessment_output_build,
    assessment_output_request,
    damage_entry_create,
    damage_entry_update,
    loss_entry_create,
    needs_entry_create,
)

from .conftest import KAB_TANGERANG, KOTA_TANGERANG, TANGSEL, region, rp, sector, sub_sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(staf, assessment):
    """The worked example of test_calculations plus a hectare-based entry in Kabupaten Tangerang."""
    entries = [
        (
            "perumahan",
            KOTA_TANGERANG,
            "Rumah permanen",
            "unit",
            {"units_heavy": 12, "units_moderate": 7, "units_light": 30},
            85_500_000,
        ),
        ("transportasi", KOTA_TANGERANG, "Jalan lingkungan", "m", {"units_moderate": 333}, 1_234_567),
        ("perumahan", TANGSEL, "Rumah semi permanen", "unit", {"units_light": 1}, 1_000_001),
        (
            "pertanian",
            KAB_TANGERANG,
            "Saluran irigasi tersier",
            "ha",
            {"units_heavy": "12.25", "units_moderate": "0.5"},
            15_000_000,
        ),
    ]
    for code, kabkota, asset, unit, units, cost in entries:
        damage_entry_create(
            user=staf,
            assessment=assessment,
            sub_sector=sub_sector(code),
            kabkota=region(kabkota),
            asset_kind=asset,
            unit_label=unit,
            unit_cost=rp(cost),
            **{name: rp(value) for name, value in units.items()},
        )
    loss_entry_create(
        user=staf,
        assessment=assessment,
        sub_sector=sub_sector("perdagangan"),
        kabkota=region(KOTA_TANGERANG),
        description="Pasar tutup",
        lost_income=rp(850_000_000),
        extra_costs=rp(125_000_000),
        recovery_months=2,
    )
    needs_entry_create(
        user=staf,
        assessment=assessment,
        sector=sector("permukiman"),
        kabkota=region(KOTA_TANGERANG),
        bbb_uplift_percent=rp(20),
        loss_recovery=rp(100_000_000),
        access=rp(50_000_000),
        function=rp(25_000_000),
        risk=rp(75_000_000),
        description="Hunian sementara dan peninggian lantai.",
    )
    return assessment


# 3.066.208.109 (worked example) + 189.375.000 (12,25 ha × 15.000.000 + 0,5 ha × 15.000.000 × 0,75)
DAMAGE = Decimal("3255583109")
LOSS = Decimal("975000000")
# 3.898.566.420 (worked example) + 189.375.000 × 1,10 = 208.312.500
NEEDS = Decimal("4106878920")


def indonesian(value: Decimal) -> str:
    return f"{int(value):,}".replace(",", ".")


def workbook_of(output):
    with output.file.open("rb") as handle:
        return load_workbook(io.BytesIO(handle.read()))


def pdf_text(output) -> str:
    with output.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def summary_total_row(sheet) -> dict:
    header_row = next(row for row in sheet.iter_rows() if row[0].value == "Sektor")
    labels = [cell.value for cell in header_row]
    total = next(row for row in sheet.iter_rows() if row[0].value == "JUMLAH")
    return dict(zip(labels, [cell.value for cell in total], strict=True))


def test_page_api_xlsx_and_pdf_totals_agree(staf, filled, page_as, api_as):
    figures = assessment_summary(user=staf, assessment=filled)
    assert (figures.total.damage, figures.total.loss, figures.total.needs) == (DAMAGE, LOSS, NEEDS)

    page = page_as(staf).get(filled.get_absolute_url()).content.decode()
    row = re.search(r'id="jitupasna-total" data-damage="(\d+)" data-loss="(\d+)" data-needs="(\d+)"', page)
    assert tuple(Decimal(value) for value in row.groups()) == (DAMAGE, LOSS, NEEDS)
    assert f'id="total-damage">{indonesian(DAMAGE)}<' in page
    assert f'id="total-needs">{indonesian(NEEDS)}<' in page

    api = api_as(staf).get(f"/api/v1/jitupasna/assessments/{filled.pk}/summary/").json()
    assert (Decimal(api["total"]["damage"]), Decimal(api["total"]["loss"]), Decimal(api["total"]["needs"])) == (
        DAMAGE,
        LOSS,
        NEEDS,
    )

    xlsx = assessment_output_build(assessment_id=filled.pk, fmt="xlsx")
    workbook = workbook_of(xlsx)
    assert workbook.sheetnames == [
        "Ringkasan",
        "Permukiman",
        "Infrastruktur",
        "Ekonomi Produktif",
        "Sosial",
        "Lintas Sektor",
    ]
    total = summary_total_row(workbook["Ringkasan"])
    assert (Decimal(total["Kerusakan"]), Decimal(total["Kerugian"]), Decimal(total["Kebutuhan"])) == (
        DAMAGE,
        LOSS,
        NEEDS,
    )
    # Each sector sheet's totals add up to the summary's.
    sector_damage = Decimal(0)
    for name in workbook.sheetnames[1:]:
        damage_total = next(row for row in workbook[name].iter_rows() if row[0].value == "Jumlah")
        sector_damage += Decimal(damage_total[10].value)
    assert sector_damage == DAMAGE
    permukiman = workbook["Permukiman"]
    first = next(row for row in permukiman.iter_rows() if row[3].value == "Rumah permanen")
    assert [cell.value for cell in first[6:11]] == [12, 7, 30, 85_500_000, 2_757_375_000]

    pdf = assessment_output_build(assessment_id=filled.pk, fmt="pdf")
    text = pdf_text(pdf)
    assert f"JUMLAH {indonesian(DAMAGE)} {indonesian(LOSS)}" in text
    assert indonesian(NEEDS) in text
    assert "DRAF" in text


def test_a_second_build_of_unchanged_figures_keeps_the_file_and_a_change_rebuilds_it(staf, filled):
    first = assessment_output_build(assessment_id=filled.pk, fmt="xlsx")
    path, checksum = first.file.name, first.sha256
    second = assessment_output_build(assessment_id=filled.pk, fmt="xlsx")
    assert (second.file.name, second.sha256) == (path, checksum)
    with second.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == checksum
    entry = DamageEntry.objects.get(assessment=filled, asset_kind="Rumah permanen")
    damage_entry_update(user=staf, entry=entry, data={"unit_cost": rp(86_000_000)})
    third = assessment_output_build(assessment_id=filled.pk, fmt="xlsx")
    assert third.file.name == path and third.sha256 != checksum
    assert AssessmentOutput.objects.filter(assessment=filled).count() == 1


def test_the_same_figures_give_byte_identical_files(staf, filled):
    checksums = {}
    for fmt in ("xlsx", "pdf"):
        first = assessment_output_build(assessment_id=filled.pk, fmt=fmt)
        checksums[fmt] = first.sha256
        first.file.storage.delete(first.file.name)  # force a real rebuild
        assert assessment_output_build(assessment_id=filled.pk, fmt=fmt).sha256 == checksums[fmt]


def test_the_final_document_says_so_and_finalising_requests_both_documents(
    staf, filled, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        assessment_finalise(user=staf, assessment=filled)
    assert len(callbacks) == 2
    assert {output.format for output in AssessmentOutput.objects.all()} == {"xlsx", "pdf"}
    assert all(output.pending for output in AssessmentOutput.objects.all())
    text = pdf_text(assessment_output_build(assessment_id=filled.pk, fmt="pdf"))
    assert "DRAF" not in text and "Final" in text


def test_officers_get_neither_document_they_cover_every_kabupaten_kota(
    staf, filled, petugas_kota_tangerang, page_as, api_as
):
    assessment_output_build(assessment_id=filled.pk, fmt="pdf")
    with pytest.raises(PermissionDenied):
        assessment_output_request(user=petugas_kota_tangerang, assessment=filled)
    assert page_as(petugas_kota_tangerang).get(f"/jitupasna/{filled.pk}/dokumen/pdf/").status_code == 404
    assert (
        api_as(petugas_kota_tangerang).get(f"/api/v1/jitupasna/assessments/{filled.pk}/document.pdf").status_code == 404
    )
    response = page_as(staf).get(f"/jitupasna/{filled.pk}/dokumen/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Checksum-SHA256"] == AssessmentOutput.objects.get(format="pdf").sha256


def test_a_missing_assessment_builds_nothing(db):
    assert assessment_output_build(assessment_id=999999, fmt="pdf") is None
