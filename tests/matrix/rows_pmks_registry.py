"""PMKS client registry: clients, services, panti placements, imports, statistics, data-subject reports."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from pmks_registry.models import Panti
from pmks_registry.services import import_job_create, placement_admit, pmks_types_load_reference

from ..pmks_registry.conftest import make_client
from .spec import row
from .world import DESA_KOTA_SERANG, DESA_LEBAK

BUILD_ORDER = 45
# Allowed writes (a form answer or a success here) are proven by:
COVERED = "tests/pmks_registry/ (test_views, test_apis, test_services, test_import_pages)"


def build(w):
    pmks_types_load_reference()
    w.client = make_client(DESA_LEBAK, name="Siti Matriks Aminah", no_kk="3602140101100001")
    w.client_other = make_client(DESA_KOTA_SERANG, name="Budi Matriks Santoso", sex="L", types=(8,))
    w.panti = Panti.objects.create(name="Panti Matriks Lebak", desa_id=DESA_LEBAK, kabkota_id="36.02", capacity=5)
    w.placement = placement_admit(
        user=w.petugas_in, client=w.client, panti=w.panti, admitted_on=datetime.date(2026, 1, 5), reason="Terlantar"
    )
    header = b"nik;no_kk;nama;jenis_kelamin;tanggal_lahir;kode_desa;jenis_pmks\r\n"
    w.import_job = import_job_create(
        user=w.staf, uploaded_file=SimpleUploadedFile("matriks.csv", header), source="dtks"
    )


ROWS = [
    row("pmks_registry:client-list", text=lambda w: w.client.name, GET="login 403 200 200x 403 200"),  # pmks/
    row(
        "pmks_registry:client-search-nik", covered_by=COVERED, GET="login - - - - 405", POST="login 403 3xx 3xx 403 3xx"
    ),  # pmks/cari-nik/
    row(
        "pmks_registry:client-create",
        covered_by=COVERED,
        GET="login 403 200. 200. 403 200.",
        POST="login 403 200. 200. 403 200.",
    ),  # pmks/baru/
    # The export is a report job: the button opens the report form with the list's filters.
    row("pmks_registry:client-export", GET="login 403 403 403 403 3xx"),  # pmks/ekspor/
    row(
        "pmks_registry:client-detail",
        kw=lambda w: {"pk": w.client.pk},
        text=lambda w: w.client.name,
        GET="login 403 200 404 403 200",
    ),  # pmks/<int:pk>/
    row(
        "pmks_registry:client-edit",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.client.pk},
        text=lambda w: w.client.name,
        GET="login 403 200 404 403 200",
        POST="login 403 200 404 403 200",
    ),  # pmks/<int:pk>/ubah/
    row(
        "pmks_registry:client-status",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.client.pk},
        GET="login - - - - 405",
        POST="login 403 3xx 404 403 3xx",
    ),  # pmks/<int:pk>/status/
    row(
        "pmks_registry:client-service",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.client.pk},
        GET="login - - - - 405",
        POST="login 403 3xx 404 403 3xx",
    ),  # pmks/<int:pk>/layanan/
    row(
        "pmks_registry:client-admit",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.client.pk},
        GET="login - - - - 405",
        POST="login 403 3xx 404 403 3xx",
    ),  # pmks/<int:pk>/penempatan/
    row(
        "pmks_registry:client-discharge",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.client.pk, "placement_pk": w.placement.pk},
        GET="login - - - - 405",
        POST="login 403 3xx 404 403 3xx",
    ),  # pmks/<int:pk>/penempatan/<int:placement_pk>/keluar/
    row(
        "pmks_registry:duplicates",
        covered_by=COVERED,
        GET="login 403 200. 200. 403 200.",
        POST="login 403 200. 200. 403 200.",
    ),  # pmks/duplikat/
    row(
        "pmks_registry:duplicates-merge", covered_by=COVERED, GET="login - - - - 405", POST="login 403 403 403 403 3xx"
    ),  # pmks/duplikat/gabung/
    row(
        "pmks_registry:import", covered_by=COVERED, GET="login 403 403 403 403 200.", POST="login 403 403 403 403 200."
    ),  # pmks/impor/
    row(
        "pmks_registry:import-template-csv",
        covered_by=COVERED,
        GET="login 403 403 403 403 200.",
        POST="login 403 403 403 403 200.",
    ),  # pmks/impor/templat.csv
    row(
        "pmks_registry:import-template-xlsx",
        covered_by=COVERED,
        GET="login 403 403 403 403 200.",
        POST="login 403 403 403 403 200.",
    ),  # pmks/impor/templat.xlsx
    row(
        "pmks_registry:import-detail",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.import_job.pk},
        text=lambda w: w.import_job.original_name,
        GET="login 403 403 403 403 200",
        POST="login 403 403 403 403 200",
    ),  # pmks/impor/<int:pk>/
    row(
        "pmks_registry:import-progress",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.import_job.pk},
        GET="login 403 403 403 403 200.",
        POST="login 403 403 403 403 200.",
    ),  # pmks/impor/<int:pk>/progres/
    row(
        "pmks_registry:import-errors",
        kw=lambda w: {"pk": w.import_job.pk},
        GET="login 403 403 403 403 404",
        POST="login 403 403 403 403 404",
    ),  # pmks/impor/<int:pk>/laporan-galat/
    row("pmks_registry:statistics", GET="login 403 200. 200. 403 200."),  # pmks/statistik/
    row("pmks_registry:statistics-export", GET="login 403 403 403 403 200."),  # pmks/statistik/xlsx/
    row("pmks_registry:panti-list", text=lambda w: w.panti.name, GET="login 403 200 200x 403 200"),  # pmks/panti/
    row(
        "pmks_registry:panti-detail",
        kw=lambda w: {"pk": w.panti.pk},
        text=lambda w: w.panti.name,
        GET="login 403 200 404 403 200",
    ),  # pmks/panti/<int:pk>/
    row("pmks_registry:subject-report", GET="login 403 403 403 403 200."),  # pmks/laporan-subjek-data/
    row("api-pmks-type-list", api=True, GET="403 403 200. 200. 403 200."),  # api/v1/pmks/types/
    row(
        "api-pmks-client-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: f'"id":{w.client.pk},',
        GET="403 403 200 200x 403 200",
        POST="403 403 400 400 403 400",
    ),  # api/v1/pmks/clients/
    row(
        "api-pmks-client-search", covered_by=COVERED, api=True, POST="403 403 400 400 403 400"
    ),  # api/v1/pmks/clients/search/
    row(
        "api-pmks-client-detail",
        api=True,
        kw=lambda w: {"pk": w.client.pk},
        text=lambda w: f'"id":{w.client.pk},',
        GET="403 403 200 404 403 200",
    ),  # api/v1/pmks/clients/<int:pk>/
    row(
        "api-pmks-client-status",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.client.pk},
        POST="403 403 400 404 403 400",
    ),  # api/v1/pmks/clients/<int:pk>/status/
    row("api-pmks-statistics", api=True, GET="403 403 200. 200. 403 200."),  # api/v1/pmks/statistics/
]
