"""Accounts with django-allauth: log in by e-mail, verification, logout by POST, rate limits, MFA."""

import re

from django.core import mail

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from portal.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from tests.portal.factories import UserFactory


@pytest.fixture
def user(db):
    return UserFactory(email="person@example.be", password="A-long-password-2026")


@pytest.mark.django_db
def test_login_by_email_and_password(client, user):
    response = client.post("/accounts/login/", {"login": "person@example.be", "password": "A-long-password-2026"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("nl", "Het door jou opgegeven e-mailadres en/of wachtwoord is niet correct."),
        ("fr", "L’adresse e-mail ou le mot de passe sont incorrects."),
        ("de", "Die E-Mail-Adresse und/oder das Passwort sind leider falsch."),
        ("en", "The email address and/or password you specified are not correct."),
    ],
)
def test_wrong_password_gives_translated_message(client, user, lang, message):
    client.cookies["django_language"] = lang
    response = client.post("/accounts/login/", {"login": "person@example.be", "password": "wrong"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_out(client, user):
    client.cookies["django_language"] = "en"
    for attempt in range(5):
        client.post("/accounts/login/", {"login": "person@example.be", "password": f"wrong-{attempt}"})
    response = client.post("/accounts/login/", {"login": "person@example.be", "password": "A-long-password-2026"})
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_too_many_login_requests_get_the_translated_429_page(client, user, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    client.cookies["django_language"] = "nl"
    statuses = [
        client.post("/accounts/login/", {"login": "person@example.be", "password": "wrong"}).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    html = client.post("/accounts/login/", {"login": "person@example.be", "password": "wrong"}).content.decode()
    assert "Te veel aanvragen" in html
    assert 'class="site-header"' in html


@pytest.mark.django_db
def test_logout_needs_post(client, user):
    client.force_login(user)
    response = client.get("/accounts/logout/")
    assert response.status_code == 200
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_signup_requires_email_verification(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.be", "password1": "Sturdy-password-2026", "password2": "Sturdy-password-2026"},
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert EmailAddress.objects.get(email="new@example.be").verified is False
    assert len(mail.outbox) == 1
    response = client.post("/accounts/login/", {"login": "new@example.be", "password": "Sturdy-password-2026"})
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_sends_mail(client, user):
    response = client.post("/accounts/password/reset/", {"email": "person@example.be"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert re.search(r"/accounts/password/reset/key/", mail.outbox[0].body)


@pytest.mark.django_db
def test_account_pages_use_the_portal_layout(client):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'class="site-header"' in html
    assert '<html lang="fr">' in html


@pytest.mark.django_db
def test_mfa_is_offered_to_every_user(client, user):
    client.force_login(user)
    html = client.get("/accounts/2fa/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for method in ("/accounts/2fa/totp/activate/", "/accounts/2fa/webauthn/add/"):
        assert method in html


@pytest.mark.django_db
def test_demo_mfa_account_needs_totp_code(client, settings):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from portal.demo import load_accounts

    load_accounts()
    response = client.post("/accounts/login/", {"login": "agent@demo.be", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    import time

    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    assert Authenticator.objects.filter(user__email="agent@demo.be", type="totp").count() == 1
