"""Every write of the infrastructure app. Split by topic; import from here."""

from .access import (
    STATUS_FIELDS,
    access_status_record,
    area_access_rebuild,
    area_access_refresh,
    check_access_scope,
    check_area_in_disaster,
)
from .demo import infrastructure_seed_demo

__all__ = [
    "STATUS_FIELDS",
    "access_status_record",
    "area_access_rebuild",
    "area_access_refresh",
    "check_access_scope",
    "check_area_in_disaster",
    "infrastructure_seed_demo",
]
