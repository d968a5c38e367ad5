"""The DmfA consultation in a real browser: the demo agent logs in with TOTP, searches a person, reads the tables."""

import io

import pytest

from dmfa import services
from portal.demo import DEMO_PASSWORD, load_accounts
from tests.dmfa.conftest import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_rights():
    from authz import demo as authz_demo

    load_accounts()
    authz_demo.load(stdout=io.StringIO())
    assert services.import_path(path=FIXTURES / "valid_two_forms.xml").status == "succeeded"
    services.import_persons(source=FIXTURES / "persons.csv")


def consult(page, live_server, insz: str):
    page.goto(f"{live_server.url}/en/dmfa/")
    page.get_by_label("INSZ number").fill(insz)
    page.get_by_label("From quarter").fill("2025Q1")
    page.get_by_label("Until quarter").fill("2025Q4")
    page.get_by_label("Justification").fill("GECO file 2025/0042: premium check")
    page.get_by_role("button", name="Consult").click()
    page.wait_for_load_state()


def test_the_agent_consults_a_person_and_reads_the_tables(page, live_server, log_in, demo_rights, axe_check):
    log_in(page, "agent@demo.be", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/en/")
    page.get_by_role("link", name="DmfA consultation").click()
    page.wait_for_url(f"{live_server.url}/en/dmfa/")
    axe_check(page)
    consult(page, live_server, "90051512391")
    assert page.locator("h1").inner_text() == "DmfA data of 90051512391"
    assert page.get_by_role("heading", name="Quarter 2025Q3").is_visible()
    services_table = page.locator("table.services").nth(1)
    assert "Illness" in services_table.inner_text() and "5.00" in services_table.inner_text()
    assert "9,750.12" in page.locator("table.remunerations").nth(1).inner_text()
    assert "Peeters, Lucas" in page.locator(".identity").inner_text()
    axe_check(page)


def test_a_person_integrated_with_another_quality_code_is_refused(page, live_server, log_in, demo_rights):
    log_in(page, "agent@demo.be", DEMO_PASSWORD)
    consult(page, live_server, "85010123176")
    # The form keeps what was typed (the number only in its field) and says why, in words the agent can act on.
    assert page.get_by_label("INSZ number").input_value() == "85010123176"
    assert "85010123176" not in page.locator("main").inner_text()
    assert "another quality code than 001" in page.get_by_role("alert").inner_text()
    assert "3200.00" not in page.content()
    assert page.locator("h1").count() == 1 and "DmfA data" not in page.locator("h1").inner_text()
