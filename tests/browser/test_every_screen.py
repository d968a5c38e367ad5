"""Every page of every role, with the demo data, at 1280 and 390 px: axe finds no serious or critical violation, the
page never scrolls sideways, and no table column is hidden or cut (judged from the boxes the browser drew: each cell
within its scroll container's visible box, or the container scrolls with its key column sticky).

One browser for the session, one log-in per role (its storage state then opens every page of the role), and every
problem of every page collected before the test fails, so one run tells all that is wrong.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

import pytest

from portal.demo import DEMO_PASSWORD
from tests.browser import screens

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    from django.core.management import call_command

    call_command("demo", stdout=io.StringIO())


@pytest.fixture
def browser_context_args(browser_context_args):
    # Date fields take their digits in the order of the browser's locale; the steps fill them as ISO dates.
    return {**browser_context_args, "locale": "en-US"}


def axe_problems(page) -> list[str]:
    """axe-core's serious and critical violations; axe is injected once per page load (not at every width)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    violations = page.evaluate("() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
    return [
        f"axe {violation['id']} ({violation['impact']}) at {[node['target'] for node in violation['nodes']][:2]}"
        for violation in violations
        if violation["impact"] in {"serious", "critical"}
    ]


@functools.cache
def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def storage_state_of(browser, base: str, role: screens.Role, log_in) -> dict:
    """Log the role in once; its cookies then serve every page of the role (and of nobody else)."""
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    if role.email:
        log_in(page, role.email, DEMO_PASSWORD)
        assert page.url.endswith("/en/dashboard/"), f"{role.name} did not land on the dashboard but on {page.url}"
    elif role.name == "job seeker":
        context.add_cookies([{"name": "sessionid", "value": screens.jobseeker_session_key(), "url": base}])
    state = context.storage_state()
    context.close()
    return state


def test_every_page_of_every_role_reads_well_at_two_widths(browser, live_server, log_in, demo):
    base = live_server.url
    roles = (*screens.ROLES, screens.Role("staff in the admin", "admin@demo.be", screens.admin_change_forms()))
    problems, seen, states = [], 0, {}
    for role in roles:
        key = role.email or role.name
        if key not in states:  # one log-in per account: the staff's pages and its admin share it
            states[key] = storage_state_of(browser, base, role, log_in)
        context = browser.new_context(
            storage_state=states[key],
            viewport={"width": screens.WIDTHS[0], "height": screens.HEIGHT},
            locale="en-US",
        )
        page = context.new_page()
        for screen in role.screens:
            where = f"{role.name}, {screen.name}"
            page.set_viewport_size({"width": screens.WIDTHS[0], "height": screens.HEIGHT})
            if screen.path is not None:
                response = page.goto(base + screen.path)
                if response is None or response.status not in screen.statuses:
                    problems.append(f"{where}: answered {response.status if response else 'nothing'}")
                    continue
            if screen.steps is not None:
                screen.steps(page, base)
            if "/accounts/login/" in page.url and role.name != "anonymous":  # the job seeker too (eID session)
                problems.append(f"{where}: sent to the log-in page ({page.url})")
                continue
            for width in screen.widths:
                page.set_viewport_size({"width": width, "height": screens.HEIGHT})
                found = screens.layout_problems(page) + axe_problems(page)
                problems += [f"{where} at {width} px: {problem}" for problem in found]
                seen += 1
        context.close()
    assert seen >= 80, f"only {seen} pages were looked at"
    assert not problems, "\n".join(problems)


def test_the_layout_rules_see_a_cut_column_and_a_sideways_page(page, live_server):
    """The rules themselves can fail: a table wider than a clipping box, and a page wider than the window."""
    page.set_viewport_size({"width": 390, "height": 600})
    cells = "".join(f"<td>column {n} with some text</td>" for n in range(8))
    page.set_content(
        f"<div style='overflow:hidden;width:300px'><table aria-label='clipped'><tr>{cells}</tr></table></div>"
        f"<div style='overflow-x:auto;width:300px'><table aria-label='scrolls'><tr>{cells}</tr></table></div>"
        f"<div style='overflow-x:auto;width:300px'><table aria-label='sticky'><tr>"
        f"<th style='position:sticky;left:0'>key</th>{cells}</tr></table></div>"
        "<table aria-label='hidden'><tr><td>shown</td><td style='display:none'>hidden</td></tr></table>"
        "<div style='width:600px'>wide</div>"
    )
    found = screens.layout_problems(page)
    assert any(problem.startswith("the page is 6") and "px wide in a 390 px window" in problem for problem in found)
    assert any(problem.startswith('clipped: the cell "column') and "is cut" in problem for problem in found)
    assert "scrolls: scrolls sideways without a sticky key column" in found
    assert not any(problem.startswith("sticky:") for problem in found)
    assert 'hidden: the cell "hidden" is hidden' in found
    page.set_content("<main><input type='text'></main>")
    assert any(problem.startswith("axe label (critical)") for problem in axe_problems(page))
