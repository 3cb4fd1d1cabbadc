from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheltersConfig(AppConfig):
    name = "shelters"
    verbose_name = _("Shelters and psychosocial support")

    def ready(self):
        from clusters.contributions import register_status_contributor

        from .cluster_status import SHELTER_CONTRIBUTOR

        register_status_contributor(SHELTER_CONTRIBUTOR)
        from banten_dinsos.core.table_exports import register_table_export

        from .export_jobs import EVACUEES_EXPORT

        register_table_export(EVACUEES_EXPORT)
