"""The reach of a change before it is published (issue 18, item 4): how many saved scenarios it would move and by
how much in total, recalculated with the calculator engine under the published and the saved rules."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Permission

import pytest

from measures.changes.reach import reach
from measures.loader import load
from measures.models import BenefitRule, Measure, MeasureChange, RuleVersion, Scenario
from tests.authz.helpers import log_in_with_mfa
from tests.measures import test_admin as admin_pages
from tests.measures.calculator import test_views as pages
from tests.measures.calculator.test_scenarios import make_scenario
from tests.measures.test_loader import bad, write
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

IN_FORCE, ANNOUNCED = "in_force", "announced"

# The demo people and the shipped catalogue, as the calculator's page tests have them.
people, catalogue = pages.people, pages.catalogue
staff = admin_pages.staff

#: A federal wage subsidy with no condition: 1,000 a quarter for eight quarters.
SUBSIDY = bad(
    code="test-reach",
    level="federal",
    region="BE",
    region_basis="nationwide",
    technique="wage_subsidy",
    versions=[
        {
            "valid_from": "2020-01-01",
            "status": "in_force",
            "period_unit": "quarter",
            "source": "src",
            "benefits": [{"kind": "fixed_schedule", "steps": [[1000, 8]], "source": "src"}],
        }
    ],
)


@pytest.fixture
def world(people, catalogue, tmp_path):
    load(write(tmp_path, [SUBSIDY]))
    owner = people["owner.a@demo.be"]
    make_scenario(owner, name="Plan with a hire")
    make_scenario(owner, name="Plan of a struck employer", employer="RSZ:100000010")
    return Measure.objects.get(code="test-reach")


def raise_the_amount(measure):
    benefit = BenefitRule.objects.get(version__measure=measure)
    benefit.steps = [[1300, 8]]
    benefit.save()


def test_nothing_saved_moves_nothing(world):
    result = reach(world)[IN_FORCE]
    assert (result.scenarios, result.moved, result.not_recalculated) == (1, 0, 1)
    assert result.difference == 0


def test_a_saved_change_moves_the_scenarios_that_use_the_measure(world):
    before = reach(world)[IN_FORCE].total_after
    raise_the_amount(world)
    both = reach(world)
    assert both[IN_FORCE] == both[ANNOUNCED]  # no announced version: both rule choices agree
    result = both[IN_FORCE]
    assert (result.scenarios, result.moved, result.gains, result.losses) == (1, 1, 1, 0)
    assert result.total_before == before
    assert result.difference == Decimal("2400.00")  # 300 more a quarter, 8 quarters, full time
    assert result.not_recalculated == 1


def test_an_announced_version_moves_the_scenarios_only_with_announced_changes_included(world):
    # Announced versions may overlap the one in force: "include announced changes" puts them in its place.
    later = RuleVersion.objects.create(
        measure=world,
        valid_from=datetime.date(2024, 1, 1),
        status="announced",
        announcement_key="src",
        period_unit="quarter",
        source_key="src",
    )
    BenefitRule.objects.create(version=later, kind="fixed_schedule", steps=[[500, 8]], source_key="src")
    result = reach(world)
    assert result[IN_FORCE].moved == 0
    assert result[ANNOUNCED].moved == 1
    assert result[ANNOUNCED].losses == 1


def url(measure) -> str:
    return f"/admin/measures/measure/{measure.pk}/changes/"


def test_the_admin_preview_shows_the_reach_in_counts_and_sums_only_then_publishes(client, staff, world, people):
    raise_the_amount(world)
    text = client.get(url(world)).content.decode()
    assert "Scenarios whose total moves" in text
    assert "2,400.00" in text or "2400.00" in text
    assert "€ 1,000 for 8 periods" in text and "€ 1,300 for 8 periods" in text
    for personal in ("Plan with a hire", "owner.a@demo.be", "123456749", "Worker 1", "Alfa"):
        assert personal not in text
    response = client.post(url(world))
    assert response.status_code == 302
    assert MeasureChange.objects.filter(measure=world, kind="amount").count() == 1
    assert "Nothing to publish" in client.get(url(world)).content.decode()
    assert Scenario.objects.count() == 2  # recalculating saves nothing


def test_the_preview_is_refused_to_whom_may_not_see_measures(client, world, people):
    assert client.get(url(world)).status_code == 302  # anonymous: to the admin's login
    client.force_login(people["owner.a@demo.be"])
    assert client.get(url(world)).status_code == 302  # not staff: to the admin's login
    clerk = UserFactory(is_staff=True)
    log_in_with_mfa(client, clerk)
    assert client.get(url(world)).status_code == 403  # staff without the measures permission


def test_staff_who_may_only_view_cannot_publish(client, world):
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_measure"))
    log_in_with_mfa(client, clerk)
    raise_the_amount(world)
    assert client.get(url(world)).status_code == 200
    assert client.post(url(world)).status_code == 403
    assert not MeasureChange.objects.filter(measure=world, kind="amount").exists()


def test_the_publish_action_publishes_the_pending_changes(client, staff, world):
    raise_the_amount(world)
    response = client.post(
        "/admin/measures/measure/", {"action": "publish", "_selected_action": [world.pk]}, follow=True
    )
    assert response.status_code == 200
    assert MeasureChange.objects.filter(measure=world, kind="amount").count() == 1
