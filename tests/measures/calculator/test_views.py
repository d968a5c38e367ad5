"""The calculator page: who may use it for which employer (the gate decides and logs once per page), what the result
shows, and how bad input is answered (form errors, what was typed kept, never a 500).

The fixtures and POST builders here are imported by the scenario and export tests too.
"""

from __future__ import annotations

import re

import pytest

from authz import activities
from authz.chain import pseudonymise
from authz.constants import SubjectKind
from authz.models import Disclosure
from foundation.formatting import money
from measures.calculator.values import MAX_HIRES
from measures.models import Scenario
from tests.authz.factories import EmployerAccessFactory
from tests.measures.calculator.conftest import hire_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

URL = "/en/calculator/"
EMPLOYER_A = "RSZ:123456749"
EMPLOYER_B = "RSZ:134567808"
EMPLOYER_DELTA = "RSZ:156789053"  # two operating seats: Antwerp (VLG) and Liège (WAL)
#: What of employer A's repertory record a page shows; none of it may reach someone refused.
A_DATA = ("62.010", "2.297.964.444", "Alfa", "Kunstlaan")


@pytest.fixture
def people(demo_world, db, settings):
    """The demo accounts, employers and accesses (DESIGN §6), built once per module (tests/measures/conftest.py);
    the users are read afresh for each test."""
    from django.contrib.auth import get_user_model

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    users = get_user_model().objects.in_bulk(demo_world, field_name="email")
    return {email: users[email] for email in demo_world}


@pytest.fixture
def catalogue(demo_world, db):
    """The shipped catalogue (measures/data/measures.yaml), which the calculations read; it comes with the demo
    people of the module's world."""


@pytest.fixture
def demo(people, catalogue):
    """The demo people and the shipped catalogue: what a calculation needs."""
    return people


@pytest.fixture
def owner_a(client, people):
    client.force_login(people["owner.a@demo.be"])
    return client


@pytest.fixture
def owner_b(client, people):
    client.force_login(people["owner.b@demo.be"])
    return client


@pytest.fixture
def secretariat(client, people):
    from tests.authz.helpers import log_in_with_mfa

    log_in_with_mfa(client, people["secretariat@demo.be"])
    return client


def calculation_data(*hires: dict, employer: str = EMPLOYER_A, action: str = "calculate", **top) -> dict:
    """A whole POST of the calculator: the employer, rules date and horizon, the management form and the hires."""
    hires = hires or (hire_data(),)
    data = {
        "employer": employer,
        "on": "2025-01-01",
        "horizon": "8",
        "name": "",
        "seats_of": employer,
        "action": action,
        "hire-TOTAL_FORMS": str(len(hires)),
        "hire-INITIAL_FORMS": "0",
        "hire-MIN_NUM_FORMS": "1",
        "hire-MAX_NUM_FORMS": str(MAX_HIRES),
    }
    for hire in hires:
        data.update(hire)
    data.update(top)
    return data


def log_rows(employer: str = EMPLOYER_A):
    """The disclosure rows of the calculator's activity about this employer."""
    return Disclosure.objects.filter(
        activity__code=activities.BENEFIT_CALCULATOR,
        subject_pseudonym=pseudonymise(SubjectKind.EMPLOYER, employer),
    )


def assert_one_granted(employer: str = EMPLOYER_A, *, channel: str = "web", role: str = "owner") -> None:
    rows = list(log_rows(employer))
    assert [(row.outcome, row.channel, row.actor_role) for row in rows] == [("granted", channel, role)]


