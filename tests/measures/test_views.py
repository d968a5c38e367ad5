"""The catalogue pages: filters from the URL, notices for bad values, empty state, cache, export, detail page."""

import csv
import datetime
import io
import json
import re

from django.core.cache import cache
from django.utils.html import escape

import pytest
import time_machine

from measures import services
from measures.models import Measure
from tests.authz.helpers import log_in_with_mfa
from tests.measures.factories import CumulationRuleFactory, make_measure
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def measures():
    return [
        make_measure(
            code="older", level="flemish", region="VLG", region_basis="operating_seat", version={"age_min": 55}
        ),
        make_measure(code="young", level="walloon", region="WAL", region_basis="domicile", version={"age_max": 24}),
        make_measure(code="general"),
    ]


def page(client, query="", lang="en"):
    return client.get(f"/{lang}/measures/{query}")


def test_the_list_shows_published_measures_in_the_language_of_the_url(client, measures):
    Measure.objects.filter(code="general").update(name_fr="Mesure générale", name_en="General measure")
    response = page(client, lang="fr")
    assert response.status_code == 200
    assert "Mesure générale" in response.content.decode()
    assert "General measure" not in response.content.decode()


def test_filters_come_from_the_url_and_the_counts_show_beside_options(client, measures):
    body = page(client, "?age=60&seat_region=VLG").content.decode()
    assert "/en/measures/older/" in body
    assert "/en/measures/young/" not in body
    assert 'name="age" id="id_age" min="14" max="99" value="60"' in body
    assert 'Flemish Region <span class="count">(1' in body  # level option with its count


def test_invalid_values_are_ignored_with_a_visible_notice(client, measures):
    response = page(client, "?age=abc&level=nowhere&page=x&technique=contribution_reduction")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="invalid-filters"' in body
    assert "Worker&#x27;s age" in body and "Level" in body and "Page" in body
    assert "3 measures" in body  # the valid technique filter still applies, the others are ignored


def test_an_empty_result_says_which_filter_removed_everything(client, measures):
    body = page(client, "?age=40&level=walloon").content.decode()
    assert 'id="empty-state"' in body
    assert "The filter “Worker&#x27;s age: 40” removed every remaining measure." in body
    assert 'href="?level=walloon"' in body  # the link that removes the age filter keeps the rest


def test_a_number_out_of_range_never_gives_a_server_error(client, measures):
    for query in [
        "?age=999",
        "?fraction=7",
        "?on=2025-02-30",
        "?size=12",
        "?page=99999",
        "?nace=abc",
        "?employer_category=1",
        "?page=²",
        "?page=" + "9" * 5000,
    ]:
        response = page(client, query)
        assert response.status_code == 200, query


@pytest.mark.parametrize("number", ["²", "٣", "1_0", "0", "-1", " 2"])
def test_a_page_number_that_is_not_plain_digits_is_ignored_with_a_notice(client, measures, number):
    response = client.get("/en/measures/", {"page": number})
    assert response.status_code == 200
    assert 'id="invalid-filters"' in response.content.decode()
    assert response.context["page"].number == 1


def test_anonymous_pages_are_cached_per_criteria_and_refreshed_when_a_measure_is_saved(
    client, measures, django_assert_num_queries, django_capture_on_commit_callbacks
):
    page(client, "?age=60")
    with django_assert_num_queries(0):
        again = page(client, "?age=60").content.decode()
    assert "/en/measures/older/" in again
    Measure.objects.filter(code="older").update(name_en="Renamed older workers measure")
    assert "Renamed older workers measure" not in page(client, "?age=60").content.decode()  # still the cached page
    with django_capture_on_commit_callbacks(execute=True):
        services.record_change(measure=Measure.objects.get(code="older"), user=None, origin="admin", summary="x")
    assert "Renamed older workers measure" in page(client, "?age=60").content.decode()


def _csrf_token_in(body: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', body).group(1)


def test_the_cached_page_gives_each_visitor_a_csrf_token_of_their_own_that_works(client, measures):
    """The shared page carries no one's token: a new visitor gets a new CSRF cookie and a token matching it, a
    returning one a token of their own cookie, and the language switcher's form is accepted with it."""
    from django.test import Client

    page(client, "?age=60")
    for visitor in (Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)):
        response = visitor.get("/en/measures/?age=60")
        assert response.context is None  # answered from the cache, no template rendered
        assert "csrftoken" in response.cookies and "sessionid" not in response.cookies
        token = _csrf_token_in(response.content.decode())
        again = _csrf_token_in(visitor.get("/en/measures/?age=60").content.decode())
        assert token != again  # masked afresh for each answer, from the same cookie
        switched = visitor.post(
            "/i18n/setlang/", {"language": "fr", "next": "/fr/measures/", "csrfmiddlewaretoken": again}
        )
        assert switched.status_code == 302 and switched["Location"] == "/fr/measures/"
        forged = Client(enforce_csrf_checks=True)
        forged.get("/en/measures/?age=60")
        assert forged.post("/i18n/setlang/", {"language": "fr", "csrfmiddlewaretoken": token}).status_code == 403


def test_a_new_filter_combination_takes_no_query_once_the_index_is_built(
    client, measures, django_assert_num_queries, django_assert_max_num_queries
):
    """Building the in-process index takes five queries (the versions, the name order per language), whatever the
    number of measures; after that a page of new filters is served without a query."""
    cache.clear()
    with django_assert_max_num_queries(5):
        page(client, "?age=60&region=VLG&technique=contribution_reduction")
    with django_assert_num_queries(0):
        body = page(client, "?age=61&region=VLG&technique=contribution_reduction").content.decode()
    assert "/en/measures/older/" in body
    for index in range(10):
        make_measure(code=f"extra-{index}", version={"age_min": 50})
    cache.clear()
    with django_assert_max_num_queries(5):
        page(client, "?age=60&region=VLG&technique=contribution_reduction")
    with django_assert_num_queries(0):
        body = page(client, "?age=62&region=VLG&technique=contribution_reduction").content.decode()
    assert "/en/measures/extra-9/" in body


