"""Demo data for `make run`, and the list filters of the API."""

import pytest

from banten_dinsos.accounts.services import users_seed_demo
from clusters.models import Disaster, EmergencyStatus, FieldReport, ReportState
from clusters.services import clusters_seed_demo, disaster_change_status
from clusters.services.demo import demo_title

from .conftest import KARAWACI, PERIUK, PERIUK_DESA, PONDOK_AREN

pytestmark = pytest.mark.django_db


def test_demo_floods_are_in_tanggap_darurat_with_verified_and_pending_reports_and_load_once(reference_data):
    users_seed_demo()
    assert clusters_seed_demo()["created"] == 1
    assert clusters_seed_demo()["created"] == 0
    disaster = Disaster.objects.get(title=demo_title())
    assert disaster.status == EmergencyStatus.TANGGAP
    assert set(disaster.affected_kabkota.values_list("code", flat=True)) == {"36.03", "36.71", "36.74"}
    assert [change.to_status for change in disaster.status_history.all()] == ["siaga_darurat", "tanggap_darurat"]
    states = set(FieldReport.objects.filter(disaster=disaster).values_list("state", flat=True))
    assert {ReportState.VERIFIED, ReportState.SUBMITTED, ReportState.RETURNED, ReportState.DRAFT} <= states
    assert FieldReport.objects.filter(disaster=disaster).count() == 11


def test_field_report_filters(api_as, staf, petugas_kota_tangerang, petugas_tangsel, flood, report_of):
    mine = report_of(petugas_kota_tangerang, flood, PERIUK_DESA, state="submitted")
    report_of(petugas_kota_tangerang, flood, KARAWACI)
    report_of(petugas_tangsel, flood, PONDOK_AREN)
    client = api_as(staf)

    def ids(**params):
        return sorted(row["id"] for row in client.get("/api/v1/field-reports/", params).json()["results"])

    assert ids(region=PERIUK) == [mine.pk]
    assert len(ids(region="36.71")) == 2
    assert ids(state="submitted") == [mine.pk]
    assert ids(mine="true") == []
    officer = api_as(petugas_kota_tangerang).get("/api/v1/field-reports/", {"mine": "true"}).json()
    assert len(officer["results"]) == 2
    bad = client.get("/api/v1/field-reports/", {"region": "Periuk"})
    assert bad.status_code == 400 and "region" in bad.json()["errors"]


def test_disaster_filters(api_as, staf, flood, lebak_landslide):
    client = api_as(staf)

    def titles(**params):
        return sorted(row["title"] for row in client.get("/api/v1/disasters/", params).json()["results"])

    assert titles(region="36.71.08") == [flood.title]
    assert titles(region="36.02") == [lebak_landslide.title]
    assert titles(disaster_type="102") == [lebak_landslide.title]
    disaster_change_status(user=staf, disaster=lebak_landslide, status=EmergencyStatus.SELESAI)
    assert titles(active="true") == [flood.title]
    assert titles(active="false") == [lebak_landslide.title]
