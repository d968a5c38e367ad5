"""The re-evaluation of saved scenarios and its e-mail through the real Redis broker and a real Celery worker, on
PostgreSQL (CI's second run sets DATABASE_URL and REDIS_URL)."""

import io
from unittest import mock

from django.core import mail

import pytest

from authz.models import Disclosure, NoticePreference
from measures import tasks
from measures.changes import services as change_log
from measures.loader import load
from measures.models import ChangeBatch, ChangeNotice, Measure, ScenarioEvaluation
from portal.celery import app
from tests.measures.calculator.test_scenarios import make_scenario
from tests.measures.test_changes_reach import SUBSIDY
from tests.measures.test_loader import write
from tests.measures.test_reevaluation import set_amount


@pytest.mark.real_celery
@pytest.mark.django_db(transaction=True)
def test_a_published_change_is_re_evaluated_and_told_by_a_real_worker(postgres_db, request, tmp_path):
    from authz import demo as authz_demo
    from portal.demo import load_accounts
    from repertory import demo as repertory_demo

    assert not app.conf.task_always_eager
    owner = load_accounts()["owner.a@demo.be"]
    repertory_demo.load(stdout=io.StringIO())
    authz_demo.load(stdout=io.StringIO())
    with mock.patch.object(tasks.reevaluate_scenarios, "apply_async"):
        load(write(tmp_path, [SUBSIDY]))
    NoticePreference.objects.create(user=owner, language="en")
    scenario = make_scenario(owner, name="Plan on a real worker")
    measure = Measure.objects.get(code="test-reach")
    set_amount(measure, 1300)
    with mock.patch.object(tasks.reevaluate_scenarios, "apply_async") as scheduled:
        change_log.publish(measure)
    assert scheduled.call_count == 1  # the publication scheduled its batch (sent here to this test's own queue)
    batch = ChangeBatch.objects.get(status="pending")
    queue = request.getfixturevalue("celery_worker_queue")
    outcome = tasks.reevaluate_scenarios.apply_async((batch.pk,), queue=queue).get(timeout=120)
    assert outcome["status"] in ("running", "done")  # its parts are tasks of their own, on the same queue
    import time

    for _ in range(600):
        batch.refresh_from_db()
        if batch.status == "done":
            break
        time.sleep(0.1)
    assert (batch.status, batch.scenarios, batch.moved, batch.refused) == ("done", 1, 1, 0)
    assert ScenarioEvaluation.objects.get(scenario=scenario).state == "moved"
    row = Disclosure.objects.get(actor_role="system")
    assert (row.actor_id, row.acting_for, row.outcome) == (owner.pk, "RSZ:123456749", "granted")
    notice = ChangeNotice.objects.get(batch=batch)
    # The e-mail task followed on the same queue; wait for it (the worker runs in this process: locmem's outbox).
    for _ in range(200):
        notice.refresh_from_db()
        if notice.sent_at is not None:
            break
        time.sleep(0.1)
    assert notice.sent_at is not None
    assert [message.to for message in mail.outbox] == [["owner.a@demo.be"]]
    assert "Plan on a real worker" in mail.outbox[0].body
