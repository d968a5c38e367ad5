"""The gate's facility for the portal acting for a user (Actor.system_for): the user's rights decide, the log names
the system as actor and the user on whose behalf."""

from datetime import date

import pytest
import time_machine

from authz import activities
from authz.models import Disclosure
from authz.services import Actor, Subject, disclose
from tests.authz.factories import EmployerAccessFactory, InstitutionMembershipFactory, IntegrationFactory
from tests.portal.factories import UserFactory

A = Subject.employer(repertory="RSZ", number="123456749", personal=False)
B = Subject.employer(repertory="RSZ", number="134567808", personal=True)
CATEGORIES = ["identification", "employer_category"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_today")]


@pytest.fixture
def _today():
    with time_machine.travel(date(2025, 6, 15), tick=False):
        yield


def for_user(user, *subjects, activity=activities.BENEFIT_CALCULATOR, categories=CATEGORIES):
    return disclose(
        actor=Actor.system_for(user, reference="rules-batch-7"),
        activity=activity,
        subjects=list(subjects),
        categories=categories,
    )


def rows():
    return list(
        Disclosure.objects.order_by("position").values_list(
            "actor_id", "actor_role", "acting_for", "organisation", "outcome", "reason", "request_id"
        )
    )


def test_the_owner_s_valid_access_grants_and_the_log_names_the_system_for_the_owner():
    access = EmployerAccessFactory()
    decision = for_user(access.user, A)
    assert decision.granted
    assert rows() == [(access.user.pk, "system", "RSZ:123456749", "", "granted", "employer-access", "rules-batch-7")]
    assert Disclosure.objects.get().activity.code == activities.BENEFIT_CALCULATOR


def test_no_second_factor_is_asked_of_a_mandatary_when_the_system_acts_for_them():
    access = EmployerAccessFactory(role="mandatary", organisation="Secretariat X")
    assert for_user(access.user, A).granted
    assert rows()[0][1:5] == ("system", "RSZ:123456749", "Secretariat X", "granted")


def test_the_same_user_at_a_screen_without_mfa_is_refused():
    """The facility changes the actor, not the rule: a mandatary asking in person still needs MFA."""
    access = EmployerAccessFactory(role="mandatary", organisation="Secretariat X")
    decision = disclose(actor=Actor(user=access.user), activity=activities.BENEFIT_CALCULATOR, subjects=[A],
                        categories=CATEGORIES)  # fmt: skip
    assert not decision.granted
    assert rows()[0][1] == "mandatary"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"valid_until": date(2025, 5, 31)}, "access-expired"),
        ({"valid_from": date(2025, 7, 1)}, "access-not-yet-valid"),
        ({"scopes": ["repertory"]}, "out-of-scope"),
    ],
)
def test_an_access_the_user_no_longer_has_is_refused_and_logged_as_the_system(change, reason):
    access = EmployerAccessFactory(**change)
    decision = for_user(access.user, A)
    assert not decision.granted
    assert rows() == [(access.user.pk, "system", "RSZ:123456749", "", "refused", reason, "rules-batch-7")]


def test_an_employer_the_user_never_had_is_refused():
    user = UserFactory()
    assert not for_user(user, A).granted
    assert rows()[0][1:6] == ("system", "", "", "refused", "no-access")


def test_one_row_per_employer_each_decided_on_its_own():
    access = EmployerAccessFactory()
    decision = for_user(access.user, A, B)
    assert [item.granted for item in decision.subjects] == [True, False]
    assert [(row[4], row[5]) for row in rows()] == [("granted", "employer-access"), ("refused", "no-access")]


def test_only_employer_data_to_employers_can_be_asked_for_on_behalf_of_someone():
    """An agent's rights to DmfA data are not lent to a task: refused whatever the integrations say."""
    membership = InstitutionMembershipFactory()
    IntegrationFactory()
    person = Subject.person(insz="90051512391")
    decision = for_user(membership.user, person, activity=activities.DMFA_GECO_DSP, categories=["occupation"])
    assert not decision.granted
    assert rows()[0][1:6] == ("system", "", "", "refused", "not-a-recipient")


def test_nobody_on_whose_behalf_is_refused():
    assert not for_user(None, A).granted
    assert rows()[0][:2] == (None, "system")


def test_a_category_outside_the_register_is_refused_as_for_anyone():
    access = EmployerAccessFactory()
    assert not for_user(access.user, A, categories=["wages"]).granted
    assert (rows()[0][1], rows()[0][5]) == ("system", "category-not-in-register")
