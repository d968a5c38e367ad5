"""POST /api/v1/calculations/: the calculator through the API, the same gate (07/039) and log as the page, field errors
keyed by the hire's index, and never a 500."""

from __future__ import annotations

import copy
import datetime
import json
from datetime import date, timedelta
from decimal import Decimal

from django.middleware.csrf import _get_new_csrf_string
from django.utils import timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from knox.models import AuthToken
from rest_framework.test import APIClient

from authz import activities
from authz.models import Disclosure
from measures.calculator import engine
from measures.calculator.values import MAX_HIRES
from repertory.constants import Region
from repertory.importers.codes import load_employer_categories
from repertory.models import EmployerActivity
from tests.authz.factories import EmployerAccessFactory
from tests.authz.helpers import log_in_with_mfa
from tests.portal.factories import UserFactory
from tests.repertory.factories import EmployerFactory, OperatingSeatFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/calculations/"
A, B, SEAT_A = "123456749", "134567808", "2297964444"

HIRE = {
    "start_date": "2025-01-01",
    "birth_date": "1995-03-14",
    "work_fraction": "1",
    "gross_monthly_wage": "2800.00",
    "domicile_region": "BRU",
    "jobseeker_since": None,
    "qualification": "higher",
    "reduced_work_capacity": False,
    "hire_rank": None,
    "contract": "open_ended",
}


def payload(*hires, **fields) -> dict:
    return {"employer": f"RSZ:{A}", "on": "2025-01-01", "hires": list(hires) or [dict(HIRE)], **fields}


def hire(**fields) -> dict:
    return {**HIRE, **fields}


@pytest.fixture
def employers(db):
    """Employers A (legal person, one seat in Brussels) and B (natural person), as in the demo."""
    load_employer_categories()
    alfa = EmployerFactory(
        registration_number=A,
        enterprise_number="0812345603",
        name_nl="Alfa Software",
        legal_form="610",
        importance_code=4,
        category_codes=["010"],
    )
    EmployerActivity.objects.create(
        employer=alfa, category_id="010", nace_version="2008", nace_code="62010", source="repertory"
    )
    OperatingSeatFactory(employer=alfa, establishment_number=SEAT_A, postcode="1000", region=Region.BRUSSELS)
    bogaert = EmployerFactory(
        registration_number=B, enterprise_number="0823456754", natural_person=True, legal_form="", importance_code=1
    )
    OperatingSeatFactory(employer=bogaert, establishment_number="", postcode="9000", region=Region.FLANDERS)
    return alfa


@pytest.fixture
def catalogue(catalogue_world, db):
    """The shipped catalogue, built once per module (tests/measures/conftest.py)."""


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def acting(api, role="owner", **access):
    user = UserFactory()
    EmployerAccessFactory(user=user, role=role, **access)
    if role == "mandatary":
        log_in_with_mfa(api, user)
    else:
        api.force_login(user)
    return user


def post(api, body):
    return api.post(URL, body, format="json")


def rows():
    return Disclosure.objects.filter(activity__code=activities.BENEFIT_CALCULATOR)


@pytest.fixture
def engine_not_called(monkeypatch):
    def refuse(**kwargs):
        raise AssertionError("the engine must not run on refused input")

    monkeypatch.setattr(engine, "calculate", refuse)


# -- granted -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "appointee", "mandatary"])
def test_a_valid_access_gets_the_result_and_one_granted_row(api, employers, role):
    acting(api, role)
    response = post(api, payload())
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["currency"], body["rules_as_of"], body["horizon_quarters"]) == ("EUR", "2025-01-01", 8)
    assert len(body["hires"]) == 1 and set(body["hires"][0]) >= {"total", "measures", "not_applicable", "decisions"}
    row = rows().get()
    assert (row.channel, row.outcome, row.actor_role, row.personal) == ("api", "granted", role, False)
    assert Disclosure.objects.count() == 1


