"""The hash chain of the disclosure log: canonical JSON, SHA-256, keyed pseudonyms, appending and verifying."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
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


def append(rows: list[dict[str, Any]], *, head: ChainHead | None = None) -> list[Disclosure]:
    """Append rows to the chain, holding the chain head locked meanwhile.

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


def lock_head() -> ChainHead:
    """Lock the chain head FOR UPDATE until the caller's transaction ends; call it inside ``transaction.atomic()``.

    Writers take this lock before anything else they read or write in the transaction, so that two writers cannot
    wait for each other (the lock order is the same for all) and the log order is the order of the decisions.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("chain.lock_head() outside a transaction would release the lock at once")
    return _locked_head()


def _write(head: ChainHead, rows: list[dict[str, Any]]) -> list[Disclosure]:
    position, prev = head.position, head.hash
    entries = []
    for values in rows:
        position += 1
        values = {**values, "position": position, "prev_hash": prev}
        values["hash"] = prev = row_hash(values)
        entries.append(Disclosure(**values))
    Disclosure.objects.bulk_create(entries)
    ChainHead.objects.filter(pk=1).update(position=position, hash=prev)
    head.position, head.hash = position, prev
    return entries


def _locked_head() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        ChainHead.objects.get_or_create(pk=1, defaults={"position": 0, "hash": GENESIS_HASH})
        head = ChainHead.objects.select_for_update().get(pk=1)
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
