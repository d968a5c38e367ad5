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


def test_filter_the_catalogue_with_the_keyboard(page, live_server, catalogue):
    page.goto(f"{live_server.url}/en/measures/")
    everything = results_heading(page)

    # Type an age and press Enter in the field: the form submits, the URL carries the filter.
    page.locator("#id_age").focus()
    page.keyboard.type("58")
    page.keyboard.press("Enter")
    page.wait_for_url("**age=58**")
    assert page.url.endswith("/en/measures/?age=58&validity=current&sort=relevance")  # empty filters left out
    assert results_heading(page) != everything
    assert page.evaluate("document.activeElement.id") == "results-heading"  # focus moves to the new count

    # Tick a technique with Space, then move with Tab to the submit button and press Enter.
    page.locator("#facet-technique input").first.focus()
    page.keyboard.press("Space")
    assert page.locator("#facet-technique input").first.is_checked()
    page.locator("button[type=submit]", has_text="Show measures").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**technique=contribution_reduction**")
    assert "age=58" in page.url
    names = page.locator(".results h3").all_inner_texts()
    assert names, "the combination of both filters keeps some measures"
    assert any("older workers" in name.lower() for name in names)

    # Remove the age filter from the list of filters in use, with Enter on its link.
    page.locator(".active-filters li", has_text="Worker's age").locator("a").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "age=58" not in page.url
    assert "technique=contribution_reduction" in page.url


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
