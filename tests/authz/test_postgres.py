"""PostgreSQL only: the trigger rejects UPDATE/DELETE/TRUNCATE, and concurrent writers cannot fork the chain."""

import threading

from django.db import connection, connections, transaction
from django.db.utils import DatabaseError

import pytest

from authz import activities, chain
from authz.models import Disclosure
from authz.services import Actor, Subject, disclose


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


def test_database_rejects_truncate_outside_test_databases(postgres_db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'authz_disclosure_append_only'")
        source = cursor.fetchone()[0]
    assert "TRUNCATE" in source and "test" in source


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks); CI runs it in its second run")
    writers, per_writer, errors = 8, 10, []

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
