"""The menu and the dashboard per role: drawn from the rights the gate uses, one click to each of them."""

from __future__ import annotations

import re
from datetime import date

from django.contrib.auth.models import Group

import pytest

from authz.selectors import rights_of
from tests.authz.factories import EmployerAccessFactory, InstitutionMembershipFactory
from tests.authz.helpers import log_in_with_mfa
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "A-long-password-2026"


def menu(html: str) -> list[str]:
    nav = html.split('aria-label="Main navigation"', 1)[1].split("</nav>", 1)[0]
    return [re.sub(r"<[^>]+>", "", label).strip() for label in re.findall(r"<a [^>]*>(.*?)</a>", nav)]


def dashboard_links(html: str) -> list[str]:
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return re.findall(r'<a href="([^"]+)"', main)


def owner():
    return EmployerAccessFactory(role="owner").user


def appointee():
    return EmployerAccessFactory(role="appointee").user


def mandatary():
    return EmployerAccessFactory(role="mandatary", organisation="Secretariat", scopes=["repertory", "calculator"]).user


def agent():
    return InstitutionMembershipFactory().user


def auditor():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="auditor"))
    return user


def staff():
    return UserFactory(is_staff=True)


def jobseeker():
    from tests.jobseekers.factories import JobSeekerProfileFactory

    return JobSeekerProfileFactory().user


# role, menu entries present, menu entries absent
MENUS = [
    (owner, ["My dashboard", "Measures", "Calculator", "Mandates", "Who consulted my data"], ["DmfA consultation"]),
    (appointee, ["Calculator"], ["DmfA consultation", "Mandates", "Disclosure log"]),
    (mandatary, ["Calculator"], ["DmfA consultation", "Mandates", "Who consulted my data"]),
    (agent, ["DmfA consultation", "GECO/DSP controls"], ["Calculator", "Mandates", "Employer category"]),
    (auditor, ["Disclosure log"], ["Calculator", "DmfA consultation", "Mandates"]),
    (staff, ["Administration"], ["Calculator", "DmfA consultation", "Disclosure log"]),
    (jobseeker, ["My measures", "My summary", "Who consulted my data"], ["Calculator", "DmfA consultation"]),
]


@pytest.mark.parametrize(("make_user", "present", "absent"), MENUS, ids=[row[0].__name__ for row in MENUS])
def test_menu_shows_only_what_the_role_may_use(client, make_user, present, absent):
    log_in_with_mfa(client, make_user())
    labels = menu(client.get("/en/dashboard/").content.decode())
    assert set(present) <= set(labels), labels
    assert not set(absent) & set(labels), labels


def test_anonymous_menu_has_public_pages_only(client):
    labels = menu(client.get("/en/").content.decode())
    assert labels == ["Home", "Measures", "Employer category", "Log in"]


# role, dashboard links that must be one click away, links that must not be there
DASHBOARDS = [
    (
        owner,
        [
            "/en/employers/123456749/",
            "/en/calculator/",
            "/en/calculator/scenarios/",
            "/en/mandates/",
            "/en/my-data/disclosures/",
        ],
        ["/en/dmfa/", "/en/audit/disclosures/"],
    ),
    (mandatary, ["/en/employers/123456749/", "/en/calculator/", "/en/acting-for/"], ["/en/mandates/", "/en/dmfa/"]),
    (agent, ["/en/dmfa/", "/en/dmfa/controls/"], ["/en/calculator/", "/en/audit/disclosures/"]),
    (
        auditor,
        [
            "/en/audit/disclosures/",
            "/en/audit/disclosures/#search-heading",
            "/en/audit/disclosures/#verification-heading",
        ],
        ["/en/calculator/", "/en/dmfa/"],
    ),
    (staff, ["/admin/", "/en/measures/verify/"], ["/en/calculator/", "/en/dmfa/"]),
    (jobseeker, ["/en/jobseeker/measures/", "/en/jobseeker/summary/", "/en/my-data/disclosures/"], ["/en/dmfa/"]),
]


