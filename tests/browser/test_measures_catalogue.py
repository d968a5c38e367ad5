"""The measure catalogue in a browser: filtering with the keyboard only, and accessibility of list and detail pages."""

import datetime

import pytest
import time_machine

from measures.demo import DATA_FILE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue():
    from measures.loader import load

    load(DATA_FILE)


def results_heading(page) -> str:
    return page.locator("#results-heading").inner_text().strip()


def focused(page) -> dict:
    """What has the keyboard focus: its id, tag, name, value, whether it is checked, and its text."""
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            return {id: e.id, tag: e.tagName.toLowerCase(), name: e.name || "", value: e.value || "",
                    checked: !!e.checked, text: (e.textContent || "").replace(/\\s+/g, " ").trim()};
        }"""
    )


def tab_to(page, wanted, *, backwards=False, limit=150) -> dict:
    """Press Tab (Shift+Tab backwards) until the focused element is ``wanted``, as a keyboard user moves."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        element = focused(page)
        if wanted(element):
            return element
    raise AssertionError(f"{key} pressed {limit} times without reaching the element; focus is on {focused(page)}")


def test_filter_the_catalogue_with_the_keyboard(page, live_server, catalogue):
    page.goto(f"{live_server.url}/en/measures/")
    everything = results_heading(page)

    # From the top of the page, Tab through the header and the filters to the worker's age (the first Tab stop is
    # the skip link), type the age and press Enter: the form submits.
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    tab_to(page, lambda element: element["id"] == "id_age")
    page.keyboard.type("58")
    with page.expect_navigation():  # the filters also apply as you choose; Enter still sends the form
        page.keyboard.press("Enter")
    page.wait_for_url("**age=58**")
    assert page.url.endswith("/en/measures/?age=58&validity=current&sort=relevance")  # empty filters left out
    assert results_heading(page) != everything
    assert focused(page)["id"] == "results-heading"  # focus moves to the new count

    # From the count, Shift+Tab back into the filters to a technique, tick it with Space; who is looking is a
    # group of radio buttons: Tab enters it on the checked "Any", the arrow key picks the next option.
    technique = tab_to(
        page,
        lambda element: element["name"] == "technique" and element["value"] == "contribution_reduction",
        backwards=True,
    )
    assert not technique["checked"]
    page.keyboard.press("Space")
    assert focused(page)["checked"]
    tab_to(page, lambda element: element["name"] == "audience", backwards=True)
    assert focused(page)["value"] == ""  # "Any", the checked option
    page.keyboard.press("ArrowDown")
    audience = focused(page)
    assert (audience["name"], audience["value"], audience["checked"]) == ("audience", "employer", True)

    # Tab on to the submit button and press Enter.
    tab_to(page, lambda element: element["tag"] == "button" and element["text"] == "Show measures")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**technique=contribution_reduction**")
    assert "age=58" in page.url and "audience=employer" in page.url
    assert page.locator("#facet-technique input[value=contribution_reduction]").is_checked()
    names = page.locator(".results h3").all_inner_texts()
    assert names, "the combination of the filters keeps some measures"
    assert any("older workers" in name.lower() for name in names)

    # Remove the age filter from the list of filters in use: Tab from the count to its link, then Enter.
    assert focused(page)["id"] == "results-heading"
    tab_to(page, lambda element: element["tag"] == "a" and element["text"] == "remove Worker's age")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "age=58" not in page.url
    assert "technique=contribution_reduction" in page.url and "audience=employer" in page.url


def test_a_choice_applies_at_once_and_keeps_the_focus(page, live_server, catalogue):
    """With JavaScript, ticking an option updates the list, its counts and the address without leaving the option."""
    page.goto(f"{live_server.url}/en/measures/")
    everything = results_heading(page)
    option = page.locator("#facet-technique input[value=contribution_reduction]")
    option.check()
    page.wait_for_url("**technique=contribution_reduction**")
    page.wait_for_function(f"document.getElementById('results-heading').textContent.trim() !== {everything!r}")
    assert focused(page)["value"] == "contribution_reduction"  # the focus stays on the option
    assert page.get_by_role("status").inner_text() == results_heading(page)
    jump = page.locator(".jump-to-results a")
    assert jump.inner_text().startswith("Show the ") and not jump.is_visible()  # only on a narrow screen
    page.set_viewport_size({"width": 390, "height": 844})
    assert jump.is_visible()
    jump.click()
    assert focused(page)["id"] == "results-heading"


def test_an_invalid_filter_in_the_address_shows_a_notice(page, live_server, catalogue):
    page.goto(f"{live_server.url}/en/measures/?age=old&level=federal")
    assert page.locator("#invalid-filters").is_visible()
    assert "Worker's age" in page.locator("#invalid-filters").inner_text()


def test_list_and_detail_pages_have_no_serious_accessibility_violation(page, live_server, catalogue, axe_check):
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC), tick=True):
        for path in (
            "/nl/measures/",
            "/en/measures/?age=40&level=walloon",
            "/fr/measures/?seat_region=BRU&technique=contribution_reduction",
            "/en/measures/fed-first-hires/",
            "/nl/measures/fed-structural/",
            "/de/measures/dg-aktif/",
        ):
            page.goto(f"{live_server.url}{path}")
            axe_check(page)
