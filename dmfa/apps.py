from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DmfaConfig(AppConfig):
    name = "dmfa"
    verbose_name = _("DmfA declarations")
