"""Every write of the logistics app. Split by topic; import from here."""

from .common import LOGISTICS_CLUSTERS, idempotent_post, system_location
from .demo import logistics_seed_demo
from .donations import donation_record
from .ledger import MoveLine, balances_rebuild, balances_verify, batch_for, moves_post, quantity_display
from .locations import location_create, location_for_shelter
from .reference import logistics_load_reference
from .requests import dispatch_create, dispatch_receive, fefo_picks, request_decide, request_submit
from .stock import MANUAL_KINDS, move_post, move_reverse, stock_count_record

__all__ = [
    "LOGISTICS_CLUSTERS",
    "MANUAL_KINDS",
    "MoveLine",
    "balances_rebuild",
    "balances_verify",
    "batch_for",
    "dispatch_create",
    "dispatch_receive",
    "donation_record",
    "fefo_picks",
    "idempotent_post",
    "location_create",
    "location_for_shelter",
    "logistics_load_reference",
    "logistics_seed_demo",
    "move_post",
    "move_reverse",
    "moves_post",
    "quantity_display",
    "request_decide",
    "request_submit",
    "stock_count_record",
    "system_location",
]
