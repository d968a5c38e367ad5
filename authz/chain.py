"""The chain of the disclosure log: canonical JSON sealed by a keyed MAC, keyed pseudonyms, appending, verifying.

Each entry's ``hash`` is the HMAC-SHA256, under the chain key named by its ``key_id`` (DISCLOSURE_CHAIN_KEYS, held in
the environment, never in the database), of the canonical JSON of its fields, its key id and the previous entry's
``hash``. Entries written before the keys existed (migration authz/0011) carry no key id and an unkeyed SHA-256; they
are accepted only as the beginning of the chain, up to what the first signed checkpoint saw (authz.checkpoints).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from authz.models import ChainHead, Disclosure

if TYPE_CHECKING:
    from authz.checkpoints import Checkpoint

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


@dataclass(frozen=True)
class ChainKeys:
    """The chain keys by id; ``current`` seals new entries, every key verifies the entries it sealed."""

    current: str
    keys: dict[str, bytes]


_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,16}")
_MIN_KEY_LENGTH = 32


def chain_keys() -> ChainKeys:
    return _parse_chain_keys(tuple(settings.DISCLOSURE_CHAIN_KEYS), settings.SECRET_KEY)


@lru_cache(maxsize=8)
def _parse_chain_keys(entries: tuple[str, ...], secret_key: str) -> ChainKeys:
    if not entries:
        # Development only (settings require the keys when DJANGO_DEBUG=0).
        return ChainKeys("dev", {"dev": hmac.new(secret_key.encode(), b"disclosure-chain", hashlib.sha256).digest()})
    keys: dict[str, bytes] = {}
    for entry in entries:
        key_id, _, secret = entry.partition(":")
        if not _KEY_ID.fullmatch(key_id) or len(secret) < _MIN_KEY_LENGTH:
            raise ImproperlyConfigured(
                "DISCLOSURE_CHAIN_KEYS: each key is id:secret, the id 1-16 letters, digits, - or _, "
                f"the secret {_MIN_KEY_LENGTH} characters or more"
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"DISCLOSURE_CHAIN_KEYS: the key id {key_id!r} is given twice")
        keys[key_id] = secret.encode()
    return ChainKeys(next(iter(keys)), keys)


def row_hash(values: dict[str, Any]) -> str:
    """The seal of a row: HMAC-SHA256 under the key ``values["key_id"]`` over the canonical JSON of the row, an
    array of the hashed fields in HASHED_FIELDS order followed by the key id, no spaces, UTF-8, times in UTC ISO 8601
    and dates in ISO 8601. A row without a key id (written before the keys) has the unkeyed SHA-256 of the array of
    its hashed fields alone."""
    row = tuple(values[name] for name in HASHED_FIELDS)
    key_id = values.get("key_id", "")
    if not key_id:
        return _hash_tuple(row)
    return _mac(chain_keys().keys[key_id], row, key_id)


def seal(values: dict[str, Any], keys: ChainKeys | None = None) -> dict[str, Any]:
    """Set ``key_id`` (the current chain key) and ``hash`` on a row that has its position and prev_hash."""
    keys = keys or chain_keys()
    values["key_id"] = keys.current
    values["hash"] = _mac(keys.keys[keys.current], tuple(values[name] for name in HASHED_FIELDS), keys.current)
    return values


def _mac(key: bytes, row: tuple, key_id: str) -> str:
    return hmac.digest(key, _ENCODER.encode((*row, key_id)).encode(), "sha256").hex()


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
    keys = chain_keys()
    entries = []
    for values in rows:
        position += 1
        values = seal({**values, "position": position, "prev_hash": prev}, keys)
        prev = values["hash"]
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
_WRITTEN = (*HASHED_FIELDS, "key_id", "hash")
_COLUMNS = tuple(Disclosure._meta.get_field(name).column for name in _WRITTEN)
_PLACEHOLDERS = "(" + ", ".join("%s::jsonb" if name == "categories" else "%s" for name in _COLUMNS) + ")"
_BATCH = 1000


def _insert_and_move_head(connection, entries: list[dict[str, Any]]) -> None:
    """On PostgreSQL: the rows and the new head in one statement (a data-modifying WITH), one round trip.

    Hand-written SQL where the ORM needs two statements: the gate writes on every page that shows personal data. The
    head moves through the function authz_advance_chain_head (migrations authz/0011 and 0014): the runtime database
    role may not update the head itself, and the function moves it only forward, onto the last row just written (found
    by its position and time, so in one monthly partition of the log).
    """
    names = _WRITTEN
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
                # The count makes the rows written before the function looks for the last of them.
                "SELECT authz_advance_chain_head(%s, %s, (SELECT count(*) FROM written), %s)"
            )
            last = batch[-1]
            cursor.execute(sql, [*parameters, last["position"], last["hash"], last["occurred_at"]])


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
    #: The entries at the start of the chain that carry no key id (written before the chain keys existed).
    legacy_until: int = 0
    #: The checkpoints the chain was compared with.
    checkpoints: int = 0


_POSITION, _PREV = HASHED_FIELDS.index("position"), HASHED_FIELDS.index("prev_hash")
_KEY, _HASH = len(HASHED_FIELDS), len(HASHED_FIELDS) + 1


_CATEGORIES = HASHED_FIELDS.index("categories")
#: Parsed lists of data categories by their JSON text: a log holds few distinct lists, and parsing one per row cost a
#: quarter of the verification's time.
_PARSED_CATEGORIES_LIMIT = 4096


#: On PostgreSQL the time is read as the text its canonical JSON holds (what ``_canonical`` makes of it: UTC, ISO 8601,
#: the microseconds only when there are some), so that the verification neither parses nor formats a datetime per row.
_UTC_ISO_TEXT = RawSQL(
    "to_char(occurred_at AT TIME ZONE 'UTC', CASE WHEN extract(microseconds FROM occurred_at)::bigint %% 1000000 = 0 "
    "THEN 'YYYY-MM-DD\"T\"HH24:MI:SS' ELSE 'YYYY-MM-DD\"T\"HH24:MI:SS.US' END) || '+00:00'",
    (),
    output_field=TextField(),
)


def _stream_rows(chunk_size: int, after: int) -> Iterator[tuple]:
    """(hashed fields..., key_id, hash) tuples in chain order from entry ``after`` on, read with a server-side cursor
    where there is one."""
    # The time as well: on PostgreSQL (a partitioned log) the position is unique only together with it, and an index
    # on both gives this order.
    queryset = Disclosure.objects.order_by("position", "occurred_at")
    if after:
        queryset = queryset.filter(position__gte=after)
    postgresql = transaction.get_connection().vendor == "postgresql"
    columns = [
        Cast("categories", TextField())
        if name == "categories"
        else _UTC_ISO_TEXT
        if name == "occurred_at" and postgresql
        else name
        for name in HASHED_FIELDS
    ]
    parsed: dict[str, Any] = {}
    for row in queryset.values_list(*columns, "key_id", "hash").iterator(chunk_size=chunk_size):
        text = row[_CATEGORIES]
        categories = parsed.get(text)
        if categories is None:
            categories = json.loads(text)
            if len(parsed) < _PARSED_CATEGORIES_LIMIT:
                parsed[text] = categories
        yield (*row[:_CATEGORIES], categories, *row[_CATEGORIES + 1 :])


def verify(
    *, checkpoints: Sequence[Checkpoint] = (), since: Checkpoint | None = None, chunk_size: int = 10_000
) -> Verification:
    """Recompute the chain, streamed, and compare it with the signed ``checkpoints``; report the first entry that
    does not match.

    Every entry's seal is recomputed with the chain key it names; an entry without a key id is accepted only at the
    start of the chain, and not beyond the entries without one that the checkpoints saw. At each checkpoint's
    position the entry must have the hash the checkpoint signed, and the chain must reach every checkpoint: a chain
    re-sealed by whoever holds the key, or cut short with its head moved back, disagrees with a checkpoint taken
    before. With ``since`` (a checkpoint), only the entries after it are recomputed, from the hash it signed.
    """
    connection = transaction.get_connection()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # The rows and the head from one snapshot: a disclosure committed while the rows are read would otherwise
        # move the head past the last row read, and an intact chain would be reported cut.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return _verify(checkpoints, since, chunk_size)
    return _verify(checkpoints, since, chunk_size)


def _verify(checkpoints: Sequence[Checkpoint], since: Checkpoint | None, chunk_size: int) -> Verification:
    keys = chain_keys().keys
    every = [*checkpoints, *([since] if since is not None else [])]
    expected: dict[int, list[Checkpoint]] = {}
    for checkpoint in every:
        expected.setdefault(checkpoint.position, []).append(checkpoint)
    legacy_limit = min((c.legacy_until for c in every), default=None)
    rows = _stream_rows(chunk_size, since.position if since is not None else 0)
    if since is not None and since.position:
        row = next(rows, None)
        if row is None or row[_POSITION] != since.position or row[_HASH] != since.hash:
            return _broken(since.position - 1, GENESIS_HASH, since.position, _disagrees(since, 0), since.legacy_until)
        expected_prev, expected_position, count = since.hash, since.position + 1, since.position
        agreed, legacy_until, keyed = since.position, since.legacy_until, since.position > since.legacy_until
    else:
        expected_prev, expected_position, count, agreed, legacy_until, keyed = GENESIS_HASH, 1, 0, 0, 0, False
    for row in rows:
        position, key_id, stored_hash = row[_POSITION], row[_KEY], row[_HASH]
        if position < expected_position:
            # A unique index on a partitioned log covers the position only together with the time (migration 0014).
            detail = f"entry {position} appears twice"
            return _broken(count, expected_prev, position, detail, legacy_until)
        if position != expected_position:
            return _broken(
                count, expected_prev, expected_position, f"entry {expected_position} is missing", legacy_until
            )
        if row[_PREV] != expected_prev:
            detail = f"entry {position} does not follow entry {position - 1}"
            return _broken(count, expected_prev, position, detail, legacy_until)
        if key_id:
            key = keys.get(key_id)
            if key is None:
                detail = f"entry {position} is sealed with the chain key {key_id!r}, which DISCLOSURE_CHAIN_KEYS lacks"
                return _broken(count, expected_prev, position, detail, legacy_until)
            computed = _mac(key, row[:_KEY], key_id)
            keyed = True
        elif keyed or (legacy_limit is not None and position > legacy_limit):
            detail = f"entry {position} carries no chain key where every entry must (it was re-hashed)"
            return _broken(count, expected_prev, position, detail, legacy_until)
        else:
            computed, legacy_until = _hash_tuple(row[:_KEY]), position
        if not hmac.compare_digest(computed, stored_hash):
            return _broken(
                count, expected_prev, position, f"entry {position} was changed after it was written", legacy_until
            )
        for checkpoint in expected.get(position, ()):
            if checkpoint.hash != stored_hash:
                return _broken(count, expected_prev, position, _disagrees(checkpoint, agreed), legacy_until)
            agreed = position
        expected_prev, expected_position, count = stored_hash, position + 1, count + 1
    beyond = [c for c in every if c.position > count]
    if beyond:
        checkpoint = min(beyond, key=lambda c: c.position)
        detail = (
            f"the chain ends at entry {count}, but the checkpoint of {checkpoint.at:%Y-%m-%d %H:%M:%S} UTC saw entry "
            f"{checkpoint.position}: entries {count + 1} to {checkpoint.position} were removed"
        )
        return _broken(count, expected_prev, count + 1, detail, legacy_until)
    head = ChainHead.objects.filter(pk=1).first()
    head_position, head_hash = (head.position, head.hash) if head else (0, GENESIS_HASH)
    if (head_position, head_hash) != (count, expected_prev):
        return _broken(
            count,
            expected_prev,
            count + 1 if head_position > count else head_position,
            f"the chain ends at entry {count} but its head says {head_position}",
            legacy_until,
        )
    return Verification(True, count, head_position, head_hash, legacy_until=legacy_until, checkpoints=len(every))


def _disagrees(checkpoint: Checkpoint, agreed: int) -> str:
    return (
        f"entry {checkpoint.position} is not the one the checkpoint of {checkpoint.at:%Y-%m-%d %H:%M:%S} UTC signed "
        f"(hash {checkpoint.hash[:16]}…): the chain was rewritten between entry {agreed + 1} and entry "
        f"{checkpoint.position}"
    )


def _broken(count: int, last_good_hash: str, position: int, detail: str, legacy_until: int = 0) -> Verification:
    return Verification(False, count, count, last_good_hash, position, detail, legacy_until)
