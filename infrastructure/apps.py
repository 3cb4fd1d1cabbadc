from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfrastructureConfig(AppConfig):
    name = "infrastructure"
    verbose_name = _("Access and basic services")

    def ready(self):
        from clusters.contributions import register_status_contributor

        from .cluster_status import ACCESS_CONTRIBUTOR

        register_status_contributor(ACCESS_CONTRIBUTOR)
