from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogisticsConfig(AppConfig):
    name = "logistics"
    verbose_name = _("Logistics (buffer stock and relief distribution)")

    def ready(self):
        from banten_dinsos.core.table_exports import register_table_export

        from .export_jobs import DISTRIBUTIONS_EXPORT

        register_table_export(DISTRIBUTIONS_EXPORT)
