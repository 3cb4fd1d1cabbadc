"""The field app's server side: scoped reference data, photos stored privately without metadata, the GPS point,
the shared-phone guard, the service worker and the manifest."""

import io
import json
import uuid
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import storages
from PIL import Image
from rest_framework.test import APIClient

from banten_dinsos.audit.models import AuditAction, AuditLog
from banten_dinsos.field_app.models import OutboxReceipt, ReportLocation, ReportPhoto
from banten_dinsos.regions.models import Region
from clusters.models import FieldReport
from clusters.services import field_report_create, field_report_submit
from shelters.models import Evacuee, EvacueeMovement, EvacueeStatus, LdpSession

from .conftest import LEBAK_DESA, LEBAK_KECAMATAN, camera_jpeg

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def _report(user, disaster):
    report, _created = field_report_create(
        user=user,
        disaster=disaster,
        area=Region.objects.get(code=LEBAK_KECAMATAN),
        observed_at=datetime(2026, 1, 18, 8, tzinfo=WIB),
        idempotency_key=uuid.uuid4(),
        affected_people=120,
        displaced=40,
    )
    return report


def _upload(client, report, data, key=None, **extra):
    photo = io.BytesIO(data)
    photo.name = "foto.jpg"
    return client.post(
        f"/api/v1/field-app/reports/{report.pk}/photos/",
        {"photo": photo, "client_key": str(key or uuid.uuid4()), **extra},
        format="multipart",
    )


def test_reference_data_holds_only_the_officers_kabkota(
    api_as, petugas_lebak, banjir_lebak, banjir_serang, open_shelter_lebak
):
    response = api_as(petugas_lebak).get("/api/v1/field-app/reference/")
    assert response.status_code == 200
    data = response.json()
    assert data["user"]["id"] == petugas_lebak.pk
    assert [d["title"] for d in data["disasters"]] == ["Banjir Lebak Januari 2026"]
    assert data["areas"] and all(area["code"].startswith("36.02.") for area in data["areas"])
    assert {area["level"] for area in data["areas"]} == {"kecamatan", "desa"}
    assert [shelter["id"] for shelter in data["shelters"]] == [open_shelter_lebak.pk]
    assert "refreshed_at" in data and response["Cache-Control"] == "private, no-store"
    assert any(field["name"] == "affected_people" for field in data["count_fields"])


def test_reference_data_refused_to_readers_and_anonymous(api, api_as, api_client_user):
    assert api.get("/api/v1/field-app/reference/").status_code in (401, 403)
    assert api_as(api_client_user).get("/api/v1/field-app/reference/").status_code == 403


def test_photo_is_downscaled_stripped_of_metadata_stored_privately_and_audited(api_as, petugas_lebak, banjir_lebak):
    report = _report(petugas_lebak, banjir_lebak)
    key = uuid.uuid4()
    response = _upload(api_as(petugas_lebak), report, camera_jpeg(), key)
    assert response.status_code == 201, response.json()
    photo = ReportPhoto.objects.get()
    assert (photo.width, photo.height) == (1600, 1067)
    # The camera's location is kept as fields; nothing else of the file's metadata survives.
    assert (photo.latitude, photo.longitude) == (Decimal("-6.350000"), Decimal("106.245000"))
    assert photo.image.storage is storages["private"] or photo.image.storage.__class__ is storages["private"].__class__
    with photo.image.open("rb") as handle, Image.open(handle) as stored:
        assert stored.format == "JPEG" and max(stored.size) == 1600
        assert not stored.getexif() and "exif" not in stored.info and "icc_profile" not in stored.info
    assert response.json()["url"] == f"/lapangan/foto/{photo.pk}/"
    assert AuditLog.objects.filter(action=AuditAction.CREATE, model="field_app.reportphoto").count() == 1


def test_a_resent_photo_is_stored_once(api_as, petugas_lebak, banjir_lebak):
    report = _report(petugas_lebak, banjir_lebak)
    key = uuid.uuid4()
    client = api_as(petugas_lebak)
    assert _upload(client, report, camera_jpeg(800, 600), key).status_code == 201
    again = _upload(client, report, camera_jpeg(800, 600), key)
    assert again.status_code == 200
    assert ReportPhoto.objects.count() == 1 and again.json()["client_key"] == str(key)


