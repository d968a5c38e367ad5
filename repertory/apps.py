from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepertoryConfig(AppConfig):
    name = "repertory"
    verbose_name = _("Employer repertory")

    def ready(self):
        from authz import admin as authz_admin
        from repertory.selectors import natural_person_flags

        # The employer-access admin (authz) learns from here which employers are natural persons.
        authz_admin.employer_kinds = natural_person_flags
