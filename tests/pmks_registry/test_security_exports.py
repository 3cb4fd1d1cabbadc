"""The provincial client export with a client named as a formula: the cell opens as text."""

import io

import pytest
from openpyxl import load_workbook

from banten_dinsos.reports.services import report_build, report_request
from pmks_registry.models import Client
from tests.security.test_exports import assert_opens_as_text

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://evil.example","click")'


def test_client_named_as_a_formula_comes_out_as_text_in_the_xlsx_export(staf, client_lebak):
    Client.objects.filter(pk=client_lebak.pk).update(name=PAYLOAD)
    (report,) = report_request(user=staf, kind="pmks_clients", data={}, formats=["xlsx"])
    report = report_build(report_id=report.pk)
    with report.file.open("rb") as handle:
        content = handle.read()
    assert_opens_as_text(content, {PAYLOAD})
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[1][2] == PAYLOAD
