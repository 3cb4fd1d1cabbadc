from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KsbVolunteersConfig(AppConfig):
    name = "ksb_volunteers"
    verbose_name = _("KSB and TAGANA volunteers")

    def ready(self):
        from banten_dinsos.core.table_exports import register_table_export

        from .export_jobs import TAGANA_MEMBERS_EXPORT

        register_table_export(TAGANA_MEMBERS_EXPORT)
