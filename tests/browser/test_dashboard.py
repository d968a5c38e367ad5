"""The dashboard in a browser: where an owner lands after log-in, reachable by keyboard, axe-clean at two widths."""

import io

import pytest

from portal.demo import DEMO_PASSWORD, load_accounts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_rights():
    from authz import demo

    load_accounts()
    demo.load(stdout=io.StringIO())


def test_owner_lands_on_the_dashboard_and_reaches_the_calculator_by_keyboard(
    page, live_server, log_in, demo_rights, axe_check
):
    log_in(page, "owner.a@demo.be", DEMO_PASSWORD)
    assert page.url == f"{live_server.url}/en/dashboard/"
    main = page.locator("main")
    for name in ("Calculator", "Saved scenarios", "Mandates", "Who consulted my data"):
        assert main.get_by_role("link", name=name).is_visible()
    assert (
        page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="DmfA consultation").count()
        == 0
    )
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Keyboard only: tab to the dashboard's calculator link and follow it.
    link = main.get_by_role("link", name="Calculator")
    for _ in range(40):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the dashboard's calculator link is not reachable with the Tab key")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/en/calculator/")
