"""Access-status history, "cut off since", restoration, and the issue's bad input (nothing saved)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from infrastructure.models import AccessStatus, AreaAccess
from infrastructure.services import access_status_record, area_access_rebuild

from ..health.conftest import KOTA_SERANG_DESA, LEBAK_DESA, OUTSIDE_KECAMATAN_DESA
from .conftest import hours_ago

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


def _current(area):
    return AreaAccess.objects.get(area_id=area)


def test_the_history_is_kept_and_cut_off_since_is_the_start_of_the_current_cut_off_run(observe):
    observe(LEBAK_DESA, 72, "terbatas")
    first_cut = observe(LEBAK_DESA, 48, "terputus", electricity="padam")
    observe(LEBAK_DESA, 24, "terputus", electricity="padam", clean_water="padam")
    assert AccessStatus.objects.filter(area_id=LEBAK_DESA).count() == 3
    current = _current(LEBAK_DESA)
    assert current.is_isolated and current.cut_off_since == first_cut.observed_at
    assert (current.services_down, current.observations, current.restored_at) == (2, 3, None)


def test_restored_access_clears_cut_off_since_and_records_when_it_came_back(observe):
    observe(LEBAK_DESA, 48, "terputus")
    back = observe(LEBAK_DESA, 12, "terbatas")
    current = _current(LEBAK_DESA)
    assert not current.is_isolated
    assert (current.cut_off_since, current.restored_at) == (None, back.observed_at)


def test_cut_off_again_after_a_restoration_starts_a_new_run(observe):
    observe(LEBAK_DESA, 72, "terputus")
    observe(LEBAK_DESA, 48, "normal")
    again = observe(LEBAK_DESA, 6, "terputus")
    current = _current(LEBAK_DESA)
    assert (current.cut_off_since, current.restored_at) == (again.observed_at, None)


def test_a_late_observation_lands_in_its_place_in_the_history(observe):
    observe(LEBAK_DESA, 10, "terputus")
    earlier = observe(LEBAK_DESA, 30, "terputus")  # reported late: the area was cut off earlier than we knew
    current = _current(LEBAK_DESA)
    assert current.cut_off_since == earlier.observed_at
    assert current.latest.observed_at == hours_ago(10)


def test_rebuilding_from_the_history_gives_the_same_current_picture(observe):
    observe(LEBAK_DESA, 50, "terputus")
    observe(LEBAK_DESA, 20, "normal", telecom="padam")
    observe(KOTA_SERANG_DESA, 40, "terbatas")
    observe(KOTA_SERANG_DESA, 5, "terputus")
    fields = ("area_id", "road_access", "services_down", "cut_off_since", "restored_at", "observations", "latest_id")
    fields += ("latitude", "longitude")
    incremental = list(AreaAccess.objects.order_by("area_id").values_list(*fields))
    assert area_access_rebuild() == 2
    assert list(AreaAccess.objects.order_by("area_id").values_list(*fields)) == incremental


def _refused(call, field):
    with pytest.raises(ValidationError) as caught:
        call()
    assert field in caught.value.message_dict, caught.value.message_dict
    return " ".join(caught.value.message_dict[field])


def test_a_desa_outside_the_disasters_area_is_refused_and_nothing_is_saved(observe):
    message = _refused(lambda: observe("36.71.08.1001", 1, "terputus"), "area")  # Kota Tangerang: not affected
    assert "di luar wilayah bencana" in message
    message = _refused(lambda: observe(OUTSIDE_KECAMATAN_DESA, 1, "terputus"), "area")  # a kecamatan not named
    assert "kecamatan" in message
    assert not AccessStatus.objects.exists() and not AreaAccess.objects.exists()


def test_a_kecamatan_of_the_disaster_may_be_recorded_as_a_whole(observe):
    observe("36.02.14", 2, "terbatas")
    assert _current("36.02.14").road_access == "terbatas"


def test_a_kabkota_or_unknown_code_is_not_an_area(observe):
    _refused(lambda: observe("36.02", 1, "normal"), "area")
    _refused(lambda: observe("36.02.14.9999", 1, "normal"), "area")


def test_an_observation_in_the_future_or_a_restoration_before_it_is_refused(observe, staf, banjir):
    _refused(
        lambda: access_status_record(
            user=staf,
            disaster=banjir.pk,
            area=LEBAK_DESA,
            observed_at=timezone.now() + timedelta(hours=2),
            road_access="normal",
            source="x",
        ),
        "observed_at",
    )
    _refused(
        lambda: observe(LEBAK_DESA, 1, "terputus", expected_restoration=timezone.localdate() - timedelta(days=3)),
        "expected_restoration",
    )
    assert not AccessStatus.objects.exists()


def test_a_health_member_writing_access_data_is_refused_naming_the_cluster(observe, koordinator_kesehatan):
    message = _refused(lambda: observe(LEBAK_DESA, 1, "terputus", user=koordinator_kesehatan), "area")
    assert "Sarana dan Prasarana" in message
    assert not AccessStatus.objects.exists()


def test_an_officer_records_only_their_own_kabkota(observe, petugas_lebak):
    observe(LEBAK_DESA, 1, "terputus", user=petugas_lebak)
    _refused(lambda: observe(KOTA_SERANG_DESA, 1, "terputus", user=petugas_lebak), "area")
    assert AccessStatus.objects.count() == 1


def test_a_pupr_member_records_across_the_province(observe, koordinator_sarana):
    observe(LEBAK_DESA, 1, "terputus", user=koordinator_sarana)
    observe(KOTA_SERANG_DESA, 1, "normal", user=koordinator_sarana)
    assert AccessStatus.objects.count() == 2


def test_a_disaster_the_officer_cannot_see_is_answered_as_missing(observe, petugas_lebak, staf):
    from banten_dinsos.regions.models import Region
    from clusters.models import DisasterType
    from clusters.services import disaster_create

    other = disaster_create(
        user=staf,
        disaster_type=DisasterType.objects.get(code="102"),
        title="Longsor Kota Serang",
        started_on=timezone.localdate() - timedelta(days=2),
        affected_kabkota=Region.objects.filter(code="36.73"),
    )
    message = _refused(
        lambda: access_status_record(
            user=petugas_lebak,
            disaster=other.pk,
            area=LEBAK_DESA,
            observed_at=hours_ago(1),
            road_access="normal",
            source="x",
        ),
        "disaster",
    )
    assert message == _refused(
        lambda: access_status_record(
            user=petugas_lebak,
            disaster=999999,
            area=LEBAK_DESA,
            observed_at=hours_ago(1),
            road_access="normal",
            source="x",
        ),
        "disaster",
    )


def test_the_last_reported_position_is_kept_when_a_later_observation_has_none(observe):
    from decimal import Decimal

    observe(LEBAK_DESA, 30, "terputus", latitude=Decimal("-6.350000"), longitude=Decimal("106.245000"))
    observe(LEBAK_DESA, 3, "terputus")
    current = _current(LEBAK_DESA)
    assert (current.latitude, current.longitude) == (Decimal("-6.350000"), Decimal("106.245000"))
