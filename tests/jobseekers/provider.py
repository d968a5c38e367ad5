"""The demo eID provider (demo_oidc) as a second process for the tests, and a user agent that logs in through it."""

from __future__ import annotations

import base64
import hashlib
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests

from demo_oidc.citizens import OTHER_CLIENT, PORTAL_CLIENT

ROOT = Path(__file__).resolve().parents[2]
CALLBACK = "/accounts/eid/login/callback/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Provider:
    port: int

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}/o"


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """A real OpenID Connect provider (django-oauth-toolkit, demo_oidc) on a free port, for the whole session."""
    port = free_port()
    data_dir = tmp_path_factory.mktemp("demo-oidc")
    log = (data_dir / "provider.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "demo_oidc.serve", "--port", str(port), "--data-dir", str(data_dir)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    provider = Provider(port)
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2).ok:
                break
        except requests.RequestException:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the demo eID provider did not start: {(data_dir / 'provider.log').read_text()[-2000:]}")
        time.sleep(0.2)
    yield provider
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def eid_app(server_url: str, client=PORTAL_CLIENT, **extra) -> dict:
    return {
        "eid": {
            "APPS": [
                {
                    "provider_id": "eid",
                    "name": "eID",
                    "client_id": client[0],
                    "secret": client[1],
                    "settings": {
                        "server_url": server_url,
                        "oauth_pkce_enabled": True,
                        "scope": ["openid", "profile", "egovnrn"],
                        "insz_claim": "egovNRN",
                        **extra,
                    },
                }
            ]
        }
    }


@pytest.fixture
def eid_configured(settings, oidc_provider):
    settings.SOCIALACCOUNT_PROVIDERS = eid_app(oidc_provider.issuer)
    return oidc_provider


class CitizenAgent:
    """The citizen's browser at the provider: log in as a demo citizen, follow the authorisation to the callback."""

    def __init__(self, citizen: str) -> None:
        self.citizen = citizen
        self.session = requests.Session()

    def authorize(self, authorize_url: str) -> str:
        """The callback URL (path and query) the provider sends the citizen back to."""
        response = self.session.get(authorize_url, allow_redirects=False, timeout=10)
        if response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login/":
            login_url = requests.compat.urljoin(authorize_url, response.headers["Location"])
            page = self.session.get(login_url, timeout=10)
            token = self.session.cookies.get("demo_oidc_csrftoken")
            next_url = parse_qs(urlsplit(login_url).query)["next"][0]
            response = self.session.post(
                login_url,
                data={"csrfmiddlewaretoken": token, "citizen": self.citizen, "next": next_url},
                allow_redirects=False,
                timeout=10,
            )
            assert response.status_code == 302, page.text[:500]
            response = self.session.get(
                requests.compat.urljoin(authorize_url, response.headers["Location"]), allow_redirects=False, timeout=10
            )
        assert response.status_code == 302, response.text[:500]
        location = urlsplit(response.headers["Location"])
        assert location.path == CALLBACK, response.headers["Location"]
        return f"{location.path}?{location.query}"

    def id_token_for_other_client(self, provider: Provider, *, nonce: str) -> str:
        """An ID token the provider really issued, for another application (another audience), with this nonce."""
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        redirect_uri = f"http://testserver{CALLBACK}"
        query = urlencode(
            {
                "response_type": "code",
                "client_id": OTHER_CLIENT[0],
                "redirect_uri": redirect_uri,
                "scope": "openid profile egovnrn",
                "state": "other",
                "nonce": nonce,
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            }
        )
        callback = self.authorize(f"{provider.issuer}/authorize/?{query}")
        code = parse_qs(urlsplit(callback).query)["code"][0]
        response = self.session.post(
            f"{provider.issuer}/token/",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "client_id": OTHER_CLIENT[0],
                "client_secret": OTHER_CLIENT[1],
                "code_verifier": verifier,
            },
            timeout=10,
        )
        response.raise_for_status()
        return response.json()["id_token"]


def start_login(client) -> str:
    """Press "Log in with eID" on the portal (the confirmation page, then its POST): the provider's authorize URL."""
    page = client.get("/accounts/eid/login/")
    assert page.status_code == 200
    response = client.post("/accounts/eid/login/")
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def eid_login(client, citizen: str):
    """The whole log-in of a citizen: the portal's response to the callback."""
    agent = CitizenAgent(citizen)
    return client.get(agent.authorize(start_login(client)))
