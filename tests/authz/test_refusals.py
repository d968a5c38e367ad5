"""Refusals with the truth (issue 16, finding 6): the real role on every refusal; refusals that name no subject (a
guessed scenario id, the DmfA employer view asked by a non-agent, an admin page without permission) counted for the
auditors."""

from django.contrib.auth.models import Group, Permission

import pytest

from authz.models import Disclosure, RefusalCount
from tests.authz.factories import EmployerAccessFactory, InstitutionMembershipFactory
from tests.authz.helpers import log_in_with_mfa
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

AUDIT = "/en/audit/disclosures/"


def counted() -> list[tuple]:
    return list(RefusalCount.objects.values_list("route", "role", "status", "reason", "count"))


@pytest.mark.parametrize(
    "make, role",
    [
        (lambda: EmployerAccessFactory(role="owner").user, "none"),
        (lambda: InstitutionMembershipFactory().user, "none"),
        (lambda: UserFactory(is_staff=True), "staff"),
    ],
)
def test_a_refused_audit_request_is_logged_with_the_real_role(client, make, role):
    log_in_with_mfa(client, make())
    assert client.get(AUDIT).status_code == 403
    assert set(Disclosure.objects.values_list("actor_role", "outcome")) == {(role, "refused")}


def test_an_auditor_is_still_logged_as_auditor(client):
    auditor = UserFactory(is_staff=True)
    auditor.groups.add(Group.objects.get_or_create(name="auditor")[0])
    log_in_with_mfa(client, auditor)
    assert client.get(AUDIT).status_code == 200
    assert set(Disclosure.objects.values_list("actor_role", "outcome")) == {("auditor", "granted")}


def test_guessing_another_owners_scenario_is_counted(client):
    from measures.models import Scenario

    other = EmployerAccessFactory(role="owner").user
    guesser = EmployerAccessFactory(role="owner").user
    log_in_with_mfa(client, guesser)
    assert client.get("/en/calculator/scenarios/987654/").status_code == 404
    assert client.get("/en/calculator/scenarios/987654/").status_code == 404
    assert counted() == [("measures:scenario", "owner", 404, "not-found", 2)]
    assert not Scenario.objects.filter(owner=other).exists()


def test_the_dmfa_employer_view_asked_by_a_non_agent_is_counted(client):
    log_in_with_mfa(client, EmployerAccessFactory(role="owner").user)
    data = {"employer": "123456749", "period_from": "2025Q3", "justification": "GECO file 2025/0042"}
    response = client.post("/en/dmfa/employer/", data)
    assert response.status_code == 200, response.content.decode()[:2000]
    assert counted() == [("dmfa:employer", "owner", 200, "not-a-member", 1)]


def test_an_admin_page_without_permission_is_counted(client):
    helper = UserFactory(is_staff=True)
    helper.user_permissions.add(Permission.objects.get(codename="view_institution"))
    log_in_with_mfa(client, helper)
    assert client.get("/admin/authz/user/").status_code == 403
    assert counted() == [("admin:authz_user_changelist", "staff", 403, "forbidden", 1)]


def test_the_auditor_sees_the_counts(client):
    from authz.services import count_refusal

    count_refusal(user=None, route="measures:scenario", status=404, reason="not-found")
    auditor = UserFactory(is_staff=True)
    auditor.groups.add(Group.objects.get_or_create(name="auditor")[0])
    log_in_with_mfa(client, auditor)
    page = client.get(AUDIT).content.decode()
    assert "Refusals counted without a log entry" in page and "measures:scenario" in page
