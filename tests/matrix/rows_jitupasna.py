"""Jitupasna (post-disaster needs assessment): assessments, damage/loss/needs entries, agency input, documents."""

from decimal import Decimal

from jitupasna.models import Sector, SubSector
from jitupasna.services import (
    assessment_create,
    assessment_output_build,
    assessment_output_request,
    damage_entry_create,
    jitupasna_load_reference,
    loss_entry_create,
    needs_entry_create,
)

from .spec import row

BUILD_ORDER = 70
# Allowed writes (a form answer or a success here) are proven by:
COVERED = "tests/jitupasna/ (test_views, test_apis, test_services, test_input_rounds, test_outputs)"


def build(w):
    jitupasna_load_reference()
    w.assessment = assessment_create(
        user=w.staf, disaster=w.disaster, title="Jitupasna Matriks Banjir Lebak", bbb_uplift_percent=Decimal("10")
    )
    w.damage_entry = damage_entry_create(
        user=w.staf,
        assessment=w.assessment,
        sub_sector=SubSector.objects.get(code="perumahan"),
        kabkota=w.lebak,
        asset_kind="Rumah Matriks",
        units_heavy=Decimal(3),
        unit_cost=Decimal(50_000_000),
    )
    w.loss_entry = loss_entry_create(
        user=w.staf,
        assessment=w.assessment,
        sub_sector=SubSector.objects.get(code="perdagangan"),
        kabkota=w.lebak,
        description="Pasar Matriks tutup",
        recovery_months=3,
        lost_income=Decimal(1_000_000),
    )
    w.needs_entry = needs_entry_create(
        user=w.staf,
        assessment=w.assessment,
        sector=Sector.objects.get(code="sosial"),
        kabkota=w.lebak,
        access=Decimal(2_000_000),
        description="Kebutuhan Matriks sosial",
    )
    assessment_output_request(user=w.staf, assessment=w.assessment, formats=["xlsx"])
    assessment_output_build(assessment_id=w.assessment.pk, fmt="xlsx")


