"""Disasters, field reports, needs and activities (clusters app), pages and API."""

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from banten_dinsos.agencies.models import Agency
from banten_dinsos.notifications.models import ExternalWarning
from clusters.models import Cluster, IntakeForm
from clusters.services import activity_create, field_report_create, field_report_submit, need_create

from .spec import row
from .world import KOORDINATOR_CLUSTER, region

WIB = ZoneInfo("Asia/Jakarta")

BUILD_ORDER = 20
# Allowed writes (a form answer or a success here) are proven by:
COVERED = "tests/clusters/ (test_views, test_apis, test_services)"


def _report(user, disaster, area_code, *, submit):
    report, _created = field_report_create(
        user=user,
        disaster=disaster,
        area=region(area_code),
        observed_at=datetime(2026, 1, 18, 8, tzinfo=WIB),
        idempotency_key=uuid.uuid4(),
        affected_people=100,
        affected_families=30,
        displaced=20,
    )
    return field_report_submit(user=user, report=report) if submit else report


def build(w):
    w.intake_form = IntakeForm.objects.create(
        name="Formulir Matriks Lebak", slug="matriks-lebak", source="kobo", disaster=w.disaster, partner=w.petugas_in
    )
    w.report_draft = _report(w.petugas_in, w.disaster, "36.02.14", submit=False)
    w.report = _report(w.petugas_in, w.disaster, "36.02.14", submit=True)
    w.report_other = _report(w.petugas_out, w.disaster_other, "36.73.02", submit=True)
    cluster = Cluster.objects.get(code=KOORDINATOR_CLUSTER)
    w.need = need_create(
        user=w.staf,
        disaster=w.disaster,
        cluster=cluster,
        area=region("36.02.14"),
        description="Kebutuhan Matriks Lebak",
    )
    w.activity = activity_create(
        user=w.staf,
        disaster=w.disaster,
        agency=Agency.objects.get(code="dinsos-banten"),
        cluster=cluster,
        area=region("36.02.14"),
        title="Kegiatan Matriks Lebak",
        start_date=date(2026, 1, 18),
    )
    w.warning = ExternalWarning.objects.create(
        identifier="matrix-lebak-1",
        sender="bmkg@bmkg.go.id",
        sent=timezone.now(),
        status="Actual",
        msg_type="Alert",
        event="Banjir",
        headline="Peringatan Matriks Lebak",
        kabkota_codes=["36.02"],
        raw_xml="<alert/>",
    )


