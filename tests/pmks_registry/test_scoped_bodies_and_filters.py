"""Bodies are scoped like URLs (another kab/kota's desa answers exactly like a missing one); the client list has one
FilterSet, shared by the selector, the API and the page, that refuses bad input with a 400 naming the field; bulk
import is the role map's decision."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pmks_registry.models import Client, ImportJob

from .conftest import DESA_KOTA_SERANG, DESA_LEBAK

pytestmark = pytest.mark.django_db
LIST = "/api/v1/pmks/clients/"


def same_refusal(response, missing, *, value, missing_value) -> bool:
    """The two answers are the same once the value each one names is set aside (the message repeats it)."""

    def text(answer, named):
        return json.dumps(answer.json(), sort_keys=True).replace(str(named), "<id>")

    return response.status_code == missing.status_code == 400 and text(response, value) == text(missing, missing_value)


def test_a_desa_of_another_kabupaten_is_refused_like_a_missing_one(api_as, petugas_lebak, pmks_types):
    body = {
        "nik": "3602144509830001",
        "name": "Siti Aminah",
        "sex": "P",
        "birth_date": "1983-09-05",
        "types": [9],
        "source": "asesmen",
    }
    client = api_as(petugas_lebak)
    hidden = client.post(LIST, body | {"desa": DESA_KOTA_SERANG}, format="json")
    missing = client.post(LIST, body | {"desa": "36.02.99.9999"}, format="json")
    assert same_refusal(hidden, missing, value=DESA_KOTA_SERANG, missing_value="36.02.99.9999")
    assert not Client.objects.exists()
    assert client.post(LIST, body | {"desa": DESA_LEBAK}, format="json").status_code == 201


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"wilayah": "99.1"}, "wilayah"),
        ({"pmks_type": "999"}, "pmks_type"),
        ({"pmks_type": "satu"}, "pmks_type"),
        ({"status": "hilang"}, "status"),
        ({"kabkota": "36.99"}, "kabkota"),
    ],
)
def test_invalid_filter_input_is_a_400_naming_the_field(api_as, staf, pmks_types, query, field):
    response = api_as(staf).get(LIST, query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_another_kabupaten_as_a_filter_is_answered_like_a_missing_one(api_as, page_as, petugas_lebak, client_lebak):
    client = api_as(petugas_lebak)
    hidden = client.get(LIST, {"kabkota": "36.73"})
    missing = client.get(LIST, {"kabkota": "36.99"})
    assert same_refusal(hidden, missing, value="36.73", missing_value="36.99")
    page = page_as(petugas_lebak).get("/pmks/")
    assert 'value="36.02"' in page.text and 'value="36.73"' not in page.text


def test_the_page_and_the_api_filter_alike(api_as, page_as, staf, client_lebak, client_kota_serang):
    api_ids = [row["id"] for row in api_as(staf).get(LIST, {"pmks_type": 8}).json()["results"]]
    assert api_ids == [client_kota_serang.pk]
    page = page_as(staf).get("/pmks/", {"pmks_type": 8})
    assert "Budi Santoso" in page.text and "Siti Aminah" not in page.text


def test_statistics_page_offers_only_the_officers_kabupaten(page_as, petugas_lebak, client_lebak, client_kota_serang):
    page = page_as(petugas_lebak).get("/pmks/statistik/")
    assert page.status_code == 200
    assert 'value="36.02"' in page.text and 'value="36.73"' not in page.text


def test_bulk_import_is_refused_by_the_role_map_for_an_officer(page_as, petugas_lebak, pmks_types):
    upload = SimpleUploadedFile("dtks.csv", b"nik;nama\n", content_type="text/csv")
    response = page_as(petugas_lebak).post("/pmks/impor/", {"file": upload, "source": "dtks"})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()