def test_a_full_time_hire_gets_the_structural_reduction_over_eight_quarters(api, employers, catalogue):
    acting(api)
    body = post(api, payload(hire(label="Developer", operating_seat=SEAT_A))).json()
    result = body["hires"][0]
    assert result["label"] == "Developer"
    measures = {measure["code"]: measure for measure in result["measures"]}
    structural = measures["fed-structural"]
    assert [item["period"] for item in structural["periods"]] == [
        "2025Q1",
        "2025Q2",
        "2025Q3",
        "2025Q4",
        "2026Q1",
        "2026Q2",
        "2026Q3",
        "2026Q4",
    ]
    amounts = [Decimal(item["amount"]) for item in structural["periods"]]
    assert Decimal(structural["total"]) == sum(amounts)
    assert structural["technique"] == "contribution_reduction" and structural["unlimited"] is True
    # The formula of the trace, by hand: S = 2,800 x 3 / 1 = 8,400 EUR a quarter, below the low-wage ceiling only
    # (0.14 x (10,797.67 - 8,400) = 335.67 with the 2024-04 parameters), the same every quarter.
    values = structural["trace"][0]["values"]
    assert values["S"] == "8400.00" and values["β"] == "1.0000"
    low = Decimal(values["low_rate"]) * max(Decimal(0), Decimal(values["low_ceiling"]) - Decimal("8400"))
    very_low = Decimal(values["very_low_rate"]) * max(Decimal(0), Decimal(values["very_low_ceiling"]) - Decimal("8400"))
    assert amounts == [(low + very_low).quantize(Decimal("0.01"))] * 8
    assert structural["trace"][0]["source"]["url"].startswith("https://")
    assert Decimal(result["total"]) == sum(Decimal(measure["total"]) for measure in result["measures"])
    assert Decimal(body["total"]) == Decimal(result["total"])
    assert result["not_applicable"] and all(item["reasons"] for item in result["not_applicable"])
    # Measures sorted by amount, highest first.
    totals = [Decimal(measure["total"]) for measure in result["measures"]]
    assert totals == sorted(totals, reverse=True)


def test_a_first_hire_gets_the_first_hire_reduction_within_the_contributions_due(api, employers, catalogue):
    acting(api)
    body = post(api, payload(hire(hire_rank=1))).json()
    result = body["hires"][0]
    codes = [measure["code"] for measure in result["measures"]]
    assert {"fed-first-hires", "fed-structural"} <= set(codes)
    # Both reductions together never exceed the employer contributions due: 25 % of 3 x 2,800 = 2,100 EUR a quarter.
    for quarter in ("2025Q1", "2026Q4"):
        taken = sum(
            Decimal(item["amount"])
            for measure in result["measures"]
            if measure["technique"] == "contribution_reduction"
            for item in measure["periods"]
            if item["period"] == quarter
        )
        assert Decimal(0) < taken <= Decimal("2100.00")
    assert any("contributions due" in decision["text"] for decision in result["decisions"])
    assert "fed-first-hires" not in {item["code"] for item in result["not_applicable"]}


def test_without_a_rank_the_first_hire_reduction_says_why_not(api, employers, catalogue):
    acting(api)
    result = post(api, payload()).json()["hires"][0]
    reasons = {item["code"]: item["reasons"] for item in result["not_applicable"]}
    assert reasons["fed-first-hires"] == ["the hire's rank (first, second, third worker...) was not given"]


def test_the_answer_speaks_the_accept_language(api, employers, catalogue):
    from measures.models import Measure

    acting(api)
    body = api.post(URL, payload(), format="json", HTTP_ACCEPT_LANGUAGE="fr").json()
    structural = next(m for m in body["hires"][0]["measures"] if m["code"] == "fed-structural")
    assert structural["name"] == Measure.objects.get(code="fed-structural").name_fr
    assert structural["technique"] == "contribution_reduction"  # the code, for machines
    assert structural["technique_label"] == "Réduction de cotisations de sécurité sociale"  # the page's words


def test_the_horizon_sets_the_quarters_of_an_unlimited_measure(api, employers, catalogue):
    acting(api)
    body = post(api, payload(horizon_quarters=3)).json()
    structural = next(m for m in body["hires"][0]["measures"] if m["code"] == "fed-structural")
    assert [item["period"] for item in structural["periods"]] == ["2025Q1", "2025Q2", "2025Q3"]
    assert structural["unlimited"] is True and body["horizon_quarters"] == 3


@pytest.mark.parametrize("number", [A, f"RSZ:{A}", "1234567-49", "0812345603", "0812.345.603", "BE 0812.345.603"])
def test_the_employer_may_be_named_in_any_notation(api, employers, number):
    acting(api)
    response = post(api, payload(employer=number))
    assert response.status_code == 200, response.content
    assert rows().get().outcome == "granted"


