"""The pages of issue 18's re-evaluation: a moved scenario's page (old and new side by side, with the change-log
entries that caused it) and the choice of e-mails on "my data". Refusals per role; one log row per subject shown."""

from __future__ import annotations

import pytest

from authz.models import Disclosure, EmployerAccess, NoticePreference
from measures.models import ScenarioEvaluation
from tests.authz.helpers import log_in_with_mfa
from tests.measures.calculator import test_views as pages
from tests.measures.calculator.test_scenarios import make_scenario
from tests.measures.calculator.test_views import log_rows, text_of
from tests.measures.test_reevaluation import publish, set_amount, world  # noqa: F401 (the fixture)
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

people, catalogue = pages.people, pages.catalogue
MY_DATA = "/en/my-data/disclosures/"


def page(scenario, language="en"):
    return f"/{language}/calculator/scenarios/{scenario.pk}/"


@pytest.fixture
def moved(world, django_capture_on_commit_callbacks):  # noqa: F811
    set_amount(world.measure, 1300)
    publish(django_capture_on_commit_callbacks, world.measure)
    assert ScenarioEvaluation.objects.get(scenario=world.scenario).state == "moved"
    return world


def web_rows():
    return log_rows().exclude(actor_role="system")


def test_the_owner_sees_old_and_new_side_by_side_with_the_change_that_caused_it(client, moved):
    client.force_login(moved.owner)
    response = client.get(page(moved.scenario))
    assert response.status_code == 200
    text = text_of(response)
    assert "The rules changed since you saved this scenario" in text
    assert "Good measure € 8,000.00 € 10,400.00" in text
    assert "€ 1,000 for 8 periods" in text and "€ 1,300 for 8 periods" in text  # the change-log entry, old and new
    # Exactly one log row for the one subject shown (the employer), written by the page's own gate call.
    assert [(row.outcome, row.actor_role, row.channel) for row in web_rows()] == [("granted", "owner", "web")]


def test_the_page_in_french_shows_the_comparison_in_french(client, moved):
    client.force_login(moved.owner)
    text = text_of(client.get(page(moved.scenario, "fr")))
    assert "Les règles ont changé depuis que vous avez enregistré ce scénario" in text
    assert "Règles actuelles" in text


def test_a_scenario_saved_again_after_the_change_shows_no_comparison(client, moved):
    moved.scenario.save()
    client.force_login(moved.owner)
    assert "The rules changed since" not in text_of(client.get(page(moved.scenario)))


def test_anonymous_is_sent_to_log_in_and_nothing_is_logged(client, moved):
    response = client.get(page(moved.scenario))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not web_rows().exists()


@pytest.mark.parametrize("who", ["owner.b@demo.be", "secretariat@demo.be", "agent@demo.be", "auditor@demo.be"])
def test_anyone_but_the_scenario_s_owner_gets_the_404_of_a_missing_id(client, moved, people, who):
    log_in_with_mfa(client, people[who])
    response = client.get(page(moved.scenario))
    assert response.status_code == 404
    assert "10,400.00" not in response.content.decode()
    assert not web_rows().exists()


def test_staff_get_the_404_too(client, moved):
    log_in_with_mfa(client, UserFactory(is_staff=True, is_superuser=True))
    assert client.get(page(moved.scenario)).status_code == 404
    assert not web_rows().exists()


def test_an_owner_who_lost_the_access_is_refused_and_the_refusal_logged_once(client, moved):
    EmployerAccess.objects.filter(user=moved.owner, registration_number="123456749").delete()
    client.force_login(moved.owner)
    response = client.get(page(moved.scenario))
    assert response.status_code == 403
    assert "10,400.00" not in response.content.decode() and "8,000.00" not in response.content.decode()
    assert [(row.outcome, row.reason) for row in web_rows()] == [("refused", "no-access")]


# -- "my data": the choice of e-mails ---------------------------------------------------------------------------------


def test_my_data_offers_the_choice_and_saves_it(client, people):
    owner = people["owner.a@demo.be"]
    client.force_login(owner)
    html = client.get(MY_DATA).content.decode()
    assert "E-mails when the rules change" in html and 'name="rule_changes"' in html and "checked" in html
    response = client.post(MY_DATA, {"language": "de"})  # the box unticked: turned off
    assert response.status_code == 302
    preference = NoticePreference.objects.get(user=owner)
    assert (preference.rule_changes, preference.language) == (False, "de")
    client.post(MY_DATA, {"rule_changes": "on", "language": "fr"})
    preference.refresh_from_db()
    assert (preference.rule_changes, preference.language) == (True, "fr")


def test_a_language_not_offered_is_refused_with_a_message_and_nothing_changes(client, people):
    owner = people["owner.a@demo.be"]
    client.force_login(owner)
    response = client.post(MY_DATA, {"rule_changes": "on", "language": "xx"}, follow=True)
    assert "could not be saved" in response.content.decode()
    assert not NoticePreference.objects.filter(user=owner).exists()


def test_the_choice_is_refused_to_anonymous_visitors(client):
    response = client.post(MY_DATA, {"language": "fr"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not NoticePreference.objects.exists()


def test_saving_the_choice_shows_no_one_s_data_and_logs_nothing(client, people):
    client.force_login(people["owner.a@demo.be"])
    before = Disclosure.objects.count()
    client.post(MY_DATA, {"rule_changes": "on", "language": "nl"})
    assert Disclosure.objects.count() == before


def test_a_scenario_saved_on_the_calculator_page_remembers_the_language_of_its_notices(client, people):
    owner = people["owner.a@demo.be"]
    client.force_login(owner)
    data = pages.calculation_data(action="save", name="Plan in French")
    response = client.post("/fr/calculator/", data)
    assert response.status_code == 302
    assert NoticePreference.objects.get(user=owner).language == "fr"
    make_scenario(owner, name="Other")  # saved elsewhere: the remembered language stays
    assert NoticePreference.objects.get(user=owner).language == "fr"


# -- the demo ---------------------------------------------------------------------------------------------------------


def test_the_demo_has_a_saved_scenario_that_an_announced_change_moves(
    client, people, django_capture_on_commit_callbacks
):
    from measures.demo import MOVED_SCENARIO, load_moved_scenario

    with django_capture_on_commit_callbacks(execute=True):
        scenario = load_moved_scenario()
    assert scenario is not None and scenario.name == MOVED_SCENARIO
    evaluation = ScenarioEvaluation.objects.get(scenario=scenario)
    assert evaluation.state == "moved"
    assert evaluation.before["announced"] != evaluation.after["announced"]  # moved with the announced changes
    client.force_login(people["owner.a@demo.be"])
    text = text_of(client.get(page(scenario)))
    assert "The rules changed since you saved this scenario" in text
    assert "Amounts with the announced changes included" in text
    assert "New rules from" in text  # the change-log entry of the announcement
    assert load_moved_scenario() is None  # run again: nothing more
