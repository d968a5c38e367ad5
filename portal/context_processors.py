"""Template context shared by every page: the navigation, the language switcher and the site's name."""

import functools
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse, translate_url
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from portal.navigation import main_navigation

SITE_NAME = _("Front Office Tewerkstelling")


@functools.lru_cache(maxsize=4096)
def _path_in(language: str, view_name: str, args: tuple, kwargs: tuple, urlconf, script_prefix: str) -> str | None:
    """The path of a page in ``language`` (None when it has none there). The URL patterns do not change while the
    process runs: each page's path in each language is reversed once, not on every page view."""
    with override(language):
        try:
            return reverse(view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs))
        except NoReverseMatch:
            return None


def language_links(request) -> list[dict]:
    """The current page in each language (computed while the page's own language is active, so it resolves).

    What ``translate_url`` gives, from the page's own resolution (``request.resolver_match``, made in this language)
    instead of resolving the path again for each language, which was most of the switcher's cost on every page.
    """
    path = request.get_full_path()
    match = request.resolver_match if request.path == request.path_info else None  # no script prefix to strip
    if match is None:
        return [{"code": code, "name": name, "next": translate_url(path, code)} for code, name in settings.LANGUAGES]
    view_name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    query = urlsplit(path).query
    key = (view_name, tuple(match.args), tuple(sorted(match.kwargs.items())), get_urlconf(), get_script_prefix())
    links = []
    for code, name in settings.LANGUAGES:
        try:
            translated = _path_in(code, *key)
        except TypeError:  # an argument that cannot be a key (no converter of ours makes one): reversed each time
            translated = _path_in.__wrapped__(code, *key)
        url = path if translated is None else urlunsplit(("", "", translated, query, ""))
        links.append({"code": code, "name": name, "next": url})
    return links


def portal(request):
    return {
        "site_name": SITE_NAME,
        "main_navigation": main_navigation(request),
        "language_links": language_links(request),
    }