def text_of(response) -> str:
    """The visible text of the page's main element, tags removed and spaces collapsed."""
    html = response.content.decode()
    main = html[html.index("<main") :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&nbsp;", " ")


def eur(amount, language: str = "en") -> str:
    """An amount as the page's HTML writes it: in the language's money notation (foundation.formatting)."""
    return money(amount, language=language)


# -- who may use it --------------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, demo):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/en/calculator/")
    assert not log_rows().exists()


def test_owner_sees_the_form_with_the_employer_preselected_and_its_facts(owner_a):
    response = owner_a.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="RSZ:123456749" selected>' in html
    text = text_of(response)
    for expected in ("010", "62.010", "610", "Private sector", "2.297.964.444", "Brussels-Capital Region"):
        assert expected in text
    assert "Importance code 4" in text
    assert_one_granted()


def test_the_nace_codes_of_both_versions_are_shown_with_their_labels(owner_a):
    from repertory.models import KboCode

    for category, code, label in (
        ("Nace2008", "62010", "Computer programming (2008)"),
        ("Nace2025", "62100", "Computer programming (2025)"),
        ("Nace2025", "62010", "Not this one: the employer's 62010 is of 2008"),
    ):
        KboCode.objects.update_or_create(category=category, code=code, defaults={"label_en": label})
    text = text_of(owner_a.get(URL))
    assert "62.010 (NACE-BEL 2008) Computer programming (2008)" in text
    assert "62.100 (NACE-BEL 2025) Computer programming (2025)" in text
    assert "Not this one" not in text


def test_owner_gets_the_structural_reduction_for_a_full_time_hire(owner_a):
    response = owner_a.post(URL, calculation_data(hire_data()))
    assert response.status_code == 200
    result = response.context["result"]
    measures = {measure.code: measure for measure in result.hires[0].measures}
    assert "fed-structural" in measures and measures["fed-structural"].total > 0
    html = response.content.decode()
    assert 'data-code="fed-structural"' in html
    assert eur(result.total) in html
    assert eur(measures["fed-structural"].total) in html
    assert_one_granted()


def test_the_result_explains_itself(owner_a):
    response = owner_a.post(URL, calculation_data(hire_data()))
    html, text = response.content.decode(), text_of(response)
    assert re.search(r'<svg class="benefit-chart" id="chart-total" role="img" aria-labelledby="chart-total-title', html)
    assert '<title id="chart-total-title">' in html
    assert 'id="table-total"' in html and "2025Q1" in text and "2026Q4" in text
    assert "<details>" in html and "How Structural reduction was calculated" in text
    assert "low-wage threshold (S0): 10,797.67" in text and "from 04/01/2024" in text  # by what it is, not its name
    assert "2025Q1 to 2026Q4" in text  # quarters with the same rule version and values share one trace row
    assert "This is an approximation, not a decision." in text
    assert "It uses the rules valid on Jan. 1, 2025" in text
    assert "shown over the chosen horizon" in text
    assert "Sources of the rules used" in text and 'href="https://' in html
    assert 'href="/en/measures/fed-structural/"' in html
    assert "do not apply, and why" in text
    assert "age 30" in text  # the reasons of a measure that does not apply, in plain words


def test_a_first_hire_shows_the_cumulation_decisions(owner_a):
    response = owner_a.post(
        URL, calculation_data(hire_data(hire_rank="1", jobseeker_since="2023-01-01", jobseeker_office="Actiris"))
    )
    codes = [measure.code for measure in response.context["hire_results"][0]["measures"]]
    assert {"fed-first-hires", "fed-structural"} <= set(codes)
    totals = [measure.total for measure in response.context["hire_results"][0]["measures"]]
    assert totals == sorted(totals, reverse=True)
    text = text_of(response)
    assert "Cumulation decisions" in text and "cannot exceed the employer contributions due" in text


def test_several_hires_give_a_total_and_a_section_each(owner_a):
    response = owner_a.post(URL, calculation_data(hire_data(0, label="Cook"), hire_data(1, label="Waiter")))
    result = response.context["result"]
    assert [hire.label for hire in result.hires] == ["Cook", "Waiter"]
    text = text_of(response)
    assert "Cook: " in text and "Waiter: " in text
    assert eur(result.total).replace("&nbsp;", " ") in text
    assert_one_granted()


@pytest.mark.parametrize(
    ("language", "sample"), [("nl", "€\xa02.685,36"), ("fr", "2\u202f685,36\xa0€"), ("de", "2.685,36\xa0€")]
)
def test_amounts_follow_the_language(owner_a, language, sample):
    response = owner_a.post(f"/{language}/calculator/", calculation_data(hire_data()))
    assert response.status_code == 200
    total = response.context["result"].total
    html = response.content.decode()
    assert eur(total, language) in html and sample in html
    assert f'href="/{language}/measures/fed-structural/"' in html


def test_owner_b_is_refused_for_employer_a_and_sees_none_of_its_data(owner_b):
    for response in (owner_b.get(URL, {"employer": EMPLOYER_A}), owner_b.post(URL, calculation_data())):
        assert response.status_code == 403
        body = response.content.decode()
        assert not [item for item in A_DATA if item in body]
    rows = list(log_rows())
    assert [(row.outcome, row.reason) for row in rows] == [("refused", "no-access")] * 2


def test_owner_b_calculates_for_its_own_employer(owner_b):
    response = owner_b.post(URL, calculation_data(employer=EMPLOYER_B, **{"hire-0-domicile_region": "VLG"}))
    assert response.status_code == 200
    assert "fed-structural" in [measure.code for measure in response.context["result"].hires[0].measures]
    assert_one_granted(EMPLOYER_B)
    assert log_rows(EMPLOYER_B).get().personal is True  # employer B is a natural person


def test_secretariat_is_refused_for_the_employer_of_its_expired_mandate(secretariat):
    response = secretariat.post(URL, calculation_data(employer=EMPLOYER_B))
    assert response.status_code == 403
    body = response.content.decode()
    # The refusal names the employer only as the user's own (expired) mandate does; nothing of the repertory's record.
    assert "0823.456.754" not in body and "0823456754" not in body and "Bakkerij" in body
    row = log_rows(EMPLOYER_B).get()
    assert (row.outcome, row.reason) == ("refused", "access-expired")


def test_secretariat_with_mfa_calculates_for_employer_a(secretariat):
    response = secretariat.post(URL, calculation_data())
    assert response.status_code == 200
    assert response.context["result"].hires[0].measures
    assert_one_granted(role="mandatary")


def test_secretariat_without_mfa_in_the_session_is_sent_to_mfa(client, demo):
    client.force_login(demo["secretariat@demo.be"])
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/?next=")
    row = log_rows().get()
    assert (row.outcome, row.reason) == ("refused", "mfa-required")


def test_a_user_without_any_employer_is_told_so(client, demo):
    from tests.portal.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(URL)
    assert response.status_code == 200
    assert "You may not run the calculator for any employer yet" in text_of(response)
    assert not Disclosure.objects.exists()


def test_a_value_outside_the_list_is_refused_by_the_gate_and_logged(owner_a):
    response = owner_a.post(URL, calculation_data(employer="nonsense"))
    assert response.status_code == 403
    assert log_rows("RSZ:nonsense").get().outcome == "refused"


def test_a_number_in_another_notation_is_saved_under_its_repertory_key(owner_a):
    response = owner_a.post(URL, calculation_data(employer="1234567-49", action="save", name="Typed"))
    assert response.status_code == 302
    assert Scenario.objects.get().employer_key == EMPLOYER_A
    assert_one_granted()


def test_an_unknown_employer_number_is_refused_like_someone_elses(owner_a):
    response = owner_a.post(URL, calculation_data(employer="RSZ:100006"))
    assert response.status_code == 403
    assert log_rows("RSZ:100006").get().outcome == "refused"


# -- bad input -------------------------------------------------------------------------------------------------------


def test_errors_keep_what_was_typed_and_say_what_is_wrong(owner_a):
    data = calculation_data(
        hire_data(label="Baker", gross_monthly_wage="-5", work_percent="120", joint_committee="118")
    )
    response = owner_a.post(URL, data)
    assert response.status_code == 200
    assert "result" not in response.context
    html, text = response.content.decode(), text_of(response)
    assert "Please correct the following" in text
    assert "The gross monthly wage cannot be negative." in text
    assert "The working time cannot be above 100 % (full time)." in text
    for typed in ('value="Baker"', 'value="-5"', 'value="120"', 'value="118"', 'value="2025-01-01"'):
        assert typed in html
    assert 'aria-describedby="id_hire-0-gross_monthly_wage_helptext id_hire-0-gross_monthly_wage_error"' in html
    assert 'id="id_hire-0-gross_monthly_wage_error"' in html
    assert_one_granted()  # the employer's facts are shown beside the form


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"birth_date": "2090-01-01"}, "The birth date is in the future."),
        ({"birth_date": "2025-06-01"}, "The birth date must come before the start date."),
        ({"jobseeker_since": "2025-02-01"}, "The registration as a job seeker must start before the start date."),
        ({"gross_monthly_wage": "-1"}, "The gross monthly wage cannot be negative."),
        ({"work_percent": "100.5"}, "The working time cannot be above 100 % (full time)."),
        ({"weekly_hours": "45", "reference_weekly_hours": "38"}, "cannot exceed those of a full-time reference"),
        ({"start_date": "2025-02-30"}, "Enter a valid date."),
        ({"gross_monthly_wage": "lots"}, "Enter a number."),
    ],
)
def test_bad_hires_are_form_errors_never_a_500(owner_a, overrides, message):
    response = owner_a.post(URL, calculation_data(hire_data(**overrides)))
    assert response.status_code == 200
    assert message in text_of(response)
    assert "result" not in response.context