ROWS = [
    row("clusters:disaster-list", text=lambda w: w.disaster.title, GET="login 200 200 200x 200 200"),  # bencana/
    row(
        "clusters:disaster-create",
        covered_by=COVERED,
        GET="login 403 403 403 403 200.",
        POST="login 403 403 403 403 200.",
    ),  # bencana/baru/
    row(
        "clusters:disaster-detail",
        text=lambda w: w.disaster.title,
        kw=lambda w: {"pk": w.disaster.pk},
        GET="login 200 200 404 200 200",
    ),  # bencana/<int:pk>/
    row(
        "clusters:disaster-status",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.disaster.pk},
        GET="login 403 403 403 403 200.",
        POST="login 403 403 403 403 200.",
    ),  # bencana/<int:pk>/status/
    row(
        "clusters:disaster-from-warning",
        covered_by=COVERED,
        kw=lambda w: {"warning_pk": w.warning.pk},
        GET="login 403 403 403 403 200.",
        POST="login 403 403 403 403 200.",
    ),  # bencana/dari-peringatan/<int:warning_pk>/
    row(
        "clusters:report-create",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.disaster.pk},
        GET="login 403 200. 404 403 200.",
        POST="login 403 200. 404 403 200.",
    ),  # bencana/<int:pk>/laporan/baru/
    row("clusters:report-mine", GET="login 403 200. 200. 403 200."),  # bencana/laporan/saya/
    row(
        "clusters:report-queue",
        text=lambda w: f"/bencana/laporan/{w.report.pk}/",
        GET="login 403 403 403 403 200 200x",
        note="The koordinator kab/kota's queue holds two-level disasters' reports; this one goes to the province.",
    ),  # bencana/laporan/verifikasi/
    row(
        "clusters:report-detail",
        text=lambda w: w.disaster.title,
        kw=lambda w: {"pk": w.report.pk},
        GET="login 404 200 404 404 200",
    ),  # bencana/laporan/<int:pk>/
    row(
        "clusters:report-edit",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.report_draft.pk},
        GET="login 403 200. 404 403 200.",
        POST="login 403 200. 404 403 200.",
    ),  # bencana/laporan/<int:pk>/ubah/
    row(
        "clusters:report-correct",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.report.pk},
        GET="login 403 3xx 404 403 3xx",
        POST="login 403 3xx 404 403 3xx",
    ),  # bencana/laporan/<int:pk>/koreksi/
    row(
        "clusters:report-submit",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.report_draft.pk},
        GET="login - - - - 405",
        POST="login 404 3xx 404 404 3xx",
    ),  # bencana/laporan/<int:pk>/kirim/
    row(
        "clusters:report-verify",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.report.pk},
        GET="login - - - - 405",
        POST="login 404 403 404 404 3xx 403",
    ),  # bencana/laporan/<int:pk>/verifikasi/
    row(
        "clusters:report-return",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.report.pk},
        GET="login - - - - 405",
        POST="login 404 403 404 404 3xx 3xx",
        note="The koordinator kab/kota is told the province verifies this (one-level) disaster itself.",
    ),  # bencana/laporan/<int:pk>/kembalikan/
    row("api-cluster-list", api=True, GET="403 200. 200. 200. 200. 200."),  # api/v1/clusters/
    row("api-disaster-type-list", api=True, GET="403 200. 200. 200. 200. 200."),  # api/v1/disaster-types/
    row(
        "api-disaster-list",
        text=lambda w: w.disaster.title,
        covered_by=COVERED,
        api=True,
        GET="403 200 200 200x 200 200",
        POST="403 400 400 400 400 400",
    ),  # api/v1/disasters/
    row(
        "api-disaster-detail",
        text=lambda w: w.disaster.title,
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.disaster.pk},
        GET="403 200 200 404 200 200",
        PATCH="403 403 403 404 403 200.",
    ),  # api/v1/disasters/<int:pk>/
    row(
        "api-disaster-status",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.disaster.pk},
        POST="403 400 400 404 400 400",
    ),  # api/v1/disasters/<int:pk>/status/
    row(
        "api-field-report-list",
        text=lambda w: f'"id":{w.report.pk},',
        covered_by=COVERED,
        api=True,
        GET="403 200x 200 200x 200x 200",
        POST="403 400 400 400 400 400",
    ),  # api/v1/field-reports/
    row(
        "api-field-report-detail",
        text=lambda w: f'"id":{w.report.pk},',
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.report.pk},
        GET="403 404 200 404 404 200",
        PATCH="403 404 400 404 404 400",
    ),  # api/v1/field-reports/<int:pk>/
    row(
        "api-field-report-submit",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.report_draft.pk},
        POST="403 404 200. 404 404 200.",
    ),  # api/v1/field-reports/<int:pk>/submit/
    row(
        "api-field-report-verify",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.report.pk},
        POST="403 404 403 404 404 200. 403",
    ),  # api/v1/field-reports/<int:pk>/verify/
    row(
        "api-field-report-return",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.report.pk},
        POST="403 404 400 404 404 400 400",
    ),  # api/v1/field-reports/<int:pk>/return/
    row(
        "api-need-list",
        text=lambda w: w.need.description,
        covered_by=COVERED,
        api=True,
        GET="403 200 200 200x 200 200",
        POST="403 400 400 400 400 400",
    ),  # api/v1/needs/
    row(
        "api-need-detail",
        text=lambda w: w.need.description,
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.need.pk},
        GET="403 200 200 404 200 200",
        PATCH="403 403 200. 404 200. 200.",
    ),  # api/v1/needs/<int:pk>/
    row(
        "api-activity-list",
        text=lambda w: w.activity.title,
        covered_by=COVERED,
        api=True,
        GET="403 200 200 200x 200 200",
        POST="403 400 400 400 400 400",
    ),  # api/v1/activities/
    row(
        "api-activity-detail",
        text=lambda w: w.activity.title,
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.activity.pk},
        GET="403 200 200 404 200 200",
        PATCH="403 403 200. 404 200. 200.",
    ),  # api/v1/activities/<int:pk>/
    row("api-cluster-status", api=True, GET="403 400 400 400 400 400"),  # api/v1/cluster-status/
    row("api-cluster-impact", api=True, GET="403 400 400 400 400 400"),  # api/v1/cluster-status/impact/
    row("clusters:intake-list", GET="login 403 403 403 403 200."),  # bencana/kiriman-formulir/
    row(
        "api-intake-submission", api=True, kw=lambda w: {"slug": w.intake_form.slug}, POST="401 401 401 401 401 401"
    ),  # api/v1/intake/<slug:slug>/
]
