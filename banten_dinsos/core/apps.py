from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "banten_dinsos.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from .text import install_clean_text_fields

        install_clean_text_fields()
