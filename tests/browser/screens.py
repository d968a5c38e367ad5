"""Every page of every role, and how to judge its layout from the element boxes the browser drew.

Used by tests/browser/test_every_screen.py (against the test server) and scripts/screenshots.py (against the demo).
A page is a path, or a path and the steps that bring the page to the state worth looking at (a form filled and sent).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

WIDTHS = (1280, 390)
HEIGHT = 900

#: The layout rules, evaluated in the page; each problem is one line of text.
#: - the page itself never scrolls sideways;
#: - every cell of a visible table is drawn (no hidden column);
#: - every cell lies within the visible box of its scroll container (the nearest ancestor that clips), or that
#:   container scrolls sideways and the row's first cell (the key column) is sticky, so it stays in view;
#: - chart labels are readable (at least 10 px high).
LAYOUT_SCRIPT = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) {
    problems.push(`the page is ${root.scrollWidth} px wide in a ${window.innerWidth} px window`);
  }
  const drawn = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  // Text for screen readers only (a "visually hidden" header row) sits in a box of 1 px or less: not a column.
  const forScreenReaders = (el, table) => {
    for (let p = el; p && p !== table.parentElement; p = p.parentElement) {
      const r = p.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) return true;
    }
    return false;
  };
  const clipper = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return p;
    }
    return null;
  };
  document.querySelectorAll("table").forEach((table, index) => {
    if (!drawn(table) || forScreenReaders(table, table)) return;
    const name = table.getAttribute("aria-label") || (table.caption && table.caption.innerText.trim())
      || table.id || `table ${index + 1}`;
    const box = clipper(table);
    const view = box ? box.getBoundingClientRect() : { left: 0, right: window.innerWidth };
    const scrolls = box !== null && ["auto", "scroll"].includes(getComputedStyle(box).overflowX)
      && box.scrollWidth > box.clientWidth + 1;
    for (const row of table.rows) {
      if (!drawn(row) || forScreenReaders(row, table)) continue;
      const cells = [...row.cells];
      for (const cell of cells) {
        const text = cell.innerText.trim().slice(0, 30);
        if (!drawn(cell)) { problems.push(`${name}: the cell "${text}" is hidden`); return; }
        if (scrolls) {
          if (getComputedStyle(cells[0]).position !== "sticky") {
            problems.push(`${name}: scrolls sideways without a sticky key column`); return;
          }
          continue;
        }
        const r = cell.getBoundingClientRect();
        if (r.left < view.left - 1 || r.right > view.right + 1) {
          problems.push(`${name}: the cell "${text}" is cut (${Math.round(r.left)}-${Math.round(r.right)} px, `
            + `visible ${Math.round(view.left)}-${Math.round(view.right)} px)`);
          return;
        }
      }
    }
  });
  for (const label of document.querySelectorAll("svg text")) {
    if (!drawn(label)) continue;
    const size = parseFloat(getComputedStyle(label).fontSize);
    const scale = label.ownerSVGElement.getScreenCTM();
    const height = size * (scale ? Math.abs(scale.d) : 1);
    if (height < 10) {
      problems.push(`chart label "${label.textContent.trim()}" is ${height.toFixed(1)} px high`);
      break;
    }
  }
  return problems;
}"""


def layout_problems(page) -> list[str]:
    return page.evaluate(LAYOUT_SCRIPT)


Steps = Callable[[object, str], None]  # (page, base URL): brings the page to the state to check


@dataclass(frozen=True)
class Screen:
    name: str
    path: str | None  # None: go on from the page the previous screen left
    steps: Steps | None = None
    widths: tuple[int, ...] = WIDTHS
    #: The answers the page may give (a refusal page is a page too, and is looked at all the same).
    statuses: tuple[int, ...] = (200,)


@dataclass(frozen=True)
class Role:
    name: str
    email: str | None  # None: anonymous, or logged in another way (the job seeker's eID)
    screens: tuple[Screen, ...] = field(default_factory=tuple)


