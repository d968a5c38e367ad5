"""Saved scenarios re-evaluated when the rules change, and their owners told (issue 18, items 2 and 3)."""

from __future__ import annotations

import datetime
import re
from smtplib import SMTPException
from types import SimpleNamespace
from unittest import mock

from django.core import mail

import pytest

from authz.models import Disclosure, EmployerAccess, NoticePreference
from measures import tasks
from measures.changes import notifications, reevaluation
from measures.changes import services as change_log
from measures.loader import load
from measures.models import (
    BenefitRule,
    ChangeBatch,
    ChangeNotice,
    CumulationRule,
    Measure,
    MeasureChange,
    Parameter,
    ScenarioEvaluation,
)
from tests.measures.calculator import test_views as pages
from tests.measures.calculator.test_scenarios import make_scenario
from tests.measures.test_changes_reach import SUBSIDY
from tests.measures.test_loader import write

pytestmark = pytest.mark.django_db

people, catalogue = pages.people, pages.catalogue


@pytest.fixture
def world(people, catalogue, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load(write(tmp_path, [SUBSIDY]))
    owner = people["owner.a@demo.be"]
    NoticePreference.objects.create(user=owner, language="en")
    scenario = make_scenario(owner, name="Plan with a hire")
    return SimpleNamespace(measure=Measure.objects.get(code="test-reach"), scenario=scenario, owner=owner)


def set_amount(measure, amount):
    benefit = BenefitRule.objects.get(version__measure=measure)
    benefit.steps = [[amount, 8]]
    benefit.save()


def publish(capture, measure):
    with capture(execute=True):
        return change_log.publish(measure)


def system_rows():
    return Disclosure.objects.filter(actor_role="system").order_by("position")


def test_a_published_change_marks_the_scenario_it_moves_and_tells_its_owner_once(
    world, django_capture_on_commit_callbacks
):
    set_amount(world.measure, 1300)
    entries = publish(django_capture_on_commit_callbacks, world.measure)
    assert [entry.kind for entry in entries] == ["amount"]
    evaluation = ScenarioEvaluation.objects.get(scenario=world.scenario)
    assert evaluation.state == "moved"
    old = evaluation.before["in_force"]["measures"]["test-reach"]
    new = evaluation.after["in_force"]["measures"]["test-reach"]
    assert (old, new) == ("8000.00", "10400.00")  # 1,000 → 1,300 a quarter over eight quarters, full time
    batch = ChangeBatch.objects.get()
    assert (batch.status, batch.scenarios, batch.moved, batch.refused) == ("done", 1, 1, 0)
    # The employer's facts were read as the system acting for the owner, under the calculator's activity: one row.
    rows = list(system_rows().values_list("actor_id", "acting_for", "outcome", "activity__code", "request_id"))
    assert rows == [(world.owner.pk, "RSZ:123456749", "granted", "benefit-calculator", f"rules-batch-{batch.pk}")]
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["owner.a@demo.be"]
    assert "Plan with a hire" in email.body and "(difference € 2,400.00)" in email.body
    assert f"/en/calculator/scenarios/{world.scenario.pk}/" in email.body
    for personal in ("123456749", "Alfa", "Worker 1", "0812345603"):
        assert personal not in email.body and personal not in email.subject
    # Sent once: sending the notice again (a retried task, a second worker) sends nothing.
    notice = ChangeNotice.objects.get()
    assert notifications.send(notice.pk) == "already sent"
    assert len(mail.outbox) == 1


def test_a_second_batch_that_does_not_move_the_scenario_again_tells_nobody(world, django_capture_on_commit_callbacks):
    set_amount(world.measure, 1300)
    publish(django_capture_on_commit_callbacks, world.measure)
    version = world.measure.versions.get()
    version.note = "wording only"
    version.wage_ceiling = None
    version.age_max = 99
    version.save()
    publish(django_capture_on_commit_callbacks, world.measure)
    assert ChangeBatch.objects.count() == 2
    assert len(mail.outbox) == 1  # the first batch's e-mail only
    assert ScenarioEvaluation.objects.get().state == "moved"  # still moved against the rules it was saved under


def test_a_change_published_and_reverted_before_the_batch_runs_notifies_nobody(
    world, django_capture_on_commit_callbacks
):
    with mock.patch.object(tasks.reevaluate_scenarios, "apply_async") as scheduled:
        set_amount(world.measure, 1300)
        publish(django_capture_on_commit_callbacks, world.measure)
        set_amount(world.measure, 1000)
        publish(django_capture_on_commit_callbacks, world.measure)
    assert scheduled.call_count == 1  # the waiting batch covers the second publication too
    batch = ChangeBatch.objects.get()
    assert MeasureChange.objects.filter(measure=world.measure, kind="amount").count() == 2  # both in the change log
    with django_capture_on_commit_callbacks(execute=True):
        outcome = reevaluation.run(batch.pk)
    assert outcome == {"status": "done", "scenarios": 1, "moved": 0, "refused": 0}
    assert ScenarioEvaluation.objects.get().state == "unchanged"
    assert not ChangeNotice.objects.exists() and not mail.outbox


def test_a_batch_runs_once(world, django_capture_on_commit_callbacks):
    set_amount(world.measure, 1300)
    publish(django_capture_on_commit_callbacks, world.measure)
    batch = ChangeBatch.objects.get()
    assert reevaluation.run(batch.pk) == {"status": "skipped"}
    assert system_rows().count() == 1


def test_an_owner_who_may_no_longer_act_for_the_employer_is_refused_logged_and_told(
    world, django_capture_on_commit_callbacks
):
    EmployerAccess.objects.filter(user=world.owner, registration_number="123456749").update(
        valid_from=datetime.date(2000, 1, 1), valid_until=datetime.date(2000, 1, 2)
    )
    set_amount(world.measure, 1300)
    publish(django_capture_on_commit_callbacks, world.measure)
    evaluation = ScenarioEvaluation.objects.get()
    assert (evaluation.state, evaluation.before, evaluation.after) == ("refused", {}, {})
    assert list(system_rows().values_list("outcome", "reason")) == [("refused", "access-expired")]
    assert len(mail.outbox) == 1
    assert "can no longer be updated" in mail.outbox[0].body and "Plan with a hire" in mail.outbox[0].body


def test_a_user_who_turned_the_notices_off_gets_none_but_the_scenario_is_still_marked(
    world, django_capture_on_commit_callbacks
):
    NoticePreference.objects.filter(user=world.owner).update(rule_changes=False)
    set_amount(world.measure, 1300)
    publish(django_capture_on_commit_callbacks, world.measure)
    assert ScenarioEvaluation.objects.get().state == "moved"
    assert not mail.outbox and not ChangeNotice.objects.exists()


def test_one_email_per_batch_lists_every_scenario_it_moved(world, django_capture_on_commit_callbacks):
    second = make_scenario(world.owner, name="Second plan", hires=2)
    set_amount(world.measure, 1300)
    publish(django_capture_on_commit_callbacks, world.measure)
    assert len(mail.outbox) == 1
    assert "Plan with a hire" in mail.outbox[0].body and second.name in mail.outbox[0].body
    assert "2 of your saved scenarios" in mail.outbox[0].subject


def test_a_scenario_saved_after_the_change_is_not_marked(world, django_capture_on_commit_callbacks):
    set_amount(world.measure, 1300)
    with mock.patch.object(tasks.reevaluate_scenarios, "apply_async"):
        publish(django_capture_on_commit_callbacks, world.measure)
    world.scenario.save()  # saved again under the rules now
    with django_capture_on_commit_callbacks(execute=True):
        reevaluation.run(ChangeBatch.objects.get().pk)
    assert ScenarioEvaluation.objects.get().state == "unchanged"
    assert not mail.outbox


def test_a_mail_server_failure_leaves_the_notice_for_the_retry_which_sends_it_once(
    world, django_capture_on_commit_callbacks
):
    set_amount(world.measure, 1300)
    with mock.patch.object(tasks.send_change_notice, "apply_async"):
        publish(django_capture_on_commit_callbacks, world.measure)
    notice = ChangeNotice.objects.get()
    down = mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=SMTPException("down"))
    with down, pytest.raises(SMTPException):
        notifications.send(notice.pk)
    notice.refresh_from_db()
    assert notice.sent_at is None and not mail.outbox
    assert notifications.send(notice.pk) == "sent"
    assert notifications.send(notice.pk) == "already sent"
    assert len(mail.outbox) == 1
    assert SMTPException in tasks.send_change_notice.autoretry_for


