"""Each early-warning rule on a worked example computed by hand: at, just below and just above the threshold, and
an alert raised once per signal, not on every recalculation."""

from decimal import Decimal

import pytest

from banten_dinsos.notifications.models import Alert, AlertKind, Delivery
from health.early_warning import threshold_check
from health.models import Signal, SignalState, Threshold
from health.services import signal_close

pytestmark = pytest.mark.django_db


def rule(code):
    return Threshold.objects.get(code=code)


# --- Rate per 1,000 displaced per day (reference: diarrhoea above 10 per 1,000, at least 5 cases) -------------------
# 1,000 displaced: 10 cases = 10 × 1,000 ÷ 1,000 = 10.00 per 1,000, exactly the threshold, which is not "above" it.
@pytest.mark.parametrize(
    ("cases", "fires"),
    [(9, False), (10, False), (11, True)],
    ids=["just-below-9.00", "at-10.00", "just-above-11.00"],
)
def test_rate_rule_fires_only_above_ten_per_thousand(reference_data, cases, fires):
    figures = threshold_check(rule("diare-rate"), cases=cases, displaced=1000, previous=[])
    assert (figures is not None) is fires
    if fires:
        assert figures == {"cases": 11, "displaced": 1000, "rate_per_1000": "11.00", "threshold": "10.00"}


def test_rate_rule_on_an_uneven_population_compares_without_rounding(reference_data):
    """With 730 displaced, 7 cases = 9.59 per 1,000 (below), 8 cases = 10.96 per 1,000 (above)."""
    threshold = rule("diare-rate")
    assert threshold_check(threshold, cases=7, displaced=730, previous=[]) is None
    assert threshold_check(threshold, cases=8, displaced=730, previous=[])["rate_per_1000"] == "10.96"


def test_rate_rule_needs_the_displaced_population_and_the_minimum_cases(reference_data):
    threshold = rule("diare-rate")
    assert threshold_check(threshold, cases=50, displaced=None, previous=[]) is None
    # 4 cases among 100 people is 40 per 1,000, but fewer than the 5 cases the rule asks for.
    assert threshold_check(threshold, cases=4, displaced=100, previous=[]) is None
    assert threshold_check(threshold, cases=5, displaced=100, previous=[]) is not None


# --- More than double the mean of the previous three days (at least 5 cases) ---------------------------------------
# Previous days 4, 5, 6: mean 5, double 10.
@pytest.mark.parametrize(
    ("cases", "fires"), [(9, False), (10, False), (11, True)], ids=["just-below-9", "at-10", "just-above-11"]
)
def test_double_the_mean_rule_fires_only_above_twice_the_mean(reference_data, cases, fires):
    figures = threshold_check(rule("diare-double"), cases=cases, displaced=None, previous=[6, 5, 4])
    assert (figures is not None) is fires
    if fires:
        assert figures == {"cases": 11, "previous_days": [6, 5, 4], "mean": "5.00", "multiple": "2.00"}


def test_double_the_mean_rule_with_a_fractional_mean(reference_data):
    """Previous days 3, 2, 3: mean 2.67, double 5.33: 5 cases is below, 6 is above."""
    threshold = rule("diare-double")
    assert threshold_check(threshold, cases=5, displaced=None, previous=[3, 2, 3]) is None
    assert threshold_check(threshold, cases=6, displaced=None, previous=[3, 2, 3])["mean"] == "2.67"


def test_double_the_mean_rule_waits_for_three_reported_days(reference_data):
    threshold = rule("diare-double")
    assert threshold_check(threshold, cases=30, displaced=None, previous=[2, None, 2]) is None
    assert threshold_check(threshold, cases=30, displaced=None, previous=[2, 2]) is None


# --- Any suspected measles, cholera or leptospirosis case --------------------------------------------------------
@pytest.mark.parametrize("code", ["campak-any", "kolera-any", "leptospirosis-any"])
@pytest.mark.parametrize(("cases", "fires"), [(0, False), (1, True), (2, True)], ids=["below-0", "at-1", "above-2"])
def test_any_suspected_case_fires_from_the_first_case(reference_data, code, cases, fires):
    assert (threshold_check(rule(code), cases=cases, displaced=None, previous=[]) is not None) is fires


def test_a_threshold_edited_in_the_admin_applies(reference_data):
    threshold = rule("diare-rate")
    threshold.value = Decimal("20")
    assert threshold_check(threshold, cases=15, displaced=1000, previous=[]) is None
    assert threshold_check(threshold, cases=21, displaced=1000, previous=[]) is not None


