"""The claims of a demo citizen, under the scopes FAS uses (egovNRN under ``egovnrn``, names under ``profile``)."""

from oauth2_provider.oauth2_validators import OAuth2Validator

from demo_oidc.citizens import CITIZENS


class CitizenValidator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "egovNRN": "egovnrn",
        "givenName": "profile",
        "surname": "profile",
    }

    def get_additional_claims(self, request):
        return dict(CITIZENS.get(request.user.get_username(), {}))
