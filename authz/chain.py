"""The hash chain of the disclosure log: canonical JSON, SHA-256, keyed pseudonyms, appending and verifying."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction

from authz.models import ChainHead, Disclosure

GENESIS_HASH = "0" * 64

#: The fields of a row that the hash covers, in the order they are read back for verification.
HASHED_FIELDS = (
    "position",
    "occurred_at",
    "request_id",
    "actor_id",
    "actor_role",
    "acting_for",
    "organisation",
    "activity_id",
    "subject_kind",
    "subject_pseudonym",
    "personal",
    "categories",
    "channel",
    "outcome",
    "reason",
    "justification",
    "period_from",
    "period_until",
    "prev_hash",
)


def _pseudonym_key() -> bytes:
    configured = settings.DISCLOSURE_PSEUDONYM_KEY
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"disclosure-pseudonym", hashlib.sha256).digest()


def pseudonymise(kind: str, identifier: str) -> str:
    """HMAC-SHA256 of the subject under DISCLOSURE_PSEUDONYM_KEY: the clear identifier never enters the log."""
    return hmac.new(_pseudonym_key(), f"{kind}:{identifier}".encode(), hashlib.sha256).hexdigest()


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot hash a {type(value).__name__}")


_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=_canonical)


def row_hash(values: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of the row: an array of the hashed fields in HASHED_FIELDS order,
    no spaces, UTF-8, times in UTC ISO 8601 and dates in ISO 8601."""
    return _hash_tuple(tuple(values[name] for name in HASHED_FIELDS))


def _hash_tuple(row: tuple) -> str:
    return hashlib.sha256(_ENCODER.encode(row).encode()).hexdigest()


def append(rows: list[dict[str, Any]], *, head: ChainHead | None = None) -> list[dict[str, Any]]:
    """Append rows to the chain, holding the chain head locked meanwhile; return them as written (with position,
    prev_hash and hash).

    Without ``head``, in a transaction of its own (or a savepoint of the caller's) that locks the head. With
    ``head``, the caller locked it with :func:`lock_head` in the transaction it is still in (the gate does, so that
    it decides and writes under the same lock).
    """
    if not rows:
        return []
    if head is None:
        with transaction.atomic():
            return _write(_locked_head(), rows)
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("chain.append(head=...) must run in the transaction that locked the head")
    return _write(head, rows)