# --- Raised once, through the notifications pipeline ------------------------------------------------------------
def _health_alerts():
    return Alert.objects.filter(kind=AlertKind.HEALTH_SIGNAL)


def test_a_suspected_measles_case_raises_one_alert_to_kesehatan_and_the_kabkota_with_its_figures(
    post_lebak, record_day, koordinator_kesehatan, koordinator_sarana, petugas_lebak, petugas_kota_serang
):
    record_day(post_lebak, 2, ispa=4, suspek_campak=1)
    signal = Signal.objects.get()
    assert (signal.threshold.code, signal.state, signal.days) == ("campak-any", SignalState.OPEN, 1)
    alert = _health_alerts().get()
    assert signal.alert_id == alert.pk
    assert alert.kabkota_codes == ["36.02"] and alert.cluster_codes == ["kesehatan"]
    assert alert.disaster_id == post_lebak.disaster_id
    assert alert.payload["cases"] == 1 and alert.payload["post_id"] == post_lebak.pk
    assert "Suspek campak" in alert.title or "campak" in alert.title
    assert post_lebak.name in alert.body
    told = set(Delivery.objects.filter(alert=alert, channel="in_app").values_list("recipient__username", flat=True))
    assert {"koordinator.kesehatan", "petugas.lebak"} <= told
    assert not told & {"koordinator.pupr", "petugas.kota-serang"}


def test_recalculating_the_same_day_does_not_raise_the_alert_again(post_lebak, record_day):
    record_day(post_lebak, 1, diare=12)  # 12 per 1,000: above 10
    record_day(post_lebak, 1, diare=14)  # a correction of the same day
    record_day(post_lebak, 1, diare=14, ispa=2)
    assert Signal.objects.count() == 1 and _health_alerts().count() == 1
    assert Signal.objects.get().figures["cases"] == 12  # the figures that raised it, as they were


def test_the_rule_firing_on_following_days_extends_the_open_signal_without_a_new_alert(post_lebak, record_day):
    record_day(post_lebak, 3, diare=12)
    record_day(post_lebak, 2, diare=15)
    record_day(post_lebak, 1, diare=4)  # below
    signal = Signal.objects.get(threshold__code="diare-rate")
    assert (signal.days, signal.last_date) == (2, post_lebak.opened_on + (signal.last_date - post_lebak.opened_on))
    assert signal.first_date < signal.last_date
    assert _health_alerts().count() == 1


def test_after_closing_a_signal_the_rule_firing_again_raises_a_new_one(staf, post_lebak, record_day):
    record_day(post_lebak, 5, diare=12)
    signal_close(user=staf, signal=Signal.objects.get(), note="Kaporit dan oralit dibagikan")
    record_day(post_lebak, 5, diare=13)  # the same day again: nothing new
    assert _health_alerts().count() == 1
    record_day(post_lebak, 1, diare=11)
    assert Signal.objects.filter(state=SignalState.OPEN).count() == 1
    assert _health_alerts().count() == 2


def test_the_doubling_rule_on_recorded_days(post_kota_serang, record_day):
    """2,000 displaced keeps the rate rule quiet (11 cases = 5.5 per 1,000); after 4, 5, 6, 10 is double, 11 more."""
    for days_ago, cases in ((4, 4), (3, 5), (2, 6)):
        record_day(post_kota_serang, days_ago, diare=cases)
    record_day(post_kota_serang, 1, diare=10)
    assert not Signal.objects.exists()
    record_day(post_kota_serang, 1, diare=11)
    signal = Signal.objects.get()
    assert signal.threshold.code == "diare-double" and signal.figures["mean"] == "5.00"


def test_a_late_day_in_the_middle_is_checked_with_the_days_after_it(post_kota_serang, record_day):
    """Day 1 with 11 cases is checked again when the missing third previous day arrives late."""
    record_day(post_kota_serang, 4, diare=4)
    record_day(post_kota_serang, 2, diare=6)
    record_day(post_kota_serang, 1, diare=11)
    assert not Signal.objects.exists()  # day 3 is missing: no mean yet
    record_day(post_kota_serang, 3, diare=5)
    assert Signal.objects.get().threshold.code == "diare-double"


def test_the_kept_totals_follow_consultations_and_signals(staf, post_lebak, record_day):
    record_day(post_lebak, 2, ispa=3, suspek_kolera=1)
    record_day(post_lebak, 1, ispa=5)
    post_lebak.refresh_from_db()
    assert (post_lebak.consultations_total, post_lebak.signals_open) == (9, 1)
    signal_close(user=staf, signal=Signal.objects.get())
    post_lebak.refresh_from_db()
    assert post_lebak.signals_open == 0
