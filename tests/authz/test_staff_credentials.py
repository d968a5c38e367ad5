"""Staff cannot act as someone else (issue 16, finding 2): API keys stored as digests and shown once, no secret of a
second factor in the admin, no credential made or changed there for another user, and the account pages logged."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from knox.models import AuthToken
from rest_framework.authtoken.models import Token

from authz import chain
from authz.models import ApiToken, Disclosure
from authz.services import issue_api_token
from tests.authz.factories import InstitutionMembershipFactory
from tests.authz.helpers import log_in_with_mfa
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXP"


@pytest.fixture
def staff():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def agent():
    user = InstitutionMembershipFactory().user
    TOTP.activate(user, SECRET)
    return user


def account_rows(user) -> list[tuple]:
    rows = Disclosure.objects.filter(subject_pseudonym=chain.pseudonymise("account", str(user.pk)))
    return list(rows.values_list("activity__code", "channel", "actor_role", "outcome"))


def test_the_key_is_not_stored_only_its_digest(agent):
    issued = issue_api_token(user=agent, mfa_used_in_session=True)
    token = AuthToken.objects.get()
    assert issued.key not in (token.digest, token.token_key) and len(issued.key) >= 64
    assert issued.issuance.token == token


def test_a_drf_token_in_clear_no_longer_authenticates(client, agent):
    key = Token.objects.create(user=agent).key
    response = client.get("/api/v1/measures/", HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (401, 403) and "Invalid token" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/authtoken/tokenproxy/",
        "/admin/knox/authtoken/",
        "/admin/knox/authtoken/add/",
        "/admin/account/emailconfirmation/",
        "/admin/socialaccount/socialtoken/",
        "/admin/socialaccount/socialapp/",
    ],
)
def test_no_admin_page_shows_or_makes_a_key(client, staff, url):
    log_in_with_mfa(client, staff)
    assert client.get(url).status_code == 404


def test_the_authenticator_page_shows_no_secret_and_is_logged(client, staff, agent):
    log_in_with_mfa(client, staff)
    authenticator = Authenticator.objects.get(user=agent)
    response = client.get(f"/admin/mfa/authenticator/{authenticator.pk}/change/")
    assert response.status_code == 200
    body = response.content.decode()
    assert SECRET not in body and authenticator.data["secret"] not in body
    assert account_rows(agent) == [("account-admin", "admin", "staff", "granted")]


def test_the_authenticator_cannot_be_added_or_changed_by_staff(client, staff, agent):
    log_in_with_mfa(client, staff)
    authenticator = Authenticator.objects.get(user=agent)
    assert client.get("/admin/mfa/authenticator/add/").status_code == 403
    client.post(f"/admin/mfa/authenticator/{authenticator.pk}/change/", {"type": "totp", "data": "{}"})
    authenticator.refresh_from_db()
    assert authenticator.data["secret"] != "{}" and "secret" in authenticator.data


def test_the_user_list_logs_one_row_per_account_shown(client, staff, agent):
    log_in_with_mfa(client, staff)
    assert client.get("/admin/authz/user/").status_code == 200
    assert account_rows(agent) == [("account-admin", "admin", "staff", "granted")]
    assert len(account_rows(staff)) == 1


def test_staff_cannot_set_another_users_password(client, staff, agent):
    log_in_with_mfa(client, staff)
    url = f"/admin/authz/user/{agent.pk}/password/"
    response = client.post(url, {"password1": "Another-pass-2026!", "password2": "Another-pass-2026!"})
    assert response.status_code == 403
    agent.refresh_from_db()
    assert not agent.check_password("Another-pass-2026!")


def test_staff_cannot_change_an_accounts_email_address(client, staff, agent):
    log_in_with_mfa(client, staff)
    page = client.get(f"/admin/authz/user/{agent.pk}/change/")
    assert page.status_code == 200 and 'name="email"' not in page.content.decode()
    assert client.get("/admin/account/emailaddress/add/").status_code == 403


def test_the_api_token_admin_shows_no_key_and_revoking_stops_it(client, staff, agent):
    issued = issue_api_token(user=agent, mfa_used_in_session=True)
    log_in_with_mfa(client, staff)
    page = client.get("/admin/authz/apitoken/")
    assert page.status_code == 200 and issued.key not in page.content.decode()
    response = client.post(f"/admin/authz/apitoken/{issued.issuance.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not AuthToken.objects.exists() and not ApiToken.objects.exists()


def test_a_refused_staff_member_is_logged_and_sees_nothing(client, agent):
    from django.contrib.auth.models import Permission

    from authz.models import ProcessingActivity

    ProcessingActivity.objects.filter(code="account-admin").update(recipients=["auditor"])
    helper = UserFactory(is_staff=True)
    helper.user_permissions.add(Permission.objects.get(codename="view_user"))
    log_in_with_mfa(client, helper)
    response = client.get(f"/admin/authz/user/{agent.pk}/change/")
    assert response.status_code == 403 and agent.email not in response.content.decode()
    assert account_rows(agent) == [("account-admin", "admin", "staff", "refused")]
