"""A volunteer deployed raises one alert, in Bahasa Indonesia, for the member's kabupaten/kota and the disaster."""

import pytest

from banten_dinsos.accounts.roles import Role
from banten_dinsos.notifications.models import Alert, AlertKind, Channel, Delivery
from banten_dinsos.regions.models import Region
from ksb_volunteers.alerts import volunteer_deployed_alert
from ksb_volunteers.models import DeploymentRole
from ksb_volunteers.services import deployment_create

from ..factories import ShelterFactory, UserFactory
from .conftest import at

pytestmark = pytest.mark.django_db


def test_deploying_a_member_alerts_officers_of_the_members_kabkota_and_staff_but_not_other_areas_or_the_actor(
    staf, petugas_lebak, petugas_kota_serang, flood, member_lebak
):
    colleague = UserFactory(
        username="petugas.lebak.dua", role=Role.PETUGAS_KABKOTA, kabkota=Region.objects.get(code="36.02")
    )
    shelter = ShelterFactory(desa_code="36.02.14.1007", name="SDN Muara Ciujung Barat")
    deployment = deployment_create(
        user=petugas_lebak,
        disaster=flood,
        member=member_lebak,
        shelter=shelter,
        role=DeploymentRole.SHELTER,
        start_at=at(18),
    )

    alert = Alert.objects.get(kind=AlertKind.VOLUNTEER_DEPLOYED)
    assert alert.dedupe_key == f"deployment:{deployment.pk}:deployed"
    assert alert.disaster_id == flood.pk and alert.kabkota_codes == ["36.02"]
    assert alert.title == "Ujang Hidayat ditugaskan ke Banjir Tangerang Raya Januari 2026"
    assert "SDN Muara Ciujung Barat" in alert.body
    in_app = set(alert.deliveries.filter(channel=Channel.IN_APP).values_list("recipient__username", flat=True))
    assert {colleague.username, staf.username} <= in_app
    assert petugas_lebak.username not in in_app  # the actor is not told of their own act
    assert petugas_kota_serang.username not in in_app


def test_the_same_deployment_announced_twice_makes_one_alert(petugas_lebak, flood, member_lebak):
    deployment = deployment_create(
        user=petugas_lebak, disaster=flood, member=member_lebak, role=DeploymentRole.EVACUATION, start_at=at(18)
    )
    deliveries = Delivery.objects.count()

    volunteer_deployed_alert(deployment=deployment, actor=petugas_lebak)

    assert Alert.objects.filter(kind=AlertKind.VOLUNTEER_DEPLOYED).count() == 1
    assert Delivery.objects.count() == deliveries
