"""What a user wants to be told by e-mail, and in which language (set on the "my data" page)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticePreference(models.Model):
    """A user's choice about the portal's e-mail notices; a user without a row gets them, in the portal's language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notice_preference",
        verbose_name=_("user"),
    )
    rule_changes = models.BooleanField(_("e-mail me when a change of the rules moves a scenario I saved"), default=True)
    language = models.CharField(_("language of the e-mails"), max_length=5, choices=settings.LANGUAGES, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")

    def __str__(self) -> str:
        return str(self.user_id)
