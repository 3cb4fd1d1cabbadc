"""The demo flood's health posts and access status, as DEMO_DATA_LOADERS loads them."""

from datetime import date

import pytest
from django.conf import settings

from banten_dinsos.accounts.services import users_seed_demo
from banten_dinsos.core.demo import demo_date
from banten_dinsos.notifications.models import Alert, AlertKind
from clusters.services import clusters_seed_demo
from health.models import Consultation, HealthPost, Signal
from health.services import health_seed_demo
from infrastructure.models import AccessStatus, AreaAccess
from infrastructure.services import infrastructure_seed_demo
from shelters.services import shelters_seed_demo

from ..rolledback import rolled_back_after_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module (about 1.5 s a test) in a transaction rolled back after its last test;
    each test runs in a savepoint inside it (pytest-django's ``db``), so whatever a test writes is gone at its end."""
    with rolled_back_after_module(django_db_blocker, _seed_demo):
        yield


def _seed_demo():
    users_seed_demo()
    clusters_seed_demo()
    shelters_seed_demo()
    health_seed_demo()
    infrastructure_seed_demo()


def test_the_loaders_are_registered():
    assert "health.services.health_load_reference" in settings.REFERENCE_DATA_LOADERS
    demo = settings.DEMO_DATA_LOADERS
    for loader in ("health.services.health_seed_demo", "infrastructure.services.infrastructure_seed_demo"):
        # After the shelters they stand at and the demo flood they serve.
        assert demo.index(loader) > demo.index("shelters.services.shelters_seed_demo")


def test_three_posts_with_two_weeks_of_consultations_and_one_diarrhoea_signal(demo):
    assert HealthPost.objects.count() == 3
    assert HealthPost.objects.filter(shelter__isnull=False).count() == 2
    assert Consultation.objects.count() == 3 * 11  # 18 to 28 January of the story, today's included
    days = Consultation.objects.values_list("date", flat=True)
    assert (min(days), max(days)) == (demo_date(date(2026, 1, 18)), demo_date(date(2026, 1, 28)))
    signal = Signal.objects.get()
    assert signal.threshold.code == "diare-double" and signal.first_date == demo_date(date(2026, 1, 25))
    assert signal.figures == {"cases": 8, "previous_days": [3, 2, 3], "mean": "2.67", "multiple": "2.00"}
    assert Alert.objects.filter(kind=AlertKind.HEALTH_SIGNAL).count() == 1


def test_access_status_with_two_areas_cut_off_and_one_restored(demo):
    assert AccessStatus.objects.count() == 9
    cut = AreaAccess.objects.filter(road_access="terputus")
    assert sorted(cut.values_list("area_id", flat=True)) == ["36.03.13.2012", "36.71.08.1002"]
    assert all(area.cut_off_since is not None for area in cut)
    restored = AreaAccess.objects.get(restored_at__isnull=False)
    assert restored.area_id == "36.71.08.1001" and restored.road_access == "normal"


def test_the_demo_has_a_member_of_each_cluster_to_sign_in_as(demo):
    from banten_dinsos.accounts.models import User
    from banten_dinsos.accounts.scoping import scope_cluster_codes

    assert scope_cluster_codes(User.objects.get(username="koordinator.dinkes")) == {"kesehatan"}
    assert scope_cluster_codes(User.objects.get(username="koordinator.pupr")) == {"sarana-prasarana"}


def test_loading_the_demo_twice_changes_nothing(demo):
    assert health_seed_demo() == {"created": 0} and infrastructure_seed_demo() == {"created": 0}
    assert HealthPost.objects.count() == 3 and AccessStatus.objects.count() == 9


def test_the_situation_report_gains_health_and_access_sections_within_the_readers_scope(demo, koordinator_kesehatan):
    from datetime import date as day

    from banten_dinsos.accounts.models import User
    from banten_dinsos.reports.situation import situation_data
    from clusters.services.demo import demo_disaster

    disaster = demo_disaster()
    staf = User.objects.get(username="staf.provinsi")
    sections = {
        s["title"]: s
        for s in situation_data(disaster_id=disaster.pk, viewer=staf, today=demo_date(day(2026, 1, 28))).sections
    }
    health, access = sections["Pos kesehatan"], sections["Akses dan layanan dasar"]
    assert len(health["rows"]) == 3
    mobile = next(row for row in health["rows"] if row[0] == "Tim Kesehatan Keliling Pondok Aren")
    assert mobile[10] == 1  # the open diarrhoea signal
    assert [row[1] for row in access["rows"]][:2] == ["36.03.13.2012", "36.71.08.1002"]  # cut off, longest first
    assert "36.71.08.1001" not in [row[1] for row in access["rows"]]  # restored: road access normal again
    # A Kesehatan member's report has the health section but no access section.
    mine = situation_data(
        disaster_id=disaster.pk, viewer=koordinator_kesehatan, today=demo_date(day(2026, 1, 28))
    ).sections
    assert {s["title"] for s in mine} >= {"Pos kesehatan"} and "Akses dan layanan dasar" not in {
        s["title"] for s in mine
    }
