"""The provincial client export with a client named as a formula: the cell opens as text."""

import io

import pytest
from openpyxl import load_workbook

from pmks_registry.models import Client
from tests.security.test_exports import assert_opens_as_text

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://evil.example","click")'


def test_client_named_as_a_formula_comes_out_as_text_in_the_xlsx_export(page_as, staf, client_lebak):
    Client.objects.filter(pk=client_lebak.pk).update(name=PAYLOAD)
    response = page_as(staf).get("/pmks/ekspor/")
    assert response.status_code == 200
    assert_opens_as_text(response.content, {PAYLOAD})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][2] == PAYLOAD
