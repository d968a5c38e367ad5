"""``Cache-Control: no-store`` on every response that may carry personal data (issue 16, finding 5): a walk over every
route of the pages and the API, anonymous and as each role, checks every answer for which the gate was asked and every
answer to a logged-in user."""

from __future__ import annotations

import re

from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver

import pytest
from knox.models import AuthToken

from authz.models import Disclosure
from tests.authz.factories import EmployerAccessFactory, InstitutionMembershipFactory, IntegrationFactory
from tests.authz.helpers import log_in_with_mfa
from tests.dmfa.conftest import FIXTURES
from tests.portal.factories import UserFactory
from tests.repertory.factories import EmployerFactory

pytestmark = pytest.mark.django_db

#: A value for each named part of a route (the demo's employer A and its integrated person).
SAMPLES = {
    "number": "123456749",
    "insz": "90051512391",
    "repertory": "RSZ",
    "code": "no-such-measure",
    "pk": "1",
    "fmt": "csv",
    "token": "no-such-invitation",
}
SKIPPED = ("admin/", "accounts/", "i18n/", "healthz", "api/v1/schema/", "api/v1/docs/")
QUERIES = {  # the first key found in a route gives its query
    "declarations": "?from=2025Q1&to=2025Q4&justification=GECO+file+2025%2F0042",
    "dmfa": "?insz=90051512391&period_from=2025Q1&period_until=2025Q4&justification=GECO+file+2025%2F0042",
    "employer-category": "?number=123456749",
}


def routes() -> list[str]:
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            pattern = prefix + str(entry.pattern).lstrip("^").rstrip("$")
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, pattern)
            elif isinstance(entry, URLPattern):
                found.append(pattern)

    walk(get_resolver().url_patterns, "")
    urls = []
    for pattern in found:
        if pattern.startswith(SKIPPED) or re.match(r"^(nl|fr|de)/", pattern):
            continue
        url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: SAMPLES[m.group(1)], pattern)
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLES[m.group(1)], url)
        url = url.replace("\\.", ".")
        query = next((q for key, q in QUERIES.items() if key in url), "")
        urls.append("/" + url + query)
    return urls


@pytest.fixture
def world(db):
    from dmfa import services

    EmployerFactory(registration_number="123456749", enterprise_number="0812345603")
    services.import_path(path=FIXTURES / "valid_two_forms.xml")
    IntegrationFactory(insz="90051512391")
    owner = EmployerAccessFactory(role="owner").user
    agent = InstitutionMembershipFactory().user
    auditor = UserFactory(is_staff=True)
    auditor.groups.add(Group.objects.get_or_create(name="auditor")[0])
    return {"owner": owner, "agent": agent, "auditor": auditor}


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("role", [None, "owner", "agent", "auditor"])
def test_every_answer_of_the_gate_or_to_a_logged_in_user_carries_no_store(client, world, role):
    if role:
        log_in_with_mfa(client, world[role])
    gated = 0
    for url in routes():
        before = Disclosure.objects.count()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        asked = Disclosure.objects.count() > before
        gated += asked
        if asked or role:
            assert no_store(response), (url, response.status_code, response.get("Cache-Control"))
    assert gated >= (1 if role is None else 2)


def test_the_answers_the_probe_found_without_it_carry_it_now(client, world):
    """The finding's list: the employer and DmfA API, the DmfA page, calculations, the audit pages and their export,
    my-data disclosures, the mandates page."""
    _token, key = AuthToken.objects.create(user=world["owner"], expiry=None)
    api = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert no_store(client.get("/api/v1/employers/123456749/", **api))
    calculation = client.post("/api/v1/calculations/", {"employer": "123456749"}, "application/json", **api)
    assert no_store(calculation)
    log_in_with_mfa(client, world["agent"])
    assert no_store(client.get("/api/v1/dmfa/persons/90051512391/declarations/" + QUERIES["declarations"]))
    assert no_store(client.get("/en/dmfa/" + QUERIES["dmfa"]))
    log_in_with_mfa(client, world["auditor"])
    for url in ("/en/audit/disclosures/", "/en/audit/disclosures/export.csv", "/en/my-data/disclosures/"):
        assert no_store(client.get(url)), url
    log_in_with_mfa(client, world["owner"])
    assert no_store(client.get("/en/mandates/"))


def test_an_anonymous_catalogue_page_stays_cacheable(client, db):
    assert not no_store(client.get("/en/measures/"))
