"""PostgreSQL only: the owner and runtime roles of create_database_roles, the grants and triggers seen from the runtime
role, and TRUNCATE refused but for the test runner's own flush.

The roles are created inside the test's transaction (CREATE ROLE is transactional), so they vanish with it; the
test takes them with SET LOCAL ROLE, which checks every privilege as that role would.
"""

from __future__ import annotations

import io
import uuid
from contextlib import contextmanager

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction

import pytest

from authz import activities, chain
from authz.models import ChainHead, Disclosure
from authz.services import Actor, Subject, disclose

pytestmark = pytest.mark.real_services

A = Subject.employer(repertory="RSZ", number="123456749", personal=False)


def lookup() -> None:
    disclose(
        actor=Actor(user=None),
        activity=activities.EMPLOYER_CATEGORY_LOOKUP,
        subjects=[A],
        categories=["employer_category"],
    )


@contextmanager
def acting_as(role: str):
    """Run the block as ``role`` (privileges and ownership checked as for that role), then switch back."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {connection.ops.quote_name(role)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def settle() -> None:
    """Run the foreign keys' checks now (deferred to the commit otherwise): TRUNCATE waits for none pending."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def refused(statement: str, params=(), match: str | None = None) -> str:
    """Run the statement in a savepoint; return the error PostgreSQL gave (the test fails when there is none)."""
    with pytest.raises(DatabaseError, match=match) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)
    return str(caught.value)


def test_the_command_is_idempotent_and_the_owner_owns_the_log(roles):
    owner, runtime = roles
    call_command("create_database_roles", owner=owner, runtime=runtime, no_login=True, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname IN ('authz_disclosure', 'authz_chainhead')"
        )
        assert {row[0] for row in cursor.fetchall()} == {owner}
        cursor.execute("SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'authz_advance_chain_head'")
        assert cursor.fetchone() == (owner,)


def test_the_runtime_role_writes_the_log_through_the_gate(roles):
    _, runtime = roles
    lookup()
    with acting_as(runtime):
        lookup()
        lookup()
        assert Disclosure.objects.count() == 3
    head = ChainHead.objects.get()
    assert (head.position, head.hash) == (3, Disclosure.objects.get(position=3).hash)
    assert chain.verify().intact


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE authz_disclosure SET reason = 'forged'",
        "DELETE FROM authz_disclosure",
        "TRUNCATE authz_disclosure",
        "ALTER TABLE authz_disclosure DISABLE TRIGGER USER",
        "ALTER TABLE authz_disclosure DISABLE TRIGGER authz_disclosure_no_update_delete",
        "DROP TRIGGER authz_disclosure_no_update_delete ON authz_disclosure",
        "UPDATE authz_chainhead SET position = 0, hash = repeat('0', 64)",
        "DELETE FROM authz_chainhead",
        "TRUNCATE authz_chainhead",
        "ALTER TABLE authz_chainhead DISABLE TRIGGER USER",
        "CREATE TABLE authz_evil (id int)",
    ],
)
def test_the_runtime_role_may_not_change_the_log_nor_its_head(roles, statement):
    _, runtime = roles
    lookup()
    settle()
    with acting_as(runtime):
        error = refused(statement)
    assert "permission denied" in error or "must be owner" in error
    assert Disclosure.objects.count() == 1 and ChainHead.objects.get().position == 1


def test_the_runtime_role_moves_the_head_only_forward_onto_the_rows_it_just_wrote(roles):
    _, runtime = roles
    lookup()
    lookup()
    first = Disclosure.objects.get(position=1)
    second = Disclosure.objects.get(position=2)
    with acting_as(runtime):
        for arguments in (
            (1, first.hash, 0, first.occurred_at),
            (1, first.hash, -1, first.occurred_at),
            (3, "f" * 64, 1, second.occurred_at),
            (5, first.hash, 3, first.occurred_at),
        ):
            refused("SELECT authz_advance_chain_head(%s, %s, %s, %s)", arguments, match="only forward")
    assert ChainHead.objects.get().position == 2


def test_the_owner_is_stopped_by_the_triggers_unless_it_disables_them(roles):
    """The owner's own statements meet the triggers; ALTER TABLE ... DISABLE TRIGGER is the owner's alone (the
    signed checkpoints are what catches that)."""
    owner, _ = roles
    lookup()
    lookup()
    settle()
    with acting_as(owner):
        refused("UPDATE authz_disclosure SET reason = 'forged'", match="append-only: UPDATE rejected")
        refused("DELETE FROM authz_disclosure WHERE position = 2", match="append-only: DELETE rejected")
        refused("TRUNCATE authz_disclosure", match="append-only: TRUNCATE rejected")
        refused("UPDATE authz_chainhead SET position = 1", match="only moves forward: UPDATE rejected")
        refused("DELETE FROM authz_chainhead", match="only moves forward: DELETE rejected")
        refused("TRUNCATE authz_chainhead", match="only moves forward: TRUNCATE rejected")
    assert Disclosure.objects.count() == 2


# TRUNCATE and the test runner's flush ------------------------------------------------------------------------------


def test_truncate_is_refused_in_the_test_database_itself(postgres_db):
    assert connection.settings_dict["NAME"].startswith("test_")
    lookup()
    settle()
    refused("TRUNCATE authz_disclosure", match="append-only: TRUNCATE rejected")
    refused("TRUNCATE authz_disclosure, authz_chainhead CASCADE", match="TRUNCATE rejected")
    assert Disclosure.objects.count() == 1


def test_the_test_runners_flush_empties_the_log(postgres_db):
    lookup()
    settle()
    tables = [Disclosure._meta.db_table, ChainHead._meta.db_table]

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))
        assert not Disclosure.objects.exists() and not ChainHead.objects.exists()
        raise Undo
    # The setting the flush used ended with its transaction (here a savepoint, rolled back).
    refused("TRUNCATE authz_disclosure", match="TRUNCATE rejected")
    assert Disclosure.objects.count() == 1


def test_the_flush_setting_does_not_open_truncate_outside_a_test_database(postgres_db):
    """Migration 0011's triggers in a database not named test_...: TRUNCATE is refused even with the flush's setting,
    as are UPDATE and moving the head back."""
    from importlib import import_module

    import psycopg

    migration = import_module("authz.migrations.0011_disclosure_chain_key")
    settings = connection.settings_dict
    params = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
    }
    name = f"portal_truncate_probe_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname=settings["NAME"], autocommit=True, **params) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(dbname=name, autocommit=True, **params) as probe:
            probe.execute("CREATE TABLE authz_disclosure (position bigint, hash varchar(64))")
            probe.execute("CREATE TABLE authz_chainhead (id int, position bigint, hash varchar(64))")
            probe.execute(import_module("authz.migrations.0004_append_only_trigger").FORWARD)
            probe.execute(migration.forward_sql('"public"'))
            probe.execute("INSERT INTO authz_disclosure VALUES (1, 'h'), (2, 'i')")
            probe.execute("INSERT INTO authz_chainhead VALUES (1, 2, 'i')")
            with probe.transaction():
                probe.execute("SET LOCAL portal.test_flush = 'on'")
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only: TRUNCATE rejected"):
                    probe.execute("TRUNCATE authz_disclosure")
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only moves forward: UPDATE rejected"):
                probe.execute("UPDATE authz_chainhead SET position = 1, hash = 'h'")
            assert probe.execute("SELECT count(*) FROM authz_disclosure").fetchone() == (2,)
    finally:
        with psycopg.connect(dbname=settings["NAME"], autocommit=True, **params) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
