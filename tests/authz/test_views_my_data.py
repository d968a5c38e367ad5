"""A person's own page of who consulted the data of the employers it owns."""

from datetime import date

import pytest
import time_machine

from authz import activities
from authz.models import Disclosure
from authz.services import Actor, Subject, disclose
from tests.authz.factories import EmployerAccessFactory
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

MY_DATA = "/en/my-data/disclosures/"
A = Subject.employer(repertory="RSZ", number="123456749", personal=False)
B = Subject.employer(repertory="RSZ", number="134567808", personal=True)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def owner_a():
    return EmployerAccessFactory(employer_name="Employer A", valid_from=date(2020, 1, 1)).user


@pytest.fixture
def consultations(owner_a):
    """The secretariat consults A, an anonymous visitor looks A's category up, someone consults B."""
    secretariat = EmployerAccessFactory(
        role="mandatary",
        organisation="Demo Social Secretariat",
        user=UserFactory(email="sofie@secretariat.example", first_name="Sofie", last_name="Secretariaat"),
    ).user
    disclose(
        actor=Actor(user=secretariat, mfa_used=True),
        activity=activities.REPERTORY_FOR_CALCULATOR,
        subjects=[A],
        categories=["employer_category"],
    )
    disclose(
        actor=Actor(user=None),
        activity=activities.EMPLOYER_CATEGORY_LOOKUP,
        subjects=[A],
        categories=["employer_category"],
    )
    owner_b = EmployerAccessFactory(registration_number="134567808", organisation="").user
    disclose(
        actor=Actor(user=owner_b),
        activity=activities.REPERTORY_FOR_CALCULATOR,
        subjects=[B],
        categories=["employer_category"],
    )


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(MY_DATA)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_owner_sees_organisation_purpose_and_legal_basis_but_no_agent_name(client, owner_a, consultations):
    client.force_login(owner_a)
    response = client.get(MY_DATA)
    content = response.content.decode()
    assert response.status_code == 200
    assert [row["entry"].activity.code for row in response.context["rows"]] == [
        activities.EMPLOYER_CATEGORY_LOOKUP,
        activities.REPERTORY_FOR_CALCULATOR,
    ]
    assert "Demo Social Secretariat" in content and "an anonymous visitor" in content
    assert "Deliberation 07/039 of 3 July 2007" in content and "Deliberation 06/80" in content
    assert "Select the employment measures that apply to the employer" in content  # the purpose
    for personal in ("sofie@secretariat.example", "Sofie", "Secretariaat"):
        assert personal not in content


def test_owner_does_not_see_other_employers_consultations(client, consultations):
    other_owner = EmployerAccessFactory(registration_number="134567808", user=UserFactory()).user
    client.force_login(other_owner)
    rows = client.get(MY_DATA).context["rows"]
    assert [row["subject"] for row in rows] == ["RSZ 134567808"]


def test_consultations_from_before_the_ownership_are_not_shown(client, consultations):
    with time_machine.travel(date(2031, 1, 2)):
        newcomer = EmployerAccessFactory(valid_from=date(2031, 1, 1), user=UserFactory()).user
        client.force_login(newcomer)
        assert client.get(MY_DATA).context["rows"] == []


def test_someone_who_owns_nothing_is_told_so(client, consultations):
    mandatary = Disclosure.objects.get(actor_role="mandatary").actor
    client.force_login(mandatary)
    response = client.get(MY_DATA)
    assert response.context["rows"] == []
    assert "The portal holds no data about you as an employer" in response.content.decode()


def test_the_list_is_paginated_with_a_constant_number_of_queries(client, owner_a, django_assert_max_num_queries):
    disclose(
        actor=Actor(user=None),
        activity=activities.EMPLOYER_CATEGORY_LOOKUP,
        subjects=[A] * 55,
        categories=["employer_category"],
    )
    client.force_login(owner_a)
    with django_assert_max_num_queries(12):
        first = client.get(MY_DATA)
    assert len(first.context["rows"]) == 50
    assert len(client.get(MY_DATA, {"page": 2}).context["rows"]) == 5