WORDS = {
    "nl": ("De regels", "scenario", "Plan with a hire", "nu"),
    "fr": ("règles", "scénario", "Plan with a hire", "maintenant"),
    "de": ("Regeln", "Szenari", "Plan with a hire", "jetzt"),
    "en": ("rules", "scenario", "Plan with a hire", "now"),
}
DIFFERENCE = {"nl": r"2\.400,00", "fr": r"2\s400,00", "de": r"2\.400,00", "en": r"2,400\.00"}


@pytest.mark.parametrize("language", ["nl", "fr", "de", "en"])
def test_the_email_is_in_the_owner_s_language(world, django_capture_on_commit_callbacks, language):
    NoticePreference.objects.filter(user=world.owner).update(language=language)
    set_amount(world.measure, 1300)
    publish(django_capture_on_commit_callbacks, world.measure)
    email = mail.outbox[0]
    text = f"{email.subject}\n{email.body}"
    for word in WORDS[language]:
        assert word in text, word
    assert re.search(DIFFERENCE[language], email.body)
    assert f"/{language}/calculator/scenarios/{world.scenario.pk}/" in email.body
    if language != "en":
        assert "saved scenarios" not in text  # not left in English


# -- the change log gets shared parameters and cumulation rules too --------------------------------------------------


def test_a_shared_parameter_changed_enters_the_change_log_and_re_evaluates(world, django_capture_on_commit_callbacks):
    value = Parameter.objects.order_by("key", "valid_from").first()
    old = value.value
    value.value = old + 1
    value.save()
    with django_capture_on_commit_callbacks(execute=True):
        entries = change_log.publish_parameters()
    assert [(e.kind, e.parameter, e.field, e.measure) for e in entries] == [("parameter", value.key, "value", None)]
    assert entries[0].old_value == str(old) or float(entries[0].old_value) == float(old)
    assert ChangeBatch.objects.get().status == "done"
    assert change_log.publish_parameters() == []  # published: nothing left


