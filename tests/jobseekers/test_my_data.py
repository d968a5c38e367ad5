"""A job seeker's "who consulted my data": every disclosure about their INSZ, and the page itself logged."""

from __future__ import annotations

from datetime import date

import pytest

from authz import activities, chain
from authz.models import Disclosure
from authz.services import Actor, Subject, disclose
from tests.authz.factories import EmployerAccessFactory, InstitutionMembershipFactory, IntegrationFactory
from tests.authz.helpers import log_in_with_mfa
from tests.jobseekers.factories import BRUSSELS_INSZ, WALLONIA_INSZ, JobSeekerProfileFactory, log_in_with_eid

pytestmark = pytest.mark.django_db

MY_DATA = "/en/my-data/disclosures/"


def about(insz: str):
    return Disclosure.objects.filter(subject_pseudonym=chain.pseudonymise("person", insz))


@pytest.fixture
def consulted():
    """An agent of the BGDA consulted the Brussels job seeker's DmfA data, and the other job seeker's too."""
    agent = InstitutionMembershipFactory().user
    for insz in (BRUSSELS_INSZ, WALLONIA_INSZ):
        IntegrationFactory(insz=insz)
        disclose(
            actor=Actor(user=agent, mfa_used=True),
            activity=activities.DMFA_GECO_DSP,
            subjects=[Subject.person(insz=insz)],
            categories=["identification"],
            period=(date(2025, 1, 1), date(2025, 3, 31)),
            justification="GECO file 2025/0042: premium check",
        )
    return agent


def test_the_jobseeker_sees_who_consulted_their_data_and_the_page_is_logged(client, consulted):
    profile = JobSeekerProfileFactory()
    log_in_with_eid(client, profile.user)
    response = client.get(MY_DATA)
    assert response.status_code == 200
    page = response.content.decode()
    assert "BGDA" in page or "Actiris" in page
    assert "05/012" in page  # the legal basis, in words
    assert "you (your national register number)" in page
    assert BRUSSELS_INSZ not in page and "GECO file" not in page
    own = about(BRUSSELS_INSZ).filter(activity__code="own-disclosures")
    assert own.count() == 1
    assert (own.get().outcome, own.get().actor_role) == ("granted", "self")
    # The other person's consultation is not on this page.
    assert page.count("8 March 2005") == 1


def test_the_page_without_the_eid_in_this_session_asks_for_strong_authentication(client, consulted):
    profile = JobSeekerProfileFactory()
    client.force_login(profile.user)
    response = client.get(MY_DATA)
    assert response.status_code == 302
    assert about(BRUSSELS_INSZ).filter(activity__code="own-disclosures", outcome="refused").count() == 1


def test_an_employer_owner_sees_its_page_without_a_person_row(client, consulted):
    owner = EmployerAccessFactory().user
    log_in_with_mfa(client, owner)
    assert client.get(MY_DATA).status_code == 200
    assert not Disclosure.objects.filter(activity__code="own-disclosures").exists()


def test_the_gate_refuses_a_persons_own_data_to_anyone_else(consulted):
    other = JobSeekerProfileFactory(insz=WALLONIA_INSZ).user
    decision = disclose(
        actor=Actor(user=other, mfa_used=True),
        activity=activities.OWN_DISCLOSURES,
        subjects=[Subject.person(insz=BRUSSELS_INSZ)],
        categories=["disclosure_log"],
    )
    assert not decision.granted
    row = about(BRUSSELS_INSZ).get(activity__code="own-disclosures")
    assert (row.outcome, row.reason) == ("refused", "not-a-recipient")
    agent_decision = disclose(
        actor=Actor(user=consulted, mfa_used=True),
        activity=activities.OWN_DISCLOSURES,
        subjects=[Subject.person(insz=BRUSSELS_INSZ)],
        categories=["disclosure_log"],
    )
    assert not agent_decision.granted


def test_a_refusal_of_a_persons_own_data_names_the_real_role_of_who_asked(consulted):
    staff = JobSeekerProfileFactory(insz=WALLONIA_INSZ).user
    staff.is_staff = True
    staff.save()
    for user in (staff, consulted):
        decision = disclose(
            actor=Actor(user=user, mfa_used=True),
            activity=activities.OWN_DISCLOSURES,
            subjects=[Subject.person(insz=BRUSSELS_INSZ)],
            categories=["disclosure_log"],
        )
        assert not decision.granted
    rows = about(BRUSSELS_INSZ).filter(activity__code="own-disclosures").order_by("position")
    assert [(row.actor_role, row.outcome) for row in rows] == [("staff", "refused"), ("none", "refused")]
