"""Every write of the shelters app. Split by topic; import from here."""

from .demo import shelters_seed_demo
from .evacuees import (
    PROFILE_FIELDS,
    evacuee_check_in,
    evacuee_check_out,
    evacuee_detail_viewed,
    evacuee_register,
    evacuee_register_as_pmks_client,
    evacuee_transfer,
)
from .ldp import ldp_coverage, ldp_post_create, ldp_referral_update, ldp_session_record
from .occupancy import occupancy_record
from .registry import DETAIL_FIELDS, EDITABLE_FIELDS, SHELTER_CLUSTERS, shelter_create, shelter_update
from .sphere import shelter_sphere_refresh, sphere_recompute_all, sphere_thresholds_load_reference

__all__ = [
    "PROFILE_FIELDS",
    "DETAIL_FIELDS",
    "EDITABLE_FIELDS",
    "SHELTER_CLUSTERS",
    "evacuee_check_in",
    "evacuee_check_out",
    "evacuee_detail_viewed",
    "evacuee_register",
    "evacuee_register_as_pmks_client",
    "evacuee_transfer",
    "ldp_coverage",
    "ldp_post_create",
    "ldp_referral_update",
    "ldp_session_record",
    "occupancy_record",
    "shelter_create",
    "shelter_sphere_refresh",
    "shelter_update",
    "shelters_seed_demo",
    "sphere_recompute_all",
    "sphere_thresholds_load_reference",
]
