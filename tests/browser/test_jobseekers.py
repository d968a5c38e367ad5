"""The job seeker's whole flow in a real browser, against the demo eID provider in its own process: log in with eID,
tell the profile once, see the measures, make the summary and download its PDF, see who consulted the data; axe finds
no serious or critical problem on any of the pages."""

from __future__ import annotations

import datetime

import pytest

from tests.jobseekers.provider import eid_app, oidc_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

__all__ = ["oidc_provider"]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}


@pytest.fixture
def eid_and_catalogue(settings, oidc_provider):
    from measures.demo import load_shipped

    settings.SOCIALACCOUNT_PROVIDERS = eid_app(oidc_provider.issuer)
    load_shipped()


def test_a_jobseeker_logs_in_with_eid_and_hands_an_employer_a_summary(page, live_server, eid_and_catalogue, axe_check):
    page.goto(f"{live_server.url}/en/")
    page.get_by_role("link", name="Log in").click()
    axe_check(page)
    page.get_by_role("link", name="Log in with eID").click()
    page.get_by_role("button", name="Continue").click()
    # At the demo provider: the citizen picks who they are (the real eID asks for the card and its PIN).
    page.get_by_role("button", name="Log in as Yasmina Demo-Brussel (bru-jobseeker)").click()
    page.wait_for_url("**/en/jobseeker/profile/")
    assert page.locator("h1").inner_text() == "My profile"
    axe_check(page)

    page.get_by_label("Where do you live?").select_option("BRU")
    since = datetime.date.today() - datetime.timedelta(days=14 * 31)
    page.get_by_label("Since when are you registered as a job seeker?").fill(since.isoformat())
    page.get_by_label("With which employment office?").select_option("Actiris")
    page.get_by_label("Your highest diploma").select_option("upper_secondary")
    page.get_by_role("button", name="Save my profile").click()
    page.wait_for_url("**/en/jobseeker/measures/")

    page.get_by_label("Gross monthly wage (EUR)").fill("2500")
    page.get_by_role("button", name="Show the measures").click()
    page.wait_for_load_state()
    assert "activa.brussels" in page.locator("main").inner_text()
    assert "Why the other measures do not apply" in page.locator("main").inner_text()
    axe_check(page)

    page.get_by_role("link", name="Make a summary for an employer").click()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "Yasmina Demo-Brussel, aged" in text and "An indication, not an official certificate" in text
    assert "00031012315" not in page.content()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the summary (PDF)").click()
    assert download.value.suggested_filename == "measures-summary.pdf"

    page.get_by_role("link", name="Who consulted my data").first.click()
    page.wait_for_load_state()
    assert "Measures for a job seeker" in page.locator("main").inner_text()
    axe_check(page)
