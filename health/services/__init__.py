"""Every write of the health app. Split by topic; import from here."""

from .consultations import OUTCOME_FIELDS, consultation_record
from .demo import health_seed_demo
from .posts import POST_FIELDS, health_post_create, health_post_update
from .reference import health_load_reference
from .signals import health_signals_evaluate, signal_close
from .totals import health_post_totals_refresh, health_totals_rebuild

__all__ = [
    "OUTCOME_FIELDS",
    "POST_FIELDS",
    "consultation_record",
    "health_load_reference",
    "health_post_create",
    "health_post_update",
    "health_seed_demo",
    "health_post_totals_refresh",
    "health_signals_evaluate",
    "health_totals_rebuild",
    "signal_close",
]
