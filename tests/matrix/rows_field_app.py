"""The field app (offline-first pages for officers, its service worker and manifest, photos and GPS points)."""

import io
import uuid

from PIL import Image

from banten_dinsos.field_app.services import report_photo_attach

from .spec import row

BUILD_ORDER = 60
COVERED = "tests/field_app/ (test_apis, test_browser)"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (90, 60, 30)).save(out, format="JPEG")
    return out.getvalue()


def build(w):
    # A photo of the Lebak draft report (rows_clusters builds it): officers of Lebak and provincial staff see it.
    w.photo, _created = report_photo_attach(
        user=w.petugas_in, report=w.report_draft, client_key=uuid.uuid4(), data=_jpeg()
    )


ROWS = [
    row("field_app:home", GET="login 403 200. 200. 200. 200."),  # lapangan/
    row("field_app:report", GET="login 403 200. 200. 403 200."),  # lapangan/laporan/
    row("field_app:headcount", GET="login 403 200. 200. 200. 200."),  # lapangan/hitung-pengungsi/
    row("field_app:ldp-session", GET="login 403 200. 200. 200. 200."),  # lapangan/sesi-ldp/
    row("field_app:evacuee-move", GET="login 403 200. 200. 403 200."),  # lapangan/pengungsi-keluar-masuk/
    row(
        "field_app:photo", kw=lambda w: {"pk": w.photo.pk}, GET="login 404 200. 404 404 200."
    ),  # lapangan/foto/<int:pk>/
    row("service-worker", GET="200. 200. 200. 200. 200. 200."),  # sw.js
    row("web-manifest", GET="200. 200. 200. 200. 200. 200."),  # manifest.webmanifest
    row("api-field-app-reference", api=True, GET="403 403 200. 200. 200. 200."),  # api/v1/field-app/reference/
    row(
        "api-field-app-report-photos",
        api=True,
        covered_by=COVERED,
        kw=lambda w: {"pk": w.report_draft.pk},
        text=lambda w: str(w.photo.client_key),
        GET="403 404 200 404 404 200",
        POST="403 404 400 404 404 400",
    ),  # api/v1/field-app/reports/<int:pk>/photos/
    row(
        "api-field-app-report-location",
        api=True,
        covered_by=COVERED,
        kw=lambda w: {"pk": w.report_draft.pk},
        PUT="403 404 400 404 404 400",
    ),  # api/v1/field-app/reports/<int:pk>/location/
    row("api-field-app-evacuees", api=True, GET="403 403 200. 200. 200. 200."),  # api/v1/field-app/evacuees/
    row(
        "api-field-app-evacuee-move", api=True, covered_by=COVERED, POST="403 403 400 400 403 400"
    ),  # api/v1/field-app/evacuee-moves/
    row(
        "api-field-app-ldp-session", api=True, covered_by=COVERED, POST="403 403 400 400 400 400"
    ),  # api/v1/field-app/ldp-sessions/
]
