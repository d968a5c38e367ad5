from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepertoryConfig(AppConfig):
    name = "repertory"
    verbose_name = _("Employer repertory")
