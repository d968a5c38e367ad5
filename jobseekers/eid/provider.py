"""The eID provider: django-allauth's OpenID Connect provider with PKCE, a nonce, a fully validated ID token and
the INSZ read from the configured claim (FAS calls it ``egovNRN``)."""

from __future__ import annotations

import secrets

from django.urls import reverse
from django.utils.http import urlencode

from allauth.socialaccount.providers.oauth2.utils import generate_code_challenge
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider

from jobseekers.eid import claims
from jobseekers.eid.adapter_oidc import EidOAuth2Adapter

EID = "eid"


class EidProvider(OpenIDConnectProvider):
    id = EID
    name = "eID"
    package = "jobseekers.eid"
    oauth2_adapter_class = EidOAuth2Adapter
    pkce_enabled_default = True
    supports_token_authentication = False

    def get_pkce_params(self) -> dict:
        # PKCE (S256) is always on for eID, whatever the app's settings say.
        return generate_code_challenge()

    def get_login_url(self, request, **kwargs):
        url = reverse("eid_login")
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def get_callback_url(self):
        return reverse("eid_callback")

    def get_oauth2_adapter(self, request):
        return self.oauth2_adapter_class(request)

    # The scope and the authentication parameters come from the settings only, never from the request.
    def get_auth_params_from_request(self, request, action):
        return self.get_auth_params()

    def get_scope_from_request(self, request):
        return self.get_scope()

    def get_default_scope(self):
        return ["openid", "profile"]

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        # After the log-in a job seeker lands on their own pages (the profile first, then the measures).
        next_url = next_url or reverse("jobseekers:start")
        nonce = secrets.token_urlsafe(32)
        auth_params = dict(kwargs.pop("auth_params", None) or self.get_auth_params())
        auth_params["nonce"] = nonce
        # The nonce goes into the state stashed in the session; the callback checks it against the ID token.
        return super().redirect(request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs)

    def claim_names(self) -> dict:
        settings = self.app.settings
        return {
            "insz_claim": settings.get("insz_claim") or "egovNRN",
            "given_name_claim": settings.get("given_name_claim") or "givenName",
            "surname_claim": settings.get("surname_claim") or "surname",
        }

    def sociallogin_from_response(self, request, response):
        names = self.claim_names()
        identity = claims.identity_from(response, **names)
        login = super().sociallogin_from_response(
            request, claims.without_insz(response, insz_claim=names["insz_claim"])
        )
        login.eid_identity = identity
        return login

    def extract_common_fields(self, data):
        # Names from the eID's own claims; never an e-mail address (an eID account is not linked by e-mail).
        identity_claims = {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}
        names = self.claim_names()
        return {
            "first_name": str(identity_claims.get(names["given_name_claim"]) or "")[:150],
            "last_name": str(identity_claims.get(names["surname_claim"]) or "")[:150],
        }

    def extract_email_addresses(self, data):
        return []


provider_classes = [EidProvider]
