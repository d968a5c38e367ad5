"""The employer record page and API: shown to owners, appointees and mandataries with a valid access in scope; every
other role gets the same 404 as for an unknown number, a refusal row in the log, and none of the data."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import date_format

import pytest

from authz import activities
from authz.models import Disclosure
from repertory.constants import Region
from repertory.models import EmployerActivity
from tests.authz.factories import EmployerAccessFactory
from tests.authz.helpers import log_in_with_mfa
from tests.portal.factories import UserFactory
from tests.repertory.factories import EmployerFactory, OperatingSeatFactory

pytestmark = pytest.mark.django_db
PAGE = "/en/employers/123456749/"
API = "/api/v1/employers/123456749/"
SECRET = "Alfa Bouw Geheim"


@pytest.fixture
def alfa(reference_tables):
    employer = EmployerFactory(
        registration_number="123456749",
        enterprise_number="0812345603",
        name_nl=SECRET,
        legal_form="610",
        importance_code=5,
        category_codes=["010", "011"],
    )
    EmployerActivity.objects.create(
        employer=employer, category_id="010", nace_version="2008", nace_code="62010", source="repertory"
    )
    OperatingSeatFactory(employer=employer, establishment_number="2297964444", postcode="1000", region=Region.BRUSSELS)
    return employer


def _records():
    return Disclosure.objects.filter(activity__code=activities.REPERTORY_FOR_CALCULATOR)


def _client_for(client, role, **access):
    user = UserFactory()
    EmployerAccessFactory(user=user, role=role, **access)
    if role == "mandatary":
        log_in_with_mfa(client, user)
    else:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["owner", "appointee", "mandatary"])
@pytest.mark.parametrize("url", [PAGE, API])
def test_valid_access_in_scope_sees_the_record(client, alfa, role, url):
    response = _client_for(client, role).get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert SECRET in body and "62010" in body.replace(".", "")
    row = _records().get()
    assert (row.outcome, row.actor_role, row.personal) == ("granted", role, False)
    assert row.channel == ("api" if url == API else "web")


def test_record_page_shows_every_field(client, alfa):
    html = _client_for(client, "owner").get(PAGE).content.decode()
    for expected in (
        "1234567-49",
        "0812.345.603",
        "610 Société à responsabilité limitée",
        "50 to 499 workers",
        "62.010",
        "2.297.964.444",
        "Brussels-Capital Region",
        "General category with a contribution",
    ):
        assert expected in html


def test_api_answers_the_record(client, alfa):
    data = _client_for(client, "owner").get(API, HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["registration_number"] == "123456749" and data["repertory"] == "RSZ"
    assert data["legal_form"] == {"code": "610", "label": "Société à responsabilité limitée"}  # English: from French
    assert data["categories"] == [
        {"code": "010", "label": "General category with a contribution to the social fund of joint committee 200"},
        {"code": "011", "label": "Non-profit employers"},
    ]
    assert data["nace_codes"] == [
        {
            "category": "010",
            "version": "2008",
            "code": "62010",
            "label": "Programmation informatique",
            "source": "repertory",
        }
    ]
    assert data["size_band"] == "50-499"
    assert data["operating_seats"][0]["region"] == "BRU"


@pytest.mark.parametrize(
    ("language", "legal_form", "category"),
    [
        ("nl", "Besloten Vennootschap", "Werkgevers zonder winstoogmerk"),
        ("en", "Société à responsabilité limitée", "Non-profit employers"),
        ("fr", "Société à responsabilité limitée", "Employeurs sans but lucratif"),
        ("de", "Société à responsabilité limitée", "Arbeitgeber ohne Gewinnerzielungsabsicht"),
    ],
)
def test_api_labels_are_in_the_language_of_the_request(client, alfa, language, legal_form, category):
    data = _client_for(client, "owner").get(API, HTTP_ACCEPT_LANGUAGE=language).json()
    assert data["legal_form"]["label"] == legal_form
    assert data["categories"][1] == {"code": "011", "label": category}


def test_api_gives_null_labels_for_codes_the_tables_do_not_know(client, alfa):
    from repertory.models import EmployerCategory

    EmployerCategory.objects.create(code="999")
    alfa.categories.add("999")
    alfa.legal_form = "123"
    alfa.save()
    EmployerActivity.objects.create(employer=alfa, nace_version="2025", nace_code="99999", source="kbo")
    data = _client_for(client, "owner").get(API).json()
    assert data["legal_form"] == {"code": "123", "label": None}
    assert data["categories"][-1] == {"code": "999", "label": None}
    assert next(nace for nace in data["nace_codes"] if nace["code"] == "99999")["label"] is None


def test_natural_person_without_legal_form_has_null_legal_form_in_the_api(client, reference_tables):
    EmployerFactory(registration_number="134567808", natural_person=True, legal_form="")
    data = _client_for(client, "owner", registration_number="134567808").get("/api/v1/employers/134567808/").json()
    assert data["legal_form"] is None


def test_api_query_count_does_not_grow_with_categories_and_codes(client, alfa, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    owner = _client_for(client, "owner")
    owner.get(API)  # warm what is cached per process
    with CaptureQueriesContext(connection) as first:
        assert owner.get(API).status_code == 200
    alfa.categories.add("000", "024", "037")
    for code in ("000", "024"):
        EmployerActivity.objects.create(
            employer=alfa, category_id=code, nace_version="2008", nace_code="56101", source="repertory"
        )
    EmployerActivity.objects.create(employer=alfa, nace_version="2025", nace_code="62100", source="kbo")
    OperatingSeatFactory(employer=alfa, postcode="9000", region=Region.FLANDERS)
    with django_assert_num_queries(len(first.captured_queries)):
        data = owner.get(API).json()
    assert len(data["categories"]) == 5 and len(data["nace_codes"]) == 4


def test_openapi_schema_describes_codes_with_labels(client):
    import yaml

    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    assert "/api/v1/employers/{number}/" in schema["paths"]
    components = schema["components"]["schemas"]
    record = components["EmployerRecord"]["properties"]
    assert record["categories"]["items"]["$ref"].endswith("/CodeLabel")
    assert set(components["CodeLabel"]["properties"]) == {"code", "label"}
    assert components["CodeLabel"]["properties"]["label"]["nullable"] is True
    assert "label" in components["Nace"]["properties"]
    assert "legal_form" in record


def test_record_page_shows_a_category_without_label(client, alfa):
    from repertory.models import EmployerCategory

    EmployerCategory.objects.create(code="999")
    alfa.categories.add("999")
    html = _client_for(client, "owner").get(PAGE).content.decode()
    assert '999 <span class="category-label unlabelled">(label not in the portal\'s table)</span>' in html


def _expired():
    return {"valid_from": date(2020, 1, 1), "valid_until": timezone.localdate() - timedelta(days=1)}


def _future():
    return {"valid_from": timezone.localdate() + timedelta(days=30)}


REFUSALS = [
    ("anonymous", None, {}, "anonymous"),
    ("other owner", "owner", {"registration_number": "134567808"}, "no-access"),
    ("expired mandate", "mandatary", _expired(), "access-expired"),
    ("future mandate", "mandatary", _future(), "access-not-yet-valid"),
    ("out of scope", "mandatary", {"scopes": []}, "out-of-scope"),
]


@pytest.mark.parametrize(("label", "role", "access", "reason"), REFUSALS, ids=[r[0] for r in REFUSALS])
@pytest.mark.parametrize("url", [PAGE, API])
def test_refused_roles_get_404_a_refusal_row_and_no_data(client, alfa, label, role, access, reason, url):
    if role:
        _client_for(client, role, **access)
    response = client.get(url)
    # On the page, a mandate that ended or has not started is explained (with its dates), not hidden behind a 404.
    own_mandate = url == PAGE and reason in {"access-expired", "access-not-yet-valid"}
    assert response.status_code == (403 if own_mandate else 404)
    body = response.content.decode()
    assert SECRET not in body and "62010" not in body and "0812" not in body
    row = _records().get()
    assert (row.outcome, row.reason) == ("refused", reason)


def test_an_expired_mandatary_is_told_when_the_mandate_ended_and_nothing_of_the_record(client, alfa):
    _client_for(client, "mandatary", **_expired())
    response = client.get(PAGE)
    assert response.status_code == 403
    body = response.content.decode()
    ended = date_format(timezone.localdate() - timedelta(days=1), "DATE_FORMAT")
    assert f"ended on {ended}" in body
    assert 'href="/en/acting-for/"' in body and "See your mandates and their dates" in body
    assert SECRET not in body and "62010" not in body and "0812" not in body
    assert [(row.outcome, row.reason) for row in _records()] == [("refused", "access-expired")]


@pytest.mark.parametrize("url", [PAGE, API])
def test_unknown_number_looks_like_not_yours(client, alfa, url):
    other_owner = _client_for(client, "owner", registration_number="134567808")
    not_yours = other_owner.get(url)
    unknown = other_owner.get(url.replace("123456749", "100006"))
    assert not_yours.status_code == unknown.status_code == 404
    assert _records().filter(outcome="refused").count() == 2


def test_natural_person_employer_is_logged_as_personal(client, reference_tables):
    EmployerFactory(registration_number="134567808", natural_person=True, legal_form="")
    response = _client_for(client, "owner", registration_number="134567808").get("/en/employers/134567808/")
    assert response.status_code == 200
    assert _records().get().personal is True


def test_record_page_query_count_does_not_grow_with_rows(client, alfa, django_assert_max_num_queries):
    owner = _client_for(client, "owner")
    for n in range(5):
        OperatingSeatFactory(employer=alfa, postcode=f"{9000 + n}", region=Region.FLANDERS)
    with django_assert_max_num_queries(25):
        assert owner.get(PAGE).status_code == 200