def test_a_parameter_changed_and_changed_back_before_publication_writes_nothing(world):
    value = Parameter.objects.order_by("key", "valid_from").first()
    value.value += 1
    value.save()
    value.value -= 1
    value.save()
    assert change_log.publish_parameters() == []


def test_a_cumulation_rule_published_enters_the_change_log(world, django_capture_on_commit_callbacks):
    other = Measure.objects.exclude(pk=world.measure.pk).filter(is_published=True).first()
    CumulationRule.objects.create(measure=world.measure, kind="cannot_combine", other_measure=other)
    assert [entry.kind for entry in change_log.pending(world.measure)] == ["cumulation"]
    entries = publish(django_capture_on_commit_callbacks, world.measure)
    assert [(entry.kind, entry.new_value[0]["other"]) for entry in entries] == [("cumulation", other.code)]
    assert change_log.pending(world.measure) == []


# -- the admin's reach preview goes through the same facility ---------------------------------------------------------


def test_the_reach_preview_reads_employer_facts_only_through_the_gate_as_the_system(world, people):
    from measures.changes.reach import reach

    secretariat = people["secretariat@demo.be"]
    make_scenario(secretariat, name="Mandatary's plan")  # a valid mandate for employer A
    make_scenario(people["owner.b@demo.be"], name="Plan for A without access")  # owner B may not act for A
    set_amount(world.measure, 1300)
    result = reach(world.measure)["in_force"]
    assert (result.scenarios, result.moved, result.not_recalculated) == (2, 2, 1)
    rows = list(
        system_rows().values_list("actor__email", "acting_for", "outcome", "reason", "activity__code", "request_id")
    )
    assert sorted(rows) == [
        ("owner.a@demo.be", "RSZ:123456749", "granted", "employer-access", "benefit-calculator", "reach-preview"),
        ("owner.b@demo.be", "", "refused", "no-access", "benefit-calculator", "reach-preview"),
        ("secretariat@demo.be", "RSZ:123456749", "granted", "employer-access", "benefit-calculator", "reach-preview"),
    ]  # one row per owner and employer, whatever the number of scenarios
    assert not Disclosure.objects.exclude(actor_role="system").exists()


def test_a_parameter_entry_shows_on_the_change_log_and_in_its_feed(world, client):
    value = Parameter.objects.order_by("key", "valid_from").first()
    value.value += 1
    value.save()
    change_log.publish_parameters()
    page = client.get("/en/measures/changes/").content.decode()
    assert f"The shared parameter “{value.key}”" in page and "Shared parameter" in page
    feed = client.get("/en/measures/changes.atom").content.decode()
    assert f"The shared parameter “{value.key}”" in feed
    assert "/en/measures/changes/#change-" in feed
    # A filter by measure leaves the shared parameters out.
    filtered = client.get("/en/measures/changes/", {"measure": world.measure.code}).content.decode()
    assert f"The shared parameter “{value.key}”" not in filtered


