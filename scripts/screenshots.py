"""Screenshots of the dashboards for the README (docs/screenshots/), from the demo data, in Debian's Chromium.

    .venv/bin/python scripts/screenshots.py            # against a fresh SQLite file it creates and fills
    .venv/bin/python scripts/screenshots.py --url http://127.0.0.1:8000   # against a running portal with the demo

Without --url it migrates a temporary SQLite database, loads the demo (manage.py demo), serves it on a free port
and stops it at the end. Each picture is 1280 px wide, the top of the page (the dashboard fits in it).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Demo-portal-2026"  # noqa: S105 - the demo accounts' published password (README)
TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105 - the demo authenticator's published secret (README)
#: (account, page, picture, element scrolled to the top of the picture or "")
SHOTS = (
    ("owner.a@demo.be", "/en/dashboard/", "dashboard-owner.png", ""),
    ("agent@demo.be", "/en/dashboard/", "dashboard-agent.png", ""),
    ("auditor@demo.be", "/en/dashboard/", "dashboard-auditor.png", ""),
    ("auditor@demo.be", "/en/audit/disclosures/", "disclosure-log.png", "#log-caption"),
)


def totp(secret: str, used: set[int]) -> str:
    """The authenticator's current code (RFC 6238), waiting for a fresh period when this one's code was used."""
    while int(time.time()) // 30 in used or 30 - time.time() % 30 < 3:
        time.sleep(1)
    counter = int(time.time()) // 30
    used.add(counter)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def log_in(page, base: str, email: str, used: set[int]) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    if "/accounts/2fa/authenticate" in page.url:
        page.fill("input[name=code]", totp(TOTP_SECRET, used))
        page.click("main form button[type=submit]")
        page.wait_for_load_state()


def consult(page, base: str, insz: str) -> None:
    """The agent consults a person's DmfA data (granted for 90051512391, refused for 85010123176): log rows to show."""
    page.goto(f"{base}/en/dmfa/")
    page.fill("[name=insz]", insz)
    page.fill("[name=period_from]", "2025Q1")
    page.fill("[name=period_until]", "2025Q4")
    page.fill("[name=justification]", "File 2026/114: activa.brussels conditions")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()


def take(base: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    used: set[int] = set()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        contexts = {}
        for email, path, name, anchor in SHOTS:
            if email not in contexts:
                contexts[email] = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
                log_in(contexts[email].new_page(), base, email, used)
            page = contexts[email].pages[0]
            if email == "agent@demo.be":
                for insz in ("90051512391", "85010123176"):
                    consult(page, base, insz)
            page.goto(base + path)
            if anchor:
                page.locator(anchor).evaluate("element => element.scrollIntoView()")
            page.screenshot(path=str(out / name))
            print(out / name)
        browser.close()


def serve_demo() -> tuple[subprocess.Popen, str, tempfile.TemporaryDirectory]:
    folder = tempfile.TemporaryDirectory()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder.name}/screenshots.sqlite3"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    migrate = [*manage, "migrate", "--no-input", "--verbosity", "0"]
    subprocess.run(migrate, check=True, env=env, cwd=ROOT)  # noqa: S603 - our own manage.py
    subprocess.run([*manage, "demo"], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    server = subprocess.Popen(serve, env=env, cwd=ROOT, **quiet)  # noqa: S603 - our own manage.py
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    return server, base, folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running portal with the demo data (default: start one)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    if args.url:
        take(args.url.rstrip("/"), Path(args.out))
        return
    server, base, folder = serve_demo()
    try:
        take(base, Path(args.out))
    finally:
        server.terminate()
        server.wait(timeout=10)
        folder.cleanup()


if __name__ == "__main__":
    main()
