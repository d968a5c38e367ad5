"""Refusals that explain: why, in words the user can act on, revealing nothing of a person the user may not see."""

from __future__ import annotations

import datetime
import re
from datetime import date

from django.utils import timezone

import pytest

from authz import activities
from authz.models import Disclosure, Institution, QualityCode
from authz.refusals import explain
from authz.services import Actor, Subject, disclose
from tests.authz.factories import EmployerAccessFactory, InstitutionMembershipFactory, IntegrationFactory
from tests.authz.helpers import log_in_with_mfa

pytestmark = pytest.mark.django_db

SEARCH = "/en/dmfa/"
JUSTIFICATION = "GECO file 2025/0042: premium check"
SEEN, WRONG_QUALITY, AT_VDAB, NOWHERE = "90051512391", "85010123176", "64072008826", "01020314523"


@pytest.fixture
def integrations(db):
    IntegrationFactory(insz=SEEN)
    IntegrationFactory(insz=WRONG_QUALITY, quality_code=QualityCode.objects.get(code="010"))
    IntegrationFactory(insz=AT_VDAB, institution=Institution.objects.get(code="VDAB"))


def search(client, insz, start="2025Q1", end="2025Q4"):
    return client.post(
        SEARCH, {"insz": insz, "period_from": start, "period_until": end, "justification": JUSTIFICATION}
    )


def alert(html: str) -> str:
    found = re.search(r'<div class="notice refusal" role="alert" id="refusal">(.*?)</div>', html, re.S)
    assert found, "no refusal explanation on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1)))


def bgda_agent(client):
    log_in_with_mfa(client, InstitutionMembershipFactory().user)


def vdab_agent(client):
    log_in_with_mfa(client, InstitutionMembershipFactory(institution=Institution.objects.get(code="VDAB")).user)


def owner(client):
    log_in_with_mfa(client, EmployerAccessFactory().user)


@pytest.mark.parametrize(
    ("who", "insz", "start", "end", "says", "never"),
    [
        # Integrated by another office only: said exactly as for a person nobody integrated.
        (bgda_agent, AT_VDAB, "2025Q1", "2025Q4", "Your office has not integrated this person", ["VDAB", "001 at"]),
        (bgda_agent, NOWHERE, "2025Q1", "2025Q4", "Your office has not integrated this person", ["VDAB"]),
        # The agent's own office's integration: its quality is the office's own registration; the code 010 not named.
        (bgda_agent, WRONG_QUALITY, "2025Q1", "2025Q4", "another quality code than 001", ["010"]),
        (bgda_agent, SEEN, "2022Q1", "2023Q4", "does not cover a whole quarter", ["2024"]),
        (vdab_agent, SEEN, "2025Q1", "2025Q4", "does not name your office (VDAB", ["BGDA"]),
        (owner, SEEN, "2025Q1", "2025Q4", "your account is not an agent of an office", []),
    ],
)
def test_a_refused_consultation_says_why_and_keeps_what_was_typed(
    client, integrations, who, insz, start, end, says, never
):
    who(client)
    response = search(client, insz, start, end)
    assert response.status_code == 403
    html = response.content.decode()
    text = alert(html)
    assert says in text
    for word in never:
        assert word not in text
    # The form keeps what was typed.
    for value in (insz, start, end):
        assert f'value="{value}"' in html
    assert JUSTIFICATION in html
    # The refusal is logged once, for this person.
    assert Disclosure.objects.get().outcome == "refused"


def test_not_integrated_and_integrated_elsewhere_give_the_same_page(client, integrations):
    """Whether another office integrated the person must not show: the two answers are identical but for the INSZ."""
    bgda_agent(client)
    elsewhere = alert(search(client, AT_VDAB).content.decode())
    nowhere = alert(search(client, NOWHERE).content.decode())
    assert elsewhere == nowhere


def test_the_explanation_is_translated(client, integrations):
    bgda_agent(client)
    response = client.post(
        "/fr/dmfa/",
        {"insz": NOWHERE, "period_from": "2025Q1", "period_until": "2025Q4", "justification": JUSTIFICATION},
    )
    assert "Votre office n’a pas intégré cette personne" in alert(response.content.decode())


def _refusal(user, subject, activity=activities.REPERTORY_FOR_CALCULATOR, on=date(2025, 6, 1)):
    decision = disclose(
        actor=Actor(user=user, mfa_used=True),
        activity=activity,
        subjects=[subject],
        categories=["identification"],
        on=on,
    )
    assert not decision.granted
    return decision


