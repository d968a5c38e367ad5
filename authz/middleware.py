"""Sends someone whose role needs two-factor authentication to set it up (or use it) before data is shown."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from authz.exceptions import DisclosureLogUnavailable, MFARequired


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
