"""Template context shared by every page: the navigation, the language switcher and the site's name."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import gettext_lazy as _

from portal.navigation import main_navigation

SITE_NAME = _("Front Office Tewerkstelling")


def language_links(request) -> list[dict]:
    """The current page in each language (computed while the page's own language is active, so it resolves)."""
    path = request.get_full_path()
    return [{"code": code, "name": name, "next": translate_url(path, code)} for code, name in settings.LANGUAGES]


def portal(request):
    return {
        "site_name": SITE_NAME,
        "main_navigation": main_navigation(request),
        "language_links": language_links(request),
    }
