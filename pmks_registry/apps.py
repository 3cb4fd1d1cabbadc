from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PmksRegistryConfig(AppConfig):
    name = "pmks_registry"
    verbose_name = _("PMKS client registry")

    def ready(self):
        from banten_dinsos.core.hooks import pmks_disaster_victim_register
        from banten_dinsos.core.table_exports import register_table_export

        from .export_jobs import PMKS_CLIENTS_EXPORT
        from .services import client_register_disaster_victim

        pmks_disaster_victim_register.register(client_register_disaster_victim)
        register_table_export(PMKS_CLIENTS_EXPORT)
