"""The gate's rule for employer-level data to an institution (05/012 §2.2: an employer's headcount in totals, to the
BGDA): its agents are granted whichever the employer; everyone else is refused and logged in their real capacity."""

from datetime import date

from django.contrib.auth.models import Group

import pytest
import time_machine

from authz.chain import pseudonymise
from authz.models import Disclosure, Institution, ProcessingActivity
from authz.services import Actor, Subject, disclose
from tests.authz.factories import EmployerAccessFactory, InstitutionMembershipFactory
from tests.portal.factories import UserFactory

A = Subject.employer(repertory="RSZ", number="123456749", personal=False)
B = Subject.employer(repertory="RSZ", number="134567808", personal=False)
Q1_2025 = (date(2025, 1, 1), date(2025, 3, 31))
CODE = "test-employer-aggregate"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_today", "_register_row")]


@pytest.fixture
def _today():
    with time_machine.travel(date(2025, 6, 15), tick=False):
        yield


@pytest.fixture
def _register_row():
    """A register row like the headcount's (dmfa/0005): employer subjects, to the BGDA alone, with a justification."""
    ProcessingActivity.objects.create(
        code=CODE,
        name="Employer aggregate",
        legal_basis="Deliberation 05/012, point 2.2",
        purpose="Test",
        data_source="DmfA",
        subject_kind="employer",
        data_categories=["occupation"],
        recipients=["institution"],
        recipient_institutions=["BGDA"],
        requires_justification=True,
        valid_from=date(2005, 3, 8),
    )


def aggregate(user, *subjects, mfa_used=True, justification="GECO/DSP control, quarter 2025Q1"):
    return disclose(
        actor=Actor(user=user, mfa_used=mfa_used),
        activity=CODE,
        subjects=list(subjects) or [A],
        categories=["occupation"],
        period=Q1_2025,
        justification=justification,
    )


def logged():
    return list(Disclosure.objects.order_by("position").values_list("outcome", "reason", "actor_role", "acting_for"))


def test_an_agent_of_the_named_institution_is_granted_every_employer_one_row_each():
    agent = InstitutionMembershipFactory().user
    decision = aggregate(agent, A, B)
    assert decision.granted
    assert logged() == [("granted", "institution-recipient", "agent", "BGDA")] * 2
    rows = Disclosure.objects.order_by("position")
    assert [row.subject_pseudonym for row in rows] == [pseudonymise("employer", "RSZ:123456749"),
                                                        pseudonymise("employer", "RSZ:134567808")]  # fmt: skip
    assert {(row.subject_kind, row.personal, row.period_from) for row in rows} == {("employer", False, Q1_2025[0])}


def test_a_supervisor_is_granted_as_supervisor():
    supervisor = InstitutionMembershipFactory(role="supervisor").user
    assert aggregate(supervisor).granted
    assert logged() == [("granted", "institution-recipient", "supervisor", "BGDA")]


def test_an_agent_without_two_factor_authentication_is_refused():
    agent = InstitutionMembershipFactory().user
    decision = aggregate(agent, mfa_used=False)
    assert not decision.granted and decision.mfa_required
    assert logged() == [("refused", "mfa-required", "agent", "BGDA")]


def test_an_agent_of_another_institution_is_refused_as_that_agent():
    vdab = InstitutionMembershipFactory(institution=Institution.objects.get(code="VDAB")).user
    assert not aggregate(vdab).granted
    assert logged() == [("refused", "institution-not-a-recipient", "agent", "VDAB")]


def test_a_membership_that_has_ended_does_not_count():
    former = InstitutionMembershipFactory(valid_until=date(2025, 6, 14)).user
    assert not aggregate(former).granted
    assert logged() == [("refused", "not-a-member", "none", "")]


def test_the_employer_and_its_mandatary_are_refused_in_their_capacity():
    owner = EmployerAccessFactory().user
    mandatary = EmployerAccessFactory(role="mandatary", organisation="Secretariat").user
    assert not aggregate(owner).granted and not aggregate(mandatary).granted
    assert logged() == [
        ("refused", "not-a-member", "owner", "RSZ:123456749"),
        ("refused", "not-a-member", "mandatary", "RSZ:123456749"),
    ]
    assert Disclosure.objects.order_by("position").last().organisation == "Secretariat"


def test_an_access_to_another_employer_or_an_ended_one_gives_no_role():
    other = EmployerAccessFactory(registration_number="134567808").user
    ended = EmployerAccessFactory(valid_until=date(2025, 1, 1)).user
    assert not aggregate(other, A).granted and not aggregate(ended, A).granted
    assert logged() == [("refused", "not-a-member", "none", "")] * 2


def test_an_auditor_and_staff_are_refused_as_such():
    auditor = UserFactory()
    auditor.groups.add(Group.objects.get(name="auditor"))
    staff = UserFactory(is_staff=True)
    assert not aggregate(auditor).granted and not aggregate(staff).granted
    assert logged() == [("refused", "not-a-member", "auditor", ""), ("refused", "not-a-member", "staff", "")]


def test_a_person_is_not_an_employer_subject():
    agent = InstitutionMembershipFactory().user
    assert not aggregate(agent, Subject.person(insz="90051512391")).granted
    assert logged() == [("refused", "invalid-subject", "none", "")]


def test_no_justification_is_refused_before_anything_else():
    agent = InstitutionMembershipFactory().user
    assert not aggregate(agent, justification=" ").granted
    assert logged() == [("refused", "justification-missing", "none", "")]
