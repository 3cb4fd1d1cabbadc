"""The situation-report XLSX with shelter names, needs and section rows typed as formulas: every cell is text."""

import pytest

from banten_dinsos.reports.services import report_build, report_request
from clusters.models import Need
from shelters.models import Shelter
from tests.security.test_exports import assert_opens_as_text

pytestmark = pytest.mark.django_db

SHELTER = '=HYPERLINK("http://evil.example","posko")'
NEED = "+cmd|' /C calc'!A0"


def test_situation_report_xlsx_neutralises_names_and_descriptions(demo, demo_users):
    assert Shelter.objects.filter(name="Posko SDN Periuk 1").update(name=SHELTER) == 1
    assert Need.objects.filter(disaster=demo).update(description=NEED)
    [report] = report_request(
        user=demo_users["staf.provinsi"], kind="situation", data={"disaster": demo.pk}, formats=["xlsx"]
    )
    report = report_build(report_id=report.pk)
    with report.file.open("rb") as handle:
        assert_opens_as_text(handle.read(), {SHELTER, NEED})