def test_photo_refusals_name_the_field(api_as, petugas_lebak, petugas_kota_serang, banjir_lebak):
    report = _report(petugas_lebak, banjir_lebak)
    response = _upload(api_as(petugas_lebak), report, b"bukan foto")
    assert response.status_code == 400 and "photo" in response.json()["errors"]
    assert _upload(api_as(petugas_kota_serang), report, camera_jpeg(400, 300)).status_code == 404
    field_report_submit(user=petugas_lebak, report=report)
    response = _upload(api_as(petugas_lebak), report, camera_jpeg(400, 300))
    assert response.status_code == 400 and "photo" in response.json()["errors"]
    assert not ReportPhoto.objects.exists()


def test_photo_is_served_only_within_the_reports_scope_and_each_view_is_audited(
    api_as, page_as, petugas_lebak, petugas_kota_serang, banjir_lebak
):
    report = _report(petugas_lebak, banjir_lebak)
    photo_id = _upload(api_as(petugas_lebak), report, camera_jpeg(400, 300)).json()["id"]
    response = page_as(petugas_lebak).get(f"/lapangan/foto/{photo_id}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert AuditLog.objects.filter(action=AuditAction.VIEW, model="field_app.reportphoto").count() == 1
    assert page_as(petugas_kota_serang).get(f"/lapangan/foto/{photo_id}/").status_code == 404
    listed = api_as(petugas_lebak).get(f"/api/v1/field-app/reports/{report.pk}/photos/")
    assert [row["id"] for row in listed.json()] == [photo_id]


def test_location_is_recorded_with_accuracy_and_checked_against_banten(api_as, petugas_lebak, banjir_lebak):
    report = _report(petugas_lebak, banjir_lebak)
    client = api_as(petugas_lebak)
    url = f"/api/v1/field-app/reports/{report.pk}/location/"
    response = client.put(url, {"latitude": "-6.35", "longitude": "106.245", "accuracy_m": 12}, format="json")
    assert response.status_code == 200
    assert ReportLocation.objects.get(report=report).accuracy_m == 12
    outside = client.put(url, {"latitude": "-8.5", "longitude": "106.245", "accuracy_m": 12}, format="json")
    assert outside.status_code == 400 and "latitude" in outside.json()["errors"]
    assert ReportLocation.objects.get(report=report).latitude == Decimal("-6.350000")


def test_an_item_queued_by_another_user_is_never_saved_under_the_signed_in_users_name(
    petugas_lebak, staf, banjir_lebak
):
    body = {
        "disaster": banjir_lebak.pk,
        "idempotency_key": str(uuid.uuid4()),
        "area": LEBAK_DESA,
        "observed_at": "2026-01-18T08:00:00+07:00",
        "affected_people": 5,
    }
    # Signed in with a session, as on the phone (the check runs before any view, on the session's user).
    client = APIClient(enforce_csrf_checks=False)
    client.force_login(staf)
    response = client.post("/api/v1/field-reports/", body, format="json", HTTP_X_OUTBOX_USER=str(petugas_lebak.pk))
    assert response.status_code == 409 and "outbox_user" in response.json()["errors"]
    assert not FieldReport.objects.exists()
    ok = client.post("/api/v1/field-reports/", body, format="json", HTTP_X_OUTBOX_USER=str(staf.pk))
    assert ok.status_code == 201


def test_service_worker_is_served_at_the_root_with_its_scope_header_and_no_cdn(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Content-Type"].startswith("application/javascript")
    assert "Content-Security-Policy" in response and "script-src 'self'" in response["Content-Security-Policy"]
    body = response.content.decode()
    assert "/static/vendor/workbox-7.4.1/workbox-sw.js" in body
    assert "http" not in body.split("self.FIELD_APP")[0]
    config = json.loads(body.split("self.FIELD_APP = ", 1)[1].split(";\n", 1)[0])
    assert config["workboxPrefix"] == "/static/vendor/workbox-7.4.1/"
    assert "/lapangan/laporan/" in config["pages"]
    assert all(entry["revision"] != "0" for entry in config["precache"])


def test_manifest_names_the_app_in_indonesian_with_png_icons(client, db):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["lang"] == "id" and data["start_url"] == "/lapangan/" and data["display"] == "standalone"
    assert data["name"] == "Laporan Lapangan Dinsos Banten"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}


def test_shell_pages_for_officers_only(client, page_as, petugas_lebak, api_client_user):
    assert client.get("/lapangan/laporan/").status_code == 302
    page = page_as(petugas_lebak).get("/lapangan/laporan/")
    assert page.status_code == 200 and b'id="report-form"' in page.content
    # Same shell for everyone: no user name in the page the service worker keeps.
    assert petugas_lebak.username.encode() not in page.content
    assert page_as(api_client_user).get("/lapangan/").status_code == 403


def _ldp_body(shelter, key):
    return {
        "client_key": str(key),
        "shelter": shelter.pk,
        "held_on": "2026-01-19",
        "kind": "pfa",
        "provider": "tagana",
        "providers_count": 2,
        "reached_children_female": 12,
        "notes": "Sesi pagi",
    }


def test_an_ldp_session_resent_from_the_outbox_is_recorded_once(api_as, petugas_lebak, open_shelter_lebak):
    client = api_as(petugas_lebak)
    key = uuid.uuid4()
    first = client.post("/api/v1/field-app/ldp-sessions/", _ldp_body(open_shelter_lebak, key), format="json")
    assert first.status_code == 201, first.json()
    again = client.post("/api/v1/field-app/ldp-sessions/", _ldp_body(open_shelter_lebak, key), format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert LdpSession.objects.count() == 1 and OutboxReceipt.objects.count() == 1
    assert LdpSession.objects.get().reached_children_female == 12


def test_an_ldp_session_key_of_another_user_or_another_kabkota_is_refused(
    api_as, petugas_lebak, petugas_kota_serang, staf, open_shelter_lebak
):
    key = uuid.uuid4()
    api_as(petugas_lebak).post("/api/v1/field-app/ldp-sessions/", _ldp_body(open_shelter_lebak, key), format="json")
    reused = api_as(staf).post("/api/v1/field-app/ldp-sessions/", _ldp_body(open_shelter_lebak, key), format="json")
    assert reused.status_code == 409 and "client_key" in reused.json()["errors"]
    outside = api_as(petugas_kota_serang).post(
        "/api/v1/field-app/ldp-sessions/", _ldp_body(open_shelter_lebak, uuid.uuid4()), format="json"
    )
    assert outside.status_code == 400 and "shelter" in outside.json()["errors"]
    assert LdpSession.objects.count() == 1


def test_an_evacuee_check_out_resent_from_the_outbox_moves_the_person_once(
    api_as, petugas_lebak, petugas_kota_serang, open_shelter_lebak
):
    evacuee = Evacuee.objects.create(
        full_name="Siti Aminah",
        sex="P",
        shelter=open_shelter_lebak,
        kabkota_id=open_shelter_lebak.kabkota_id,
        status=EvacueeStatus.CHECKED_IN,
    )
    client = api_as(petugas_lebak)
    listed = client.get("/api/v1/field-app/evacuees/")
    assert [row["full_name"] for row in listed.json()] == ["Siti Aminah"]
    assert "nik" not in listed.json()[0]
    assert AuditLog.objects.filter(action=AuditAction.VIEW, model="shelters.evacuee").count() == 1
    assert api_as(petugas_kota_serang).get("/api/v1/field-app/evacuees/").json() == []

    body = {"client_key": str(uuid.uuid4()), "evacuee": evacuee.pk, "action": "check_out", "note": "Pulang"}
    first = client.post("/api/v1/field-app/evacuee-moves/", body, format="json")
    assert first.status_code == 201, first.json()
    again = client.post("/api/v1/field-app/evacuee-moves/", body, format="json")
    assert again.status_code == 200 and again.json()["status"] == EvacueeStatus.CHECKED_OUT
    assert EvacueeMovement.objects.filter(evacuee=evacuee).count() == 1
    # A new key for the same person: the server's own rule answers, naming the field.
    second = client.post("/api/v1/field-app/evacuee-moves/", {**body, "client_key": str(uuid.uuid4())}, format="json")
    assert second.status_code == 400 and "status" in second.json()["errors"]
    outside = api_as(petugas_kota_serang).post(
        "/api/v1/field-app/evacuee-moves/", {**body, "client_key": str(uuid.uuid4())}, format="json"
    )
    assert outside.status_code == 400 and "evacuee" in outside.json()["errors"]
