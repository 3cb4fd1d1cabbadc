"""The early-warning rules, as plain arithmetic on one post's daily counts (no database access).

Comparisons are made on whole numbers (cases × 1,000 against rate × displaced; cases × days against multiple × sum)
so that a figure exactly at the threshold is never pushed over it by rounding.
"""

from decimal import Decimal

from .models import Threshold, ThresholdRule


def threshold_check(
    threshold: Threshold, *, cases: int, displaced: int | None, previous: list[int | None]
) -> dict | None:
    """The figures that make ``threshold`` fire for a day with ``cases``, or None when it does not fire.

    ``previous``: the counts of the days before, the day before first; None for a day the post did not report.
    """
    value = Decimal(threshold.value)
    if cases < max(threshold.min_cases, 1):
        return None
    if threshold.rule == ThresholdRule.RATE:
        if not displaced:
            return None
        if cases * 1000 <= value * displaced:
            return None
        rate = (Decimal(cases) * 1000 / displaced).quantize(Decimal("0.01"))
        return {"cases": cases, "displaced": displaced, "rate_per_1000": str(rate), "threshold": str(value)}
    if threshold.rule == ThresholdRule.MULTIPLE_OF_MEAN:
        window = previous[: threshold.window_days]
        if len(window) < threshold.window_days or any(day is None for day in window):
            return None
        days = len(window)
        if not days or cases * days <= value * sum(window):
            return None
        mean = (Decimal(sum(window)) / days).quantize(Decimal("0.01"))
        return {"cases": cases, "previous_days": window, "mean": str(mean), "multiple": str(value)}
    if threshold.rule == ThresholdRule.ANY_CASE:
        if cases < value:
            return None
        return {"cases": cases, "threshold": str(value)}
    return None