ROWS = [
    row("jitupasna:list", text=lambda w: w.assessment.title, GET="login 200x 200 200x 200 200"),  # jitupasna/
    row(
        "jitupasna:create", covered_by=COVERED, GET="login 403 403 403 403 200.", POST="login 403 403 403 403 200."
    ),  # jitupasna/baru/
    row("jitupasna:reference", GET="login 200. 200. 200. 200. 200."),  # jitupasna/referensi/
    row(
        "jitupasna:detail",
        kw=lambda w: {"pk": w.assessment.pk},
        text=lambda w: w.assessment.title,
        GET="login 404 200 404 200 200",
    ),  # jitupasna/<int:pk>/
    row(
        "jitupasna:edit",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.assessment.pk},
        text=lambda w: w.assessment.title,
        GET="login 404 403 404 403 200",
        POST="login 404 403 404 403 200",
    ),  # jitupasna/<int:pk>/ubah/
    row(
        "jitupasna:open",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.assessment.pk},
        GET="login 404 403 404 403 200.",
        POST="login 404 403 404 403 200.",
    ),  # jitupasna/<int:pk>/buka-masukan/
    row(
        "jitupasna:finalise",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.assessment.pk},
        GET="login - - - - 405",
        POST="login 404 403 404 403 3xx",
    ),  # jitupasna/<int:pk>/final/
    row(
        "jitupasna:prefill",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.assessment.pk},
        GET="login - - - - 405",
        POST="login 404 403 404 403 3xx",
    ),  # jitupasna/<int:pk>/isi-dari-laporan/
    row(
        "jitupasna:input-submit",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.assessment.pk},
        GET="login - - - - 405",
        POST="login 404 3xx 404 3xx 3xx",
    ),  # jitupasna/<int:pk>/masukan/kirim/
    row(
        "jitupasna:output-status",
        kw=lambda w: {"pk": w.assessment.pk},
        text=lambda w: 'id="jitupasna-documents"',
        GET="login 404 404 404 200 200",
    ),  # jitupasna/<int:pk>/dokumen/status/
    row(
        "jitupasna:output", kw=lambda w: {"pk": w.assessment.pk, "fmt": "xlsx"}, GET="login 404 404 404 200. 200."
    ),  # jitupasna/<int:pk>/dokumen/<str:fmt>/
    row(
        "jitupasna:output-request",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.assessment.pk, "fmt": "xlsx"},
        GET="login - - - - 405",
        POST="login 404 404 404 3xx 3xx",
    ),  # jitupasna/<int:pk>/dokumen/<str:fmt>/buat/
    row(
        "jitupasna:damage-list",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.assessment.pk},
        text=lambda w: w.damage_entry.asset_kind,
        GET="login 404 200 404 200 200",
        POST="login 404 403 404 403 200.",
    ),  # jitupasna/<int:pk>/kerusakan/
    row(
        "jitupasna:damage-edit",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.assessment.pk, "entry_pk": w.damage_entry.pk},
        text=lambda w: w.damage_entry.asset_kind,
        GET="login 404 403 404 403 200",
        POST="login 404 403 404 403 200",
    ),  # jitupasna/<int:pk>/kerusakan/<int:entry_pk>/
    row(
        "jitupasna:damage-delete",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.assessment.pk, "entry_pk": w.damage_entry.pk},
        GET="login - - - - 405",
        POST="login 404 403 404 403 3xx",
    ),  # jitupasna/<int:pk>/kerusakan/<int:entry_pk>/hapus/
    row(
        "jitupasna:loss-list",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.assessment.pk},
        text=lambda w: w.loss_entry.description,
        GET="login 404 200 404 200 200",
        POST="login 404 403 404 403 200.",
    ),  # jitupasna/<int:pk>/kerugian/
    row(
        "jitupasna:loss-edit",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.assessment.pk, "entry_pk": w.loss_entry.pk},
        text=lambda w: w.loss_entry.description,
        GET="login 404 403 404 403 200",
        POST="login 404 403 404 403 200",
    ),  # jitupasna/<int:pk>/kerugian/<int:entry_pk>/
    row(
        "jitupasna:loss-delete",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.assessment.pk, "entry_pk": w.loss_entry.pk},
        GET="login - - - - 405",
        POST="login 404 403 404 403 3xx",
    ),  # jitupasna/<int:pk>/kerugian/<int:entry_pk>/hapus/
    row(
        "jitupasna:needs-list",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.assessment.pk},
        text=lambda w: w.needs_entry.description,
        GET="login 404 200 404 200 200",
        POST="login 404 403 404 403 200.",
    ),  # jitupasna/<int:pk>/kebutuhan/
    row(
        "jitupasna:needs-edit",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.assessment.pk, "entry_pk": w.needs_entry.pk},
        text=lambda w: w.needs_entry.description,
        GET="login 404 403 404 403 200",
        POST="login 404 403 404 403 200",
    ),  # jitupasna/<int:pk>/kebutuhan/<int:entry_pk>/
    row(
        "jitupasna:needs-delete",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.assessment.pk, "entry_pk": w.needs_entry.pk},
        GET="login - - - - 405",
        POST="login 404 403 404 403 3xx",
    ),  # jitupasna/<int:pk>/kebutuhan/<int:entry_pk>/hapus/
    row("api-jitupasna-sectors", api=True, GET="403 200. 200. 200. 200. 200."),  # api/v1/jitupasna/sectors/
    row(
        "api-jitupasna-damage-factors", api=True, GET="403 200. 200. 200. 200. 200."
    ),  # api/v1/jitupasna/damage-factors/
    row(
        "api-jitupasna-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.assessment.title,
        GET="403 200x 200 200x 200 200",
        POST="403 400 400 400 400 400",
    ),  # api/v1/jitupasna/assessments/
    row(
        "api-jitupasna-detail",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.assessment.pk},
        text=lambda w: w.assessment.title,
        GET="403 404 200 404 200 200",
        PATCH="403 404 403 404 403 200",
    ),  # api/v1/jitupasna/assessments/<int:pk>/
    row(
        "api-jitupasna-open",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.assessment.pk},
        POST="403 404 400 404 400 400",
    ),  # api/v1/jitupasna/assessments/<int:pk>/open/
    row(
        "api-jitupasna-finalise",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.assessment.pk},
        POST="403 404 403 404 403 200.",
    ),  # api/v1/jitupasna/assessments/<int:pk>/finalise/
    row(
        "api-jitupasna-prefill",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.assessment.pk},
        POST="403 404 403 404 403 200.",
    ),  # api/v1/jitupasna/assessments/<int:pk>/prefill/
    row(
        "api-jitupasna-summary", api=True, kw=lambda w: {"pk": w.assessment.pk}, GET="403 404 200. 404 200. 200."
    ),  # api/v1/jitupasna/assessments/<int:pk>/summary/
    row(
        "api-jitupasna-input",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.assessment.pk},
        GET="403 404 200. 404 200. 200.",
        POST="403 404 400 404 400 400",
    ),  # api/v1/jitupasna/assessments/<int:pk>/input/
    row(
        "api-jitupasna-damage",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.assessment.pk},
        text=lambda w: w.damage_entry.asset_kind,
        GET="403 404 200 404 200 200",
        POST="403 404 400 404 400 400",
    ),  # api/v1/jitupasna/assessments/<int:pk>/damage/
    row(
        "api-jitupasna-damage-detail",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.assessment.pk, "entry_pk": w.damage_entry.pk},
        text=lambda w: w.damage_entry.asset_kind,
        GET="403 404 200 404 200 200",
        PATCH="403 404 403 404 403 200",
        DELETE="403 404 403 404 403 204",
    ),  # api/v1/jitupasna/assessments/<int:pk>/damage/<int:entry_pk>/
    row(
        "api-jitupasna-loss",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.assessment.pk},
        text=lambda w: w.loss_entry.description,
        GET="403 404 200 404 200 200",
        POST="403 404 400 404 400 400",
    ),  # api/v1/jitupasna/assessments/<int:pk>/losses/
    row(
        "api-jitupasna-loss-detail",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.assessment.pk, "entry_pk": w.loss_entry.pk},
        text=lambda w: w.loss_entry.description,
        GET="403 404 200 404 200 200",
        PATCH="403 404 403 404 403 200",
        DELETE="403 404 403 404 403 204",
    ),  # api/v1/jitupasna/assessments/<int:pk>/losses/<int:entry_pk>/
    row(
        "api-jitupasna-needs",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.assessment.pk},
        text=lambda w: w.needs_entry.description,
        GET="403 404 200 404 200 200",
        POST="403 404 400 404 400 400",
    ),  # api/v1/jitupasna/assessments/<int:pk>/needs/
    row(
        "api-jitupasna-needs-detail",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.assessment.pk, "entry_pk": w.needs_entry.pk},
        text=lambda w: w.needs_entry.description,
        GET="403 404 200 404 200 200",
        PATCH="403 404 403 404 403 200",
        DELETE="403 404 403 404 403 204",
    ),  # api/v1/jitupasna/assessments/<int:pk>/needs/<int:entry_pk>/
    row(
        "api-jitupasna-document",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.assessment.pk, "fmt": "xlsx"},
        GET="403 404 404 404 200. 200.",
        POST="403 404 404 404 202 202",
    ),  # api/v1/jitupasna/assessments/<int:pk>/document.<str:fmt>
]