@pytest.mark.parametrize(("make_user", "present", "absent"), DASHBOARDS, ids=[row[0].__name__ for row in DASHBOARDS])
def test_dashboard_puts_each_right_one_click_away(client, make_user, present, absent):
    log_in_with_mfa(client, make_user())
    response = client.get("/en/dashboard/")
    assert response.status_code == 200
    links = dashboard_links(response.content.decode())
    assert set(present) <= set(links), links
    assert not set(absent) & set(links), links


def test_dashboard_hides_employer_names_from_a_mandatary_before_mfa(client):
    client.force_login(mandatary())
    html = client.get("/en/dashboard/").content.decode()
    assert "/en/employers/123456749/" not in dashboard_links(html)
    assert "Use two-factor authentication to see the employers you act for." in html


def test_dashboard_sends_anonymous_visitors_to_log_in(client):
    response = client.get("/en/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_log_in_lands_on_the_dashboard(client):
    EmployerAccessFactory(user=UserFactory(email="owner@example.be"))
    client.cookies["django_language"] = "fr"
    response = client.post("/accounts/login/", {"login": "owner@example.be", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/fr/dashboard/"
    assert "/fr/calculator/" in dashboard_links(client.get(response.url).content.decode())


def test_rights_follow_the_gate_selectors_not_the_access_rows_alone(client):
    """An expired access opens nothing; an access without the calculator scope gives no calculator entry."""
    expired = EmployerAccessFactory(valid_from=date(2020, 1, 1), valid_until=date(2021, 1, 1)).user
    assert not rights_of(user=expired).employer
    repertory_only = EmployerAccessFactory(role="appointee", scopes=["repertory"]).user
    rights = rights_of(user=repertory_only)
    assert rights.employer and not rights.calculator
    log_in_with_mfa(client, repertory_only)
    assert "Calculator" not in menu(client.get("/en/dashboard/").content.decode())


def test_menu_entry_does_not_open_the_page_the_gate_refuses(client):
    """The menu is no permission: an employer who types the DmfA address is still refused by the gate."""
    log_in_with_mfa(client, owner())
    response = client.post(
        "/en/dmfa/",
        {"insz": "90051512391", "period_from": "2025Q1", "period_until": "2025Q1", "justification": "GECO file 2025/1"},
    )
    assert response.status_code == 403


def vdab_agent():
    from authz.models import Institution

    return InstitutionMembershipFactory(institution=Institution.objects.get(code="VDAB")).user


def repertory_only():
    return EmployerAccessFactory(role="appointee", scopes=["repertory"]).user


@pytest.mark.parametrize(
    "make_user", [owner, appointee, mandatary, agent, vdab_agent, auditor, staff, jobseeker, repertory_only]
)
def test_rights_agree_with_the_gate(make_user):
    """Each right the menu shows is one the gate grants, and each one it hides the gate refuses."""
    from authz import activities
    from authz.services import Actor, Subject, disclose
    from tests.authz.factories import IntegrationFactory

    IntegrationFactory(insz="90051512391")
    user = make_user()
    rights = rights_of(user=user)
    actor = Actor(user=user, mfa_used=True)

    def granted(activity, subject, categories, **kwargs):
        return disclose(actor=actor, activity=activity, subjects=[subject], categories=categories, **kwargs).granted

    employer = Subject.employer(repertory="RSZ", number="123456749", personal=False)
    assert rights.calculator == granted(activities.BENEFIT_CALCULATOR, employer, ["identification"])
    person = Subject.person(insz="90051512391")
    period = (date(2024, 1, 1), date(2024, 3, 31))
    from dmfa.constants import CONSULTATION_CATEGORIES

    assert rights.agent == granted(
        activities.DMFA_GECO_DSP, person, CONSULTATION_CATEGORIES, period=period, justification="GECO file 2024/1"
    )
    assert rights.auditor == granted(activities.AUDIT_LOG_EXPORT, Subject.log(description="log"), ["disclosure_log"])
