"""The home page in each language, logging in as demo users, and accessibility of home and log-in pages."""

import pytest

from portal.demo import DEMO_PASSWORD, load_accounts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("nl", "Vind de tewerkstellingsmaatregelen die bij uw situatie passen"),
        ("fr", "Trouvez les mesures pour l’emploi adaptées à votre situation"),
        ("de", "Finden Sie die Beschäftigungsmaßnahmen, die zu Ihrer Situation passen"),
        ("en", "Find the employment measures that fit your situation"),
    ],
)
def test_home_page_in_each_language(page, live_server, lang, heading):
    page.goto(f"{live_server.url}/{lang}/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").inner_text() == heading


def test_language_switcher_changes_the_language(page, live_server):
    page.goto(f"{live_server.url}/en/")
    page.click("button[name=language][value=de]")
    page.wait_for_url(f"{live_server.url}/de/")
    assert page.locator("html").get_attribute("lang") == "de"


def test_skip_link_is_first_and_moves_focus_to_main(page, live_server):
    page.goto(f"{live_server.url}/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_owner_logs_in_with_password(page, live_server, log_in):
    load_accounts()
    log_in(page, "owner.a@demo.be", DEMO_PASSWORD)
    assert page.url == f"{live_server.url}/en/dashboard/"  # the browser asks for English; log-in lands on the dashboard
    assert page.locator(".account").get_by_role("link", name="owner.a@demo.be").is_visible()


def test_agent_logs_in_with_password_and_totp(page, live_server, log_in):
    load_accounts()
    log_in(page, "agent@demo.be", DEMO_PASSWORD)
    assert "/accounts/2fa/" not in page.url
    assert page.locator(".account").get_by_role("link", name="agent@demo.be").is_visible()


def test_home_page_has_no_serious_accessibility_violation(page, live_server, axe_check):
    for lang in ("nl", "en"):
        page.goto(f"{live_server.url}/{lang}/")
        axe_check(page)


def test_login_page_has_no_serious_accessibility_violation(page, live_server, axe_check):
    page.goto(f"{live_server.url}/accounts/login/")
    axe_check(page)
