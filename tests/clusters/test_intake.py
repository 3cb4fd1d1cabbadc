"""KoboToolbox and ODK Central submissions in: one report per submission UUID, clear errors, nothing half-saved."""

import base64
import copy

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from clusters.models import FieldReport, IntakeForm, IntakeOutcome, IntakeSource, IntakeSubmission, Need
from clusters.services.intake import intake_form_issue_token

pytestmark = pytest.mark.django_db

MAPPING = {
    "location": "lokasi/desa",
    "locations": {"gembor_rw03": "36.71.08.1002"},
    "observed_at": "start",
    "notes": "catatan",
    "figures": {
        "dampak/meninggal": "dead",
        "dampak/luka": "injured",
        "dampak/terdampak_jiwa": "affected_people",
        "dampak/terdampak_kk": "affected_families",
        "dampak/mengungsi": "displaced",
        "rumah/rusak_berat": "houses_heavily_damaged",
        "rumah/terendam": "houses_submerged",
    },
}

# The shape KoboToolbox's REST Services post (one flat object, groups joined with "/", strings for numbers).
KOBO_SUBMISSION = {
    "_id": 281934112,
    "formhub/uuid": "a7c93d6f0e0b4c6d9f1b2f8e2d1c0b9a",
    "start": "2026-01-18T07:12:03.512+07:00",
    "end": "2026-01-18T07:40:55.118+07:00",
    "lokasi/desa": "3671081001",
    "dampak/meninggal": "1",
    "dampak/luka": "3",
    "dampak/terdampak_jiwa": "420",
    "dampak/terdampak_kk": "120",
    "dampak/mengungsi": "85",
    "rumah/rusak_berat": "4",
    "rumah/terendam": "60",
    "catatan": "Air setinggi 80 cm di RW 05",
    "__version__": "vF3xRk9yTqBYm3QzD7dL2c",
    "meta/instanceID": "uuid:1c5e2f0a-8d3b-4c51-9a7e-5b0f6d2e9a41",
    "_xform_id_string": "aUxQJ4hPZk9r3W2mX8bN7c",
    "_uuid": "1c5e2f0a-8d3b-4c51-9a7e-5b0f6d2e9a41",
    "_attachments": [],
    "_status": "submitted_via_web",
    "_geolocation": [None, None],
    "_submission_time": "2026-01-18T00:41:02",
    "_tags": [],
    "_notes": [],
    "_validation_status": {},
    "_submitted_by": "mitra.pmi",
}

# The shape of an ODK Central OData submission (nested groups, "__id", "__system").
ODK_SUBMISSION = {
    "__id": "uuid:7d0b3a9e-2f61-4e8a-b1c4-0a9e6f5d3c21",
    "__system": {
        "submissionDate": "2026-01-18T03:05:44.120Z",
        "submitterId": "12",
        "submitterName": "mitra.pmi",
        "reviewState": None,
        "formVersion": "2026011701",
    },
    "start": "2026-01-18T09:30:00.000+07:00",
    "lokasi": {"desa": "gembor_rw03"},
    "dampak": {"meninggal": 0, "luka": 1, "terdampak_jiwa": 200, "terdampak_kk": 55, "mengungsi": 40},
    "rumah": {"rusak_berat": 0, "terendam": 31},
    "catatan": None,
    "meta": {"instanceID": "uuid:7d0b3a9e-2f61-4e8a-b1c4-0a9e6f5d3c21"},
}


@pytest.fixture
def kobo_form(flood, petugas_kota_tangerang):
    form = IntakeForm.objects.create(
        name="Kaji cepat PMI Kota Tangerang",
        slug="kaji-cepat-pmi",
        source=IntakeSource.KOBO,
        disaster=flood,
        partner=petugas_kota_tangerang,
        field_mapping=copy.deepcopy(MAPPING),
    )
    form.secret = intake_form_issue_token(form=form)
    return form


def post(form, payload, *, secret=None, headers=None):
    client = APIClient()
    auth = headers if headers is not None else {"HTTP_AUTHORIZATION": f"Bearer {secret or form.secret}"}
    return client.post(f"/api/v1/intake/{form.slug}/", payload, format="json", **auth)


