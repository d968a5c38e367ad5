"""The anonymous employer-category look-up: category only, precise errors, same answer for unknown and struck-off
numbers, every valid look-up logged through the gate (found or not), rate-limited."""

from datetime import date

import pytest

from authz import activities
from authz.chain import pseudonymise
from authz.models import Disclosure
from repertory.models import Employer
from tests.repertory.factories import EmployerFactory

pytestmark = pytest.mark.django_db
URL = "/en/employer-category/"


@pytest.fixture
def alfa(reference_tables):
    return EmployerFactory(
        registration_number="123456749",
        enterprise_number="0812345603",
        name_nl="Alfa Bouw Geheim",
        office_street="Geheimstraat",
        category_codes=["010"],
    )


def _lookups():
    return Disclosure.objects.filter(activity__code=activities.EMPLOYER_CATEGORY_LOOKUP)


@pytest.mark.parametrize("number", ["0812.345.603", "BE 0812345603", "123456749", "1234567-49"])
def test_shows_the_category_and_nothing_else(client, alfa, number):
    response = client.get(URL, {"number": number})
    html = response.content.decode()
    assert response.status_code == 200
    assert "010" in html and "General category with a contribution" in html
    for secret in ("Alfa Bouw Geheim", "Geheimstraat", "62010", "0812.345.603" if "." not in number else "Wetstraat"):
        assert secret not in html
    row = _lookups().get()
    assert (row.outcome, row.personal, row.channel) == ("granted", False, "web")
    assert response["Cache-Control"].startswith("max-age=0")


def test_links_to_the_measures_filtered_by_category_when_the_catalogue_exists(client, alfa):
    from django.urls import NoReverseMatch, reverse

    html = client.get(URL, {"number": "123456749"}).content.decode()
    try:
        measures = reverse("measures:list")
    except NoReverseMatch:
        assert "employer_category=" not in html
    else:
        assert f'href="{measures}?employer_category=010"' in html


def test_one_log_row_per_employer_shown(client, reference_tables):
    EmployerFactory(repertory="RSZ", registration_number="123456749", enterprise_number="0834567808")
    EmployerFactory(
        repertory="RSZPPO", registration_number="12345672", enterprise_number="0834567808", category_codes=["751"]
    )
    html = client.get(URL, {"number": "0834567808"}).content.decode()
    assert "751" in html
    assert _lookups().count() == 2


def test_unknown_and_struck_off_numbers_get_the_same_answer(client, reference_tables):
    EmployerFactory(registration_number="123456749", deletion_date=date(2020, 1, 1), category_codes=["010"])
    struck_off = client.get(URL, {"number": "123456749"}).content.decode()
    unknown = client.get(URL, {"number": "134567808"}).content.decode()
    assert "No active employer" in struck_off

    def main(html):
        return html[html.index("<main") : html.index("</main>")].replace("123456749", "N").replace("134567808", "N")

    assert main(struck_off) == main(unknown)
    # Both look-ups are logged alike: one row each, the number as subject, not personal data.
    rows = list(_lookups().order_by("position"))
    assert [(row.outcome, row.personal, row.channel) for row in rows] == [("granted", False, "web")] * 2
    assert [row.subject_pseudonym for row in rows] == [
        pseudonymise("employer", "RSZ:123456749"),
        pseudonymise("employer", "RSZ:134567808"),
    ]


def test_unknown_enterprise_number_is_logged_with_the_number_as_subject(client, reference_tables):
    html = client.get(URL, {"number": "BE 0403.019.261"}).content.decode()
    assert "No active employer" in html
    row = _lookups().get()
    assert (row.subject_pseudonym, row.personal) == (pseudonymise("employer", "KBO:0403019261"), False)


def test_struck_off_natural_person_is_not_read_for_the_log(client, reference_tables):
    EmployerFactory(registration_number="134567808", natural_person=True, legal_form="", deletion_date=date(2020, 1, 1))
    client.get(URL, {"number": "134567808"})
    assert _lookups().get().personal is False


