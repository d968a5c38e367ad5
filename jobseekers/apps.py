"""The job seekers' app: eID log-in, their own profile, the measures it opens and a summary for an employer."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobseekersConfig(AppConfig):
    name = "jobseekers"
    verbose_name = _("Job seekers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from jobseekers.selectors import insz_of

        # The gate and the "who consulted my data" page read ``user.insz`` (authz.audit.my_subjects,
        # authz.services): an account has one once an eID log-in proved it, and authz imports no app.
        get_user_model().add_to_class("insz", property(insz_of))