def test_on_defaults_to_today(api, employers):
    acting(api)
    body = post(api, {"employer": A, "hires": [HIRE]}).json()
    assert body["rules_as_of"] == timezone.localdate().isoformat()


def test_hours_q_and_s_stand_for_the_fraction(api, employers):
    acting(api)
    part_time = {key: value for key, value in HIRE.items() if key != "work_fraction"}
    response = post(api, payload({**part_time, "weekly_hours": "19", "reference_weekly_hours": "38"}))
    assert response.status_code == 200, response.content


def test_several_hires_come_back_in_order_with_their_labels(api, employers):
    acting(api)
    body = post(api, payload(hire(label="first"), hire(label="second", work_fraction="0.5"))).json()
    assert [item["label"] for item in body["hires"]] == ["first", "second"]
    assert rows().count() == 1


def test_the_number_of_queries_does_not_grow_with_the_hires(api, employers, catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    acting(api)
    post(api, payload())  # warm up (sessions, content types)
    counts = []
    for count in (1, 10, MAX_HIRES):
        with CaptureQueriesContext(connection) as queries:
            assert post(api, payload(*[hire(label=str(n)) for n in range(count)])).status_code == 200
        counts.append(len(queries.captured_queries))
    assert len(set(counts)) == 1, counts


# -- refused -----------------------------------------------------------------------------------------------------------


def _expired():
    return {"valid_from": date(2020, 1, 1), "valid_until": timezone.localdate() - timedelta(days=1)}


REFUSALS = [
    ("other owner", "owner", {"registration_number": B}, "no-access"),
    ("expired mandate", "mandatary", _expired(), "access-expired"),
    ("future mandate", "mandatary", {"valid_from": timezone.localdate() + timedelta(days=30)}, "access-not-yet-valid"),
    ("no scope", "mandatary", {"scopes": []}, "out-of-scope"),
]


@pytest.mark.parametrize(("label", "role", "access", "reason"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_user_who_may_not_act_for_the_employer_gets_403_and_one_refused_row(
    api, employers, label, role, access, reason
):
    acting(api, role, **access)
    response = post(api, payload())
    assert response.status_code == 403
    assert "Alfa" not in response.content.decode() and "measures" not in response.json()
    row = rows().get()
    assert (row.channel, row.outcome, row.reason) == ("api", "refused", reason)


def test_a_mandate_for_the_repertory_only_does_not_cover_the_calculator(api, employers):
    acting(api, "mandatary", scopes=["repertory"])
    assert post(api, payload()).status_code == 403
    assert rows().get().reason == "out-of-scope"


def test_anonymous_callers_are_refused_and_logged(api, employers):
    response = post(api, payload())
    assert response.status_code in (401, 403)
    row = rows().get()
    assert (row.outcome, row.reason, row.channel) == ("refused", "anonymous", "api")


def test_a_mandatary_without_two_factor_authentication_in_the_session_is_refused(api, employers):
    user = UserFactory()
    EmployerAccessFactory(user=user, role="mandatary")
    api.force_login(user)
    assert post(api, payload()).status_code == 403
    assert rows().get().reason == "mfa-required"


def test_the_demo_secretariat_mandate_for_b_has_ended(api, employers):
    user = UserFactory()
    EmployerAccessFactory(user=user, role="mandatary", registration_number=A, valid_from=date(2025, 1, 1))
    EmployerAccessFactory(
        user=user, role="mandatary", registration_number=B, valid_from=date(2023, 1, 1), valid_until=date(2024, 12, 31)
    )
    log_in_with_mfa(api, user)
    assert post(api, payload()).status_code == 200
    assert post(api, payload(employer=f"RSZ:{B}")).status_code == 403
    assert list(rows().order_by("position").values_list("outcome", "reason")) == [
        ("granted", "employer-access"),
        ("refused", "access-expired"),
    ]


def test_unknown_and_malformed_numbers_look_like_an_employer_you_may_not_act_for(api, employers):
    acting(api, "owner", registration_number=B)
    not_yours = post(api, payload())
    unknown = post(api, payload(employer="100006"))  # well formed, no such employer
    malformed = post(api, payload(employer="12345"))  # wrong check digits
    letters = post(api, payload(employer="not a number"))
    assert not_yours.status_code == unknown.status_code == malformed.status_code == letters.status_code == 403
    assert not_yours.json() == unknown.json() == malformed.json() == letters.json()
    # Every attempt, well formed or not, is refused by the gate and logged.
    assert list(rows().values_list("outcome", flat=True)) == ["refused"] * 4


# -- bad input: 400 with field errors, nothing logged, the engine never called -----------------------------------------

BAD_HIRES = [
    ("birth after start", {"birth_date": "2025-06-01"}, "birth_date"),
    ("birth in the future", {"birth_date": (date.today() + timedelta(days=400)).isoformat()}, "birth_date"),
    ("younger than 15", {"birth_date": "2015-01-01"}, "birth_date"),
    ("negative wage", {"gross_monthly_wage": "-100"}, "gross_monthly_wage"),
    ("zero wage", {"gross_monthly_wage": "0"}, "gross_monthly_wage"),
    ("wage not a number", {"gross_monthly_wage": "a lot"}, "gross_monthly_wage"),
    ("fraction above 1", {"work_fraction": "1.5"}, "work_fraction"),
    ("fraction zero", {"work_fraction": "0"}, "work_fraction"),
    ("no fraction nor hours", {"work_fraction": None}, "work_fraction"),
    ("unknown region", {"domicile_region": "XX"}, "domicile_region"),
    ("federal is no domicile", {"domicile_region": "BE"}, "domicile_region"),
    ("unknown qualification", {"qualification": "phd"}, "qualification"),
    ("job seeker after start", {"jobseeker_since": "2025-02-01"}, "jobseeker_since"),
    ("job seeker before birth", {"jobseeker_since": "1990-01-01"}, "jobseeker_since"),
    ("start not a date", {"start_date": "yesterday"}, "start_date"),
    ("start far away", {"start_date": "1990-01-01", "birth_date": "1960-01-01"}, "start_date"),
    ("rank zero", {"hire_rank": 0}, "hire_rank"),
    ("rank not a number", {"hire_rank": "first"}, "hire_rank"),
    ("unknown contract", {"contract": "interim"}, "contract"),
    ("fixed term without length", {"contract": "fixed_term"}, "contract_months"),
    ("unknown office", {"jobseeker_office": "UWV"}, "jobseeker_office"),
    ("malformed seat", {"operating_seat": "1234"}, "operating_seat"),
    ("Q above S", {"work_fraction": None, "weekly_hours": "40", "reference_weekly_hours": "38"}, "weekly_hours"),
    ("reduced capacity not a boolean", {"reduced_work_capacity": "sometimes"}, "reduced_work_capacity"),
]


@pytest.mark.parametrize(("label", "fields", "field"), BAD_HIRES, ids=[case[0] for case in BAD_HIRES])
def test_a_bad_hire_gets_400_with_the_error_under_its_index_and_field(
    api, employers, engine_not_called, label, fields, field
):
    acting(api)
    response = post(api, payload(hire(), hire(**fields)))
    assert response.status_code == 400, response.content
    errors = response.json()
    assert list(errors) == ["hires"] and list(errors["hires"]) == ["1"]
    assert list(errors["hires"]["1"]) == [field]
    assert all(isinstance(message, str) and message for message in errors["hires"]["1"][field])
    assert Disclosure.objects.count() == 0


def test_the_domain_messages_are_those_of_the_shared_validation(api, employers, engine_not_called):
    acting(api)
    errors = post(
        api,
        payload(
            hire(birth_date="2025-06-01"),
            hire(),
            hire(gross_monthly_wage="-1", work_fraction="2"),
            hire(domicile_region="XX", qualification="phd"),
        ),
    ).json()["hires"]
    assert set(errors) == {"0", "2", "3"}
    assert errors["0"] == {"birth_date": ["The birth date must come before the start date."]}
    assert errors["2"] == {
        "work_fraction": ["The working-time fraction must be above 0 and at most 1 (full time)."],
        "gross_monthly_wage": ["The gross monthly wage must be above 0."],
    }
    # Unknown codes are refused by the type checks, in the words of the shared validation.
    assert errors["3"] == {
        "domicile_region": ["Choose the region where the worker lives."],
        "qualification": ["Choose a qualification from the list."],
    }


BAD_REQUESTS = [
    ("no employer", {"employer": None}, "employer"),
    ("blank employer", {"employer": ""}, "employer"),
    ("horizon zero", {"horizon_quarters": 0}, "horizon_quarters"),
    ("horizon too long", {"horizon_quarters": 41}, "horizon_quarters"),
    ("horizon not a number", {"horizon_quarters": "eight"}, "horizon_quarters"),
    ("on not a date", {"on": "01/01/2025"}, "on"),
    ("on too far", {"on": "2999-01-01"}, "on"),
    ("no hires", {"hires": []}, "hires"),
    ("hires not a list", {"hires": {"start_date": "2025-01-01"}}, "hires"),
    ("a hire not an object", {"hires": ["a hire"]}, "hires"),
]


@pytest.mark.parametrize(("label", "fields", "field"), BAD_REQUESTS, ids=[case[0] for case in BAD_REQUESTS])
def test_a_bad_request_gets_400_with_its_field(api, employers, engine_not_called, label, fields, field):
    acting(api)
    body = {key: value for key, value in {**payload(), **fields}.items() if value is not None}
    response = post(api, body)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Disclosure.objects.count() == 0


def test_too_many_hires_get_one_clear_message_and_the_engine_never_runs(api, employers, engine_not_called):
    acting(api)
    response = post(api, payload(*[hire(birth_date="2030-01-01")] * 500))
    assert response.status_code == 400
    assert response.json() == {"hires": [f"At most {MAX_HIRES} hires in one calculation (500 given)."]}
    assert Disclosure.objects.count() == 0


def test_exactly_the_maximum_number_of_hires_is_calculated(api, employers):
    acting(api)
    response = post(api, payload(*[hire()] * MAX_HIRES))
    assert response.status_code == 200 and len(response.json()["hires"]) == MAX_HIRES


def test_malformed_json_and_form_data_are_refused(api, employers, engine_not_called):
    acting(api)
    assert api.post(URL, "{not json", content_type="application/json").status_code == 400
    assert api.post(URL, {"employer": A}).status_code == 415  # multipart: the hires are a nested list, JSON only
    assert Disclosure.objects.count() == 0


def test_a_seat_the_employer_does_not_have_is_a_field_error(api, employers):
    acting(api)
    response = post(api, payload(hire(operating_seat=SEAT_A), hire(operating_seat="2000000339")))
    assert response.status_code == 400
    assert response.json() == {
        "hires": {"1": {"operating_seat": ["This employer has no operating seat with this number."]}}
    }
    assert rows().get().outcome == "granted"  # the seats are the employer's data: known only once the gate granted


def test_the_seat_may_be_written_with_dots(api, employers):
    acting(api)
    assert post(api, payload(hire(operating_seat="2.297.964.444"))).status_code == 200


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from(sorted({*HIRE, "operating_seat", "weekly_hours", "contract_months", "label"})),
    value=st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=30),
        st.dates(min_value=datetime.date(1, 1, 1)).map(datetime.date.isoformat),
        st.lists(st.integers(), max_size=2),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    ),
)
def test_never_a_500_whatever_a_field_holds(api, employers, field, value):
    if "_auth_user_id" not in api.session:
        acting(api)
    body = payload(hire(**{field: copy.deepcopy(value)}))
    # Python's json writes NaN and Infinity, which a client may send: the parser must refuse them, not crash.
    response = api.post(URL, json.dumps(body, default=str), content_type="application/json")
    assert response.status_code in (200, 400), (field, value, response.content)


