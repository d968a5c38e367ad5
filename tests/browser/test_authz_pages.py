"""The owner's mandates page, the acting-for switcher, the my-data page and the auditors' log, in a real browser."""

import io
from datetime import timedelta

from django.utils import timezone

import pytest

from foundation.quarters import Quarter
from portal.demo import DEMO_PASSWORD, load_accounts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_rights():
    from authz import demo

    load_accounts()
    demo.load(stdout=io.StringIO())


def next_quarter_start():
    return Quarter.of(timezone.localdate()).last_day + timedelta(days=1)


def test_owner_grants_and_ends_a_mandate(page, live_server, log_in, demo_rights, axe_check):
    log_in(page, "owner.a@demo.be", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/en/mandates/")
    assert page.url.endswith("/en/mandates/RSZ/123456749/")
    history = page.get_by_role("table", name="Who may act for this employer")
    assert history.get_by_role("rowheader", name="secretariat@demo.be").is_visible()
    axe_check(page)

    start = next_quarter_start()
    wrong = (start + timedelta(days=14)).isoformat()
    page.get_by_label("E-mail address of the mandatary").fill("agent@demo.be")
    page.get_by_label("Organisation").fill("Accountants Y")
    page.get_by_label("Benefit calculator").check()
    page.get_by_label("Start date").fill(wrong)
    page.get_by_role("button", name="Grant to an existing account").click()
    page.wait_for_load_state()
    assert "A mandate starts on the first day of a quarter" in page.locator("main").inner_text()
    assert page.get_by_label("Start date").input_value() == wrong  # what was typed is kept
    assert page.get_by_label("E-mail address of the mandatary").input_value() == "agent@demo.be"
    axe_check(page)

    page.get_by_label("Start date").fill(start.isoformat())
    page.get_by_role("button", name="Grant to an existing account").click()
    page.wait_for_load_state()
    assert "agent@demo.be now holds a mandate for this employer" in page.locator(".messages").inner_text()
    row = history.get_by_role("row").filter(has=page.get_by_role("rowheader", name="agent@demo.be"))
    assert "not yet started" in row.inner_text() and "Accountants Y" in row.inner_text()

    row.get_by_role("button", name="Cancel").click()
    page.wait_for_load_state()
    assert "The access of agent@demo.be has ended" in page.locator(".messages").inner_text()
    row = history.get_by_role("row").filter(has=page.get_by_role("rowheader", name="agent@demo.be"))
    assert "ended early" in row.inner_text()
    assert row.get_by_role("button").count() == 0


def test_mandatary_switches_employer_and_sees_it_on_every_page(page, live_server, log_in, demo_rights, axe_check):
    log_in(page, "secretariat@demo.be", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/en/acting-for/")
    assert page.locator(".acting-for").inner_text() == "Acting for Alfa Software"  # its only valid mandate
    # The expired mandate is no choice; it is listed with its dates under "Mandates not valid today".
    assert page.locator("main form button", has_text="Bakkerij Bogaert").count() == 0
    assert "Bakkerij Bogaert" in page.locator("main table").nth(1).inner_text()
    axe_check(page)
    page.goto(f"{live_server.url}/en/")
    assert page.locator(".acting-for").inner_text() == "Acting for Alfa Software"


def test_owner_sees_who_consulted_the_employer(page, live_server, log_in, demo_rights, axe_check):
    from authz import activities
    from authz.services import Actor, Subject, disclose

    disclose(
        actor=Actor(user=None),
        activity=activities.EMPLOYER_CATEGORY_LOOKUP,
        subjects=[Subject.employer(repertory="RSZ", number="123456749", personal=False)],
        categories=["employer_category"],
    )
    log_in(page, "owner.a@demo.be", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Who consulted my data").click()
    page.wait_for_load_state()
    table = page.get_by_role("table", name="Consultations of your data")
    assert "an anonymous visitor" in table.inner_text() and "Deliberation 06/80" in table.inner_text()
    axe_check(page)


def test_auditor_searches_the_log_and_verifies_the_chain(page, live_server, log_in, demo_rights, axe_check):
    from authz import activities
    from authz.models import InstitutionMembership
    from authz.services import Actor, Subject, disclose

    agent = InstitutionMembership.objects.get(user__email="agent@demo.be").user
    disclose(
        actor=Actor(user=agent, mfa_used=True),
        activity=activities.DMFA_GECO_DSP,
        subjects=[Subject.person(insz="90051512391"), Subject.person(insz="85010123176")],
        categories=["occupation"],
        period=(timezone.localdate().replace(month=1, day=1), timezone.localdate()),
        justification="GECO file 7",
    )
    log_in(page, "auditor@demo.be", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/en/audit/disclosures/")
    assert page.locator("h1").inner_text() == "Disclosure log"
    axe_check(page)

    page.get_by_label("Subject identifier (in clear)").fill("85010123176")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state()
    rows = page.locator("table tbody tr")
    assert rows.count() == 1 and "integrated with another quality code" in rows.first.inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="Export these rows as CSV").click()
    lines = download.value.path().read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and "GECO file 7" in lines[1]

    page.get_by_role("button", name="Verify the chain now").click()
    page.wait_for_load_state()
    assert "Intact" in page.locator(".verification").inner_text()
    axe_check(page)
