"""Health posts, daily consultations and outbreak signals (Klaster Kesehatan), pages and API.

The matrix's coordinator coordinates Pengungsian dan Perlindungan: health records are not their cluster's, so they
see none and their writes are answered like those of someone outside the area.
"""

from datetime import timedelta

from django.utils import timezone

from health.models import Signal
from health.services import consultation_record, health_post_create

from .spec import row
from .world import DESA_KOTA_SERANG, DESA_LEBAK

BUILD_ORDER = 60
COVERED = "tests/health/ (test_services, test_early_warning, test_apis, test_views)"


def build(w):
    opened = timezone.localdate() - timedelta(days=3)
    fields = {"organisation_kind": "puskesmas", "organisation_name": "Puskesmas Matriks", "opened_on": opened}
    w.health_post = health_post_create(
        user=w.staf, disaster=w.disaster.pk, desa=DESA_LEBAK, name="Pos Kesehatan Matriks Muara", **fields
    )
    w.health_post_other = health_post_create(
        user=w.staf, disaster=w.disaster_other.pk, desa=DESA_KOTA_SERANG, name="Pos Kesehatan Matriks Kasemen", **fields
    )
    w.consultation = consultation_record(
        user=w.staf,
        post=w.health_post,
        date=timezone.localdate() - timedelta(days=1),
        total=2,
        counts=[{"complaint": "suspek-kolera", "age_group": "dewasa", "sex": "P", "count": 1}],
    )
    w.signal = Signal.objects.get(post=w.health_post)


def _post(w):
    return {"pk": w.health_post.pk}


ROWS = [
    row("health:post-list", text=lambda w: w.health_post.name, GET="login 200 200 200x 200x 200"),  # kesehatan/
    row(
        "health:post-create",
        covered_by=COVERED,
        GET="login 403 200. 200. 200. 200.",
        POST="login 403 200. 200. 200. 200.",
    ),  # kesehatan/pos/baru/
    row(
        "health:post-detail", kw=_post, text=lambda w: w.health_post.name, GET="login 200 200 404 404 200"
    ),  # kesehatan/pos/<int:pk>/
    row(
        "health:post-edit",
        covered_by=COVERED,
        kw=_post,
        GET="login 403 200. 404 404 200.",
        POST="login 403 200. 404 404 200.",
    ),  # kesehatan/pos/<int:pk>/ubah/
    row(
        "health:consultation-create",
        covered_by=COVERED,
        kw=_post,
        GET="login 403 200. 404 404 200.",
        POST="login 403 200. 404 404 200.",
    ),  # kesehatan/pos/<int:pk>/konsultasi/
    row(
        "health:signal-list", text=lambda w: w.health_post.name, GET="login 200 200 200x 200x 200"
    ),  # kesehatan/sinyal/
    row(
        "health:signal-close", covered_by=COVERED, kw=lambda w: {"pk": w.signal.pk}, POST="login 403 3xx 404 404 3xx"
    ),  # kesehatan/sinyal/<int:pk>/tutup/
    row(
        "api-health-post-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.health_post.name,
        GET="403 200 200 200x 200x 200",
        POST="403 403 400 400 400 400",
    ),  # api/v1/health/posts/
    row(
        "api-health-post-detail",
        covered_by=COVERED,
        api=True,
        kw=_post,
        text=lambda w: w.health_post.name,
        GET="403 200 200 404 404 200",
        PATCH="403 403 200 404 404 200",
    ),  # api/v1/health/posts/<int:pk>/
    row(
        "api-health-consultation-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: f'"id":{w.consultation.pk},',
        GET="403 200 200 200x 200x 200",
        POST="403 403 400 400 400 400",
    ),  # api/v1/health/consultations/
    row(
        "api-health-consultation-detail",
        api=True,
        kw=lambda w: {"pk": w.consultation.pk},
        text=lambda w: f'"id":{w.consultation.pk},',
        GET="403 200 200 404 404 200",
    ),  # api/v1/health/consultations/<int:pk>/
    row(
        "api-health-signal-list",
        api=True,
        text=lambda w: f'"id":{w.signal.pk},',
        GET="403 200 200 200x 200x 200",
    ),  # api/v1/health/signals/
    row(
        "api-health-signal-close",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.signal.pk},
        text=lambda w: '"state":"ditutup"',
        POST="403 403 200 404 404 200",
    ),  # api/v1/health/signals/<int:pk>/close/
    row("api-health-complaint-list", api=True, text=lambda w: "suspek-kolera", GET="403 200 200 200 200 200"),
]
