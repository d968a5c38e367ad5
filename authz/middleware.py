"""Sends someone whose role needs two-factor authentication to set it up (or use it) before data is shown; counts the
refusals that name no subject."""

import logging

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from authz.exceptions import DisclosureLogUnavailable, MFARequired

logger = logging.getLogger(__name__)


class GateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/") and request.user.is_authenticated and request.user.is_staff:
            from authz.services import mfa_used_in_session

            if not mfa_used_in_session(request):
                from allauth.mfa.models import Authenticator

                has_authenticator = Authenticator.objects.filter(user=request.user).exists()
                return self.process_exception(request, MFARequired(has_authenticator=has_authenticator))
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, MFARequired):
            if exception.has_authenticator:
                messages.info(
                    request,
                    _(
                        "Your role requires two-factor authentication in this session before personal data is shown. "
                        "Confirm with your authenticator code."
                    ),
                )
                return redirect(f"/accounts/2fa/reauthenticate/?{urlencode({'next': request.get_full_path()})}")
            messages.warning(
                request,
                _(
                    "Your role requires two-factor authentication before personal data is shown. "
                    "Set up an authenticator app first; you will then be asked for its code."
                ),
            )
            return redirect("/accounts/2fa/totp/activate/")
        if isinstance(exception, DisclosureLogUnavailable):
            from django.shortcuts import render

            return render(request, "authz/log_unavailable.html", status=503)
        return None


class RefusalCountMiddleware:
    """Counts the refusals that name no subject (authz.RefusalCount, shown to auditors): a 403, or a 404 of a route
    that names an object by its number (another owner's scenario, say) to a logged-in user, answered without the gate
    having been asked. The gate writes its own refusals in the log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is None or getattr(request, "gate_asked", False):
            return response
        user = getattr(request, "user", None)
        status = response.status_code
        guessed = status == 404 and "pk" in match.kwargs and user is not None and user.is_authenticated
        if status == 403 or guessed:
            from django.db import DatabaseError

            from authz.services import count_refusal

            try:
                count_refusal(
                    user=user,
                    route=match.view_name,
                    status=status,
                    reason="forbidden" if status == 403 else "not-found",
                )
            except DatabaseError:
                logger.exception("refusal of %s not counted", match.view_name)
        return response
