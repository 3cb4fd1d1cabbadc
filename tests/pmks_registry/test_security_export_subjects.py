"""An export names the records it held: each exported person's data-subject report lists the export, in WIB."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from banten_dinsos.audit.models import AuditAction, AuditLog, AuditSubject
from banten_dinsos.reports.services import report_build, report_request

from .conftest import DESA_KOTA_SERANG, make_client

pytestmark = pytest.mark.django_db
REPORT = "/pmks/laporan-subjek-data/"


@pytest.fixture
def clients(pmks_types):
    return {
        "lebak": make_client(name="Siti Ekspor"),
        "lebak_2": make_client(name="Ahmad Ekspor", sex="L"),
        "serang": make_client(DESA_KOTA_SERANG, name="Budi Tidak Diekspor", sex="L"),
    }


def _export(user, **filters):
    """The client list export, as the list's export button asks for it: a report job, built here."""
    (report,) = report_request(user=user, kind="pmks_clients", data=filters, formats=["csv"])
    return report_build(report_id=report.pk)


def _report(browser, client) -> dict:
    return json.loads(browser.post(REPORT, {"nik": client.nik, "format": "json"}).content)


def test_an_export_appears_in_the_report_of_each_exported_person_and_of_no_one_else(page_as, staf, clients):
    browser = page_as(staf)
    _export(staf, kabkota="36.02")
    export = AuditLog.objects.filter(action=AuditAction.EXPORT).latest("id")
    named = set(AuditSubject.objects.filter(entry=export).values_list("model", "object_id"))
    assert named == {
        ("pmks_registry.client", str(clients["lebak"].pk)),
        ("pmks_registry.client", str(clients["lebak_2"].pk)),
    }
    for key in ("lebak", "lebak_2"):
        history = _report(browser, clients[key])["processing_history"]
        exports = [entry for entry in history if entry["action"] == "export" and "pmks_clients" in entry["note"]]
        assert len(exports) == 1, history
        assert exports[0]["at"].endswith("+07:00")  # WIB, as the PDF prints it
    history = _report(browser, clients["serang"])["processing_history"]
    assert not [entry for entry in history if "pmks_clients" in entry["note"]]
    # Ids only: no NIK, name or birth date in the line or in what it names.
    stored = str(list(AuditSubject.objects.filter(entry=export).values())) + str(export.__dict__)
    assert clients["lebak"].nik not in stored and "Siti Ekspor" not in stored


def test_the_pdf_report_prints_the_export_at_its_wib_time(page_as, staf, clients):
    import io

    from pypdf import PdfReader

    from banten_dinsos.core.formatting import format_datetime

    browser = page_as(staf)
    _export(staf)
    export = AuditLog.objects.filter(action=AuditAction.EXPORT).latest("id")
    response = browser.post(REPORT, {"nik": clients["serang"].nik, "format": "pdf"})
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert format_datetime(export.at) in text and "WIB" in text


def test_named_records_are_append_only_and_part_of_the_hash_chain(page_as, staf, clients):
    _export(staf)
    export = AuditLog.objects.filter(action=AuditAction.EXPORT).latest("id")
    call_command("verify_audit_chain")
    subject = AuditSubject.objects.filter(entry=export).first()
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditsubject WHERE id = %s", [subject.pk])
    with connection.cursor() as cursor:  # the owner role switches the trigger off: the chain still shows it
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_auditsubject DISABLE TRIGGER audit_auditsubject_no_update")
        cursor.execute("DELETE FROM audit_auditsubject WHERE id = %s", [subject.pk])
        cursor.execute("ALTER TABLE audit_auditsubject ENABLE TRIGGER audit_auditsubject_no_update")
    with pytest.raises(CommandError, match=f"row {export.pk} "):
        call_command("verify_audit_chain")
