"""Sphere minimum standards for a shelter, computed from its latest headcount and facilities.

Pure functions: the thresholds are passed in (editable reference data), the shelter's figures are read from it.
"""

from dataclasses import dataclass
from decimal import Decimal

from .models import SphereIndicator, SphereState, SphereThreshold

# (indicator, higher is better, standard, warning from, source): the defaults loaded as reference data.
DEFAULT_THRESHOLDS = [
    (SphereIndicator.SPACE_PER_PERSON, True, "3.5", "3.85", "Sphere 2018, Shelter and settlement standard 3"),
    (SphereIndicator.PEOPLE_PER_LATRINE, False, "20", "18", "Sphere 2018, Excreta management standard 2.1"),
    (SphereIndicator.PEOPLE_PER_WATER_POINT, False, "250", "225", "Sphere 2018, Water supply standard 2.1"),
    (SphereIndicator.WATER_PER_PERSON, True, "15", "16.5", "Sphere 2018, Water supply standard 2.1"),
    (SphereIndicator.OCCUPANCY, False, "100", "90", "Capacity declared for the shelter"),
]
_SEVERITY = {SphereState.NO_DATA: 0, SphereState.OK: 1, SphereState.WARNING: 2, SphereState.BREACH: 3}


@dataclass(frozen=True)
class IndicatorResult:
    indicator: str
    label: str
    value: Decimal | None
    limit: Decimal
    higher_is_better: bool
    state: str


def _ratio(numerator, denominator) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) / Decimal(denominator)


def indicator_values(
    *, people: int, covered_area_m2, latrines: int, water_points: int, water_litres_per_day: int, capacity: int
) -> dict[str, Decimal | None]:
    """Each indicator's value; None where it cannot be computed (no people, or the area is unknown)."""
    if people <= 0:
        return dict.fromkeys(SphereIndicator.values)
    occupancy = _ratio(people * 100, capacity)
    return {
        SphereIndicator.SPACE_PER_PERSON: _ratio(covered_area_m2, people),
        # No latrine or water point at all for people present is the worst case, not "unknown".
        SphereIndicator.PEOPLE_PER_LATRINE: _ratio(people, latrines) if latrines else Decimal(people),
        SphereIndicator.PEOPLE_PER_WATER_POINT: _ratio(people, water_points)
        if water_points
        else Decimal(people) * 1000,
        SphereIndicator.WATER_PER_PERSON: _ratio(water_litres_per_day, people),
        SphereIndicator.OCCUPANCY: occupancy if capacity else Decimal(people) * 100,
    }


def state_of(value: Decimal | None, threshold: SphereThreshold) -> str:
    if value is None:
        return SphereState.NO_DATA
    if threshold.higher_is_better:
        if value < threshold.limit:
            return SphereState.BREACH
        return SphereState.WARNING if value < threshold.warning_limit else SphereState.OK
    if value > threshold.limit:
        return SphereState.BREACH
    return SphereState.WARNING if value > threshold.warning_limit else SphereState.OK


def evaluate(shelter, thresholds: dict[str, SphereThreshold]) -> list[IndicatorResult]:
    values = indicator_values(
        people=shelter.current_total,
        covered_area_m2=shelter.covered_area_m2,
        latrines=shelter.latrines,
        water_points=shelter.water_points,
        water_litres_per_day=shelter.water_litres_per_day,
        capacity=shelter.capacity,
    )
    results = []
    for indicator, label in SphereIndicator.choices:
        threshold = thresholds.get(indicator)
        if threshold is None:
            continue
        value = values[indicator]
        results.append(
            IndicatorResult(
                indicator, str(label), value, threshold.limit, threshold.higher_is_better, state_of(value, threshold)
            )
        )
    return results


def overall_state(results: list[IndicatorResult]) -> str:
    """The worst state over the indicators; 'no data' only when none could be computed."""
    states = [result.state for result in results if result.state != SphereState.NO_DATA]
    if not states:
        return SphereState.NO_DATA
    return max(states, key=_SEVERITY.__getitem__)


def thresholds_by_indicator() -> dict[str, SphereThreshold]:
    return {threshold.indicator: threshold for threshold in SphereThreshold.objects.all()}
