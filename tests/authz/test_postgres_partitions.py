"""PostgreSQL only: the disclosure log partitioned by month (migration authz/0014) keeps its chain, its checkpoints
and its append-only protections on every partition; verification runs from the latest checkpoint or in full."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
import time_machine

from authz import chain, checkpoints, partitions
from authz.models import ChainVerification, Disclosure
from authz.services import record_verification
from authz.tasks import add_disclosure_partitions, verify_disclosures
from tests.authz.test_chain import run_verify, write_entries
from tests.authz.test_chain_attacks import holding_the_database
from tests.authz.test_postgres_roles import acting_as, refused, settle

pytestmark = pytest.mark.real_services


def month_start(day: date, months: int = 0) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def partition_name(day: date) -> str:
    return f"authz_disclosure_y{day.year}m{day.month:02d}"


def today() -> date:
    return timezone.now().astimezone(UTC).date()


def partition_of(position: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM authz_disclosure WHERE position = %s", [position])
        return cursor.fetchone()[0]


def write_in(month: date, count: int) -> None:
    """Write ``count`` entries through the gate with the clock in the middle of ``month``."""
    with time_machine.travel(datetime(month.year, month.month, 15, 10, tzinfo=UTC), tick=False):
        write_entries(count)


@pytest.fixture
def old_month(postgres_db) -> date:
    """A month three months back, with its partition made (the migration made the current and the next month)."""
    month = month_start(today(), -3)
    partitions.add_partitions(on=month, months_ahead=0)
    return month


def tamper(position: int, *, column: str = "outcome", value: str = "refused") -> None:
    """Change one entry in place, as the tables' owner with the triggers off."""
    with holding_the_database() as cursor:
        cursor.execute(f'UPDATE authz_disclosure SET "{column}" = %s WHERE position = %s', [value, position])  # noqa: S608


def test_the_log_is_partitioned_by_month_and_rows_land_in_the_partition_of_their_month(old_month):
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = 'authz_disclosure'::regclass")
        assert cursor.fetchone()[0] == "p"
    write_in(old_month, 2)
    write_entries(1)
    write_in(date(2031, 5, 1), 1)  # a month without a partition of its own
    assert [partition_of(position) for position in (1, 2, 3, 4)] == [
        partition_name(old_month),
        partition_name(old_month),
        partition_name(today()),
        "authz_disclosure_default",
    ]
    assert Disclosure.objects.count() == 4 and chain.verify().intact


def test_the_migration_made_the_current_and_the_next_month_and_the_default(postgres_db):
    names = [name for name, _bounds in partitions.partitions()]
    assert {partition_name(today()), partition_name(month_start(today(), 1)), "authz_disclosure_default"} <= set(names)
    assert names[-1] == "authz_disclosure_default"


def test_the_beat_task_makes_the_months_ahead_once(postgres_db, settings):
    assert settings.CELERY_BEAT_SCHEDULE["add-disclosure-log-partitions"]["task"] == "authz.add_disclosure_partitions"
    ahead = [partition_name(month_start(today(), months)) for months in range(partitions.MONTHS_AHEAD + 1)]
    made = add_disclosure_partitions()
    assert set(made) | set(dict(partitions.partitions())) >= set(ahead)
    assert add_disclosure_partitions() == []  # idempotent
    bounds = dict(partitions.partitions())[ahead[-1]]
    last = month_start(today(), partitions.MONTHS_AHEAD)
    assert f"FROM ('{last:%Y-%m-%d} 00:00:00+00') TO ('{month_start(last, 1):%Y-%m-%d} 00:00:00+00')" in bounds


def test_a_month_with_rows_in_the_default_partition_gets_no_partition_of_its_own(postgres_db):
    write_in(date(2031, 5, 1), 1)
    assert partitions.add_partitions(on=date(2031, 5, 1), months_ahead=1) == [partition_name(date(2031, 6, 1))]
    assert partition_of(1) == "authz_disclosure_default"
    write_in(date(2031, 6, 1), 1)
    assert partition_of(2) == partition_name(date(2031, 6, 1))


# Verification: full and incremental --------------------------------------------------------------------------------


def test_a_change_in_an_old_partition_is_found_by_the_full_verification(old_month):
    write_in(old_month, 3)
    write_entries(3)
    assert record_verification().intact  # signs a checkpoint at entry 6
    tamper(2)
    code, _out, err = run_verify()
    assert code == 1 and "BROKEN at entry 2" in err
    # The incremental verification starts at the checkpoint after it, and says so: only the full one sees entry 2.
    code, out, _err = run_verify("--incremental")
    assert code == 0 and "none after the checkpoint at entry 6" in out
    write_entries(2)
    code, out, _err = run_verify("--incremental")
    assert code == 0 and "intact: 8 entries, entries 7 to 8 recomputed from the checkpoint at entry 6" in out


