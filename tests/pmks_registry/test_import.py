"""Bulk import: a file full of realistic mistakes, checked row by row; idempotent re-import; refused files."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from banten_dinsos.audit.models import AuditAction, AuditLog
from pmks_registry.models import Client, ClientPmksType, ImportJob, ImportStatus
from pmks_registry.services import import_job_create, import_job_run, import_save, imports

pytestmark = pytest.mark.django_db

HEADER = "NIK;No_KK;Nama;Jenis_Kelamin;Tanggal_Lahir;Kode_Wilayah;Jenis_PMKS;Keterangan"
# Semicolons, a BOM and CRLF, as Excel in Indonesia saves "CSV UTF-8". Each line: (row, content).
MISTAKES = [
    "3602144509830001;3602140101100001;Siti Aminah;P;05/09/1983;36.02.14.1007;9;ok",  # 2
    '3673020201700002;;Budi Santoso;L;02/01/1970;36.73.02.1001;"9, 21";ok',  # 3
    "360214450983001;;Nur Halimah;P;05/09/1983;36.02.14.1007;9;",  # 4 NIK of 15 digits
    "3602144509830004;;Ahmad Fauzi;L;05/09/1983;36.02.14.1007;9;",  # 5 day+40 but L
    "3602144509830005;;Dewi Lestari;P;06/09/1983;36.02.14.1007;9;",  # 6 birth date not in the NIK
    "3602144509830006;;Rina Marlina;P;05/09/1983;36.02.14.1007;27;",  # 7 unknown PMKS type
    "3602144509830007;;Yuli Astuti;P;05/09/1983;36.99.01.2001;9;",  # 8 unknown region
    "3602144509830008;;Euis Komariah;P;05/09/1983;36.02.13;9;",  # 9 kecamatan, not desa
    "3602144509830001;;Siti Aminah;P;05/09/1983;36.02.14.1007;9;",  # 10 NIK already in row 2
    "3602144509830010;;;P;05/09/1983;36.02.14.1007;9;",  # 11 empty name
    "3.60214E+15;;Lilis Suryani;P;05/09/1983;36.02.14.1007;9;",  # 12 Excel scientific notation
    "3602147102900012;;Tuti Alawiyah;P;31/02/1990;36.02.14.1007;9;",  # 13 31 February
    ";;;;;;;",  # 14 empty row: skipped, not an error
    "3602144509830014;;Sri Wahyuni;Perempuan;1983-09-05;3602141007;8,9;",  # 15 valid, other notations
    "3602144509830015;;Fitri Handayani;X;05/09/1983;36.02.14.1007;9;",  # 16 sex X
]
EXPECTED_ERRORS = [
    ("4", "nik", "16 digit"),
    ("5", "jenis_kelamin", "perempuan"),
    ("6", "tanggal_lahir", "tidak sesuai"),
    ("7", "jenis_pmks", "27"),
    ("8", "kode_wilayah", "36.99.01.2001"),
    ("9", "kode_wilayah", "desa/kelurahan"),
    ("10", "nik", "baris 2"),
    ("11", "nama", "kosong"),
    ("12", "nik", "E+"),
    ("13", "nik", "bukan tanggal"),  # the NIK encodes 31 February too
    ("13", "tanggal_lahir", "bukan tanggal"),
    ("16", "jenis_kelamin", "L atau P"),
]


def csv_bytes(lines, header=HEADER):
    return ("\ufeff" + "\r\n".join([header, *lines]) + "\r\n").encode("utf-8")


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def run_import(staf, name, content, source="dtks"):
    job = import_job_create(user=staf, uploaded_file=upload(name, content), source=source)
    return import_job_run(job_id=job.pk)


def report_rows(job):
    with job.error_report.open("rb") as handle:
        text = handle.read().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_file_of_realistic_mistakes_imports_the_good_rows_and_reports_the_rest_row_by_row(staf, pmks_types):
    job = run_import(staf, "dtks-lebak.csv", csv_bytes(MISTAKES))
    assert job.status == ImportStatus.DONE, job.message
    assert (job.processed_rows, job.valid_rows, job.error_rows) == (14, 3, 11)  # 12 errors on 11 rows
    assert (job.created_count, job.updated_count, job.unchanged_count) == (3, 0, 0)
    assert job.ignored_columns == ["keterangan"]
    rows = report_rows(job)
    assert rows[0] == ["baris", "kolom", "alasan"]
    assert [(row, column) for row, column, _reason in rows[1:]] == [(r, c) for r, c, _w in EXPECTED_ERRORS]
    for (row, column, reason), (_r, _c, words) in zip(rows[1:], EXPECTED_ERRORS, strict=True):
        assert words in reason, (row, column, reason)
    assert not any("360214450983" in reason for _row, _column, reason in rows[1:])  # no NIK in the report
    sri = Client.objects.get(nik="3602144509830014")
    assert (sri.sex, sri.desa_id, sri.kabkota_id, sri.last_import_id) == ("P", "36.02.14.1007", "36.02", job.pk)
    assert sorted(sri.types.values_list("number", flat=True)) == [8, 9]
    budi = Client.objects.get(nik="3673020201700002")
    assert sorted(budi.types.values_list("number", flat=True)) == [9, 21] and budi.kabkota_id == "36.73"
    entry = AuditLog.objects.get(action=AuditAction.IMPORT)
    assert entry.object_id == str(job.pk) and "created 3" in entry.note
    assert not job.file  # the uploaded personal data is not kept after the import


def test_reimporting_the_same_file_changes_nothing(staf, pmks_types):
    first = run_import(staf, "a.csv", csv_bytes(MISTAKES))
    stamps = dict(Client.objects.values_list("nik", "updated_at"))
    links = ClientPmksType.objects.count()
    second = run_import(staf, "a.csv", csv_bytes(MISTAKES))
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 0, 3)
    assert second.error_rows == first.error_rows
    assert dict(Client.objects.values_list("nik", "updated_at")) == stamps
    assert ClientPmksType.objects.count() == links
    assert Client.objects.get(nik="3602144509830001").last_import_id == first.pk


def test_a_changed_row_updates_the_client_and_a_new_type_is_added(staf, pmks_types):
    run_import(staf, "a.csv", csv_bytes(MISTAKES[:2]))
    changed = [
        "3602144509830001;3602140101100001;Siti Aminah Binti Ujang;P;05/09/1983;36.02.14.1007;9;",
        '3673020201700002;;Budi Santoso;L;02/01/1970;36.73.02.1001;"9,21,24";',
    ]
    job = run_import(staf, "b.csv", csv_bytes(changed))
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 2, 0)
    assert Client.objects.get(nik="3602144509830001").name == "Siti Aminah Binti Ujang"
    assert sorted(Client.objects.get(nik="3673020201700002").types.values_list("number", flat=True)) == [9, 21, 24]


def test_batched_upsert_for_sqlite_gives_the_same_result(staf, pmks_types, monkeypatch):
    monkeypatch.setattr(imports.connection, "vendor", "sqlite")
    job = run_import(staf, "a.csv", csv_bytes(MISTAKES))
    assert (job.valid_rows, job.error_rows, job.created_count) == (3, 11, 3)
    assert [row[:2] for row in report_rows(job)[1:]] == [[r, c] for r, c, _w in EXPECTED_ERRORS]
    again = run_import(staf, "a.csv", csv_bytes(MISTAKES))
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 3)


def test_xlsx_with_date_cells_and_a_nik_stored_as_number(staf, pmks_types):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["nik", "no_kk", "nama", "jenis_kelamin", "tanggal_lahir", "kode_wilayah", "jenis_pmks"])
    sheet.append(["3602144509830001", None, "Siti Aminah", "P", datetime.datetime(1983, 9, 5), "36.02.14.1007", 9])
    sheet.append([3602144509830000.0, None, "Rounded By Excel", "P", datetime.date(1983, 9, 5), "36.02.14.1007", "9"])
    sheet.append(["3673020201700002", None, "Budi Santoso", "L", "02/01/1970", "36.73.02.1001", "9,21"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = run_import(staf, "data.xlsx", buffer.getvalue())
    assert job.status == ImportStatus.DONE, job.message
    assert (job.valid_rows, job.error_rows) == (2, 1)
    assert [row[:2] for row in report_rows(job)[1:]] == [["3", "nik"]]
    assert "Teks" in report_rows(job)[1][2]


def test_comma_separated_file_without_bom_is_read(staf, pmks_types):
    content = "nik,nama,jenis_kelamin,tanggal_lahir,kode_wilayah,jenis_pmks\n"
    content += "3602144509830001,Siti,P,05/09/1983,36.02.14.1007,9\n"
    job = run_import(staf, "plain.csv", content.encode())
    assert (job.status, job.created_count) == (ImportStatus.DONE, 1)


def test_missing_columns_fail_the_job_with_a_clear_message_and_save_nothing(staf, pmks_types):
    job = run_import(staf, "a.csv", b"nik;nama\n3602144509830001;Siti\n")
    assert job.status == ImportStatus.FAILED
    assert "jenis_kelamin" in job.message and "tanggal_lahir" in job.message
    assert not Client.objects.exists()


def test_failure_while_saving_leaves_nothing_half_applied(staf, pmks_types, monkeypatch):
    real_finish = import_save.PostgresChunkSaver.finish

    def finish_then_fail(saver):
        real_finish(saver)  # every client is written ...
        assert Client.objects.count() == 3
        raise RuntimeError("disk full")  # ... and then the database fails before the commit

    monkeypatch.setattr(import_save.PostgresChunkSaver, "finish", finish_then_fail)
    job = run_import(staf, "a.csv", csv_bytes(MISTAKES))
    assert job.status == ImportStatus.FAILED
    assert "tidak ada yang disimpan" in job.message
    assert not Client.objects.exists() and not ClientPmksType.objects.exists()
    assert AuditLog.objects.get(action=AuditAction.IMPORT).note == "failed, nothing saved"


def test_rows_are_saved_in_chunks_and_a_nik_repeated_in_a_later_chunk_is_reported(staf, pmks_types, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    job = run_import(staf, "a.csv", csv_bytes(MISTAKES))
    assert (job.valid_rows, job.error_rows, job.created_count) == (3, 11, 3)
    assert [(row, column) for row, column, _reason in report_rows(job)[1:]] == [(r, c) for r, c, _w in EXPECTED_ERRORS]


def test_a_windows_1252_csv_is_read_as_excel_saved_it(staf, pmks_types):
    content = "nik;nama;jenis_kelamin;tanggal_lahir;kode_wilayah;jenis_pmks\r\n"
    content += "3602144509830001;Siti Aminah Daéng;P;05/09/1983;36.02.14.1007;9\r\n"
    job = run_import(staf, "excel.csv", content.encode("cp1252"))
    assert job.status == ImportStatus.DONE, job.message
    assert Client.objects.get().name == "Siti Aminah Daéng"


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("foto.pdf", b"%PDF-1.7 ...", "CSV dan XLSX"),
        ("lama.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".xls"),
        ("palsu.xlsx", b"nik;nama\n", "bukan buku kerja Excel"),
        ("gambar.csv", b"PK\x03\x04binary\x00", "bukan berkas teks"),
        ("kosong.csv", b"", "kosong"),
    ],
)
def test_files_that_are_not_csv_or_xlsx_are_refused_with_a_clear_message(staf, pmks_types, name, content, words):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        import_job_create(user=staf, uploaded_file=upload(name, content), source="dtks")
    assert words in error.value.message_dict["file"][0]
    assert not ImportJob.objects.exists()


def test_a_200_mb_file_is_refused_naming_the_limit(staf, pmks_types):
    from django.core.exceptions import ValidationError

    big = upload("besar.csv", csv_bytes(MISTAKES[:1]))
    big.size = 200 * 1024 * 1024
    with pytest.raises(ValidationError) as error:
        import_job_create(user=staf, uploaded_file=big, source="dtks")
    message = error.value.message_dict["file"][0]
    assert "200 MB" in message and "100 MB" in message


def test_officers_cannot_import(petugas_lebak, pmks_types):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_job_create(user=petugas_lebak, uploaded_file=upload("a.csv", csv_bytes(MISTAKES)), source="dtks")


def test_running_a_finished_job_again_does_nothing(staf, pmks_types):
    job = run_import(staf, "a.csv", csv_bytes(MISTAKES))
    assert import_job_run(job_id=job.pk) is None
    assert AuditLog.objects.filter(action=AuditAction.IMPORT).count() == 1


def test_command_line_import_prints_progress_and_the_error_report(staf, pmks_types, tmp_path):
    path = tmp_path / "dtks.csv"
    path.write_bytes(csv_bytes(MISTAKES))
    out = io.StringIO()
    call_command("import_pmks", str(path), "--user", staf.username, stdout=out)
    text = out.getvalue()
    assert "100%" in text and "3 baris diimpor" in text
    assert "Error report:" in text
    assert Client.objects.count() == 3
    with pytest.raises(CommandError):
        call_command("import_pmks", str(tmp_path / "tidak-ada.csv"), stdout=io.StringIO())


def test_a_job_another_worker_is_running_is_left_alone(staf, pmks_types):
    from django.utils import timezone

    job = import_job_create(user=staf, uploaded_file=upload("a.csv", csv_bytes(MISTAKES)), source="dtks")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, started_at=timezone.now())
    assert import_job_run(job_id=job.pk) is None
    assert not Client.objects.exists()
    ImportJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - datetime.timedelta(hours=2))
    assert import_job_run(job_id=job.pk).status == ImportStatus.DONE  # the worker that had it died long ago