def test_the_same_kobo_submission_sent_twice_makes_one_report(kobo_form):
    first = post(kobo_form, KOBO_SUBMISSION)
    assert first.status_code == 201, first.json()
    again = post(kobo_form, KOBO_SUBMISSION)
    assert again.status_code == 200 and again.json()["replayed"] is True
    assert again.json()["report"] == first.json()["report"]
    report = FieldReport.objects.get()
    assert (report.area_id, report.kabkota_id, report.state) == ("36.71.08.1001", "36.71", "submitted")
    assert (report.dead, report.injured, report.affected_people, report.displaced) == (1, 3, 420, 85)
    assert (report.houses_heavily_damaged, report.houses_submerged) == (4, 60)
    assert report.notes == "Air setinggi 80 cm di RW 05"
    assert report.created_by == kobo_form.partner
    assert report.observed_at.isoformat() == "2026-01-18T00:12:03.512000+00:00"
    submission = IntakeSubmission.objects.get()
    assert (submission.submission_uuid, submission.attempts) == ("1c5e2f0a-8d3b-4c51-9a7e-5b0f6d2e9a41", 2)


def test_an_unknown_desa_gets_a_clear_error_and_nothing_is_saved(kobo_form):
    payload = {**KOBO_SUBMISSION, "lokasi/desa": "3671089999"}
    response = post(kobo_form, payload)
    assert response.status_code == 400
    body = response.json()
    assert body["submission"] == "1c5e2f0a-8d3b-4c51-9a7e-5b0f6d2e9a41"
    assert body["errors"] == {"lokasi/desa": ["36.71.08.9999 bukan kode desa/kelurahan Kemendagri di Banten."]}
    assert not FieldReport.objects.exists() and not Need.objects.exists()
    assert IntakeSubmission.objects.get().outcome == IntakeOutcome.REJECTED  # kept for provincial staff to see


def test_an_answer_without_a_location_mapping_and_bad_numbers_are_named_by_question(kobo_form):
    payload = {**KOBO_SUBMISSION, "lokasi/desa": "kampung_baru", "dampak/luka": "banyak", "dampak/mengungsi": "-2"}
    errors = post(kobo_form, payload).json()["errors"]
    assert set(errors) == {"lokasi/desa", "dampak/luka", "dampak/mengungsi"}
    assert "kampung_baru" in errors["lokasi/desa"][0]
    assert not FieldReport.objects.exists()


def test_a_rule_of_the_field_report_comes_back_under_the_partners_question(kobo_form):
    response = post(kobo_form, {**KOBO_SUBMISSION, "dampak/mengungsi": "900"})  # more displaced than affected
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["dampak/mengungsi"]
    assert not FieldReport.objects.exists()


def test_a_desa_outside_the_partners_kabkota_is_refused(kobo_form):
    response = post(kobo_form, {**KOBO_SUBMISSION, "lokasi/desa": "36.74.03.1001"})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["lokasi/desa"]
    assert not FieldReport.objects.exists()


def test_a_rejected_submission_sent_again_after_the_mapping_is_fixed_becomes_a_report(kobo_form):
    payload = {**KOBO_SUBMISSION, "lokasi/desa": "periuk_rw05"}
    assert post(kobo_form, payload).status_code == 400
    kobo_form.field_mapping["locations"]["periuk_rw05"] = "36.71.08.1001"
    kobo_form.save()
    accepted = post(kobo_form, payload)
    assert accepted.status_code == 201
    submission = IntakeSubmission.objects.get()
    assert (submission.outcome, submission.errors, submission.attempts) == (IntakeOutcome.ACCEPTED, {}, 2)


def test_an_odk_central_submission_with_nested_groups_becomes_a_draft(kobo_form):
    kobo_form.source = IntakeSource.ODK
    kobo_form.submit_on_receipt = False
    kobo_form.save()
    response = post(kobo_form, ODK_SUBMISSION)
    assert response.status_code == 201, response.json()
    assert response.json()["state"] == "draft"
    report = FieldReport.objects.get()
    assert (report.area_id, report.affected_people, report.houses_submerged) == ("36.71.08.1002", 200, 31)


