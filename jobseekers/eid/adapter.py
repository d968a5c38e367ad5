"""The social-account adapter: an eID account is created from its INSZ alone, never linked by e-mail, and refused
with a clear page when the INSZ is missing, invalid, already on another account or not the one on this account."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base.constants import AuthError

from jobseekers import services
from jobseekers.eid.claims import EidRefused
from jobseekers.eid.provider import EID
from jobseekers.eid.views import refusal


def _is_eid(sociallogin_or_provider) -> bool:
    account = getattr(sociallogin_or_provider, "account", None)
    if account is not None:
        return account.provider == EID
    return getattr(sociallogin_or_provider, "id", None) == EID


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin) -> None:
        if not _is_eid(sociallogin):
            return
        identity = getattr(sociallogin, "eid_identity", None)
        if identity is None:
            raise ImmediateHttpResponse(refusal(request, "insz-missing"))
        try:
            services.check_eid_identity(identity=identity, user=sociallogin.user if sociallogin.is_existing else None)
        except EidRefused as exc:
            raise ImmediateHttpResponse(refusal(request, exc.code)) from None

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True if _is_eid(sociallogin) else super().is_open_for_signup(request, sociallogin)

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        return True if _is_eid(sociallogin) else super().is_auto_signup_allowed(request, sociallogin)

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        if _is_eid(sociallogin):
            user.email = services.placeholder_email()
        return user

    def save_user(self, request, sociallogin, form=None):
        if not _is_eid(sociallogin):
            return super().save_user(request, sociallogin, form)
        try:
            with transaction.atomic():
                user = super().save_user(request, sociallogin, form)
                services.create_profile(user=user, identity=sociallogin.eid_identity)
        except IntegrityError:
            # Another log-in claimed the same INSZ at the same moment: nothing of this one was written.
            raise ImmediateHttpResponse(refusal(request, "insz-claimed")) from None
        return user

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        if not _is_eid(provider):
            return super().on_authentication_error(request, provider, error, exception, extra_context)
        if isinstance(exception, EidRefused):
            code = exception.code
        elif error == AuthError.CANCELLED:
            code = "cancelled"
        elif exception is None and (extra_context or {}).get("state") is None:
            code = "state"
        elif exception is not None and "requests" in type(exception).__module__:
            code = "unavailable"
        else:
            code = "token"
        raise ImmediateHttpResponse(refusal(request, code, status=503 if code == "unavailable" else 403))
