"""Sphere indicators at and around each threshold, with the default (editable) thresholds."""

from decimal import Decimal

import pytest

from shelters.models import SphereIndicator, SphereState, SphereThreshold
from shelters.services import sphere_recompute_all, sphere_thresholds_load_reference
from shelters.sphere import evaluate, indicator_values, overall_state, state_of, thresholds_by_indicator

from ..factories import ShelterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thresholds(reference_data):
    sphere_thresholds_load_reference()
    return thresholds_by_indicator()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3.49", SphereState.BREACH),
        ("3.5", SphereState.WARNING),
        ("3.84", SphereState.WARNING),
        ("3.85", SphereState.OK),
        ("10", SphereState.OK),
    ],
)
def test_space_per_person_around_3_5_m2(thresholds, value, expected):
    assert state_of(Decimal(value), thresholds[SphereIndicator.SPACE_PER_PERSON]) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("18", SphereState.OK),
        ("18.01", SphereState.WARNING),
        ("20", SphereState.WARNING),
        ("20.01", SphereState.BREACH),
    ],
)
def test_people_per_latrine_around_20(thresholds, value, expected):
    assert state_of(Decimal(value), thresholds[SphereIndicator.PEOPLE_PER_LATRINE]) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("225", SphereState.OK), ("226", SphereState.WARNING), ("250", SphereState.WARNING), ("251", SphereState.BREACH)],
)
def test_people_per_water_point_around_250(thresholds, value, expected):
    assert state_of(Decimal(value), thresholds[SphereIndicator.PEOPLE_PER_WATER_POINT]) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("14.99", SphereState.BREACH), ("15", SphereState.WARNING), ("16.5", SphereState.OK)],
)
def test_water_per_person_around_15_litres(thresholds, value, expected):
    assert state_of(Decimal(value), thresholds[SphereIndicator.WATER_PER_PERSON]) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("90", SphereState.OK),
        ("90.5", SphereState.WARNING),
        ("100", SphereState.WARNING),
        ("100.4", SphereState.BREACH),
    ],
)
def test_occupancy_around_capacity(thresholds, value, expected):
    assert state_of(Decimal(value), thresholds[SphereIndicator.OCCUPANCY]) == expected


def test_values_are_computed_exactly_from_the_latest_figures():
    values = indicator_values(
        people=200, covered_area_m2=Decimal("700"), latrines=10, water_points=1, water_litres_per_day=3000, capacity=250
    )
    assert values[SphereIndicator.SPACE_PER_PERSON] == Decimal("3.5")
    assert values[SphereIndicator.PEOPLE_PER_LATRINE] == 20
    assert values[SphereIndicator.PEOPLE_PER_WATER_POINT] == 200
    assert values[SphereIndicator.WATER_PER_PERSON] == 15
    assert values[SphereIndicator.OCCUPANCY] == 80


def test_no_latrine_at_all_is_a_breach_and_an_empty_shelter_has_no_data(thresholds):
    shelter = ShelterFactory(latrines=0, current_total=30)
    results = {r.indicator: r.state for r in evaluate(shelter, thresholds)}
    assert results[SphereIndicator.PEOPLE_PER_LATRINE] == SphereState.BREACH
    empty = ShelterFactory(current_total=0)
    assert overall_state(evaluate(empty, thresholds)) == SphereState.NO_DATA


def test_overall_state_is_the_worst_indicator(thresholds):
    # 200 people, 700 m² (3.5: warning), 10 latrines (20: warning), 3000 L (15: warning), 260 capacity (76 %: ok)
    shelter = ShelterFactory(
        current_total=200, covered_area_m2=700, latrines=10, water_litres_per_day=3000, capacity=260
    )
    assert overall_state(evaluate(shelter, thresholds)) == SphereState.WARNING
    shelter.current_total = 201
    assert overall_state(evaluate(shelter, thresholds)) == SphereState.BREACH


def test_editing_a_threshold_recomputes_shelter_states(thresholds):
    shelter = ShelterFactory(
        current_total=200, covered_area_m2=700, latrines=10, water_litres_per_day=4000, capacity=260
    )
    sphere_recompute_all()
    shelter.refresh_from_db()
    assert shelter.sphere_state == SphereState.WARNING
    SphereThreshold.objects.filter(indicator=SphereIndicator.SPACE_PER_PERSON).update(limit=4, warning_limit=4.5)
    assert sphere_recompute_all() == 1
    shelter.refresh_from_db()
    assert shelter.sphere_state == SphereState.BREACH
