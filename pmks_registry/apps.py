from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PmksRegistryConfig(AppConfig):
    name = "pmks_registry"
    verbose_name = _("PMKS client registry")
