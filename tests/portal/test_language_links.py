"""The language switcher links each page to itself in every language, as Django's translate_url does, from the page's
own URL resolution."""

from __future__ import annotations

from django.conf import settings
from django.test import RequestFactory
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation

import pytest

from portal.context_processors import language_links


@pytest.mark.parametrize(
    "path",
    [
        "/nl/measures/",
        "/fr/measures/?age=58&level=flemish&level=walloon&q=%C3%A9t%C3%A9+%26+co",
        "/de/measures/some-code/",
        "/en/",
        "/en/employer-category/",
        "/en/not-a-page/?x=1",
        "/healthz",
    ],
)
def test_each_language_links_to_the_same_page_as_translate_url(path):
    request = RequestFactory().get(path)
    language = path.split("/")[1] if path.split("/")[1] in dict(settings.LANGUAGES) else "nl"
    with translation.override(language):
        try:
            request.resolver_match = resolve(request.path_info)
        except Resolver404:  # a page that does not resolve (the 404 page) has no match
            request.resolver_match = None
        links = language_links(request)
        expected = [translate_url(request.get_full_path(), code) for code, _name in settings.LANGUAGES]
    assert [link["next"] for link in links] == expected
    assert [link["code"] for link in links] == ["nl", "fr", "de", "en"]


def test_the_links_of_a_measure_page_keep_its_code_and_query():
    request = RequestFactory().get("/fr/measures/some-code/?on=2025-01-01")
    with translation.override("fr"):
        request.resolver_match = resolve(request.path_info)
        links = {link["code"]: link["next"] for link in language_links(request)}
    assert links["nl"] == "/nl/measures/some-code/?on=2025-01-01"
    assert links["en"] == "/en/measures/some-code/?on=2025-01-01"


def test_a_page_asked_again_with_another_query_links_with_its_own_query():
    """The paths are worked out once per page and language; the query string is each request's own."""
    seen = []
    for path in ("/en/measures/?age=58", "/en/measures/?age=60&level=flemish", "/nl/measures/"):
        request = RequestFactory().get(path)
        with translation.override(path.split("/")[1]):
            request.resolver_match = resolve(request.path_info)
            seen.append({link["code"]: link["next"] for link in language_links(request)})
    assert seen[0]["fr"] == "/fr/measures/?age=58"
    assert seen[1]["fr"] == "/fr/measures/?age=60&level=flemish"
    assert seen[2]["fr"] == "/fr/measures/" and seen[2]["nl"] == "/nl/measures/"
