"""First checks of the gate: public, employer and person subjects each log one row."""

from datetime import date

import pytest

from authz import activities
from authz.models import Disclosure
from authz.services import Actor, Subject, disclose
from tests.authz.factories import EmployerAccessFactory, InstitutionMembershipFactory, IntegrationFactory

EMPLOYER_A = Subject.employer(repertory="RSZ", number="123456749", personal=False)


@pytest.mark.django_db
def test_public_lookup_is_granted_and_logged():
    decision = disclose(
        actor=Actor(user=None), activity=activities.EMPLOYER_CATEGORY_LOOKUP, subjects=[EMPLOYER_A], categories=["c"]
    )
    assert decision.granted
    assert Disclosure.objects.count() == 1


@pytest.mark.django_db
def test_owner_granted_other_refused():
    access = EmployerAccessFactory()
    other = EmployerAccessFactory(registration_number="134567808")
    ok = disclose(
        actor=Actor(user=access.user),
        activity=activities.REPERTORY_FOR_CALCULATOR,
        subjects=[EMPLOYER_A],
        categories=["x"],
    )
    refused = disclose(
        actor=Actor(user=other.user),
        activity=activities.REPERTORY_FOR_CALCULATOR,
        subjects=[EMPLOYER_A],
        categories=["x"],
    )
    assert ok.granted and not refused.granted
    assert list(Disclosure.objects.order_by("position").values_list("outcome", "reason")) == [
        ("granted", "employer-access"),
        ("refused", "no-access"),
    ]


@pytest.mark.django_db
def test_agent_needs_integration_with_quality_001():
    membership = InstitutionMembershipFactory()
    IntegrationFactory()
    actor = Actor(user=membership.user, mfa_used=True)
    decision = disclose(
        actor=actor,
        activity=activities.DMFA_GECO_DSP,
        subjects=[Subject.person(insz="90051512391"), Subject.person(insz="01020314523")],
        categories=["dmfa"],
        period=(date(2025, 1, 1), date(2025, 3, 31)),
        justification="GECO control file 123",
    )
    assert decision.allowed(Subject.person(insz="90051512391"))
    assert not decision.allowed(Subject.person(insz="01020314523"))
    assert Disclosure.objects.count() == 2
