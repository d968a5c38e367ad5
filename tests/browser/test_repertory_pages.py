"""The employer-category look-up form and an owner's record page, in a real browser."""

import io

import pytest

from portal.demo import DEMO_PASSWORD, load_accounts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_employers():
    from repertory import demo

    demo.load(stdout=io.StringIO())


def test_look_up_form_shows_the_category_and_precise_errors(page, live_server, demo_employers, axe_check):
    page.goto(f"{live_server.url}/en/employer-category/")
    page.get_by_label("Enterprise number or RSZ/RSZPPO registration number").fill("0812 345 604")
    page.get_by_role("button", name="Look up").click()
    page.wait_for_load_state()
    assert "of this enterprise number are wrong" in page.locator(".errorlist").inner_text()
    assert page.locator("#id_number").get_attribute("aria-invalid") == "true"
    page.get_by_label("Enterprise number or RSZ/RSZPPO registration number").fill("BE 0812.345.603")
    page.get_by_role("button", name="Look up").click()
    page.wait_for_load_state()
    result = page.locator(".employer-category")
    assert result.locator(".category-code").inner_text() == "010"
    assert "Alfa" not in page.locator("main").inner_text()
    axe_check(page)


def test_owner_sees_the_record_of_the_own_employer(page, live_server, log_in, demo_employers, axe_check):
    from authz import demo as authz_demo

    load_accounts()
    authz_demo.load(stdout=io.StringIO())
    log_in(page, "owner.a@demo.be", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/en/employers/123456749/")
    assert page.locator("h1").inner_text() == "Alfa Logiciels"  # English falls back to French, then Dutch
    assert "1234567-49" in page.locator(".registration-number").inner_text()
    assert "Brussels-Capital Region" in page.locator("td.region").first.inner_text()
    axe_check(page)
    response = page.goto(f"{live_server.url}/en/employers/134567808/")  # employer B is not owner A's
    assert response.status == 404
    assert "Bakkerij" not in page.content()
