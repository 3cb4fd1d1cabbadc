"""Uploads bounded: hostile spreadsheets refused while they are read, oversized bodies refused before CSRF."""

import io
import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpResponse

from banten_dinsos.core.spreadsheets import SheetLimits, SpreadsheetError, read_sheet_rows
from banten_dinsos.core.uploads import RequestBodyLimitMiddleware
from ksb_volunteers.models import RosterImport, TaganaMember
from pmks_registry.models import Client, ImportStatus
from pmks_registry.services import import_job_create, import_job_run

from .hostile_files import dimension_bomb, dimension_bomb_with_header, row_bomb, zip_bomb

pytestmark = pytest.mark.django_db

ROSTER_HEADER = ["nomor_induk_anggota", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "kabupaten_kota"]
PMKS_HEADER = ["nik", "no_kk", "nama", "jenis_kelamin", "tanggal_lahir", "kode_wilayah", "jenis_pmks"]


def peak_growth_mb(function) -> tuple[float, object]:
    """Peak Python allocation above the baseline while ``function`` runs, in MB, and what it returned."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline = tracemalloc.get_traced_memory()[0]
        result = function()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return (peak - baseline) / (1024 * 1024), result


def test_the_audits_dimension_bomb_is_1_6_kb_and_is_refused_over_the_api_with_flat_memory(api_as, petugas_lebak):
    data = dimension_bomb()
    assert len(data) < 2000
    upload = SimpleUploadedFile("roster.xlsx", data)
    growth, response = peak_growth_mb(
        lambda: api_as(petugas_lebak).post("/api/v1/tagana/imports/", {"file": upload}, format="multipart")
    )
    assert response.status_code == 400
    assert "nomor_induk_anggota" in response.json()["errors"]["file"][0]  # no header: the columns are named
    assert growth < 100, f"{growth:.0f} MB"
    assert not RosterImport.objects.exists()


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: dimension_bomb_with_header(ROSTER_HEADER), "kolom"),
        (lambda: row_bomb(ROSTER_HEADER), "baris"),
        (lambda: zip_bomb(ROSTER_HEADER, megabytes=4), "bom zip"),
    ],
    ids=["far-column", "far-row", "zip-bomb"],
)
def test_roster_bombs_with_a_real_header_are_refused_naming_the_limit(api_as, petugas_lebak, build, expected):
    upload = SimpleUploadedFile("roster.xlsx", build())
    growth, response = peak_growth_mb(
        lambda: api_as(petugas_lebak).post("/api/v1/tagana/imports/", {"file": upload}, format="multipart")
    )
    assert response.status_code == 400
    assert expected in response.json()["errors"]["file"][0].lower()
    assert growth < 100, f"{growth:.0f} MB"
    assert not TaganaMember.objects.exists()


@pytest.mark.parametrize(
    "build",
    [dimension_bomb, lambda: dimension_bomb_with_header(PMKS_HEADER), lambda: row_bomb(PMKS_HEADER)],
    ids=["audit-bomb", "far-column", "far-row"],
)
def test_pmks_import_refuses_bombs_quickly_and_saves_nothing(staf, pmks_types, settings, build):
    settings.PMKS_IMPORT_MAX_ROWS = 1000
    job = import_job_create(user=staf, uploaded_file=SimpleUploadedFile("pmks.xlsx", build()), source="dtks")
    growth, job = peak_growth_mb(lambda: import_job_run(job_id=job.pk))
    assert job.status == ImportStatus.FAILED
    assert growth < 100, f"{growth:.0f} MB"
    assert not Client.objects.exists()


@pytest.mark.parametrize("build", [dimension_bomb, lambda: row_bomb(PMKS_HEADER)], ids=["audit-bomb", "far-row"])
def test_reading_a_bomb_takes_well_under_a_second_of_cpu(build):
    data = build()
    started = time.process_time()
    with pytest.raises(SpreadsheetError):
        for _number, row in read_sheet_rows(data, fmt="xlsx", limits=SheetLimits(max_rows=5000)):
            if len(row) < 6:
                raise SpreadsheetError("no header")
    assert time.process_time() - started < 1


def test_the_reader_ignores_the_dimension_claim_and_yields_rows_as_wide_as_their_cells():
    rows = list(read_sheet_rows(dimension_bomb_with_header(["a", "b"], far_cell="C7"), fmt="xlsx", limits=LIMITS))
    assert rows == [(1, ["a", "b"]), (7, [None, None, "x"])]


LIMITS = SheetLimits(max_rows=10, max_columns=5, max_cell_chars=20)


def test_csv_cells_rows_and_columns_are_bounded_as_they_arrive():
    with pytest.raises(SpreadsheetError, match="20"):
        list(read_sheet_rows(b"a,b\n" + b"x" * 21 + b",y\n", fmt="csv", limits=LIMITS))
    with pytest.raises(SpreadsheetError, match="kolom"):
        list(read_sheet_rows(b"a\n1,2,3,4,5,6\n", fmt="csv", limits=LIMITS))
    with pytest.raises(SpreadsheetError, match="10"):
        list(read_sheet_rows(b"a\n" + b"1\n" * 11, fmt="csv", limits=LIMITS))
    # Trailing empty cells past the limit are what Excel leaves behind; they are cut, not refused.
    assert list(read_sheet_rows(b"a\n1,,,,,,,\n", fmt="csv", limits=LIMITS)) == [(1, ["a"]), (2, ["1", "", "", "", ""])]


def test_a_declared_body_over_the_limit_is_refused_before_csrf_reads_it(client, settings):
    settings.REQUEST_BODY_MAX_BYTES = 2 * 1024 * 1024
    # A 1 GB claim: answered at once, without a CSRF token, without reading a byte of the body.
    page = client.post("/pmks/import/", data=b"x", content_type="multipart/form-data", CONTENT_LENGTH=str(1024**3))
    assert page.status_code == 413
    assert "2 MB" in page.content.decode()
    api = client.post("/api/v1/tagana/imports/", data=b"x", content_type="text/plain", CONTENT_LENGTH=str(1024**3))
    assert api.status_code == 413
    assert api.json() == {"message": api.json()["message"], "errors": {}}
    assert "2 MB" in api.json()["message"]


def test_a_body_without_a_declared_length_is_cut_off_at_the_limit(rf, settings):
    settings.REQUEST_BODY_MAX_BYTES = 100
    body = b"x" * 500
    request = rf.post("/api/v1/tagana/imports/", data=body, content_type="application/octet-stream")
    del request.META["CONTENT_LENGTH"]  # chunked: the server hands the stream on as it arrives
    request._stream = io.BytesIO(body)

    def view(request):
        return HttpResponse(len(request.body))

    chain = RequestBodyLimitMiddleware(convert_exception_to_response(view))
    response = chain(request)
    assert response.status_code == 413
    small = rf.post("/api/v1/tagana/imports/", data=b"x" * 50, content_type="application/octet-stream")
    del small.META["CONTENT_LENGTH"]
    small._stream = io.BytesIO(b"x" * 50)
    assert chain(small).content == b"50"