def test_an_expired_mandate_is_named_with_its_end_date(db):
    access = EmployerAccessFactory(role="mandatary", valid_from=date(2024, 1, 1), valid_until=date(2025, 3, 31))
    subject = Subject.employer(repertory="RSZ", number="123456749", personal=False)
    text = explain(_refusal(access.user, subject), user=access.user, mfa_used=True, on=date(2025, 6, 1))
    assert "as mandatary" in text and "ended on March 31, 2025" in text


def test_a_mandatary_without_mfa_is_told_the_dates_but_not_the_employer_s_name(client, db):
    """For a natural-person employer the name is personal data: before MFA, the refusal page says "this employer"."""
    access = EmployerAccessFactory(
        role="mandatary",
        registration_number="134567808",
        employer_name="Bravo Natural Person",
        valid_from=date(2020, 1, 1),
        valid_until=date(2021, 6, 30),
    )
    client.force_login(access.user)  # password only, no second factor
    body = client.get("/en/employers/134567808/").content.decode()
    assert "Bravo" not in body and "this employer ended on" in body


def test_an_access_ended_early_counts_with_its_own_day_beside_an_older_expiry(db):
    user = EmployerAccessFactory(role="mandatary", valid_from=date(2022, 1, 1), valid_until=date(2023, 12, 31)).user
    EmployerAccessFactory(
        user=user,
        role="mandatary",
        valid_from=date(2024, 1, 1),
        ended_at=timezone.make_aware(datetime.datetime(2025, 2, 10, 23, 30)),  # Brussels evening
    )
    subject = Subject.employer(repertory="RSZ", number="123456749", personal=False)
    text = explain(_refusal(user, subject), user=user, mfa_used=True, on=date(2025, 6, 1))
    assert "ended on Feb. 10, 2025" in text


def test_a_future_mandate_is_named_with_its_start_date(db):
    access = EmployerAccessFactory(role="mandatary", valid_from=date(2025, 10, 1))
    subject = Subject.employer(repertory="RSZ", number="123456749", personal=False)
    text = explain(_refusal(access.user, subject), user=access.user, mfa_used=True, on=date(2025, 6, 1))
    assert "starts on Oct. 1, 2025" in text


def test_no_access_at_all_gets_the_general_answer(db):
    """Another employer's mandates are not the user's: nothing about them is said."""
    EmployerAccessFactory(registration_number="134567808", valid_until=date(2025, 3, 31))
    user = EmployerAccessFactory().user
    subject = Subject.employer(repertory="RSZ", number="134567808", personal=True)
    text = explain(_refusal(user, subject), user=user, mfa_used=True, on=date(2025, 6, 1))
    assert "ended" not in text and "2025" not in text


def test_the_403_page_gives_the_gates_reason(rf, db):
    from django.contrib.auth.models import AnonymousUser

    from authz.exceptions import DisclosureRefused
    from portal.views import permission_denied

    access = EmployerAccessFactory(role="mandatary", valid_from=date(2024, 1, 1), valid_until=date(2024, 12, 31))
    subject = Subject.employer(repertory="RSZ", number="123456749", personal=False)
    request = rf.get("/en/")
    request.session = {}
    request.user = access.user
    response = permission_denied(request, DisclosureRefused(_refusal(access.user, subject)))
    assert response.status_code == 403 and "ended on Dec. 31, 2024" in response.content.decode()
    request.user = AnonymousUser()
    assert "ended on" not in permission_denied(request, None).content.decode()


def test_the_mandatary_sees_expired_and_future_mandates_with_their_dates(client):
    user = EmployerAccessFactory(role="mandatary", employer_name="Alfa Software").user
    EmployerAccessFactory(
        user=user,
        role="mandatary",
        registration_number="134567808",
        employer_name="Bravo",
        valid_from=date(2020, 1, 1),
        valid_until=date(2021, 6, 30),
    )
    EmployerAccessFactory(
        user=user,
        role="mandatary",
        registration_number="198765432",
        employer_name="Charlie",
        valid_from=date(2099, 1, 1),
    )
    log_in_with_mfa(client, user)
    html = client.get("/en/acting-for/").content.decode()
    listed = html.split("Mandates not valid today", 1)[1]
    assert "Bravo" in listed and "30 June 2021" in listed and "ended (end date passed)" in listed
    assert "Charlie" in listed and "1 January 2099" in listed and "not yet started" in listed
    assert "Alfa Software" not in listed


def test_expired_mandates_need_two_factor_authentication_first(client):
    user = EmployerAccessFactory(role="mandatary", employer_name="Bravo", valid_until=date(2021, 6, 30)).user
    client.force_login(user)
    response = client.get("/en/acting-for/")
    assert "Bravo" not in response.content.decode()
