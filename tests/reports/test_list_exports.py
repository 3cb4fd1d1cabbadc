"""The large list exports of the other apps (evacuees, field reports, TAGANA members, logistics distributions) as
report jobs: every row of the user's filtered list, masked identity numbers, scoped, audited."""

import csv
import io

import pytest

from banten_dinsos.audit.models import AuditAction, AuditLog
from banten_dinsos.reports.models import ReportStatus
from banten_dinsos.reports.registry import report_builders
from banten_dinsos.reports.services import report_build, report_request
from clusters.selectors import field_report_list
from ksb_volunteers.selectors import member_list
from ksb_volunteers.services import ksb_seed_demo
from logistics.selectors import distribution_rows
from logistics.services import logistics_seed_demo
from shelters.selectors import evacuee_list

pytestmark = pytest.mark.django_db
# The volunteers' and logistics' demo besides the disaster's, loaded with it (tests/reports/conftest.py).
DEMO_ALSO = (ksb_seed_demo, logistics_seed_demo)

EXPORTS = {
    "evacuees": lambda user: evacuee_list(user=user).count(),
    "field_reports": lambda user: field_report_list(user=user).count(),
    "tagana_members": lambda user: member_list(user=user).count(),
    "logistics_distributions": lambda user: sum(1 for row in distribution_rows(user=user) if row["quantity"]),
}


def _rows(report):
    with report.file.open("rb") as handle:
        return list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))


def test_every_list_export_is_registered():
    assert set(EXPORTS) | {"pmks_clients"} <= set(report_builders())


@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_list_export_holds_every_row_the_user_sees_and_is_audited(demo, demo_users, kind):
    for username in ("staf.provinsi", "petugas.lebak"):
        user = demo_users[username]
        expected = EXPORTS[kind](user)
        (report,) = report_request(user=user, kind=kind, data={}, formats=["csv"])
        report = report_build(report_id=report.pk)
        assert report.status == ReportStatus.DONE, report.error
        rows = _rows(report)
        assert len(rows) == 1 + expected, (username, kind)
        entry = AuditLog.objects.filter(action=AuditAction.EXPORT, note__startswith=f"report {report.pk} ").get()
        assert f"{expected} records" in entry.note
    if kind in ("evacuees", "tagana_members"):
        nik_column = rows[0].index("NIK")
        assert all(not row[nik_column] or "********" in row[nik_column] for row in rows[1:])
    assert EXPORTS[kind](demo_users["staf.provinsi"]) > 0  # the demo has rows of this kind