def test_the_incremental_verification_starts_at_the_latest_checkpoint_and_finds_a_change_after_it(old_month):
    write_in(old_month, 3)
    assert record_verification().intact
    first = checkpoints.latest()
    write_entries(4)
    assert record_verification(incremental=True).intact
    latest = checkpoints.latest()
    assert (first.position, latest.position) == (3, 7)
    stored = ChainVerification.objects.order_by("-pk").first()
    assert (stored.intact, stored.since_position, stored.count) == (True, 3, 7)
    write_entries(2)
    tamper(8)
    with CaptureQueriesContext(connection) as queries:
        result = record_verification(incremental=True)
    assert (result.intact, result.first_broken_position) == (False, 8)
    assert "was changed after it was written" in result.detail
    # It read the entries from the checkpoint's on, not the whole chain.
    reads = [query["sql"] for query in queries.captured_queries if "prev_hash" in query["sql"]]
    assert reads and all('"position" >= 7' in sql for sql in reads)
    assert checkpoints.latest().position == 7  # nothing signed over a broken chain


def test_the_scheduled_verification_is_incremental_and_the_auditors_button_is_full(old_month, settings):
    write_in(old_month, 2)
    assert record_verification().intact
    tamper(1)
    write_entries(1)
    assert verify_disclosures()["intact"] is True
    assert verify_disclosures(full=True) == {"intact": False, "count": 0, "first_broken": 1}


def test_a_checkpoint_that_does_not_match_its_entry_breaks_the_incremental_verification(old_month):
    write_in(old_month, 2)
    write_entries(1)
    assert record_verification().intact
    tamper(3, column="hash", value="f" * 64)  # the checkpoint's own entry, re-sealed
    result = record_verification(incremental=True, store=False)
    assert (result.intact, result.first_broken_position) == (False, 3)
    assert "is not the one the checkpoint" in result.detail


def test_an_entry_written_twice_into_two_partitions_is_found(old_month):
    """A unique index cannot span the partitions: the verification reports a duplicated position."""
    write_in(old_month, 1)
    write_in(month_start(today(), -1), 1)
    columns = ", ".join(f'"{name}"' for name in (*chain.HASHED_FIELDS, "key_id", "hash") if name != "occurred_at")
    with holding_the_database() as cursor:
        cursor.execute(
            f"INSERT INTO authz_disclosure ({columns}, occurred_at) "  # noqa: S608
            f"SELECT {columns}, occurred_at + interval '1 month' FROM authz_disclosure WHERE position = 2"
        )
    result = chain.verify()
    assert (result.intact, result.first_broken_position, result.detail) == (False, 2, "entry 2 appears twice")


# The append-only protections on each partition ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "match"),
    [
        ("UPDATE {part} SET reason = 'forged'", "append-only: UPDATE rejected"),
        ("DELETE FROM {part}", "append-only: DELETE rejected"),
        ("TRUNCATE {part}", "append-only: TRUNCATE rejected"),
    ],
)
def test_a_partition_itself_refuses_update_delete_and_truncate(old_month, statement, match):
    write_in(old_month, 1)
    settle()
    refused(statement.format(part=partition_name(old_month)), match=match)
    if "TRUNCATE" in statement:
        refused(statement.format(part="authz_disclosure_default"), match=match)
    assert Disclosure.objects.count() == 1


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE {part} SET reason = 'forged'",
        "DELETE FROM {part}",
        "TRUNCATE {part}",
        "ALTER TABLE {part} DISABLE TRIGGER USER",
        "DROP TABLE {part}",
        "ALTER TABLE authz_disclosure DETACH PARTITION {part}",
        "CREATE TABLE authz_disclosure_y2040m01 PARTITION OF authz_disclosure "
        "FOR VALUES FROM ('2040-01-01') TO ('2040-02-01')",
    ],
)
def test_the_runtime_role_may_not_change_a_partition(roles, statement):
    _, runtime = roles
    write_entries(1)
    settle()
    with acting_as(runtime):
        error = refused(statement.format(part=partition_name(today())))
    assert "permission denied" in error or "must be owner" in error
    assert Disclosure.objects.count() == 1


def test_the_partitions_made_later_carry_the_logs_grants_and_the_runtime_role_may_make_them(roles):
    owner, runtime = roles
    with acting_as(runtime):
        made = partitions.add_partitions(on=date(2040, 1, 1), months_ahead=0)
        assert made == ["authz_disclosure_y2040m01"]
        with time_machine.travel(datetime(2040, 1, 10, tzinfo=UTC), tick=False):
            write_entries(1)
        settle()
        assert "permission denied" in refused("UPDATE authz_disclosure_y2040m01 SET reason = 'forged'")
        assert "permission denied" in refused("TRUNCATE authz_disclosure_y2040m01")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_userbyid(relowner), has_table_privilege(%s, oid, 'UPDATE'), "
            "has_table_privilege(%s, oid, 'INSERT') FROM pg_class WHERE relname = 'authz_disclosure_y2040m01'",
            [runtime, runtime],
        )
        assert cursor.fetchone() == (owner, False, True)
    assert partition_of(1) == "authz_disclosure_y2040m01"


def test_the_command_gives_every_partition_the_logs_grants(roles):
    owner, runtime = roles
    partitions.add_partitions(on=today() - timedelta(days=400), months_ahead=0)
    call_command("create_database_roles", owner=owner, runtime=runtime, no_login=True, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_userbyid(c.relowner), has_table_privilege(%s, c.oid, 'UPDATE'), "
            "has_table_privilege(%s, c.oid, 'DELETE'), has_table_privilege(%s, c.oid, 'SELECT') "
            "FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'authz_disclosure'::regclass",
            [runtime, runtime, runtime],
        )
        rows = cursor.fetchall()
    assert len(rows) >= 4
    assert {row[1:] for row in rows} == {(owner, False, False, True)}