def test_an_odk_odata_page_is_received_submission_by_submission_and_again_without_doubles(kobo_form):
    unknown_desa = {**copy.deepcopy(ODK_SUBMISSION), "__id": "uuid:0b7e", "meta": {"instanceID": "uuid:0b7e"}}
    unknown_desa["lokasi"] = {"desa": "36.71.08.9999"}
    page = {
        "@odata.context": "https://odk.example/v1/projects/3/forms/kaji.svc/$metadata#Submissions",
        "value": [ODK_SUBMISSION, unknown_desa, {"lokasi": {}}],
    }
    first = post(kobo_form, page)
    assert first.status_code == 200
    body = first.json()
    assert (body["accepted"], body["rejected"]) == (1, 2)
    assert body["results"][1]["errors"] == {
        "lokasi/desa": ["36.71.08.9999 bukan kode desa/kelurahan Kemendagri di Banten."]
    }
    assert "meta/instanceID" in body["results"][2]["errors"]
    again = post(kobo_form, page).json()
    assert again["results"][0]["replayed"] is True
    assert FieldReport.objects.count() == 1


def test_a_submission_without_an_instance_uuid_is_refused_and_not_recorded(kobo_form):
    payload = {key: value for key, value in KOBO_SUBMISSION.items() if key not in ("meta/instanceID", "_uuid")}
    response = post(kobo_form, payload)
    assert response.status_code == 400 and "meta/instanceID" in response.json()["errors"]
    assert not IntakeSubmission.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_AUTHORIZATION": "Bearer salah"},
        {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(b"kaji-cepat-pmi:salah").decode()},
    ],
)
def test_a_wrong_or_missing_secret_answers_401_and_saves_nothing(kobo_form, headers):
    response = post(kobo_form, KOBO_SUBMISSION, headers=headers)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Basic")
    assert not IntakeSubmission.objects.exists()


def test_an_unknown_form_answers_like_a_wrong_secret(kobo_form):
    response = APIClient().post(
        "/api/v1/intake/tidak-ada/", KOBO_SUBMISSION, format="json", HTTP_AUTHORIZATION=f"Bearer {kobo_form.secret}"
    )
    assert response.status_code == 401


def test_kobo_basic_credentials_and_the_custom_header_are_accepted(kobo_form):
    basic = base64.b64encode(f"kaji-cepat-pmi:{kobo_form.secret}".encode()).decode()
    assert post(kobo_form, KOBO_SUBMISSION, headers={"HTTP_AUTHORIZATION": f"Basic {basic}"}).status_code == 201
    header = {"HTTP_X_INTAKE_TOKEN": kobo_form.secret}
    assert post(kobo_form, KOBO_SUBMISSION, headers=header).status_code == 200


def test_a_new_secret_retires_the_old_one(kobo_form):
    old = kobo_form.secret
    intake_form_issue_token(form=kobo_form)
    assert post(kobo_form, KOBO_SUBMISSION, secret=old).status_code == 401


def test_a_mapping_to_a_figure_that_does_not_exist_is_refused(kobo_form):
    kobo_form.field_mapping = {"location": "lokasi/desa", "figures": {"dampak/meninggal": "deaths"}}
    with pytest.raises(ValidationError) as raised:
        kobo_form.full_clean()
    assert "deaths" in str(raised.value.message_dict["field_mapping"])


def test_provincial_staff_see_rejected_submissions_with_their_problems(page_as, staf, kobo_form):
    post(kobo_form, {**KOBO_SUBMISSION, "lokasi/desa": "3671089999"})
    html = page_as(staf).get("/bencana/kiriman-formulir/", {"outcome": "rejected"}).content.decode()
    assert "Kaji cepat PMI Kota Tangerang" in html and "lokasi/desa" in html and "36.71.08.9999" in html


def test_officers_may_not_open_the_intake_page(page_as, petugas_lebak):
    assert page_as(petugas_lebak).get("/bencana/kiriman-formulir/").status_code == 403


def test_intake_page_queries_do_not_grow_with_submissions(page_as, staf, kobo_form, django_assert_num_queries):
    for number in range(3):
        uid = f"uuid:00000000-0000-4000-8000-00000000000{number}"
        post(kobo_form, {**KOBO_SUBMISSION, "meta/instanceID": uid, "lokasi/desa": f"36710899{number:02d}"})
    browser = page_as(staf)
    browser.get("/bencana/kiriman-formulir/")
    # session, user, count, the page of submissions (form, disaster, partner and report joined), the forms for
    # the filter, and the page chrome's own: the same for 3 rows as for 1.
    with django_assert_num_queries(QUERIES):
        response = browser.get("/bencana/kiriman-formulir/")
    assert response.content.decode().count("text-bg-danger") == 3


QUERIES = 8
