"""Every write of the clusters app. Split by topic; import from here."""

from .approval import field_report_approve, field_report_unapprove, field_report_withdraw
from .demo import clusters_seed_demo
from .disasters import disaster_change_status, disaster_create, disaster_update
from .field_reports import (
    field_report_create,
    field_report_return,
    field_report_submit,
    field_report_update,
    field_report_verify,
)
from .needs_activities import activity_create, activity_update, need_create, need_update
from .reference import DISASTER_TYPES, NATIONAL_CLUSTERS, PENGUNGSIAN, SUBCLUSTERS, clusters_load_reference
from .reporting import disaster_set_reporting
from .validation_rules import validation_rule_create, validation_rule_update, validation_rules_load_defaults

__all__ = [
    "DISASTER_TYPES",
    "NATIONAL_CLUSTERS",
    "PENGUNGSIAN",
    "SUBCLUSTERS",
    "activity_create",
    "activity_update",
    "clusters_load_reference",
    "clusters_seed_demo",
    "disaster_change_status",
    "disaster_create",
    "disaster_set_reporting",
    "disaster_update",
    "field_report_approve",
    "field_report_create",
    "field_report_return",
    "field_report_submit",
    "field_report_unapprove",
    "field_report_update",
    "field_report_verify",
    "field_report_withdraw",
    "need_create",
    "need_update",
    "validation_rule_create",
    "validation_rule_update",
    "validation_rules_load_defaults",
]