def test_a_later_batch_keeps_the_amounts_under_the_rules_saved_under(world, django_capture_on_commit_callbacks):
    set_amount(world.measure, 1300)
    publish(django_capture_on_commit_callbacks, world.measure)
    first = ScenarioEvaluation.objects.get().before
    with mock.patch.object(reevaluation, "amounts", wraps=reevaluation.amounts) as calculated:
        set_amount(world.measure, 1400)
        publish(django_capture_on_commit_callbacks, world.measure)
    assert calculated.call_count == 1  # the rules now only
    evaluation = ScenarioEvaluation.objects.get()
    assert evaluation.before == first
    assert evaluation.after["in_force"]["measures"]["test-reach"] == "11200.00"
    assert len(mail.outbox) == 2  # each batch moved it: 8,000 → 10,400, then 10,400 → 11,200
    assert "(difference € 800.00)" in mail.outbox[1].body


def test_saving_or_deleting_a_parameter_in_the_admin_publishes_it(world, rf, django_capture_on_commit_callbacks):
    from django.contrib import admin

    from measures.admin import ParameterAdmin

    page = ParameterAdmin(Parameter, admin.site)
    request = rf.post("/admin/measures/parameter/")
    value = Parameter.objects.order_by("key", "valid_from").first()
    value.value += 1
    with django_capture_on_commit_callbacks(execute=True):
        page.save_model(request, value, None, True)
    assert list(MeasureChange.objects.filter(kind="parameter").values_list("field", flat=True)) == ["value"]
    with django_capture_on_commit_callbacks(execute=True):
        page.delete_model(request, value)
    removed = MeasureChange.objects.filter(kind="parameter").order_by("pk").last()
    assert (removed.parameter, removed.new_value) == (value.key, None)


def test_a_later_batch_calculates_again_under_the_saved_rules_when_the_employer_s_facts_changed(
    world, django_capture_on_commit_callbacks
):
    from repertory.models import Employer

    set_amount(world.measure, 1300)
    publish(django_capture_on_commit_callbacks, world.measure)
    Employer.objects.filter(registration_number="123456749").update(importance_code="9")
    with mock.patch.object(reevaluation, "amounts", wraps=reevaluation.amounts) as calculated:
        set_amount(world.measure, 1400)
        publish(django_capture_on_commit_callbacks, world.measure)
    assert calculated.call_count == 2  # the rules now and, the facts being others, the rules it was saved under


# -- fast at the cause: the amounts only, both rules modes from one call, the batch in parts --------------------------


def amounts_of(result) -> list:
    """Everything the result says in figures: per hire, each measure's amount per period, and what did not apply."""
    return [
        (
            [(m.code, [(p.period, p.amount) for p in m.periods]) for m in hire.measures],
            [item.code for item in hire.not_applicable],
        )
        for hire in result.hires
    ]


def varied_hires():
    from decimal import Decimal

    from measures.calculator.values import Hire

    return [
        Hire(
            start_date=datetime.date(2025, 1 + (index * 5) % 12, 1),
            birth_date=datetime.date(1960 + (index * 9) % 45, 1 + index % 12, 1),
            work_fraction=Decimal("1") if index % 3 else Decimal("0.5"),
            gross_monthly_wage=Decimal(2100 + index * 430),
            domicile_region=("BRU", "VLG", "WAL")[index % 3],
            seat_region=("BRU", "VLG", "WAL")[(index + 1) % 3],
            label=f"Worker {index + 1}",
        )
        for index in range(6)
    ]


def test_the_amounts_only_and_both_modes_in_one_call_are_the_engine_s_own_amounts(people, catalogue):
    from measures.calculator import engine, rules
    from measures.calculator.values import EmployerProfile

    book = rules.current_rule_book()
    assert reevaluation._first_announced(book) is not None  # the shipped catalogue has announced changes
    employer = EmployerProfile(
        label="RSZ 123456749",
        employer_type="private",
        category_codes=("010",),
        nace_codes=("62010",),
        importance_code=2,
        seats=(("2123456789", "VLG"),),
        structural_category=1,
    )
    arguments = {"employer": employer, "hires": varied_hires(), "on": datetime.date(2025, 6, 1), "horizon": 12}
    for mode in ("in_force", "announced"):
        worded = engine.calculate(**arguments, rules=book, mode=mode, language="nl")
        bare = engine.calculate(**arguments, rules=book, mode=mode, language="nl", explain=False)
        assert amounts_of(bare) == amounts_of(worded) and bare.total == worded.total
        assert [(c.code, c.delta) for c in bare.announced_changes] == [
            (c.code, c.delta) for c in worded.announced_changes
        ]
        assert worded.notes and any(m.explanation for hire in worded.hires for m in hire.measures)
        assert not bare.notes and not any(m.explanation for hire in bare.hires for m in hire.measures)
    in_force, announced = engine.calculate_both(**arguments, rules=book, explain=False)
    assert amounts_of(in_force) == amounts_of(engine.calculate(**arguments, rules=book, mode="in_force"))
    assert amounts_of(announced) == amounts_of(engine.calculate(**arguments, rules=book, mode="announced"))
    assert in_force.total != announced.total  # the announced changes reach these hires: two different calculations


