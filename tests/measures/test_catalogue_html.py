"""The catalogue's list written in Python (measures.catalogue_html) is byte for byte its template, in every language and
state of the page: filters given or not understood, facets chosen, an empty result and why, pagination, dates and
numbers in the language's notation, text that must be escaped."""

from __future__ import annotations

from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import formats, translation

import pytest

from foundation.markup import localized
from measures import catalogue_html, presentation
from measures.forms import CatalogueFilterForm, page_number
from tests.measures.factories import make_measure
from tests.measures.test_catalogue_index import build_varied_catalogue

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "?page=2",
    "?validity=all&sort=name&page=2",
    "?sort=amount",
    "?age=58&seat_region=VLG&technique=contribution_reduction",
    "?level=flemish&level=walloon&technique=wage_subsidy",
    "?audience=jobseeker&employer_type=private&qualification=lower_secondary&disability=yes",
    "?region=BRU&domicile_region=WAL&size=3&jobseeker_months=12",
    "?employer_category=010&nace=56.101&joint_committee=330.01",
    "?fraction=0.5&on=2025-03-01",
    "?on=1990-01-01",  # nothing valid on that day, no filter to blame
    "?validity=past",
    "?validity=future&sort=name",
    "?q=zzzz&level=flemish&seat_region=WAL",  # no filter alone to blame: their combination
    "?q=zzzz",  # one filter removes everything
    "?q=Jerry&age=20",  # two filters, each alone to blame
    "?age=abc&level=nowhere&page=x&on=2025-02-30",  # not understood, said so
    "?q=%3Cb%3E%22Tom%20%26%20Jerry%27s%22",  # escaped wherever it is written
    "?page=999",
]


@pytest.fixture
def catalogue():
    build_varied_catalogue()
    make_measure(
        code="escaped", name_en='<b>"Tom & Jerry\'s"</b> bonus', name_nl="Tom & Jerry", version={"age_min": 99}
    )


def _context(query: str) -> dict:
    """What the view hands to the list, for this query string in the active language."""
    data = QueryDict(query.removeprefix("?"))
    form = CatalogueFilterForm(data)
    criteria = form.criteria()
    invalid = form.invalid_fields()
    number = page_number(data.get("page"))
    if number is None:
        invalid.append("page")
        number = 1
    return presentation.catalogue_context(
        form=form, criteria=criteria, invalid=invalid, page_number=number, language=translation.get_language()
    )


@pytest.mark.parametrize("language", ["nl", "fr", "de", "en"])
def test_the_list_written_in_python_is_its_template_byte_for_byte(catalogue, language):
    with translation.override(language):
        for query in QUERIES:
            context = _context(query)
            assert catalogue_html.render(context) == render_to_string("measures/_catalogue.html", context), query


def test_the_states_compared_are_all_there(catalogue):
    """The comparison above covers each branch of the template (a state missing here would go untested)."""
    with translation.override("en"):
        pages = {query: catalogue_html.render(_context(query)) for query in QUERIES}
    assert 'id="invalid-filters"' in pages["?age=abc&level=nowhere&page=x&on=2025-02-30"]
    assert 'rel="prev"' in pages["?validity=all&sort=name&page=2"] and 'rel="next"' in pages[""]
    assert "removed every remaining measure" in pages["?q=zzzz"]
    assert "Removing any one of these filters" in pages["?q=Jerry&age=20"]
    assert "it is their combination" in pages["?q=zzzz&level=flemish&seat_region=WAL"]
    assert "No measure is valid on this date" in pages["?on=1990-01-01"]
    assert "&lt;b&gt;&quot;Tom &amp; Jerry&#x27;s&quot;" in pages["?q=%3Cb%3E%22Tom%20%26%20Jerry%27s%22"]
    assert 'value="2025-03-01"' in pages["?fraction=0.5&on=2025-03-01"]


def test_a_count_is_written_as_the_template_writes_it_with_thousands_separated():
    with override_settings(USE_THOUSAND_SEPARATOR=True), translation.override("fr"):
        assert localized(12345) == formats.localize(12345) != "12345"
    with translation.override("fr"):
        assert localized(12345) == "12345"


def test_the_page_serves_the_list_written_in_python(client, catalogue):
    with translation.override("fr"):
        expected = catalogue_html.render(_context("?age=58&page=2"))
    body = client.get("/fr/measures/?age=58&page=2").content.decode()
    assert expected in body


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?sort=name",
        "?q=%C3%A9t%C3%A9+%26+co&level=flemish&level=walloon&sort=amount&on=2025-03-01&validity=all",
        "?age=58&seat_region=VLG&technique=contribution_reduction&technique=other&disability=no&fraction=0.5",
        "?nace=56.101&employer_category=010&joint_committee=330.01&size=0&jobseeker_months=0",
    ],
)
def test_the_links_of_the_list_are_those_the_criteria_write(catalogue, query):
    """The page's links (remove a filter, sort otherwise, download, next page) are the criteria's own query strings."""
    context = _context(query)
    criteria = context["criteria"]
    assert context["query"] == criteria.query_string()
    assert {link["value"]: link["query"] for link in context["sort_links"]} == {
        value: criteria.query_string(sort=value) for value in ("relevance", "amount", "name")
    }
    assert {row["name"]: row["remove"] for row in context["active_filters"]} == {
        name: criteria.without(name).query_string() for name in criteria.filter_names()
    }
    assert context["page_query_dict"].urlencode() == criteria.query_string()


@pytest.mark.parametrize("language", ["nl", "fr", "de", "en"])
def test_the_filters_in_use_are_named_in_the_language_of_the_page(catalogue, language):
    query = "?level=flemish&level=walloon&audience=jobseeker&size=3&disability=no&age=58&seat_region=VLG"
    with translation.override(language):
        rows = {row["name"]: row["value"] for row in _context(query)["active_filters"]}
        fields = CatalogueFilterForm().fields
        expected = {
            "level": ", ".join(str(dict(fields["level"].choices)[code]) for code in ("flemish", "walloon")),
            "audience": str(dict(fields["audience"].choices)["jobseeker"]),
            "size": str(dict(fields["size"].choices)["3"]),
            "disability": translation.gettext("No"),
            "age": "58",
            "seat_region": str(dict(fields["seat_region"].choices)["VLG"]),
        }
    assert rows == expected
    if language == "fr":
        assert rows["level"] == "Région flamande, Région wallonne"