def lock_head(
    *, also_select: tuple[str, Sequence[Any]] | None = None, then: tuple[str, Sequence[Any]] | None = None
) -> ChainHead:
    """Lock the chain head FOR UPDATE until the caller's transaction ends; call it inside ``transaction.atomic()``.

    Writers take this lock before anything else they read or write in the transaction, so that two writers cannot
    wait for each other (the lock order is the same for all) and the log order is the order of the decisions.
    ``also_select`` (an SQL expression, such as a scalar subquery, and its parameters) is read in the same statement;
    its value is the head's attribute ``also``. ``then`` (a SELECT and its parameters) runs once the lock is held, on
    PostgreSQL in the same round trip; its rows are the head's attribute ``then_rows``.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("chain.lock_head() outside a transaction would release the lock at once")
    return _locked_head(also_select, then)


def _write(head: ChainHead, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    position, prev = head.position, head.hash
    entries = []
    for values in rows:
        position += 1
        values = {**values, "position": position, "prev_hash": prev}
        values["hash"] = prev = row_hash(values)
        entries.append(values)
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        _insert_and_move_head(connection, entries)
    else:
        Disclosure.objects.bulk_create([Disclosure(**values) for values in entries])
        ChainHead.objects.filter(pk=1).update(position=position, hash=prev)
    head.position, head.hash = position, prev
    return entries


#: The columns the log rows are written in, their SQL placeholders (categories are JSON), and rows a statement.
_COLUMNS = tuple(Disclosure._meta.get_field(name).column for name in (*HASHED_FIELDS, "hash"))
_PLACEHOLDERS = "(" + ", ".join("%s::jsonb" if name == "categories" else "%s" for name in _COLUMNS) + ")"
_BATCH = 1000


def _insert_and_move_head(connection, entries: list[dict[str, Any]]) -> None:
    """On PostgreSQL: the rows and the new head in one statement (a data-modifying WITH), one round trip.

    Hand-written SQL where the ORM needs two statements: the gate writes on every page that shows personal data.
    """
    names = (*HASHED_FIELDS, "hash")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # In batches that stay far below PostgreSQL's 65,535 parameters a statement; each moves the head to its end.
        for start in range(0, len(entries), _BATCH):
            batch = entries[start : start + _BATCH]
            parameters: list[Any] = []
            for values in batch:
                parameters.extend(json.dumps(values[name]) if name == "categories" else values[name] for name in names)
            # Names from the models' metadata, quoted; every value is a parameter.
            sql = (
                f"WITH written AS (INSERT INTO {quote(Disclosure._meta.db_table)} ({', '.join(map(quote, _COLUMNS))}) "  # noqa: S608
                f"VALUES {', '.join([_PLACEHOLDERS] * len(batch))} RETURNING 1) "
                f"UPDATE {quote(ChainHead._meta.db_table)} SET {quote('position')} = %s, {quote('hash')} = %s "
                f"WHERE {quote('id')} = 1"
            )
            cursor.execute(sql, [*parameters, batch[-1]["position"], batch[-1]["hash"]])


def _locked_head(
    also_select: tuple[str, Sequence[Any]] | None = None, then: tuple[str, Sequence[Any]] | None = None
) -> ChainHead:
    # Hand-written SQL, as the log write above: the gate runs this on every disclosure and the ORM's statement
    # building costs more than the statement itself.
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    expression, parameters = also_select or ("NULL", ())
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    # Names from the models' metadata, quoted; the caller's expression takes its values as parameters.
    sql = (
        f"SELECT {quote('position')}, {quote('hash')}, {expression} FROM {quote(ChainHead._meta.db_table)} "  # noqa: S608
        f"WHERE {quote('id')} = 1{lock}"
    )
    # On PostgreSQL (client-side binding) both statements go in one round trip; they run in order, so the second
    # reads once the lock is held.
    together = then is not None and connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for _attempt in range(2):
            if together:
                cursor.execute(f"{sql}; {then[0]}", [*parameters, *then[1]])
            else:
                cursor.execute(sql, list(parameters))
            row = cursor.fetchone()
            if row is not None:
                break
            ChainHead.objects.get_or_create(pk=1, defaults={"position": 0, "hash": GENESIS_HASH})
        then_rows: list = []
        if then is not None:
            if together:
                cursor.nextset()
            else:
                cursor.execute(then[0], list(then[1]))
            then_rows = cursor.fetchall()
    head = ChainHead(id=1, position=row[0], hash=row[1])
    head.also, head.then_rows = row[2], then_rows
    return head


@dataclass(frozen=True)
class Verification:
    intact: bool
    count: int
    head_position: int
    head_hash: str
    first_broken_position: int | None = None
    detail: str = ""


_POSITION, _PREV = HASHED_FIELDS.index("position"), HASHED_FIELDS.index("prev_hash")


def _stream_rows(chunk_size: int) -> Iterator[tuple]:
    """(hashed fields..., hash) tuples in chain order, read with a server-side cursor where there is one."""
    queryset = Disclosure.objects.order_by("position").values_list(*HASHED_FIELDS, "hash")
    return queryset.iterator(chunk_size=chunk_size)


def verify(*, chunk_size: int = 10_000) -> Verification:
    """Recompute the chain from the first entry, streamed; report the first entry that does not match."""
    expected_prev, expected_position, count = GENESIS_HASH, 1, 0
    for row in _stream_rows(chunk_size):
        position, stored_hash = row[_POSITION], row[-1]
        if position != expected_position:
            return _broken(count, expected_prev, expected_position, f"entry {expected_position} is missing")
        if row[_PREV] != expected_prev:
            return _broken(count, expected_prev, position, f"entry {position} does not follow entry {position - 1}")
        if _hash_tuple(row[:-1]) != stored_hash:
            return _broken(count, expected_prev, position, f"entry {position} was changed after it was written")
        expected_prev, expected_position, count = stored_hash, position + 1, count + 1
    head = ChainHead.objects.filter(pk=1).first()
    head_position, head_hash = (head.position, head.hash) if head else (0, GENESIS_HASH)
    if (head_position, head_hash) != (count, expected_prev):
        return _broken(
            count,
            expected_prev,
            count + 1 if head_position > count else head_position,
            f"the chain ends at entry {count} but its head says {head_position}",
        )
    return Verification(True, count, head_position, head_hash)


def _broken(count: int, last_good_hash: str, position: int, detail: str) -> Verification:
    return Verification(False, count, count, last_good_hash, position, detail)
