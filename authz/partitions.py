"""The monthly partitions of the disclosure log on PostgreSQL (migration authz/0014): made ahead of time, listed.

SQLite keeps the log in one plain table: there every function here does nothing.
"""

from __future__ import annotations

from datetime import UTC, date

from django.db import connection
from django.utils import timezone

#: Months made ahead of the current one by the daily beat task: a missed run or two still leaves the next month ready
#: (a row whose month has no partition would go to the DEFAULT partition, which keeps its month from getting one).
MONTHS_AHEAD = 3


def add_partitions(*, months_ahead: int = MONTHS_AHEAD, on: date | None = None) -> list[str]:
    """Make the partitions of the current month (in UTC) and of ``months_ahead`` months after it that do not exist
    yet; return the names of those made (none when they all exist: it may run any number of times)."""
    if connection.vendor != "postgresql":
        return []
    on = on or timezone.now().astimezone(UTC).date()
    with connection.cursor() as cursor:
        cursor.execute("SELECT authz_disclosure_add_partitions(%s, %s)", [date(on.year, on.month, 1), months_ahead + 1])
        return [row[0] for row in cursor.fetchall()]


def partitions() -> list[tuple[str, str]]:
    """The log's partitions and their bounds (as PostgreSQL writes them), oldest month first, DEFAULT last."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'authz_disclosure'::regclass "
            "ORDER BY c.relname = 'authz_disclosure_default', c.relname"
        )
        return cursor.fetchall()