def _submit(page, button: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=button, exact=True).last.click()


def calculate_three_hires(page, base: str) -> None:
    """The calculator with three hires of different regions and wages: its widest quarterly table."""
    for _ in range(2):
        _submit(page, "Add another hire")
    hires = (("2025-01-01", "1995-06-15", "BRU", "2800"), ("2025-04-01", "1964-03-02", "WAL", "3900"))
    hires += (("2025-07-01", "2001-11-20", "VLG", "2300"),)
    for index, (start, birth, region, wage) in enumerate(hires):
        page.fill(f"[name=hire-{index}-start_date]", start)
        page.fill(f"[name=hire-{index}-birth_date]", birth)
        page.select_option(f"[name=hire-{index}-domicile_region]", region)
        page.fill(f"[name=hire-{index}-gross_monthly_wage]", wage)
    page.fill("[name=on]", "2025-01-01")
    _submit(page, "Calculate")


def consult_person(insz: str, period_from: str = "2025Q1", period_until: str = "2026Q2") -> Steps:
    def steps(page, base: str) -> None:
        page.fill("[name=insz]", insz)
        page.fill("[name=period_from]", period_from)
        page.fill("[name=period_until]", period_until)
        page.fill("[name=justification]", "File 2026/114: checking the activa.brussels conditions")
        _submit(page, "Consult")

    return steps


def consult_employer(page, base: str) -> None:
    page.fill("[name=employer]", "123456749")
    page.fill("[name=period_from]", "2025Q4")
    page.fill("[name=justification]", "File 2026/115: headcount check")
    _submit(page, "Consult")


def save_scenario(page, base: str) -> None:
    page.fill("[name=name]", "Three hires in 2025")
    _submit(page, "Save the scenario")


def change_a_scenario(page, base: str) -> None:
    with page.expect_navigation():
        page.locator("main table a", has_text="Change").first.click()


def compare_two_scenarios(page, base: str) -> None:
    """The first two saved scenarios side by side (the demo's and the one the walk saved)."""
    page.select_option("[name=a]", index=1)  # index 0 is "Choose a scenario"
    page.select_option("[name=b]", index=2)
    _submit(page, "Compare")
    # the comparison itself, not the form sent back with an error
    assert "/calculator/scenarios/compare/" in page.url
    assert page.get_by_role("table", name="Total per hire").is_visible()


def verify_the_chain(page, base: str) -> None:
    _submit(page, "Verify the chain now")


def jobseeker_measures(page, base: str) -> None:
    page.fill("[name=gross_monthly_wage]", "2500")
    _submit(page, "Show the measures")


EMPLOYER_A, EMPLOYER_B = "123456749", "134567808"

