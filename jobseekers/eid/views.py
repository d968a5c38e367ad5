"""The eID log-in's start and callback, and the page that says why a log-in was refused."""

from __future__ import annotations

import logging

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

import requests
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView

from jobseekers.eid.adapter_oidc import EidOAuth2Adapter

logger = logging.getLogger("jobseekers.eid")

#: Why a log-in was refused, in words for the citizen (the code goes to the log line, never the INSZ).
REFUSALS = {
    "unavailable": _(
        "The eID log-in service cannot be reached at the moment. Nothing was changed; please try again later."
    ),
    "insz-missing": _("The eID log-in did not give your national register number, so the portal cannot identify you."),
    "insz-invalid": _(
        "The national register number the eID log-in gave is not valid (its check digits are wrong). "
        "You were not logged in."
    ),
    "insz-claimed": _(
        "Another account of this portal already uses this national register number. You were not logged in; "
        "contact the helpdesk if you did not create that account."
    ),
    "insz-changed": _(
        "The eID log-in gave another national register number than the one on this account. You were not logged in."
    ),
    "token": _(
        "The answer of the eID log-in service could not be verified (it may have expired, or been meant for another "
        "application). You were not logged in; please start again."
    ),
    "state": _("This log-in link was already used or has expired. You were not logged in; please start again."),
    "cancelled": _("You cancelled the eID log-in."),
}


def refusal(request, code: str, *, status: int = 403):
    logger.warning("eID log-in refused: %s (request %s)", code, getattr(request, "request_id", "-"))
    message = REFUSALS.get(code, REFUSALS["token"])
    return render(request, "jobseekers/eid_refused.html", {"message": message, "code": code}, status=status)


class EidCallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        if state is not None:
            self.adapter.expected_nonce = state.get("nonce")
        return state, response


def _provider_origin(request) -> str:
    from urllib.parse import urlsplit

    from allauth.socialaccount.adapter import get_adapter

    parts = urlsplit(get_adapter().get_provider(request, "eid").app.settings.get("server_url", ""))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


@never_cache
@login_not_required
def login(request):
    try:
        response = OAuth2LoginView.adapter_view(EidOAuth2Adapter(request))(request)
        origin = _provider_origin(request)
        if origin:
            # The confirmation form posts here and is redirected to the provider: the CSP's form-action must allow it.
            response._csp_update = {"form-action": [origin]}
        return response
    except SocialApp.DoesNotExist:
        raise Http404 from None
    except (requests.RequestException, ValueError, KeyError):
        # allauth reads the provider's discovery document here without catching its failure: a clear page, no 500.
        return refusal(request, "unavailable", status=503)


@never_cache
@login_not_required
def callback(request):
    try:
        return EidCallbackView.adapter_view(EidOAuth2Adapter(request))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
    except (requests.RequestException, ValueError, KeyError):
        return refusal(request, "unavailable", status=503)
