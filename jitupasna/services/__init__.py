"""Every write of the Jitupasna app. Split by topic; import from here."""

from .assessments import (
    assessment_create,
    assessment_finalise,
    assessment_open_for_input,
    assessment_update,
    default_input_agencies,
)
from .demo import jitupasna_seed_demo
from .entries import (
    damage_entry_create,
    damage_entry_delete,
    damage_entry_update,
    loss_entry_create,
    loss_entry_delete,
    loss_entry_update,
    needs_entry_create,
    needs_entry_delete,
    needs_entry_update,
)
from .input_rounds import agency_input_submit
from .outputs import (
    assessment_output_build,
    assessment_output_request,
    document_content,
    output_download_name,
    output_filename,
)
from .prefill import PrefillResult, assessment_prefill, verified_damage_counts
from .reference import jitupasna_load_reference

__all__ = [
    "PrefillResult",
    "agency_input_submit",
    "assessment_create",
    "assessment_finalise",
    "assessment_open_for_input",
    "assessment_output_build",
    "assessment_output_request",
    "assessment_prefill",
    "assessment_update",
    "damage_entry_create",
    "damage_entry_delete",
    "damage_entry_update",
    "default_input_agencies",
    "document_content",
    "jitupasna_load_reference",
    "jitupasna_seed_demo",
    "loss_entry_create",
    "loss_entry_delete",
    "loss_entry_update",
    "needs_entry_create",
    "needs_entry_delete",
    "needs_entry_update",
    "output_download_name",
    "output_filename",
    "verified_damage_counts",
]
