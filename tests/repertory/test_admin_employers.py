"""The employer admin behind the gate (activity repertory-admin, channel admin): the pages of one employer, and one
row per natural-person employer a list shows."""

import pytest

from authz import activities, chain
from authz.models import Disclosure, ProcessingActivity
from tests.authz.helpers import log_in_with_mfa
from tests.portal.factories import UserFactory
from tests.repertory.factories import EmployerFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/repertory/employer/"


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    log_in_with_mfa(client, user)
    return user


def logged():
    return list(
        Disclosure.objects.order_by("position").values_list(
            "activity__code", "channel", "actor_role", "outcome", "personal", "subject_pseudonym"
        )
    )


def pseudonym(employer):
    return chain.pseudonymise("employer", f"{employer.repertory}:{employer.registration_number}")


def test_the_list_passes_the_gate_once_per_natural_person_shown(client, staff):
    person = EmployerFactory(natural_person=True, name_nl="Jan Peeters")
    EmployerFactory(natural_person=False, name_nl="Alfa NV")
    response = client.get(LIST)
    assert response.status_code == 200
    assert "Jan Peeters" in response.content.decode()
    assert logged() == [(activities.REPERTORY_ADMIN, "admin", "staff", "granted", True, pseudonym(person))]


def test_a_list_of_legal_persons_only_writes_no_row(client, staff):
    EmployerFactory(natural_person=False)
    assert client.get(LIST).status_code == 200
    assert Disclosure.objects.count() == 0


@pytest.mark.parametrize("natural_person", [True, False])
@pytest.mark.parametrize("page", ["change", "history", "delete"])
def test_the_pages_of_one_employer_pass_the_gate(client, staff, page, natural_person):
    employer = EmployerFactory(natural_person=natural_person, name_nl="Jan Peeters")
    response = client.get(f"{LIST}{employer.pk}/{page}/")
    assert response.status_code == 200
    assert "Jan Peeters" in response.content.decode()
    assert logged() == [(activities.REPERTORY_ADMIN, "admin", "staff", "granted", natural_person, pseudonym(employer))]


def test_the_delete_selected_confirmation_passes_the_gate_for_every_employer_selected(client, staff):
    employers = [EmployerFactory(natural_person=True), EmployerFactory(natural_person=False)]
    response = client.post(LIST, {"action": "delete_selected", "_selected_action": [e.pk for e in employers]})
    assert response.status_code == 200
    assert [row[4] for row in logged()] == [True, False]


def test_when_the_gate_refuses_the_pages_show_nothing_and_the_refusal_is_logged(client, staff):
    employer = EmployerFactory(natural_person=True, name_nl="Jan Peeters")
    ProcessingActivity.objects.filter(code=activities.REPERTORY_ADMIN).update(recipients=["auditor"])
    for url in (LIST, f"{LIST}{employer.pk}/change/", f"{LIST}{employer.pk}/history/"):
        response = client.get(url)
        assert response.status_code == 403
        assert "Jan Peeters" not in response.content.decode()
    assert [row[3] for row in logged()] == ["refused"] * 3


def test_an_unknown_employer_is_not_gated_and_answers_as_the_admin_does(client, staff):
    response = client.get(f"{LIST}999999/change/")
    assert response.status_code == 302
    assert Disclosure.objects.count() == 0


def test_the_admin_names_only_categories_the_register_lists():
    from django.utils import timezone

    from repertory.admin import ADMIN_CATEGORIES

    row = ProcessingActivity.objects.current(activities.REPERTORY_ADMIN, timezone.localdate())
    assert set(ADMIN_CATEGORIES) <= set(row.data_categories) and row.recipients == ["staff"]
