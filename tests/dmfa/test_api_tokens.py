"""The DmfA API with a token: one issued after two-factor authentication passes the gate, any other is refused."""

from datetime import timedelta

from django.utils import timezone

import pytest
from knox.models import AuthToken

from authz import chain
from authz.models import ApiToken, Disclosure
from tests.authz.factories import InstitutionMembershipFactory, IntegrationFactory
from tests.authz.helpers import log_in_with_mfa

pytestmark = pytest.mark.django_db

SEEN = "90051512391"
API = f"/api/v1/dmfa/persons/{SEEN}/declarations/"
QUERY = {"from": "2025Q1", "to": "2025Q4", "justification": "GECO file 2025/0042: premium check"}


@pytest.fixture
def agent(import_fixture):
    import_fixture("valid_two_forms.xml")
    IntegrationFactory(insz=SEEN)
    return InstitutionMembershipFactory().user


def token_issued_on_the_page(client, user) -> str:
    log_in_with_mfa(client, user)
    response = client.post("/en/my-data/api-token/", {"action": "issue"})
    assert response.status_code == 200
    client.logout()
    return response.context["new_key"]


def call(client, key):
    return client.get(API, QUERY, HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")


def test_a_token_issued_after_mfa_works_and_the_call_is_logged_with_channel_api(client, agent):
    key = token_issued_on_the_page(client, agent)
    response = call(client, key)
    assert response.status_code == 200, response.content
    assert [item["quarter"] for item in response.json()["declarations"]] == ["2025Q2", "2025Q3"]
    row = Disclosure.objects.get(subject_pseudonym=chain.pseudonymise("person", SEEN))
    assert (row.actor, row.channel, row.outcome, row.reason) == (agent, "api", "granted", "integrated")


def test_a_plain_token_is_refused_for_an_agent_and_logged(client, agent):
    _token, key = AuthToken.objects.create(user=agent)  # a token made without the page (and without MFA)
    response = call(client, key)
    assert response.status_code == 403
    body = response.content.decode()
    assert "9750" not in body and "/en/my-data/api-token/" in body
    row = Disclosure.objects.get()
    assert (row.actor, row.channel, row.outcome, row.reason) == (agent, "api", "refused", "mfa-required")


def test_an_expired_token_is_refused_and_logged(client, agent):
    key = token_issued_on_the_page(client, agent)
    ApiToken.objects.update(created_at=timezone.now() - timedelta(days=91), expires_at=timezone.now())
    response = call(client, key)
    assert response.status_code == 403 and "9750" not in response.content.decode()
    assert Disclosure.objects.get().reason == "mfa-required"


def test_a_revoked_token_no_longer_authenticates(client, agent):
    key = token_issued_on_the_page(client, agent)
    AuthToken.objects.filter(user=agent).delete()
    response = call(client, key)
    assert response.status_code in (401, 403) and "Invalid token" in response.content.decode()
    assert Disclosure.objects.count() == 0  # refused by authentication, before the gate


def test_a_token_cannot_renew_itself(client, agent):
    key = token_issued_on_the_page(client, agent)
    response = client.post("/en/my-data/api-token/", {"action": "issue"}, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert ApiToken.objects.get().token_id == AuthToken.objects.get(user=agent).digest
    assert call(client, key).status_code == 200  # the key still works: it was not renewed
