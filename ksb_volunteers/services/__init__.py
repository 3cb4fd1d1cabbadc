"""Every write of the KSB and TAGANA app. Split by topic; import from here."""

from .common import VOLUNTEER_CLUSTERS, member_number_clean, phone_clean
from .demo import ksb_seed_demo
from .deployments import (
    availability_sync,
    deployment_cancel,
    deployment_create,
    deployment_end,
    deployment_report_submit,
    overlapping,
)
from .imports import roster_import
from .ksb import (
    UNIT_FIELDS,
    ksb_officer_add,
    ksb_officer_remove,
    ksb_stakeholder_add,
    ksb_stakeholder_remove,
    ksb_unit_create,
    ksb_unit_update,
    lumbung_item_remove,
    lumbung_item_save,
)
from .members import (
    EDITABLE_FIELDS,
    MANUAL_AVAILABILITY,
    member_create,
    member_detail_viewed,
    member_on_assignment,
    member_set_availability,
    member_update,
    skills_from_codes,
)
from .reference import SKILLS, skills_load_reference
from .trainings import certificate_expiry, training_create, training_participant_add, training_participant_remove

__all__ = [
    "EDITABLE_FIELDS",
    "MANUAL_AVAILABILITY",
    "SKILLS",
    "UNIT_FIELDS",
    "VOLUNTEER_CLUSTERS",
    "availability_sync",
    "certificate_expiry",
    "deployment_cancel",
    "deployment_create",
    "deployment_end",
    "deployment_report_submit",
    "ksb_officer_add",
    "ksb_officer_remove",
    "ksb_seed_demo",
    "ksb_stakeholder_add",
    "ksb_stakeholder_remove",
    "ksb_unit_create",
    "ksb_unit_update",
    "lumbung_item_remove",
    "lumbung_item_save",
    "member_create",
    "member_detail_viewed",
    "member_number_clean",
    "member_on_assignment",
    "member_set_availability",
    "member_update",
    "overlapping",
    "phone_clean",
    "roster_import",
    "skills_from_codes",
    "skills_load_reference",
    "training_create",
    "training_participant_add",
    "training_participant_remove",
]