@pytest.mark.parametrize(
    ("top", "message"),
    [
        ({"horizon": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"horizon": "41"}, "Ensure this value is less than or equal to 40."),
        ({"on": "1999-12-31"}, "The date of the rules must lie between 2000"),
        ({"employer": ""}, "Choose the employer you act for."),
    ],
)
def test_bad_rules_date_horizon_or_employer_are_form_errors(owner_a, top, message):
    response = owner_a.post(URL, calculation_data(**top))
    assert response.status_code == 200
    assert message in text_of(response)


def test_too_many_hires_is_a_clear_form_error(owner_a):
    hires = [hire_data(index) for index in range(MAX_HIRES + 1)]
    response = owner_a.post(URL, calculation_data(*hires))
    assert response.status_code == 200
    assert f"A calculation takes at most {MAX_HIRES} hires." in text_of(response)
    assert "result" not in response.context


def test_an_absurd_number_of_hires_is_refused_without_a_server_error(owner_a):
    hires = [hire_data(index) for index in range(500)]
    response = owner_a.post(URL, calculation_data(*hires))
    assert response.status_code == 400  # more fields than Django accepts in one request (DATA_UPLOAD_MAX_NUMBER_FIELDS)
    assert response.context["too_large"] and "50" in text_of(response)  # the page says the calculator takes 50 hires


