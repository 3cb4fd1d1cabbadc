from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheltersConfig(AppConfig):
    name = "shelters"
    verbose_name = _("Shelters and psychosocial support")

    def ready(self):
        from clusters.contributions import register_status_contributor

        from .cluster_status import SHELTER_CONTRIBUTOR

        register_status_contributor(SHELTER_CONTRIBUTOR)
