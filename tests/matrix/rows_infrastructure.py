"""Access and basic services per desa/kecamatan (Sarana dan Prasarana), pages, API and the HXL export.

The matrix's coordinator coordinates Pengungsian dan Perlindungan: access records are not their cluster's, so they
see none and their writes are answered like those of someone outside the area.
"""

from datetime import timedelta

from django.utils import timezone

from infrastructure.services import access_status_record

from .spec import row
from .world import DESA_KOTA_SERANG, DESA_LEBAK

BUILD_ORDER = 60
COVERED = "tests/infrastructure/ (test_services, test_apis)"


def build(w):
    observed = timezone.now() - timedelta(hours=3)
    w.access = access_status_record(
        user=w.staf,
        disaster=w.disaster.pk,
        area=DESA_LEBAK,
        observed_at=observed,
        road_access="terputus",
        source="Dinas PUPR Matriks",
    )
    w.access_other = access_status_record(
        user=w.staf,
        disaster=w.disaster_other.pk,
        area=DESA_KOTA_SERANG,
        observed_at=observed,
        road_access="normal",
        source="Dinas PUPR Matriks",
    )


ROWS = [
    row("infrastructure:area-list", text=lambda w: "Muara Ciujung Barat", GET="login 200 200 200x 200x 200"),  # akses/
    row(
        "infrastructure:status-create",
        covered_by=COVERED,
        GET="login 403 200. 200. 200. 200.",
        POST="login 403 200. 200. 200. 200.",
    ),  # akses/baru/
    row(
        "infrastructure:area-detail",
        kw=lambda w: {"disaster": w.disaster.pk, "area": DESA_LEBAK},
        text=lambda w: "Muara Ciujung Barat",
        GET="login 200 200 404 404 200",
    ),  # akses/<int:disaster>/<str:area>/
    row(
        "api-access-status-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: f'"id":{w.access.pk},',
        GET="403 200 200 200x 200x 200",
        POST="403 403 400 400 400 400",
    ),  # api/v1/access/statuses/
    row(
        "api-access-area-list", api=True, text=lambda w: DESA_LEBAK, GET="403 200 200 200x 200x 200"
    ),  # api/v1/access/areas/
    row(
        "api-access-export", api=True, text=lambda w: DESA_LEBAK, GET="403 200 200 200x 200x 200"
    ),  # api/v1/access/export.csv
]