# -- authentication: CSRF with the session, tokens ---------------------------------------------------------------------


def test_a_session_call_without_the_csrf_token_is_refused(employers):
    api = APIClient(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    acting(api)
    response = post(api, payload())
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert Disclosure.objects.count() == 0


def test_a_session_call_with_the_csrf_token_is_calculated(employers):
    api = APIClient(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    acting(api)
    secret = _get_new_csrf_string()
    api.cookies["csrftoken"] = secret
    response = api.post(URL, payload(), format="json", HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 200, response.content
    assert rows().get().outcome == "granted"


def test_an_owner_calls_with_a_token_and_no_csrf_token(employers):
    user = UserFactory()
    EmployerAccessFactory(user=user, role="owner")
    api = APIClient(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    api.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    response = post(api, payload())
    assert response.status_code == 200, response.content
    row = rows().get()
    assert (row.actor_id, row.outcome, row.channel) == (user.pk, "granted", "api")


def test_a_mandatary_with_a_token_is_refused_for_lack_of_two_factor_authentication(employers):
    user = UserFactory()
    EmployerAccessFactory(user=user, role="mandatary")
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    assert post(api, payload()).status_code == 403
    assert rows().get().reason == "mfa-required"


def test_a_wrong_token_is_refused_before_the_gate(employers):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = post(api, payload())
    # 403, not 401: session authentication comes first in REST_FRAMEWORK, and it sends no WWW-Authenticate challenge.
    assert response.status_code == 403 and response.json() == {"detail": "Invalid token."}
    assert Disclosure.objects.count() == 0


# -- schema ------------------------------------------------------------------------------------------------------------


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_the_endpoint_is_in_the_schema_with_request_response_and_errors(schema):
    operation = schema["paths"]["/api/v1/calculations/"]["post"]
    assert list(operation["requestBody"]["content"]) == ["application/json"]
    request = operation["requestBody"]["content"]["application/json"]
    assert request["schema"]["$ref"].endswith("/CalculationRequest") and request["examples"]
    assert {"200", "400", "403"} <= set(operation["responses"])
    assert operation["responses"]["400"]["content"]["application/json"]["examples"]
    components = schema["components"]["schemas"]
    hires = components["CalculationRequest"]["properties"]["hires"]
    assert hires["maxItems"] == MAX_HIRES
    assert set(components["CalculationHire"]["properties"]) >= {
        "start_date",
        "birth_date",
        "work_fraction",
        "gross_monthly_wage",
        "domicile_region",
        "jobseeker_since",
        "jobseeker_office",
        "qualification",
        "reduced_work_capacity",
        "hire_rank",
        "contract",
        "contract_months",
        "operating_seat",
        "weekly_hours",
        "reference_weekly_hours",
        "joint_committee",
        "label",
    }


def _resolve(schema, node):
    ref = node.get("$ref") or next((item["$ref"] for item in node.get("allOf", []) if "$ref" in item), None)
    return schema["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else node


def _assert_documented(schema, node, value, path="$"):
    node = _resolve(schema, node)
    if isinstance(value, dict) and "properties" in node:
        undocumented = set(value) - set(node["properties"])
        assert not undocumented, f"{path}: {undocumented} not in the schema"
        for key, item in value.items():
            _assert_documented(schema, node["properties"][key], item, f"{path}.{key}")
    elif isinstance(value, list) and "items" in node:
        for item in value[:2]:
            _assert_documented(schema, node["items"], item, f"{path}[]")


def test_every_key_of_the_answer_is_documented_in_the_schema(api, employers, catalogue, schema):
    acting(api)
    body = post(api, payload()).json()
    response = schema["paths"]["/api/v1/calculations/"]["post"]["responses"]["200"]["content"]["application/json"]
    _assert_documented(schema, response["schema"], body)


# -- issue 11: the rules in force, or with the announced changes -------------------------------------------------------


def test_the_api_uses_the_rules_in_force_unless_announced_changes_are_asked(api, employers, catalogue):
    acting(api)
    first = hire(start_date="2026-01-05", gross_monthly_wage="4000.00", hire_rank=1)
    in_force = post(api, payload(first, on="2026-12-01", horizon_quarters=6)).json()
    assert in_force["rules"] == "in_force" and in_force["announced_changes"] == []
    assert any("announced changes from" in line for line in in_force["announcements"])
    announced = post(api, payload(first, on="2026-12-01", horizon_quarters=6, rules="announced")).json()
    assert announced["rules"] == "announced"
    assert [change["code"] for change in announced["announced_changes"]] == ["fed-first-hires"]
    assert announced["announced_delta"] == "-5000.00"
    assert Decimal(announced["total"]) - Decimal(in_force["total"]) == Decimal("-5000.00")
    assert rows().count() == 2  # one disclosure per calculation, as for any other


def test_an_unknown_rules_value_is_refused_and_nothing_is_calculated(api, employers, engine_not_called):
    acting(api)
    response = post(api, payload(rules="rumours"))
    assert response.status_code == 400
    assert "rules" in response.json()
    assert rows().count() == 0