def test_short_number_valid_in_both_repertories_is_logged_for_each(client, reference_tables):
    from foundation.identifiers import is_valid_registration_number

    def valid_in(number, repertory):
        return is_valid_registration_number(number, repertory=repertory)

    number = next(str(n) for n in range(100_000, 1_000_000) if valid_in(str(n), "RSZ") and valid_in(str(n), "RSZPPO"))
    client.get(URL, {"number": number})
    assert sorted(_lookups().values_list("subject_pseudonym", flat=True)) == sorted(
        [pseudonymise("employer", f"RSZ:{number}"), pseudonymise("employer", f"RSZPPO:{number}")]
    )


@pytest.mark.parametrize("number", ["0812345604", "123456748", "12", "12a", "2297964444"])
def test_a_number_that_fails_its_rules_is_not_logged(client, reference_tables, number):
    response = client.get(URL, {"number": number})
    assert 'aria-invalid="true"' in response.content.decode()
    assert not _lookups().exists()


def test_unlabelled_category_shows_its_code_and_says_that_its_label_is_missing(client, reference_tables):
    from repertory.models import EmployerCategory

    EmployerCategory.objects.create(code="999")
    EmployerFactory(registration_number="123456749", category_codes=["999"])
    english = client.get(URL, {"number": "123456749"}).content.decode()
    assert '<strong class="category-code">999</strong>' in english
    assert "(label not in the portal's table)" in english


def test_label_in_another_language_is_marked_with_its_language(client, reference_tables):
    EmployerFactory(registration_number="123456749", category_codes=["013", "010"])
    html = client.get(URL, {"number": "123456749"}).content.decode()
    assert '<span class="category-label" lang="fr">Employeurs relevant' in html  # annex 27 wording, French only
    assert '<span class="category-label">General category with a contribution' in html


@pytest.mark.parametrize(
    ("lang", "number", "message"),
    [
        ("en", "0812345604", "The check digits (the last two digits) of this enterprise number are wrong."),
        ("nl", "0812345604", "De controlecijfers (de laatste twee cijfers) van dit ondernemingsnummer kloppen niet."),
        ("fr", "12", "Trop peu de chiffres"),
        ("de", "12a", "Eine Nummer darf nur"),
        ("en", "2297964444", "establishment unit number"),
        ("en", "123456748", "no valid RSZ or RSZPPO registration number"),
    ],
)
def test_errors_say_precisely_what_is_wrong_in_the_users_language(client, reference_tables, lang, number, message):
    response = client.get(f"/{lang}/employer-category/", {"number": number})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'aria-invalid="true"' in html


def test_empty_form_does_not_count_or_log(client, reference_tables):
    response = client.get(URL)
    assert response.status_code == 200
    assert "errorlist" not in response.content.decode()


def test_rate_limit_answers_429(client, alfa, settings):
    settings.EMPLOYER_LOOKUP_RATE_LIMITS = "3/m,5/d"
    statuses = [client.get(URL, {"number": "123456749"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(URL, {"number": "123456749"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many requests" in response.content.decode()
    assert _lookups().count() == 3
    # Another client is not held back.
    assert client.get(URL, {"number": "123456749"}, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_constant_number_of_queries(client, reference_tables, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    EmployerFactory(registration_number="123456749", enterprise_number="0812345603", category_codes=["010"])
    client.get(URL, {"number": "123456749"})  # warm the register cache, if any
    with CaptureQueriesContext(connection) as one:
        client.get(URL, {"number": "123456749"})
    assert len(one.captured_queries) <= 12
    for n in range(3):
        EmployerFactory(enterprise_number="0834567808", category_codes=["010", "011"])
        assert Employer.objects.filter(enterprise_number="0834567808").count() == n + 1
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(URL, {"number": "0834567808"})
