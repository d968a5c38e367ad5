"""The main navigation: an entry appears once the page it names exists."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    needs_login: bool = False


MAIN_NAVIGATION = (
    NavItem("home", _("Home")),
    NavItem("measures:list", _("Measures")),
    NavItem("repertory:employer-category", _("Employer category")),
    NavItem("measures:calculator", _("Calculator"), needs_login=True),
    NavItem("dmfa:search", _("DmfA consultation"), needs_login=True),
    NavItem("authz:my-disclosures", _("My data"), needs_login=True),
)


def main_navigation(request) -> list[dict]:
    items = []
    authenticated = request.user.is_authenticated
    for item in MAIN_NAVIGATION:
        if item.needs_login and not authenticated:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        current = request.path == url if item.url_name == "home" else request.path.startswith(url)
        items.append({"url": url, "label": item.label, "current": current})
    return items
