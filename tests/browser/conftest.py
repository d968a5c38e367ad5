"""Browser fixtures: Playwright driving Debian's Chromium (never a downloaded browser), axe-core checks."""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls in the same thread are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if os.path.exists(candidate):
        return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    if chromium_path():
        return
    skip = pytest.mark.skip(reason="no Chromium installed (apt-get install chromium, or set CHROMIUM_PATH)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def axe_check():
    """Run axe-core on the current page and fail on any violation of impact serious or critical."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page) -> None:
        results = axe.run(page)
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert not violations, f"axe violations on {page.url}:\n" + "\n".join(violations)

    return check


@pytest.fixture
def totp_code():
    """The current TOTP code for a base32 secret, as an authenticator app would show it."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    def code(secret: str) -> str:
        # A code typed in the last seconds of its 30-second period may reach the server in the next one, where it is
        # no longer valid (no tolerance): wait for a fresh period, as a person would wait for the next code.
        if 30 - time.time() % 30 < 5:
            time.sleep(30 - time.time() % 30 + 0.1)
        return format_hotp_value(hotp_value(secret, int(time.time()) // 30))

    return code


@pytest.fixture
def log_in(live_server, totp_code):
    """Log a demo-style account in through the real log-in form (and TOTP step when it has one)."""
    from portal.demo import DEMO_TOTP_SECRET

    def do(page, email: str, password: str, *, lang: str = "en", totp_secret: str | None = DEMO_TOTP_SECRET):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", password)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        if "/accounts/2fa/authenticate" in page.url:
            page.fill("input[name=code]", totp_code(totp_secret))
            page.click("main form button[type=submit]")
            page.wait_for_load_state()

    return do
