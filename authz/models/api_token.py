"""Which API tokens were issued on the user's own page after two-factor authentication, and until when they hold."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: How long a token issued after two-factor authentication stands for it; the user renews it on the token page.
API_TOKEN_LIFETIME = timedelta(days=90)


def default_expiry():
    return timezone.now() + API_TOKEN_LIFETIME


class ApiTokenQuerySet(models.QuerySet):
    def standing_for_mfa(self, *, on=None) -> ApiTokenQuerySet:
        """The tokens a request may present in place of two-factor authentication used in a session."""
        return self.filter(issued_with_mfa=True, expires_at__gt=on or timezone.now())


class ApiToken(models.Model):
    """An API token (django-rest-knox: only a digest of the key is stored, the key is shown once) that was issued
    after two-factor authentication in the session.

    A request authenticated with such a token, before it expires, counts as having used two-factor authentication;
    a token made any other way has no row here and does not.
    """

    token = models.OneToOneField(
        "knox.AuthToken", on_delete=models.CASCADE, related_name="issuance", verbose_name=_("token")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    issued_with_mfa = models.BooleanField(
        _("issued after two-factor authentication"),
        default=True,
        help_text=_("The user had used two-factor authentication in the session that created the token."),
    )
    expires_at = models.DateTimeField(_("expires at"), default=default_expiry)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token issued after two-factor authentication")
        verbose_name_plural = _("API tokens issued after two-factor authentication")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")), name="api_token_expires_after_creation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.token.user} until {self.expires_at:%Y-%m-%d}"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()
