"""The OAuth2 side of the eID log-in: discovery, code exchange and a fully validated ID token.

allauth skips the signature of an ID token fetched from the token endpoint and sends no nonce; for eID every check
is made: signature (key from the provider's JWKS, asymmetric algorithms only), issuer, audience (and azp), expiry,
issued-at, the nonce of this log-in, and a token id used once.
"""

from __future__ import annotations

import hmac

from allauth.core.internal.deferred import jwt
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri

ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
#: Clock skew accepted between the provider and the portal, in seconds.
LEEWAY = 30


class EidOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    def __init__(self, request) -> None:
        from jobseekers.eid.provider import EID

        super().__init__(request, EID)
        self.expected_nonce: str | None = None

    def get_callback_url(self, request, app):
        from django.urls import reverse

        return build_absolute_uri(request, reverse("eid_callback"), self.redirect_uri_protocol)

    def _decode_id_token(self, app, id_token: str) -> dict:
        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as exc:
            raise OAuth2Error("malformed id_token") from exc
        if header.get("alg") not in ALGORITHMS:
            raise OAuth2Error("id_token signed with an algorithm that is not accepted")
        try:
            alg, key = jwtkit.fetch_key(id_token, self.openid_config["jwks_uri"], jwtkit.lookup_kid_jwk)
            data = jwt.decode(
                id_token,
                key=key,
                algorithms=[alg],
                audience=app.client_id,
                issuer=self.openid_config["issuer"],
                leeway=LEEWAY,
                options={"require": ["iss", "aud", "exp", "iat", "sub"], "verify_signature": True},
            )
        except (jwt.PyJWTError, KeyError) as exc:
            raise OAuth2Error(f"invalid id_token: {type(exc).__name__}") from exc
        audiences = data["aud"] if isinstance(data["aud"], list) else [data["aud"]]
        if len(audiences) > 1 and data.get("azp") != app.client_id:
            raise OAuth2Error("invalid id_token: azp")
        nonce = str(data.get("nonce") or "")
        if not self.expected_nonce or not hmac.compare_digest(nonce, self.expected_nonce):
            raise OAuth2Error("invalid id_token: nonce")
        jwtkit.verify_jti(data)
        return data
