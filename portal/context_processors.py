"""Template context shared by every page: the navigation, the language switcher and the site's name."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from portal.navigation import main_navigation

SITE_NAME = _("Front Office Tewerkstelling")


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
    links = []
    for code, name in settings.LANGUAGES:
        with override(code):
            try:
                url = urlunsplit(("", "", reverse(view_name, args=match.args, kwargs=match.kwargs), query, ""))
            except NoReverseMatch:
                url = path
        links.append({"code": code, "name": name, "next": url})
    return links


def portal(request):
    return {
        "site_name": SITE_NAME,
        "main_navigation": main_navigation(request),
        "language_links": language_links(request),
    }
