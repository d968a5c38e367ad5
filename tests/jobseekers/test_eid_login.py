"""eID log-in against a real OpenID Connect provider (demo_oidc in a second process): the flow and its refusals."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from allauth.socialaccount.models import SocialAccount

from authz.models import User
from demo_oidc.citizens import CITIZENS
from jobseekers.eid.adapter_oidc import EidOAuth2Adapter
from jobseekers.models import JobSeekerProfile
from tests.jobseekers.provider import CitizenAgent, eid_app, eid_login, free_port, start_login

pytestmark = pytest.mark.django_db

BRU = CITIZENS["bru-jobseeker"]["egovNRN"]


def _assert_refused(response, words: str) -> None:
    assert response.status_code in (403, 503)
    text = response.content.decode()
    assert words in text
    for claims in CITIZENS.values():
        if "egovNRN" in claims:
            assert claims["egovNRN"] not in text  # never the number on an error page


def test_login_creates_an_account_with_the_insz_stored_once(eid_configured, client):
    response = eid_login(client, "bru-jobseeker")
    assert response.status_code == 302
    profile = JobSeekerProfile.objects.get()
    assert profile.insz == BRU
    assert (profile.given_name, profile.surname) == ("Yasmina", "Demo-Brussel")
    user = profile.user
    assert user.email.endswith("@eid.invalid") and not user.has_usable_password()
    account = SocialAccount.objects.get(user=user)
    assert account.provider == "eid"
    assert BRU not in str(account.extra_data)  # the number is kept once, on the profile
    assert user.insz == BRU


def test_authorisation_request_uses_pkce_and_a_nonce(eid_configured, client):
    query = parse_qs(urlsplit(start_login(client)).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert len(query["nonce"][0]) >= 32
    assert set(query["scope"][0].split()) == {"openid", "profile", "egovnrn"}


def test_a_later_login_reuses_the_account_and_never_changes_the_insz(eid_configured, client):
    eid_login(client, "bru-jobseeker")
    client.logout()
    response = eid_login(client, "bru-jobseeker")
    assert response.status_code == 302
    assert User.objects.count() == 1
    assert JobSeekerProfile.objects.get().insz == BRU


def test_a_bis_number_is_accepted(eid_configured, client):
    assert eid_login(client, "bis-citizen").status_code == 302
    assert JobSeekerProfile.objects.get().insz == CITIZENS["bis-citizen"]["egovNRN"]


@pytest.mark.parametrize(
    ("citizen", "words"), [("no-number", "did not give your national register number"), ("bad-number", "check digits")]
)
def test_a_missing_or_invalid_insz_is_refused(eid_configured, client, citizen, words):
    _assert_refused(eid_login(client, citizen), words)
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session


def test_a_second_account_claiming_the_same_insz_is_refused(eid_configured, client, caplog):
    eid_login(client, "bru-jobseeker")
    client.logout()
    response = eid_login(client, "bru-twin")  # another account at the provider, the same national number
    _assert_refused(response, "Another account")
    assert User.objects.count() == 1
    assert "eID log-in refused: insz-claimed" in caplog.text
    assert BRU not in caplog.text  # the log line names a pseudonym, never the number


def test_a_replayed_state_is_refused(eid_configured, client):
    callback = CitizenAgent("bru-jobseeker").authorize(start_login(client))
    assert client.get(callback).status_code == 302
    client.logout()
    _assert_refused(client.get(callback), "already used or has expired")


def _tampered(monkeypatch, change):
    original = EidOAuth2Adapter.get_access_token_data

    def patched(self, *args, **kwargs):
        data = dict(original(self, *args, **kwargs))
        data["id_token"] = change(data["id_token"], self)
        return data

    monkeypatch.setattr(EidOAuth2Adapter, "get_access_token_data", patched)


def test_a_bad_signature_is_refused(eid_configured, client, monkeypatch):
    def flip_signature(token: str, _adapter) -> str:
        head, payload, signature = token.split(".")
        return f"{head}.{payload}.{signature[:-4]}{'AAAA' if signature[-4:] != 'AAAA' else 'BBBB'}"

    _tampered(monkeypatch, flip_signature)
    _assert_refused(eid_login(client, "bru-jobseeker"), "could not be verified")
    assert not User.objects.exists()


def test_a_token_for_another_audience_is_refused(eid_configured, client, monkeypatch):
    agent = CitizenAgent("bru-jobseeker")
    _tampered(
        monkeypatch,
        lambda _token, adapter: agent.id_token_for_other_client(eid_configured, nonce=adapter.expected_nonce),
    )
    _assert_refused(client.get(agent.authorize(start_login(client))), "could not be verified")
    assert not User.objects.exists()


def test_an_expired_token_is_refused(eid_configured, client):
    callback = CitizenAgent("bru-jobseeker").authorize(start_login(client))
    # The provider's ID tokens live 5 minutes; 7 minutes later (the state itself lives 10) the token has expired.
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=7)
    with time_machine.travel(later, tick=True):
        _assert_refused(client.get(callback), "could not be verified")
    assert not User.objects.exists()


def test_the_provider_down_gives_a_clear_page(settings, client):
    settings.SOCIALACCOUNT_PROVIDERS = eid_app(f"http://127.0.0.1:{free_port()}/o")
    client.get("/accounts/eid/login/")
    response = client.post("/accounts/eid/login/")
    assert response.status_code == 503
    assert "cannot be reached" in response.content.decode()


def test_log_in_with_eid_shows_only_when_configured(settings, client):
    settings.SOCIALACCOUNT_PROVIDERS = {"eid": {"APPS": []}}
    assert "/accounts/eid/login/" not in client.get("/accounts/login/").content.decode()
    settings.SOCIALACCOUNT_PROVIDERS = eid_app("http://127.0.0.1:9/o")
    page = client.get("/accounts/login/").content.decode()
    assert "/accounts/eid/login/" in page and "Log in with eID" in page


def test_an_eid_login_counts_as_strong_authentication(eid_configured, client):
    eid_login(client, "bru-jobseeker")
    records = client.session["account_authentication_methods"]
    assert any(r["method"] == "socialaccount" and r["provider"] == "eid" for r in records)
    response = client.get("/en/jobseeker/profile/")
    assert response.status_code == 200  # the gate asks strong authentication of a person's own data


def test_the_confirmation_page_lets_its_form_go_on_to_the_provider(eid_configured, client):
    response = client.get("/accounts/eid/login/")
    policy = response["Content-Security-Policy"]
    form_action = next(part for part in policy.split(";") if "form-action" in part)
    assert f"http://127.0.0.1:{eid_configured.port}" in form_action and "'self'" in form_action
