"""The benefit calculator in a real browser: an owner fills one hire with the keyboard, calculates, reads the result
and saves it as a scenario; axe finds no serious or critical problem on the form, the result or the scenario."""

import io

import pytest

from portal.demo import DEMO_PASSWORD, load_accounts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    # Date fields take their digits in the order of the browser's locale: month, day, year in en-US.
    return {**browser_context_args, "locale": "en-US"}


@pytest.fixture
def demo_calculator():
    from authz import demo as authz_demo
    from measures.demo import load_shipped
    from repertory import demo as repertory_demo

    load_accounts()
    repertory_demo.load(stdout=io.StringIO())
    authz_demo.load(stdout=io.StringIO())
    load_shipped()


def press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def type_into(page, label: str, text: str) -> None:
    """Move the focus to a field and type, as someone on a keyboard does."""
    page.get_by_label(label, exact=True).focus()
    page.keyboard.type(text)


def test_owner_calculates_with_the_keyboard_and_saves_a_scenario(page, live_server, log_in, demo_calculator, axe_check):
    log_in(page, "owner.a@demo.be", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/en/calculator/")
    assert page.locator("h1").inner_text() == "Benefit calculator"
    assert page.get_by_label("Employer you act for").input_value() == "RSZ:123456749"
    assert "Brussels-Capital Region" in page.locator(".calc-facts").inner_text()
    axe_check(page)

    type_into(page, "Date of the rules", "01012025")
    assert page.get_by_label("Date of the rules").input_value() == "2025-01-01"
    type_into(page, "Start date", "01012025")
    type_into(page, "Birth date of the worker", "06151995")
    assert page.get_by_label("Birth date of the worker").input_value() == "1995-06-15"
    type_into(page, "Region where the worker lives", "Brussels")
    assert page.get_by_label("Region where the worker lives").input_value() == "BRU"
    type_into(page, "Gross monthly wage (EUR)", "2800")
    press_enter_and_wait(page)  # the form's default button calculates

    result = page.locator("#result")
    assert result.get_by_role("heading", name="Result").is_visible()
    measure = result.locator('.calc-measure[data-code="fed-structural"]').first
    assert measure.is_visible() and "€" in measure.inner_text()
    assert "This is an approximation, not a decision." in result.inner_text()
    assert result.get_by_role("img", name="Benefit per quarter, all hires").is_visible()
    assert result.get_by_role("table", name="Benefit per quarter, all hires").is_visible()
    details = measure.locator("details")
    details.locator("summary").focus()
    page.keyboard.press("Enter")  # the trace opens from the keyboard
    assert details.get_attribute("open") is not None
    assert "low-wage threshold (S0)" in details.inner_text() and "low_ceiling" not in details.inner_text()
    assert page.get_by_label("Gross monthly wage (EUR)").input_value() == "2800"  # the inputs stay below the result
    axe_check(page)

    type_into(page, "Name of the scenario", "Browser plan")
    page.get_by_role("button", name="Save the scenario").focus()
    press_enter_and_wait(page)
    assert page.locator("h1").inner_text() == "Browser plan"
    assert "The scenario “Browser plan” is saved." in page.locator(".messages").inner_text()
    assert page.locator('.calc-measure[data-code="fed-structural"]').first.is_visible()
    axe_check(page)

    page.goto(f"{live_server.url}/en/calculator/scenarios/")
    assert page.get_by_role("link", name="Browser plan", exact=True).is_visible()
    axe_check(page)

    page.get_by_role("button", name="Duplicate Browser plan").focus()
    press_enter_and_wait(page)
    assert page.locator("h1").inner_text() == "Change scenario Browser plan (copy)"
    assert page.get_by_label("Gross monthly wage (EUR)").input_value() == "2800"
    axe_check(page)

    page.goto(f"{live_server.url}/en/calculator/scenarios/")
    page.get_by_label("First scenario").select_option(label="Browser plan")
    page.get_by_label("Second scenario").select_option(label="Browser plan (copy)")
    page.get_by_role("button", name="Compare").focus()
    press_enter_and_wait(page)
    assert page.get_by_role("table", name="Total per hire").is_visible()
    axe_check(page)


def test_add_another_hire_and_errors_with_the_keyboard(page, live_server, log_in, demo_calculator, axe_check):
    log_in(page, "owner.a@demo.be", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/en/calculator/")
    type_into(page, "Gross monthly wage (EUR)", "-10")
    page.get_by_role("button", name="Add another hire").focus()
    press_enter_and_wait(page)
    assert page.get_by_role("group", name="Hire 2").is_visible()
    # the page opens on the new hire: its first field has the focus, scrolled into view
    assert page.evaluate("document.activeElement.id") == "id_hire-1-label"
    assert page.evaluate("window.scrollY") > 0 and page.locator("#id_hire-1-label").is_visible()
    assert page.locator("#id_hire-0-gross_monthly_wage").input_value() == "-10"
    page.locator('.calc-actions button[value="calculate"]').focus()
    press_enter_and_wait(page)
    summary = page.get_by_role("alert")
    assert "The gross monthly wage cannot be negative." in summary.inner_text()
    wage = page.locator("#id_hire-0-gross_monthly_wage")
    assert wage.get_attribute("aria-invalid") == "true"
    assert "id_hire-0-gross_monthly_wage_error" in wage.get_attribute("aria-describedby")
    axe_check(page)
