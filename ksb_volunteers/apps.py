from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KsbVolunteersConfig(AppConfig):
    name = "ksb_volunteers"
    verbose_name = _("KSB and TAGANA volunteers")
