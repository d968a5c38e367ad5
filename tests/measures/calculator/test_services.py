"""The scenario writes of the calculator's services: save (new or over one), copy with a free name, delete; a name
taken by the same owner for the same employer is refused with ScenarioNameTaken and nothing is written."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

import pytest

from measures.calculator import services
from measures.models import Scenario
from tests.measures.calculator.conftest import make_hire

pytestmark = pytest.mark.django_db

KEY = "RSZ:123456749"


@pytest.fixture
def owner():
    return get_user_model().objects.create_user(email="planner@example.be", password="x" * 16)


def _save(owner, name="Plan", scenario=None, key=KEY):
    return services.save_scenario(
        owner=owner,
        key=key,
        name=name,
        on=datetime.date(2025, 1, 1),
        horizon=8,
        hires=[make_hire(label="Worker")],
        scenario=scenario,
    )


def test_save_keeps_the_inputs_and_the_employer_as_resolved(owner):
    saved = _save(owner)
    again = Scenario.objects.get(pk=saved.pk)
    assert (again.repertory, again.registration_number, again.horizon) == ("RSZ", "123456749", 8)
    assert [hire.label for hire in again.hire_values()] == ["Worker"]


def test_a_taken_name_is_refused_and_nothing_is_written(owner):
    _save(owner)
    with pytest.raises(services.ScenarioNameTaken):
        _save(owner)
    assert Scenario.objects.filter(owner=owner).count() == 1
    _save(owner, key="RSZ:134567808")  # the same name for another employer is another scenario
    assert Scenario.objects.filter(owner=owner).count() == 2


def test_saving_over_a_scenario_may_keep_its_own_name(owner):
    saved = _save(owner)
    _save(owner, scenario=saved)
    assert Scenario.objects.filter(owner=owner).count() == 1


def test_copies_take_the_next_free_name_and_delete_removes(owner):
    original = _save(owner)
    first = services.copy_scenario(original, owner=owner)
    second = services.copy_scenario(original, owner=owner)
    assert (first.name, second.name) == ("Plan (copy)", "Plan (copy 2)")
    services.delete_scenario(first)
    assert sorted(Scenario.objects.filter(owner=owner).values_list("name", flat=True)) == ["Plan", "Plan (copy 2)"]