def test_a_batch_in_parts_tells_each_owner_once_and_logs_one_gate_row_per_owner_and_employer(
    world, people, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(reevaluation, "PART_SCENARIOS", 1)
    make_scenario(world.owner, name="Second plan", hires=2)
    secretariat = people["secretariat@demo.be"]
    make_scenario(secretariat, name="Mandatary's plan")
    with mock.patch.object(
        tasks.reevaluate_scenarios_part, "apply_async", wraps=tasks.reevaluate_scenarios_part.apply_async
    ) as parts:
        set_amount(world.measure, 1300)
        publish(django_capture_on_commit_callbacks, world.measure)
    assert parts.call_count == 2  # one part per owner here (an owner's scenarios are never split)
    batch = ChangeBatch.objects.get()
    assert (batch.status, batch.parts, sorted(batch.parts_done)) == ("done", 2, [0, 1])
    assert (batch.scenarios, batch.moved, batch.refused) == (3, 3, 0)
    rows = sorted(system_rows().values_list("actor__email", "acting_for", "outcome"))
    assert rows == [
        ("owner.a@demo.be", "RSZ:123456749", "granted"),
        ("secretariat@demo.be", "RSZ:123456749", "granted"),
    ]
    assert sorted(message.to[0] for message in mail.outbox) == ["owner.a@demo.be", "secretariat@demo.be"]
    assert "2 of your saved scenarios" in next(m.subject for m in mail.outbox if m.to == ["owner.a@demo.be"])
    # A part delivered again (a worker lost after its work) does nothing: no second count, log row or e-mail.
    owners = sorted({world.owner.pk, secretariat.pk})
    assert reevaluation.run_part(batch.pk, 0, owners[:1]) == {"status": "skipped"}
    batch.refresh_from_db()
    assert batch.scenarios == 3 and system_rows().count() == 2 and len(mail.outbox) == 2


def test_the_batch_ends_once_when_its_last_part_ends(world, people, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(reevaluation, "PART_SCENARIOS", 1)
    make_scenario(people["secretariat@demo.be"], name="Mandatary's plan")
    with mock.patch.object(tasks.reevaluate_scenarios_part, "apply_async"):  # the parts wait, as on a busy worker
        set_amount(world.measure, 1300)
        publish(django_capture_on_commit_callbacks, world.measure)
    batch = ChangeBatch.objects.get()
    assert (batch.status, batch.parts) == ("running", 2)
    owners = sorted([world.owner.pk, people["secretariat@demo.be"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        reevaluation.run_part(batch.pk, 1, owners[1:])
    batch.refresh_from_db()
    assert batch.status == "running" and not mail.outbox  # nothing sent before the batch is done
    with django_capture_on_commit_callbacks(execute=True):
        reevaluation.run_part(batch.pk, 0, owners[:1])
    batch.refresh_from_db()
    assert (batch.status, batch.scenarios, batch.moved) == ("done", 2, 2)
    assert len(mail.outbox) == 2


def test_a_part_that_fails_midway_leaves_nothing_and_its_next_delivery_tells_everyone(
    world, people, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(reevaluation, "PART_SCENARIOS", 1)
    secretariat = people["secretariat@demo.be"]
    make_scenario(secretariat, name="Mandatary's plan")
    with mock.patch.object(tasks.reevaluate_scenarios_part, "apply_async"):  # the parts wait
        set_amount(world.measure, 1300)
        publish(django_capture_on_commit_callbacks, world.measure)
    batch = ChangeBatch.objects.get()
    owners = sorted([world.owner.pk, secretariat.pk])
    from measures.changes import notifications

    with (
        mock.patch.object(notifications, "record", side_effect=RuntimeError("worker lost")),
        pytest.raises(RuntimeError),
    ):
        reevaluation.run_part(batch.pk, 0, owners[:1])
    batch.refresh_from_db()
    assert batch.parts_done == [] and not ScenarioEvaluation.objects.exists()  # the failed part wrote nothing
    with django_capture_on_commit_callbacks(execute=True):
        reevaluation.run_part(batch.pk, 0, owners[:1])  # delivered again
        reevaluation.run_part(batch.pk, 1, owners[1:])
    batch.refresh_from_db()
    assert (batch.status, batch.scenarios, batch.moved) == ("done", 2, 2)
    assert sorted(message.to[0] for message in mail.outbox) == ["owner.a@demo.be", "secretariat@demo.be"]