ROLES = (
    Role(
        "anonymous",
        None,
        (
            Screen("home", "/en/"),
            Screen("catalogue", "/en/measures/"),
            Screen("measure", "/en/measures/fed-structural/"),
            Screen("rule changes", "/en/measures/changes/"),
            Screen("employer category", f"/en/employer-category/?number={EMPLOYER_A}"),
            Screen("log-in", "/accounts/login/"),
            Screen("catalogue in French", "/fr/measures/"),
        ),
    ),
    Role(
        "owner",
        "owner.a@demo.be",
        (
            Screen("dashboard", "/en/dashboard/"),
            Screen("employer record", f"/en/employers/{EMPLOYER_A}/"),
            Screen("calculator", "/en/calculator/"),
            Screen("calculator, three hires", "/en/calculator/", calculate_three_hires),
            Screen("saved scenario", None, save_scenario),
            Screen("scenarios", "/en/calculator/scenarios/"),
            Screen("mandates", f"/en/mandates/RSZ/{EMPLOYER_A}/"),
            Screen("who consulted", "/en/my-data/disclosures/"),
            Screen("API token", "/en/my-data/api-token/"),
            Screen("changing a scenario", "/en/calculator/scenarios/", change_a_scenario),
            Screen("two scenarios compared", "/en/calculator/scenarios/", compare_two_scenarios),
        ),
    ),
    Role(
        "mandatary",
        "secretariat@demo.be",
        (
            Screen("dashboard", "/en/dashboard/"),
            Screen("acting for", "/en/acting-for/"),
            Screen("mandates", "/en/mandates/"),
            Screen("employer record", f"/en/employers/{EMPLOYER_A}/"),
            Screen("expired employer record", f"/en/employers/{EMPLOYER_B}/", statuses=(403,)),
        ),
    ),
    Role(
        "agent",
        "agent@demo.be",
        (
            Screen("dashboard", "/en/dashboard/"),
            Screen("DmfA result", "/en/dmfa/", consult_person("90051512391")),
            Screen("DmfA refusal", "/en/dmfa/", consult_person("85010123176")),
            Screen("DmfA employer", "/en/dmfa/employer/", consult_employer),
            Screen("controls", "/en/dmfa/controls/"),
            Screen("control results", "/en/dmfa/controls/results/?quarter=2026Q1&employer=145678964"),
        ),
    ),
    Role(
        "job seeker",
        None,
        (
            Screen("dashboard", "/en/dashboard/"),
            Screen("profile", "/en/jobseeker/profile/"),
            Screen("measures", "/en/jobseeker/measures/", jobseeker_measures),
            Screen("summary", "/en/jobseeker/summary/"),
            Screen("who consulted", "/en/my-data/disclosures/"),
        ),
    ),
    Role(
        "auditor",
        "auditor@demo.be",
        (
            Screen("dashboard", "/en/dashboard/"),
            Screen("disclosure log", "/en/audit/disclosures/"),
            Screen("chain verified", "/en/audit/disclosures/", verify_the_chain),
        ),
    ),
    Role(
        "staff",
        "admin@demo.be",
        (
            Screen("dashboard", "/en/dashboard/"),
            Screen("verify report", "/en/measures/verify/"),
            Screen("admin", "/admin/"),
        ),
    ),
)


def admin_change_forms() -> tuple[Screen, ...]:
    """Every model's change form in the admin (its first object's, or the add form when it has none; a model no one
    may add answers with its refusal page, checked all the same), at 1280 px: the admin is a desk tool."""
    from django.contrib import admin
    from django.urls import reverse

    screens = []
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            path = reverse("admin:{}_{}_change".format(*info), args=[first.pk])
        else:
            path = reverse("admin:{}_{}_add".format(*info))
        # A model no one may add (its add form refused) answers with the refusal page.
        refusable = (200,) if first is not None else (200, 403)
        screens.append(Screen(f"admin: {model._meta.verbose_name}", path, widths=(1280,), statuses=refusable))
    return tuple(screens)


def jobseeker_session_key() -> str:
    """A session of the demo job seeker Yasmina as an eID log-in leaves it (the profile told, the eID recorded as
    the strong log-in method), without running the eID provider: the pages, not the log-in, are looked at here."""
    import datetime
    import time

    from django.test import Client
    from django.utils import timezone

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.account.internal.userkit import user_id_to_str

    from authz.models import User
    from jobseekers.models import JobSeekerProfile

    profile = JobSeekerProfile.objects.filter(insz="00031012315").select_related("user").first()
    user = profile.user if profile else User.objects.create(email="yasmina.demo-brussel@eid.invalid")
    JobSeekerProfile.objects.update_or_create(
        insz="00031012315",
        defaults={
            "user": user,
            "given_name": "Yasmina",
            "surname": "Demo-Brussel",
            "domicile_region": "BRU",
            "registered_since": timezone.localdate() - datetime.timedelta(days=14 * 31),
            "employment_office": "Actiris",
            "qualification": "upper_secondary",
            "completed_at": timezone.now(),
        },
    )
    client = Client()
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "socialaccount", "at": time.time(), "provider": "eid", "uid": "bru-jobseeker"}
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()
    return session.session_key
