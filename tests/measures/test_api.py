"""The public API: the same filters as query parameters, 400 with field errors on bad values, in the schema."""

import pytest
import yaml

from measures import services
from measures.models import Measure
from tests.measures.factories import make_measure

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


def test_list_filters_with_query_parameters(client, measures):
    response = client.get("/api/v1/measures/", {"age": 60, "region": "VLG"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert {item["code"] for item in data["results"]} == {"older", "general"}


def test_a_measure_carries_names_validity_eligibility_rules_and_sources(client, measures):
    item = client.get("/api/v1/measures/older/", {"lang": "fr"}).json()
    assert item["names"]["nl"].startswith("Maatregel")
    assert item["name"] == item["names"]["fr"]
    assert item["level"] == "flemish"
    assert item["region"] == "VLG"
    assert item["region_basis"] == "operating_seat"
    assert item["validity"] == {"from": "2020-01-01", "until": None}
    assert item["eligibility"]["age_min"] == 55
    assert item["eligibility"]["conditions"][1].startswith("âgé")
    assert item["rule_versions"][0]["benefits"][0]["steps"] == [[1000, 4]]
    assert item["rule_versions"][0]["typical_amount"] == "4000.00"
    assert item["sources"] == [{"key": "src", "url": "https://example.org/source", "title": "Example source"}]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"age": "abc"}, "age"),
        ({"level": "imperial"}, "level"),
        ({"region": "NL"}, "region"),
        ({"fraction": "1.5"}, "fraction"),
        ({"on": "2025-02-30"}, "on"),
        ({"employer_category": "12"}, "employer_category"),
        ({"nace": "x"}, "nace"),
        ({"qualification": "phd"}, "qualification"),
        ({"jobseeker_months": "-1"}, "jobseeker_months"),
        ({"lang": "es"}, "lang"),
        ({"page": "zero"}, "page"),
        ({"page": "²"}, "page"),  # isdigit() says yes, int() says no
        ({"page": "٣"}, "page"),  # int() reads Arabic-Indic digits
        ({"page": "1_0"}, "page"),
        ({"page": "9" * 5000}, "page"),  # int() refuses more than 4300 digits
        ({"page": "0"}, "page"),
        ({"page": "99"}, "page"),  # past the last page
    ],
)
def test_bad_values_give_400_with_field_errors(client, measures, query, field):
    response = client.get("/api/v1/measures/", {**query, "lang": query.get("lang", "en")})
    assert response.status_code == 400
    assert field in response.json()


def test_a_page_past_the_last_one_says_so(client, measures):
    response = client.get("/api/v1/measures/", {"page": "2", "lang": "en"})
    assert response.status_code == 400
    assert response.json() == {"page": ["There is no page 2 of these results."]}


def test_errors_are_in_the_requested_language(client, measures):
    response = client.get("/api/v1/measures/", {"age": "abc", "lang": "fr"})
    assert response.json()["age"] == ["Saisissez un nombre entier."]


def test_an_unknown_or_unpublished_measure_is_404(client, measures):
    Measure.objects.filter(code="older").update(is_published=False)
    assert client.get("/api/v1/measures/older/").status_code == 404
    assert client.get("/api/v1/measures/nothing-here/").status_code == 404


def test_list_takes_a_constant_number_of_queries(client, measures, django_assert_max_num_queries):
    """The filtering comes from the in-process index (built once per catalogue generation); only the page's rules
    are read from the database, in a constant number of queries."""
    client.get("/api/v1/measures/")
    with django_assert_max_num_queries(5) as context:
        client.get("/api/v1/measures/")
    baseline = len(context.captured_queries)
    for index in range(6):
        make_measure(code=f"more-{index}")
    services.invalidate_catalogue_cache()  # as every staff change does
    client.get("/api/v1/measures/")
    with django_assert_max_num_queries(baseline):
        assert client.get("/api/v1/measures/").json()["count"] == 9


def test_the_endpoints_and_their_filters_are_in_the_openapi_schema(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    listing = schema["paths"]["/api/v1/measures/"]["get"]
    names = {parameter["name"] for parameter in listing["parameters"]}
    assert {"level", "region", "technique", "employer_category", "nace", "age", "jobseeker_months"} <= names
    assert {"qualification", "disability", "fraction", "on", "q", "lang"} <= names
    assert "/api/v1/measures/{code}/" in schema["paths"]
    assert "Measure" in schema["components"]["schemas"]


@pytest.mark.parametrize("lang", ["fr", "de", "en"])
def test_labels_are_the_pages_words_in_the_chosen_language_and_codes_stay_codes(client, measures, lang):
    from django.utils import translation

    from measures import constants

    item = client.get("/api/v1/measures/older/", {"lang": lang}).json()
    measure = Measure.objects.get(code="older")
    with translation.override(lang):
        expected = {
            "level": str(measure.get_level_display()),
            "technique": str(measure.get_technique_display()),
            "region": str(measure.get_region_display()),
            "audiences": [str(constants.Audience(code).label) for code in measure.audiences or []],
        }
        status = str(measure.versions.get().get_status_display())
    with translation.override("en"):
        english = str(measure.get_level_display())
    assert item["level"] == "flemish" and item["technique"] == measure.technique  # the codes, for machines
    assert {key: item["labels"][key] for key in expected} == expected
    assert item["rule_versions"][0]["labels"]["status"] == status
    assert item["labels"]["level"] != "flemish"
    assert (item["labels"]["level"] == english) is (lang == "en")  # not the English source text on a fr/de answer
