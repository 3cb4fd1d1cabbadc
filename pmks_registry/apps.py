from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PmksRegistryConfig(AppConfig):
    name = "pmks_registry"
    verbose_name = _("PMKS client registry")

    def ready(self):
        from banten_dinsos.core.hooks import pmks_disaster_victim_register

        from .services import client_register_disaster_victim

        pmks_disaster_victim_register.register(client_register_disaster_victim)
