"""Saved scenarios: save, list, reopen (through the gate again), change and rename, duplicate, compare, delete; a
scenario is only ever visible to its owner (anyone else gets the 404 of an id that does not exist)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

import pytest

from authz.models import EmployerAccess
from measures.calculator.values import Hire
from measures.models import Scenario
from tests.authz.factories import EmployerAccessFactory
from tests.measures.calculator import test_views as pages
from tests.measures.calculator.test_views import (
    EMPLOYER_A,
    URL,
    assert_one_granted,
    calculation_data,
    hire_data,
    log_rows,
    text_of,
)

# The page fixtures are defined with the page tests (this folder's conftest holds the engine's).
people, catalogue, owner_a, owner_b, secretariat = (
    pages.people,
    pages.catalogue,
    pages.owner_a,
    pages.owner_b,
    pages.secretariat,
)

pytestmark = pytest.mark.django_db

LIST = "/en/calculator/scenarios/"


def make_scenario(owner, *, name="Plan", employer=EMPLOYER_A, wage="2800", hires=1, on=datetime.date(2025, 1, 1)):
    scenario = Scenario(owner=owner, name=name, on=on, horizon=8)
    scenario.set_employer(employer)
    scenario.set_hires(
        [
            Hire(
                start_date=datetime.date(2025, 1, 1),
                birth_date=datetime.date(1995, 1, 1),
                work_fraction=Decimal(1),
                gross_monthly_wage=Decimal(wage),
                domicile_region="BRU",
                label=f"Worker {number + 1}",
            )
            for number in range(hires)
        ]
    )
    scenario.save()
    return scenario


def page(pk: int, action: str = "") -> str:
    return f"/en/calculator/scenarios/{pk}/{action}"


# -- save ------------------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("catalogue")
def test_save_keeps_the_typed_inputs_and_opens_the_scenario(owner_a, people):
    data = calculation_data(
        hire_data(label="Cook", work_percent="", weekly_hours="19", reference_weekly_hours="38"),
        action="save",
        name="  Kitchen   2025 ",
        horizon="12",
    )
    response = owner_a.post(URL, data)
    scenario = Scenario.objects.get()
    assert response.status_code == 302 and response["Location"] == page(scenario.pk)
    assert (scenario.owner, scenario.name, scenario.employer_key) == (
        people["owner.a@demo.be"],
        "Kitchen 2025",
        EMPLOYER_A,
    )
    assert (scenario.on, scenario.horizon) == (datetime.date(2025, 1, 1), 12)
    saved = scenario.hires[0]
    assert saved["start_date"] == "2025-01-01" and saved["birth_date"] == "1995-01-01"
    assert saved["work_fraction"] == "0.5" and saved["weekly_hours"] == "19" and saved["gross_monthly_wage"] == "2800"
    assert saved["label"] == "Cook"
    assert_one_granted()  # the save read the employer's facts once (through calculate_for)


@pytest.mark.usefixtures("catalogue")
def test_save_needs_a_name_and_shows_the_result_meanwhile(owner_a):
    response = owner_a.post(URL, calculation_data(action="save", name=""))
    assert response.status_code == 200
    assert "Give the scenario a name to save it." in text_of(response)
    assert response.context["result"].hires
    assert not Scenario.objects.exists()


@pytest.mark.usefixtures("catalogue")
def test_a_name_is_unique_per_owner_and_employer(owner_a, people):
    make_scenario(people["owner.a@demo.be"], name="Plan")
    response = owner_a.post(URL, calculation_data(action="save", name="Plan"))
    assert response.status_code == 200
    assert "You already have a scenario with this name for this employer" in text_of(response)
    assert Scenario.objects.count() == 1


def test_an_invalid_calculation_is_not_saved(owner_a):
    response = owner_a.post(URL, calculation_data(hire_data(gross_monthly_wage="-1"), action="save", name="Plan"))
    assert response.status_code == 200
    assert not Scenario.objects.exists()


def test_a_refused_employer_is_not_saved(owner_b):
    response = owner_b.post(URL, calculation_data(action="save", name="Not mine"))
    assert response.status_code == 403
    assert not Scenario.objects.exists()


# -- list ------------------------------------------------------------------------------------------------------------


def test_the_list_has_an_empty_state(owner_a):
    response = owner_a.get(LIST)
    assert response.status_code == 200
    assert "You have no saved scenario yet." in text_of(response)


def test_the_list_shows_my_scenarios_only_last_changed_first_and_reads_no_repertory_data(owner_a, people):
    make_scenario(people["owner.a@demo.be"], name="Older")
    make_scenario(people["owner.a@demo.be"], name="Newer", hires=3)
    make_scenario(people["owner.b@demo.be"], name="Someone else's", employer="RSZ:134567808")
    response = owner_a.get(LIST)
    text = text_of(response)
    assert text.index("Newer") < text.index("Older")
    assert "Someone else's" not in text
    assert "RSZ 1234567-49" in text
    assert not log_rows().exists()


def test_the_list_is_paginated(owner_a, people):
    for number in range(25):
        make_scenario(people["owner.a@demo.be"], name=f"Plan {number:02d}")
    first = owner_a.get(LIST)
    assert len(first.context["rows"]) == 20 and "Page 1 of 2" in text_of(first)
    second = owner_a.get(LIST, {"page": 2})
    assert len(second.context["rows"]) == 5


# -- reopen ----------------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("catalogue")
def test_reopen_calculates_again_through_the_gate(owner_a, people):
    scenario = make_scenario(people["owner.a@demo.be"], name="Plan", hires=2)
    response = owner_a.get(page(scenario.pk))
    assert response.status_code == 200
    result = response.context["result"]
    assert [hire.label for hire in result.hires] == ["Worker 1", "Worker 2"]
    assert "fed-structural" in [measure.code for measure in result.hires[0].measures]
    text = text_of(response)
    assert "Plan" in text and "62.010" in text and "This is an approximation" in text
    assert_one_granted()


@pytest.mark.usefixtures("catalogue")
def test_reopen_gives_the_same_result_as_the_calculation_that_was_saved(owner_a):
    calculated = owner_a.post(URL, calculation_data(action="calculate")).context["result"]
    saved = owner_a.post(URL, calculation_data(action="save", name="Same"))
    reopened = owner_a.get(saved["Location"]).context["result"]
    assert reopened.as_dict() == calculated.as_dict()


@pytest.mark.usefixtures("catalogue")
def test_a_lost_mandate_means_refusal_on_reopening(secretariat, people):
    user = people["secretariat@demo.be"]
    scenario = make_scenario(user, name="For A")
    assert secretariat.get(page(scenario.pk)).status_code == 200
    EmployerAccess.objects.filter(user=user, registration_number="123456749").update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = secretariat.get(page(scenario.pk))
    assert response.status_code == 403
    assert "62.010" not in response.content.decode()
    assert [(row.outcome, row.reason) for row in log_rows().order_by("position")] == [
        ("granted", "employer-access"),
        ("refused", "access-expired"),
    ]


# -- change, rename --------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("catalogue")
def test_edit_shows_the_saved_inputs(owner_a, people):
    scenario = make_scenario(people["owner.a@demo.be"], name="Plan", wage="3100.50", hires=2)
    response = owner_a.get(page(scenario.pk, "edit/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Plan"' in html and 'value="3100.50"' in html and 'value="Worker 2"' in html
    assert 'name="hire-TOTAL_FORMS" value="2"' in html
    assert_one_granted()


@pytest.mark.usefixtures("catalogue")
def test_rename_and_change_save_over_the_same_scenario(owner_a, people):
    scenario = make_scenario(people["owner.a@demo.be"], name="Plan")
    data = calculation_data(hire_data(gross_monthly_wage="3000"), action="save", name="Renamed")
    response = owner_a.post(page(scenario.pk, "edit/"), data)
    assert response.status_code == 302 and response["Location"] == page(scenario.pk)
    scenario.refresh_from_db()
    assert scenario.name == "Renamed" and scenario.hires[0]["gross_monthly_wage"] == "3000"
    assert Scenario.objects.count() == 1


@pytest.mark.usefixtures("catalogue")
def test_keeping_the_name_on_edit_is_not_a_conflict(owner_a, people):
    scenario = make_scenario(people["owner.a@demo.be"], name="Plan")
    response = owner_a.post(page(scenario.pk, "edit/"), calculation_data(action="save", name="Plan"))
    assert response.status_code == 302


# -- duplicate -------------------------------------------------------------------------------------------------------


def test_duplicate_makes_a_copy_with_a_free_name(owner_a, people):
    scenario = make_scenario(people["owner.a@demo.be"], name="Plan", hires=2)
    first = owner_a.post(page(scenario.pk, "duplicate/"))
    second = owner_a.post(page(scenario.pk, "duplicate/"))
    copies = Scenario.objects.exclude(pk=scenario.pk).order_by("pk")
    assert [copy.name for copy in copies] == ["Plan (copy)", "Plan (copy 2)"]
    assert copies[0].hires == scenario.hires and copies[0].employer_key == scenario.employer_key
    assert first["Location"] == page(copies[0].pk, "edit/") and second.status_code == 302
    assert not log_rows().exists()  # copying inputs reads no repertory data


def test_duplicate_is_a_post(owner_a, people):
    scenario = make_scenario(people["owner.a@demo.be"])
    assert owner_a.get(page(scenario.pk, "duplicate/")).status_code == 405


# -- delete ----------------------------------------------------------------------------------------------------------


def test_delete_asks_first_then_deletes(owner_a, people):
    scenario = make_scenario(people["owner.a@demo.be"], name="Plan")
    confirm = owner_a.get(page(scenario.pk, "delete/"))
    assert confirm.status_code == 200 and "Delete the scenario “Plan”?" in text_of(confirm)
    assert Scenario.objects.filter(pk=scenario.pk).exists()
    response = owner_a.post(page(scenario.pk, "delete/"))
    assert response.status_code == 302 and response["Location"] == LIST
    assert not Scenario.objects.filter(pk=scenario.pk).exists()


# -- compare ---------------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("catalogue")
def test_compare_two_scenarios_side_by_side(owner_a, people):
    user = people["owner.a@demo.be"]
    low = make_scenario(user, name="Low wage", wage="2200")
    high = make_scenario(user, name="Two hires", wage="2800", hires=2)
    response = owner_a.get("/en/calculator/scenarios/compare/", {"a": low.pk, "b": high.pk})
    assert response.status_code == 200
    compared = response.context["compared"]
    assert [row.label for row in compared.hires] == ["Worker 1", "Worker 2"]
    assert compared.hires[1].first is None and compared.hires[1].second > 0
    assert compared.total.difference == response.context["result_b"].total - response.context["result_a"].total
    structural = next(row for row in compared.measures if row.label == "Structural reduction")
    assert structural.first > 0 and structural.second > 0
    text = text_of(response)
    assert "Total per hire" in text and "Total per measure" in text and "Difference" in text
    assert_one_granted()  # both scenarios are for employer A: its facts are read once for the page


@pytest.mark.usefixtures("catalogue")
def test_compare_scenarios_of_two_employers_logs_each_once(owner_a, people):
    user = people["owner.a@demo.be"]
    EmployerAccessFactory(user=user, registration_number="156789053")
    first = make_scenario(user, name="A")
    second = make_scenario(user, name="Delta", employer="RSZ:156789053")
    response = owner_a.get("/en/calculator/scenarios/compare/", {"a": first.pk, "b": second.pk})
    assert response.status_code == 200
    assert_one_granted()
    assert_one_granted("RSZ:156789053")


def test_compare_the_same_scenario_twice_is_a_form_error(owner_a, people):
    scenario = make_scenario(people["owner.a@demo.be"])
    response = owner_a.get("/en/calculator/scenarios/compare/", {"a": scenario.pk, "b": scenario.pk})
    assert response.status_code == 200
    assert "Choose two different scenarios." in text_of(response)


def test_compare_preselects_the_scenario_it_came_from(owner_a, people):
    scenario = make_scenario(people["owner.a@demo.be"])
    make_scenario(people["owner.a@demo.be"], name="Other")
    response = owner_a.get("/en/calculator/scenarios/compare/", {"a": scenario.pk})
    assert response.status_code == 200
    assert f'<option value="{scenario.pk}" selected>' in response.content.decode()
    assert "errorlist" not in response.content.decode()


# -- only the owner --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "action"),
    [("get", ""), ("get", "edit/"), ("post", "edit/"), ("post", "duplicate/"), ("get", "delete/"), ("post", "delete/")],
)
def test_someone_elses_scenario_is_a_404_like_one_that_does_not_exist(owner_b, people, method, action):
    scenario = make_scenario(people["owner.a@demo.be"], name="A's plan")
    other = getattr(owner_b, method)(page(scenario.pk, action))
    missing = getattr(owner_b, method)(page(scenario.pk + 1000, action))
    assert other.status_code == missing.status_code == 404
    assert "A's plan" not in other.content.decode()
    assert Scenario.objects.filter(pk=scenario.pk).exists()
    assert not log_rows().exists()


def test_someone_elses_scenario_cannot_be_compared(owner_b, people):
    theirs = make_scenario(people["owner.a@demo.be"], name="A's plan")
    mine = make_scenario(people["owner.b@demo.be"], name="B's plan", employer="RSZ:134567808")
    response = owner_b.get("/en/calculator/scenarios/compare/", {"a": mine.pk, "b": theirs.pk})
    assert response.status_code == 404
    assert owner_b.get("/en/calculator/scenarios/compare/", {"a": "x", "b": mine.pk}).status_code == 404


def test_scenario_pages_need_a_login(client, people):
    scenario = make_scenario(people["owner.a@demo.be"])
    for url in (LIST, page(scenario.pk), page(scenario.pk, "edit/"), "/en/calculator/scenarios/compare/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
