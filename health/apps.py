from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    name = "health"
    verbose_name = _("Health posts and early warning")

    def ready(self):
        from clusters.contributions import register_status_contributor

        from .cluster_status import HEALTH_CONTRIBUTOR

        register_status_contributor(HEALTH_CONTRIBUTOR)
