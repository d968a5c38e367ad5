"""A user's own API token page: only after two-factor authentication in the session; create, renew, revoke."""

from datetime import timedelta

from django.utils import timezone

import pytest
from knox.models import AuthToken

from authz.models import ApiToken
from authz.services import issue_api_token
from tests.authz.factories import InstitutionMembershipFactory
from tests.authz.helpers import log_in_with_mfa

pytestmark = pytest.mark.django_db

PAGE = "/en/my-data/api-token/"


@pytest.fixture
def agent():
    return InstitutionMembershipFactory().user


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_page_refuses_without_two_factor_authentication_in_the_session(client, agent, method):
    client.force_login(agent)
    response = getattr(client, method)(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/")
    assert not AuthToken.objects.exists() and not ApiToken.objects.exists()


def test_after_mfa_a_token_is_created_shown_once_and_expires_in_90_days(client, agent):
    log_in_with_mfa(client, agent)
    assert "You have no API token." in client.get(PAGE).content.decode()
    response = client.post(PAGE, {"action": "issue"})
    assert response.status_code == 200 and "no-store" in response.get("Cache-Control", "")
    issuance = ApiToken.objects.select_related("token").get()
    assert issuance.token.user == agent and issuance.issued_with_mfa
    assert timedelta(days=89, hours=23) < issuance.expires_at - timezone.now() <= timedelta(days=90)
    key = response.context["new_key"]
    assert key in response.content.decode() and "shown only once" in response.content.decode()
    assert key not in client.get(PAGE).content.decode()


def test_renewing_replaces_the_key(client, agent):
    log_in_with_mfa(client, agent)
    old = client.post(PAGE, {"action": "issue"}).context["new_key"]
    new = client.post(PAGE, {"action": "issue"}).context["new_key"]
    assert new != old and AuthToken.objects.count() == 1 and ApiToken.objects.count() == 1


def test_revoking_deletes_the_token(client, agent):
    log_in_with_mfa(client, agent)
    client.post(PAGE, {"action": "issue"})
    response = client.post(PAGE, {"action": "revoke"})
    assert response.status_code == 302
    assert not AuthToken.objects.exists() and not ApiToken.objects.exists()


def test_a_plain_token_is_shown_as_not_standing_for_mfa(client, agent):
    AuthToken.objects.create(user=agent)
    log_in_with_mfa(client, agent)
    page = client.get(PAGE).content.decode()
    assert "not created on this page after two-factor authentication" in page


def test_the_service_issues_only_after_mfa_in_the_session(agent):
    with pytest.raises(PermissionError):
        issue_api_token(user=agent, mfa_used_in_session=False)
    assert not AuthToken.objects.exists()
