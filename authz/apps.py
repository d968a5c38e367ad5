from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AuthzConfig(AppConfig):
    name = "authz"
    verbose_name = _("Access and disclosures")

    def ready(self):
        from authz.models import ProcessingActivity
        from authz.services import register_changed

        # The gate keeps the register rows it read; a saved or deleted row makes it read them again.
        post_save.connect(register_changed, sender=ProcessingActivity, dispatch_uid="authz-register-saved")
        post_delete.connect(register_changed, sender=ProcessingActivity, dispatch_uid="authz-register-deleted")
