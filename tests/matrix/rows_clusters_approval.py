"""The field-report approval flow (clusters app): approve, unapprove, withdraw, completeness, approval settings and
validation rules, pages and API. These rows carry the seventh column, the koordinator kab/kota of Lebak."""

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from clusters.models import ApprovalLevels, DisasterType, EmergencyStatus, RuleSeverity
from clusters.services import (
    disaster_create,
    field_report_approve,
    field_report_create,
    validation_rule_create,
)

from .spec import KABKOTA_KOORD, row
from .world import region

WIB = ZoneInfo("Asia/Jakarta")
BUILD_ORDER = 25
COVERED = "tests/clusters/approval/ (test_services, test_apis, test_views)"


def _submitted(w, hour):
    report, _created = field_report_create(
        user=w.petugas_in,
        disaster=w.disaster_two_levels,
        area=region("36.02.14"),
        observed_at=datetime(2026, 1, 18, hour, tzinfo=WIB),
        idempotency_key=uuid.uuid4(),
        affected_people=100 + hour,
        affected_families=30,
        displaced=20,
        submit=True,
    )
    return report


def build(w):
    w.disaster_two_levels = disaster_create(
        user=w.staf,
        disaster_type=DisasterType.objects.get(code="102"),
        title="Longsor Matriks Lebak Dua Tingkat",
        started_on=datetime(2026, 1, 17).date(),
        affected_kabkota=[region("36.02")],
        affected_kecamatan=[region("36.02.14")],
        status=EmergencyStatus.TANGGAP,
    )
    w.disaster_two_levels.approval_levels = ApprovalLevels.KABKOTA_THEN_PROVINCE
    w.disaster_two_levels.save(update_fields=["approval_levels"])
    w.report_waiting = _submitted(w, 8)
    w.report_approved = field_report_approve(user=w.users[KABKOTA_KOORD], report=_submitted(w, 9))
    w.rule = validation_rule_create(
        user=w.staf,
        code="matriks-pengungsi",
        name="Aturan Matriks Pengungsi",
        expression="displaced <= affected_people",
        message="Pengungsi melebihi terdampak.",
        severity=RuleSeverity.HARD,
    )


REASON = {"reason": "Alasan matriks"}

ROWS = [
    # Pages (answers: anonymous api_client petugas_in petugas_out koordinator staf koordinator_kabkota)
    row(
        "clusters:report-approve",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.report_waiting.pk},
        GET="login - - - - 405 405",
        POST="login 404 403 404 404 3xx 3xx",
        note="Provincial staff may stand in for the kab/kota level.",
    ),  # bencana/laporan/<int:pk>/setujui/
    row(
        "clusters:report-unapprove",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.report_approved.pk},
        body=lambda w: REASON,
        GET="login - - - - 405 405",
        POST="login 404 403 404 404 3xx 3xx",
    ),  # bencana/laporan/<int:pk>/batalkan-persetujuan/
    row(
        "clusters:report-withdraw",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.report_waiting.pk},
        GET="login - - - - 405 405",
        POST="login 404 3xx 404 404 3xx 3xx",
        note="Staff and the koordinator get the page back with 'only the author withdraws'.",
    ),  # bencana/laporan/<int:pk>/tarik/
    row(
        "clusters:disaster-reporting",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.disaster_two_levels.pk},
        text=lambda w: w.disaster_two_levels.title,
        body=lambda w: {"approval_levels": "2", "report_deadline": "16:00"},
        GET="login 403 403 403 403 200 403",
        POST="login 403 403 403 403 3xx 403",
    ),  # bencana/<int:pk>/persetujuan/
    row(
        "clusters:disaster-completeness",
        kw=lambda w: {"pk": w.disaster_two_levels.pk},
        query="?tanggal=2026-01-18",
        text=lambda w: f"/bencana/laporan/{w.report_waiting.pk}/",
        GET="login 200 200 404 200 200 200",
    ),  # bencana/<int:pk>/kelengkapan/
    row("clusters:rule-list", text=lambda w: w.rule.name, GET="login 200 200 200 200 200 200"),  # aturan-validasi/
    row(
        "clusters:rule-create",
        covered_by=COVERED,
        GET="login 403 403 403 403 200. 403",
        POST="login 403 403 403 403 200. 403",
    ),  # bencana/aturan-validasi/baru/
    row(
        "clusters:rule-edit",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.rule.pk},
        text=lambda w: w.rule.expression,
        GET="login 403 403 403 403 200 403",
        POST="login 403 403 403 403 200. 403",
    ),  # bencana/aturan-validasi/<int:pk>/
    row(
        "clusters:rule-load-defaults",
        covered_by=COVERED,
        GET="login - - - - 405 405",
        POST="login 403 403 403 403 3xx 403",
    ),  # bencana/aturan-validasi/bawaan/
    # API
    row(
        "api-field-report-queue",
        api=True,
        text=lambda w: str(w.report_waiting.idempotency_key),
        GET="403 403 403 403 403 200x 200",
        note="The waiting report is the koordinator kab/kota's to approve, not yet the province's.",
    ),  # api/v1/field-reports/queue/
    row(
        "api-field-report-completeness",
        api=True,
        query=lambda w: f"?disaster={w.disaster_two_levels.pk}&date=2026-01-18",
        text=lambda w: "36.02.14",
        GET="403 200 200 404 200 200 200",
    ),  # api/v1/field-reports/completeness/
    row(
        "api-field-report-approve",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.report_waiting.pk},
        POST="403 404 403 404 404 200. 200.",
    ),  # api/v1/field-reports/<int:pk>/approve/
    row(
        "api-field-report-unapprove",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.report_approved.pk},
        body=lambda w: REASON,
        POST="403 404 403 404 404 200. 200.",
    ),  # api/v1/field-reports/<int:pk>/unapprove/
    row(
        "api-field-report-withdraw",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.report_waiting.pk},
        POST="403 404 200. 404 404 400 400",
    ),  # api/v1/field-reports/<int:pk>/withdraw/
    row(
        "api-disaster-reporting",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.disaster_two_levels.pk},
        text=lambda w: '"approval_levels":2',
        body=lambda w: {"approval_levels": 1},
        GET="403 200 200 404 200 200 200",
        PATCH="403 403 403 403 403 200. 403",
    ),  # api/v1/disasters/<int:pk>/reporting/
    row(
        "api-validation-rule-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.rule.code,
        GET="403 200 200 200 200 200 200",
        POST="403 403 403 403 403 400 403",
    ),  # api/v1/validation-rules/
    row(
        "api-validation-rule-detail",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.rule.pk},
        text=lambda w: w.rule.code,
        GET="403 200 200 200 200 200 200",
        PATCH="403 403 403 403 403 200. 403",
    ),  # api/v1/validation-rules/<int:pk>/
]