def test_export_csv_and_json_of_the_filtered_list(client, measures):
    response = client.get("/en/measures/export.csv?age=60")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["Code"] for row in rows} == {"older", "general"}
    nl = client.get("/nl/measures/export.csv?age=60").content.decode("utf-8")
    assert nl.startswith("\ufeff") and "Code;" in nl.splitlines()[0]
    response = client.get("/en/measures/export.json?age=60")
    data = json.loads(response.content)
    assert data["count"] == 2
    assert {item["code"] for item in data["results"]} == {"older", "general"}
    assert data["criteria"] == {"age": "60"}


def test_the_export_lists_the_page_s_measures_in_the_page_s_order_and_names(client, measures):
    """The page and its export come from one filtering (the in-process index): same rows, same order, same names."""
    from measures import catalogue_index
    from measures.criteria import Criteria

    hits = catalogue_index.search(Criteria(age=60), language="en").hits
    rows = list(csv.DictReader(io.StringIO(client.get("/en/measures/export.csv?age=60").content.decode())))
    assert [(row["Code"], row["Name"]) for row in rows] == [(hit.version.measure.code, hit.name) for hit in hits]


def test_the_detail_page_shows_schedule_conditions_cumulation_sources_and_history(client, measures):
    older = Measure.objects.get(code="older")
    CumulationRuleFactory(measure=older, other_text_en="the LDE trajectory fee")
    services.record_change(measure=older, user=None, origin="loader", summary="Loaded", changed_fields=["*"])
    body = client.get("/en/measures/older/").content.decode()
    assert "aged 55 or more" in body
    assert "€1,000.00" in body  # foundation.formatting.money in English
    assert "quarter 1 to 4" in body
    assert "the LDE trajectory fee" in body
    assert "Example source" in body
    assert "data file" in body  # history: origin of the change


def test_an_unpublished_measure_is_hidden_but_staff_can_preview_it(client, admin_user, measures):
    Measure.objects.filter(code="older").update(is_published=False)
    assert client.get("/en/measures/older/").status_code == 404
    assert client.get("/en/measures/older/?preview=1").status_code == 404
    log_in_with_mfa(client, admin_user)
    response = client.get("/en/measures/older/?preview=1")
    assert response.status_code == 200
    assert "This measure is not published." in response.content.decode()


def test_staff_without_two_factor_authentication_in_the_session_cannot_preview(client, admin_user, measures):
    Measure.objects.filter(code="older").update(is_published=False)
    client.force_login(admin_user)  # a password login only, as before the authenticator code is asked
    assert client.get("/en/measures/older/?preview=1").status_code == 404
    assert client.get("/en/measures/general/?preview=1").status_code == 200  # published pages stay public


def test_a_user_who_is_not_staff_cannot_preview_even_with_two_factor_authentication(client, measures):
    Measure.objects.filter(code="older").update(is_published=False)
    log_in_with_mfa(client, UserFactory())
    assert client.get("/en/measures/older/?preview=1").status_code == 404


def test_the_shipped_catalogue_pages_render_in_every_language(client, shipped):
    with time_machine.travel(datetime.date(2025, 3, 1)):
        for lang in ("nl", "fr", "de", "en"):
            assert page(client, lang=lang).status_code == 200
            for code in ("fed-structural", "fed-first-hires", "vl-support-premium-vop", "dg-aktif", "wal-ape"):
                assert client.get(f"/{lang}/measures/{code}/").status_code == 200
    with time_machine.travel(datetime.date(2026, 12, 6)):
        for lang in ("nl", "fr", "de", "en"):
            for code in ("fed-research-staff-tax", "vl-leerjobs", "bru-fpi", "wal-tremplin-24-months", "dg-bva"):
                detail = client.get(f"/{lang}/measures/{code}/")
                assert detail.status_code == 200
                description = getattr(Measure.objects.get(code=code), f"description_{lang}")
                assert escape(description) in detail.content.decode()
    body = client.get("/en/measures/dg-older-workers/").content.decode()
    assert "Assumptions" in body
    assert "former federal bands" in body


def test_the_repertory_look_up_link_filters_by_employer_category(client, measures):
    Measure.objects.get(code="young").versions.update(employer_categories=["010"])
    assert "/en/measures/young/" in page(client, "?employer_category=010").content.decode()
    assert "/en/measures/young/" not in page(client, "?employer_category=011").content.decode()


def test_a_text_shown_in_a_fallback_language_is_marked_with_its_language(client, measures):
    Measure.objects.filter(code="general").update(name_en="General measure", summary_de="", summary_en="In English")
    body = client.get("/de/measures/general/").content.decode()
    assert '<p class="lead" lang="en">In English</p>' in body
    listing = client.get("/de/measures/").content.decode()
    assert '<p lang="en">In English</p>' in listing


def test_staff_preview_needs_the_permission_to_view_measures(client, measures):
    from django.contrib.auth.models import Permission

    Measure.objects.filter(code="older").update(is_published=False)
    editor = UserFactory(is_staff=True)
    log_in_with_mfa(client, editor)
    assert client.get("/en/measures/older/?preview=1").status_code == 404
    editor.user_permissions.add(Permission.objects.get(codename="view_measure"))
    assert client.get("/en/measures/older/?preview=1").status_code == 200
