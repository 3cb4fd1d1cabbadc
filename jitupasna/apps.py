from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JitupasnaConfig(AppConfig):
    name = "jitupasna"
    label = "jitupasna"
    verbose_name = _("Jitupasna (post-disaster needs assessment)")
