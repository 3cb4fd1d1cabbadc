from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "banten_dinsos.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self):
        from celery.signals import task_postrun, task_prerun

        from .context import task_context_close, task_context_open

        task_prerun.connect(task_context_open, weak=False, dispatch_uid="audit-context-open")
        task_postrun.connect(task_context_close, weak=False, dispatch_uid="audit-context-close")
