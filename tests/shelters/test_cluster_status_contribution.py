"""Shelters feed 'shelters open' and 'people in shelters' into the cluster status of the disaster they serve."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from clusters.models import Disaster, DisasterType
from shelters.models import ShelterStatus
from shelters.services import occupancy_record

from ..factories import ShelterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def flood_lebak(reference_data, staf):
    disaster = Disaster.objects.create(
        disaster_type=DisasterType.objects.get(code="101"), title="Banjir Lebak", started_on=date(2026, 1, 10)
    )
    disaster.affected_kabkota.set(["36.02", "36.73"])
    return disaster


def test_cluster_status_counts_open_shelters_and_their_people(api_as, staf, petugas_lebak, flood_lebak):
    opened = timezone.localdate() - timedelta(days=2)
    serving = ShelterFactory(desa_code="36.02.14.1007", status=ShelterStatus.OPEN, opened_on=opened)
    serving.disasters.add(flood_lebak)
    ShelterFactory(desa_code="36.02.14.1002", status=ShelterStatus.OPEN, opened_on=opened)  # serves no disaster
    occupancy_record(user=petugas_lebak, shelter=serving, version=None, total=140)
    body = api_as(staf).get("/api/v1/cluster-status/", {"disaster": flood_lebak.pk}).json()
    rows = {(r["kabkota"], r["cluster"]): r for r in body["results"]}

    def shelter_figures(row):
        # Other clusters contribute figures too (health posts, access); these are the shelters' own.
        return {key: row["contributed"][key] for key in ("shelters_open", "people_in_shelters")}

    assert shelter_figures(rows[("36.02", "pengungsian-perlindungan")]) == {
        "shelters_open": 1,
        "people_in_shelters": 140,
    }
    assert shelter_figures(rows[("36.73", "pengungsian-perlindungan")]) == {"shelters_open": 0, "people_in_shelters": 0}
    # The officer of another kabupaten/kota does not see Lebak's shelters in the figures either.
    other = api_as(petugas_lebak).get("/api/v1/cluster-status/", {"disaster": flood_lebak.pk}).json()
    assert all(row["kabkota"] == "36.02" for row in other["results"])


def test_a_shelter_cannot_serve_a_disaster_that_does_not_affect_its_kabupaten(api_as, petugas_lebak, reference_data):
    elsewhere = Disaster.objects.create(
        disaster_type=DisasterType.objects.get(code="101"), title="Banjir Cilegon", started_on=date(2026, 1, 10)
    )
    elsewhere.affected_kabkota.set(["36.72"])
    response = api_as(petugas_lebak).post(
        "/api/v1/shelters/",
        {"name": "Posko X", "kind": "sekolah", "desa": "36.02.14.1002", "capacity": 50, "disasters": [elsewhere.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert "disasters" in response.json()["errors"]
