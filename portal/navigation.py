"""The main navigation and the dashboard's entries, drawn from the user's rights (authz.selectors.rights_of).

One list says which page each right opens; the menu shows the entries marked for it, the dashboard groups them all.
A menu is a courtesy, not a permission: every page still passes the gate, which alone decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from authz.selectors import Rights, rights_of


def _anyone(rights: Rights) -> bool:
    return True


def _own_data(rights: Rights) -> bool:
    return rights.owner or rights.self_data  # authz.audit.my_subjects: owned employers and the own INSZ


@dataclass(frozen=True)
class Destination:
    url_name: str
    label: str | Promise
    may: Callable[[Rights], bool]
    group: str  # the dashboard section: employer, jobseeker, agent, auditor, staff, public
    description: str | Promise = ""
    in_menu: bool = True
    anchor: str = ""


DESTINATIONS = (
    Destination("measures:list", _("Measures"), _anyone, "public", _("Every measure, filtered by your situation.")),
    Destination(
        "repertory:employer-category",
        _("Employer category"),
        lambda r: not (r.agent or r.auditor or r.self_data),
        "public",
        _("Type an enterprise or registration number to see its employer category."),
    ),
    Destination(
        "measures:calculator",
        _("Calculator"),
        lambda r: r.calculator,
        "employer",
        _("Which measures apply to the people you hire, and what they bring in."),
    ),
    Destination(
        "measures:scenarios",
        _("Saved scenarios"),
        lambda r: r.calculator,
        "employer",
        _("Open, compare and export the calculations you saved."),
        in_menu=False,
    ),
    Destination(
        "authz:acting-for",
        _("Acting for"),
        lambda r: r.employer,
        "employer",
        _("Choose the employer you act for, and see your mandates with their dates."),
        in_menu=False,
    ),
    Destination(
        "authz:mandate-employers",
        _("Mandates"),
        lambda r: r.owner,
        "employer",
        _("Give, follow and end the mandates of your social secretariat or accountant."),
    ),
    Destination(
        "jobseekers:measures",
        _("My measures"),
        lambda r: r.self_data,
        "jobseeker",
        _("The measures your profile opens for an employer."),
    ),
    Destination(
        "jobseekers:summary",
        _("My summary"),
        lambda r: r.self_data,
        "jobseeker",
        _("A summary to hand to an employer, as a page or a PDF."),
    ),
    Destination(
        "authz:my-disclosures",
        _("Who consulted my data"),
        _own_data,
        "own",
        _("Every consultation of your data or your employer's data: who, when and why."),
    ),
    Destination(
        "dmfa:search",
        _("DmfA consultation"),
        lambda r: r.agent,
        "agent",
        _("The quarterly declarations of a person your office integrated with quality code 001."),
    ),
    Destination(
        "dmfa:controls",
        _("GECO/DSP controls"),
        lambda r: r.agent,
        "agent",
        _("Headcount, premium and reconciliation controls of subsidised jobs."),
    ),
    Destination(
        "authz:audit-disclosures",
        _("Disclosure log"),
        lambda r: r.auditor,
        "auditor",
        _("Every disclosure, granted or refused, one row per data subject."),
    ),
    Destination(
        "authz:audit-disclosures",
        _("Search the log"),
        lambda r: r.auditor,
        "auditor",
        _("By period, actor, activity, subject, channel or outcome."),
        in_menu=False,
        anchor="search-heading",
    ),
    Destination(
        "authz:audit-disclosures",
        _("Integrity of the chain"),
        lambda r: r.auditor,
        "auditor",
        _("The last verification of the log's hash chain, and a button to verify it now."),
        in_menu=False,
        anchor="verification-heading",
    ),
    Destination(
        "admin:index",
        _("Administration"),
        lambda r: r.staff,
        "staff",
        _("Measures, institutions, integrations, imports and accounts."),
    ),
    Destination(
        "measures:verify",
        _("Verify report"),
        lambda r: r.staff,
        "staff",
        _("What the catalogue still lacks: sources, translations, dates."),
        in_menu=False,
    ),
)


def request_rights(request) -> Rights:
    """The rights of the request's user, read once per request."""
    if not hasattr(request, "_portal_rights"):
        request._portal_rights = rights_of(user=getattr(request, "user", None))
    return request._portal_rights


def destinations_for(rights: Rights) -> list[dict]:
    """The destinations the rights open, with their URLs (a page not installed is left out)."""
    entries = []
    for destination in DESTINATIONS:
        if not destination.may(rights):
            continue
        try:
            url = reverse(destination.url_name)
        except NoReverseMatch:
            continue
        entries.append(
            {"destination": destination, "url": f"{url}#{destination.anchor}" if destination.anchor else url}
        )
    return entries


def main_navigation(request) -> list[dict]:
    authenticated = request.user.is_authenticated
    home = reverse("dashboard") if authenticated else reverse("home")
    items = [{"url": home, "label": _("My dashboard") if authenticated else _("Home"), "current": request.path == home}]
    for entry in destinations_for(request_rights(request)):
        if not entry["destination"].in_menu:
            continue
        url = entry["url"]
        items.append({"url": url, "label": entry["destination"].label, "current": request.path.startswith(url)})
    return items
