"""Every write of the PMKS registry. Split by topic; the names other modules and settings use are here."""

from .clients import (
    client_access_record,
    client_create,
    client_merge,
    client_register_disaster_victim,
    client_service_record,
    client_status_change,
    client_update,
    client_upsert,
    name_key_of,
)
from .demo import pmks_seed_demo
from .imports import (
    ImportFileError,
    import_file_check,
    import_job_create,
    import_job_create_from_path,
    import_job_run,
)
from .panti import panti_save, placement_admit, placement_discharge
from .reference import KORBAN_BENCANA_ALAM, pmks_types_load_reference

__all__ = [
    "KORBAN_BENCANA_ALAM",
    "ImportFileError",
    "client_access_record",
    "client_create",
    "client_merge",
    "client_register_disaster_victim",
    "client_service_record",
    "client_status_change",
    "client_update",
    "client_upsert",
    "import_file_check",
    "import_job_create",
    "import_job_create_from_path",
    "import_job_run",
    "name_key_of",
    "panti_save",
    "placement_admit",
    "placement_discharge",
    "pmks_seed_demo",
    "pmks_types_load_reference",
]