def test_fifty_hires_are_calculated(owner_a):
    hires = [hire_data(index, label=f"Worker {index + 1}") for index in range(MAX_HIRES)]
    response = owner_a.post(URL, calculation_data(*hires))
    assert response.status_code == 200
    assert len(response.context["result"].hires) == MAX_HIRES
    assert_one_granted()


# -- adding and removing hires without JavaScript --------------------------------------------------------------------


def test_add_another_hire_keeps_what_was_typed_and_shows_no_error(owner_a):
    response = owner_a.post(URL, calculation_data(hire_data(label="Baker", gross_monthly_wage="-5"), action="add"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="hire-TOTAL_FORMS" value="2"' in html
    assert 'value="Baker"' in html and 'value="-5"' in html
    assert 'name="hire-1-start_date"' in html
    assert "errorlist" not in html and "result" not in response.context
    assert "Remove hire 2" in html
    assert_one_granted()


def test_an_added_hire_left_empty_is_ignored(owner_a):
    empty = {"hire-1-work_percent": "100", "hire-1-contract": "open_ended"}
    response = owner_a.post(URL, calculation_data(hire_data(), empty))
    assert response.status_code == 200
    assert len(response.context["result"].hires) == 1


def test_remove_a_hire(owner_a):
    data = calculation_data(hire_data(0, label="Cook"), hire_data(1, label="Waiter"), action="remove-0")
    response = owner_a.post(URL, data)
    html = response.content.decode()
    assert 'name="hire-TOTAL_FORMS" value="1"' in html
    assert 'value="Waiter"' in html and 'value="Cook"' not in html


def test_no_hire_can_be_added_above_the_maximum(owner_a):
    hires = [hire_data(index) for index in range(MAX_HIRES)]
    response = owner_a.post(URL, calculation_data(*hires, action="add"))
    html = response.content.decode()
    assert f'name="hire-TOTAL_FORMS" value="{MAX_HIRES}"' in html
    assert f"A calculation takes at most {MAX_HIRES} hires." in text_of(response)


def test_enter_calculates_rather_than_removing_a_hire(owner_a):
    """The first submit button of the form (the one Enter presses) is Calculate."""
    response = owner_a.post(URL, calculation_data(hire_data(0), hire_data(1), action="add"))
    html = response.content.decode()
    form = html[html.index('<form method="post" action="" novalidate class="calc-form"') :]
    first_button = re.search(r"<button[^>]*>", form).group(0)
    assert 'value="calculate"' in first_button


# -- operating seats -------------------------------------------------------------------------------------------------


@pytest.fixture
def owner_of_delta(owner_a, demo):
    EmployerAccessFactory(user=demo["owner.a@demo.be"], registration_number="156789053")
    return owner_a


def test_an_employer_with_several_seats_asks_for_the_seat(owner_of_delta):
    page = owner_of_delta.get(URL, {"employer": EMPLOYER_DELTA})
    html = page.content.decode()
    assert 'name="hire-0-operating_seat"' in html
    assert 'value="|VLG"' in html and 'value="|WAL"' in html
    missing = owner_of_delta.post(URL, calculation_data(employer=EMPLOYER_DELTA))
    assert "Choose the operating seat the worker is attached to." in text_of(missing)
    assert "result" not in missing.context
    chosen = owner_of_delta.post(URL, calculation_data(hire_data(operating_seat="|WAL"), employer=EMPLOYER_DELTA))
    assert chosen.context["result"].hires[0].hire.seat_region == "WAL"
    assert log_rows(EMPLOYER_DELTA).filter(outcome="granted").count() == 3


def test_a_seat_chosen_for_another_employer_is_dropped(owner_of_delta):
    data = calculation_data(hire_data(operating_seat="|WAL"), employer=EMPLOYER_A, seats_of=EMPLOYER_DELTA)
    response = owner_of_delta.post(URL, data)
    assert response.status_code == 200
    assert response.context["result"].hires[0].hire.seat_region == "BRU"


def test_the_result_page_reads_a_bounded_number_of_queries(owner_a, django_assert_max_num_queries):
    hires = [hire_data(index) for index in range(5)]
    with django_assert_max_num_queries(40):
        assert owner_a.post(URL, calculation_data(*hires)).status_code == 200


# -- issue 11: rules in force or with the announced changes ------------------------------------------------------------


def test_the_page_offers_announced_changes_and_says_what_they_change(owner_a):
    first = hire_data(start_date="2026-01-05", gross_monthly_wage="4000", hire_rank="1")
    default = owner_a.get(URL)
    assert 'name="rules"' in default.content.decode() and "Include announced changes" in text_of(default)
    before = len(log_rows())
    in_force = owner_a.post(URL, calculation_data(first, on="2026-12-01", horizon="6"))
    text = text_of(in_force)
    assert "announced changes from April 1, 2026" in text and "not included" in text
    assert "Announced changes used" not in text
    announced = owner_a.post(URL, calculation_data(first, on="2026-12-01", horizon="6", rules="announced"))
    text = text_of(announced)
    assert "Announced changes used" in text and "uwpayroll.be" in text
    assert "change the total by -5,000.00 EUR" in text
    assert len(log_rows()) == before + 2  # one disclosure per calculation


def test_an_unknown_rules_choice_is_refused_with_a_message(owner_a):
    response = owner_a.post(URL, calculation_data(rules="rumours"))
    assert response.status_code == 200
    text = text_of(response)
    assert "Select a valid choice" in text and "Total benefit" not in text  # no calculation, nothing half-shown
