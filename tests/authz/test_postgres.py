"""PostgreSQL only: the trigger rejects UPDATE/DELETE, and concurrent writers cannot fork the chain (TRUNCATE and the
database roles: test_postgres_roles.py)."""

import threading
import time

from django.db import connection, connections, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

import pytest

from authz import activities, chain
from authz.models import ChainHead, Disclosure, EmployerAccess
from authz.services import Actor, Subject, disclose
from tests.authz.factories import EmployerAccessFactory


def one_entry() -> None:
    disclose(
        actor=Actor(user=None),
        activity=activities.EMPLOYER_CATEGORY_LOOKUP,
        subjects=[Subject.employer(repertory="RSZ", number="123456749", personal=False)],
        categories=["employer_category"],
    )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE authz_disclosure SET reason = 'forged'",
        "DELETE FROM authz_disclosure",
    ],
)
def test_database_rejects_changes_to_the_log(postgres_db, statement):
    one_entry()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert Disclosure.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks); CI runs it in its second run")
    writers, per_writer, errors = 16, 10, []

    def work():
        try:
            for _ in range(per_writer):
                one_entry()
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Disclosure.objects.count() == writers * per_writer
    result = chain.verify()
    assert result.intact and result.count == writers * per_writer


def _wait_until_a_session_waits_for_a_lock(errors: list, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not errors:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # a transaction sees the statistics as first read
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.02)
    raise AssertionError(f"the gate call never waited for the chain head: {errors}")


@pytest.mark.django_db(transaction=True)
def test_a_decision_sees_what_was_committed_before_the_row_logged_before_it():
    """The gate locks the chain head before it reads anything: a mandate ended by a transaction that held the head
    (another gate call, here simulated) is seen, so the log never shows a grant after the end it follows."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks); CI runs it in its second run")
    access = EmployerAccessFactory(role="mandatary", organisation="Secretariat X")
    subject = Subject.employer(repertory="RSZ", number="123456749", personal=False)
    decisions, errors = [], []

    def gate():
        try:
            decisions.append(
                disclose(
                    actor=Actor(user=access.user, mfa_used=True),
                    activity=activities.REPERTORY_FOR_CALCULATOR,
                    subjects=[subject],
                    categories=["identification"],
                )
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    with transaction.atomic():
        ChainHead.objects.select_for_update().get(pk=1)
        thread = threading.Thread(target=gate)
        thread.start()
        _wait_until_a_session_waits_for_a_lock(errors)
        EmployerAccess.objects.filter(pk=access.pk).update(ended_at=timezone.now())
    thread.join(timeout=30)
    assert errors == []
    assert [decision.granted for decision in decisions] == [False]
    assert list(Disclosure.objects.values_list("outcome", "reason")) == [("refused", "access-expired")]
    assert chain.verify().intact


def test_a_page_of_more_rows_than_one_statement_takes_is_written_in_batches_of_one_chain(postgres_db):
    one_entry()
    subjects = [Subject.employer(repertory="RSZ", number=f"{n:09d}", personal=False) for n in range(2_500)]
    decision = disclose(
        actor=Actor(user=None),
        activity=activities.EMPLOYER_CATEGORY_LOOKUP,
        subjects=subjects,
        categories=["employer_category"],
    )
    assert len(decision.subjects) == 2_500
    assert Disclosure.objects.count() == 2_501
    head = ChainHead.objects.get()
    last = Disclosure.objects.order_by("-position").first()
    assert (head.position, head.hash) == (2_501, last.hash)
    assert Disclosure.objects.get(position=1001).categories == ["employer_category"]
    result = chain.verify()
    assert result.intact and result.count == 2_501


@pytest.mark.django_db(transaction=True)
def test_a_disclosure_committed_while_the_chain_is_read_does_not_break_the_verification(monkeypatch):
    """The rows and the head are read from one snapshot: a row written meanwhile is left for the next verification."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (snapshots); CI runs it in its second run")
    for _ in range(3):
        one_entry()
    stream = chain._stream_rows

    def rows_then_a_new_disclosure(chunk_size, after):
        yield from stream(chunk_size, after)
        writer = threading.Thread(target=lambda: (one_entry(), connections.close_all()))
        writer.start()
        writer.join()

    monkeypatch.setattr(chain, "_stream_rows", rows_then_a_new_disclosure)
    result = chain.verify()
    assert (result.intact, result.count) == (True, 3)
    assert Disclosure.objects.count() == 4
