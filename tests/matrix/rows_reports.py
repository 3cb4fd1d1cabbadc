"""Generated reports (situation report and the apps' report builders), pages and API."""

from banten_dinsos.reports.services import report_build, report_request

from .spec import row

BUILD_ORDER = 90
# Allowed writes (a form answer or a success here) are proven by:
COVERED = "tests/reports/ (test_reports, test_apis)"


def build(w):
    (requested,) = report_request(
        user=w.petugas_in, kind="situation", data={"disaster": w.disaster.pk}, formats=["xlsx"]
    )
    w.report_file = report_build(report_id=requested.pk)


ROWS = [
    row("reports:list", text=lambda w: w.report_file.title, GET="login 200 200 200x 200x 200"),  # laporan/
    row(
        "reports:create",
        covered_by=COVERED,
        kw=lambda w: {"kind": "situation"},
        GET="login 403 200. 200. 200. 200.",
        POST="login 403 400 400 400 400",
    ),  # laporan/baru/<slug:kind>/
    row(
        "reports:detail",
        kw=lambda w: {"pk": w.report_file.pk},
        text=lambda w: w.report_file.title,
        GET="login 200 200 404 404 200",
    ),  # laporan/<int:pk>/
    row(
        "reports:progress", kw=lambda w: {"pk": w.report_file.pk}, GET="login 200. 200. 404 404 200."
    ),  # laporan/<int:pk>/kemajuan/
    row(
        "reports:download", kw=lambda w: {"pk": w.report_file.pk}, GET="login 200. 200. 404 404 200."
    ),  # laporan/<int:pk>/unduh/
    row(
        "api-report-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.report_file.title,
        GET="403 200 200 200x 200x 200",
        POST="403 400 400 400 400 400",
    ),  # api/v1/reports/
    row(
        "api-report-detail",
        api=True,
        kw=lambda w: {"pk": w.report_file.pk},
        text=lambda w: w.report_file.title,
        GET="403 200 200 404 404 200",
    ),  # api/v1/reports/<int:pk>/
    row(
        "api-report-download", api=True, kw=lambda w: {"pk": w.report_file.pk}, GET="403 200. 200. 404 404 200."
    ),  # api/v1/reports/<int:pk>/download/
]
