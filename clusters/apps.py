from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = _("Clusters and disasters")

    def ready(self):
        from banten_dinsos.notifications.options import register_subscription_choices

        from .alerts import cluster_choices, disaster_choices

        register_subscription_choices("cluster", cluster_choices)
        register_subscription_choices("disaster", disaster_choices)
        from banten_dinsos.core.table_exports import register_table_export

        from .export_jobs import FIELD_REPORTS_EXPORT

        register_table_export(FIELD_REPORTS_EXPORT)
