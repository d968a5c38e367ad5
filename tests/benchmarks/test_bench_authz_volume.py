"""Benchmarks of the disclosure log at national volume (PostgreSQL, the log partitioned by month): an incremental
verification of the last day, the auditor's search and a write through the gate, on a log of 10,000,000 entries.

The log is generated in the database itself (generate_series), so that making it takes minutes, not hours:

- **The history before the last day is filler.** Its entries have the shape of real ones (an actor among a few
  hundred users, a processing activity of the register, a subject among many pseudonyms made with the real keyed
  hash, one refusal in fifty, times spread evenly over the months, so over the monthly partitions), and they link
  (each ``prev_hash`` is the ``hash`` before it), but their seal is a plain SHA-256 of their position, not the keyed
  MAC of their fields: a full verification would say so at entry 1. Sealing 10,000,000 rows in Python would take the
  benchmark longer than its budget, and nothing measured here recomputes those seals: the search reads the columns and
  indexes real entries have, and the incremental verification reads only from the checkpoint on.
- **The last day is real.** A checkpoint signed with the real Ed25519 key sits on the last filler entry; the last
  day's entries are written after it through the chain's own write path (``chain.append``: keyed MAC, head locked and
  moved by ``authz_advance_chain_head``). The incremental verification recomputes all of them from the checkpoint's
  hash, exactly as the scheduled one does, and must find them intact.

Sizes from the environment, to run small while developing: BENCH_LOG_ENTRIES (default 10,000,000), BENCH_LOG_DAYS
(the history's span, default 365: the last day holds ENTRIES / DAYS entries), BENCH_LOG_SECONDS (the generation's
budget, default 1,200 s: past it the history stops where it got to, and every figure names the size it was taken at).
"""

from __future__ import annotations

import os
import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

import pytest

from authz import activities, audit, chain, checkpoints, partitions
from authz.constants import ActorRole, Channel, Outcome, Reason, SubjectKind
from authz.models import ChainHead, ProcessingActivity, User
from authz.services import Actor, Subject, disclose, record_verification
from tests.authz.factories import EmployerAccessFactory
from tests.benchmarks.conftest import median_ms, p95, summary, timings

ENTRIES = int(os.environ.get("BENCH_LOG_ENTRIES", "10000000"))
DAYS = int(os.environ.get("BENCH_LOG_DAYS", "365"))
BUDGET_SECONDS = float(os.environ.get("BENCH_LOG_SECONDS", "1200"))
ACTORS = 300
SUBJECTS = 200_000
#: Rows a generating statement: each commits, and the budget is looked at between two.
CHUNK = 500_000

COLUMNS = (*chain.HASHED_FIELDS, "key_id", "hash")  # every column the log writes, as the chain names them

# The filler entry g (see the module's docstring); every value is a parameter or comes from g.
FILLER = f"""
INSERT INTO authz_disclosure ({", ".join(f'"{name}"' for name in COLUMNS)})
SELECT g, %(start)s::timestamptz + (g - 1) * %(step)s::interval, '',
       (%(actors)s::bigint[])[1 + g %% %(actor_count)s], 'agent', 'BGDA', 'BGDA / Actiris',
       (%(activities)s::bigint[])[1 + (g / 7) %% %(activity_count)s],
       'person', s.pseudonym, true, '["occupation"]'::jsonb, 'web',
       CASE WHEN g %% 50 = 0 THEN 'refused' ELSE 'granted' END,
       CASE WHEN g %% 50 = 0 THEN 'not-integrated' ELSE 'integrated' END,
       '', NULL, NULL,
       CASE WHEN g = 1 THEN repeat('0', 64) ELSE encode(sha256(('filler:' || (g - 1))::bytea), 'hex') END,
       %(key_id)s, encode(sha256(('filler:' || g)::bytea), 'hex')
  FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g
  JOIN bench_subjects s ON s.number = (g * 7919) %% %(subject_count)s
"""  # noqa: S608 (the column names are the module's constants)


@dataclass(frozen=True)
class World:
    entries: int
    filler: int
    last_day: int
    started: datetime
    actor_emails: list[str]
    activity_codes: list[str]
    subjects: list[str]
    generation_seconds: float
    checkpoint_folder: Path

    @property
    def size(self) -> str:
        return f"{self.entries:,} entries".replace(",", " ")


def _subject_identifier(number: int) -> str:
    return f"RSZ:{100000000 + number}"


def _empty_log() -> None:
    """The test runner's own way of emptying the log (tests/conftest.py): TRUNCATE with portal.test_flush set."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL portal.test_flush = 'on'")
        cursor.execute("TRUNCATE authz_disclosure, authz_chainhead")
        cursor.execute("INSERT INTO authz_chainhead (id, position, hash) VALUES (1, 0, %s)", [chain.GENESIS_HASH])


def _generate(folder: Path) -> World:
    begun = time.perf_counter()
    now = timezone.now().astimezone(UTC)
    last_day = max(1, ENTRIES // DAYS)
    filler_target = ENTRIES - last_day
    start = now - timedelta(days=DAYS)
    _empty_log()
    partitions.add_partitions(on=start.date(), months_ahead=(now.year - start.year) * 12 + now.month - start.month + 1)
    users = User.objects.bulk_create([User(email=f"bench-actor-{n}@example.be", password="!") for n in range(ACTORS)])
    register = list(ProcessingActivity.objects.values_list("pk", "code"))
    subjects = [_subject_identifier(n) for n in range(min(SUBJECTS, max(1, ENTRIES // 20)))]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_subjects")
        cursor.execute("CREATE UNLOGGED TABLE bench_subjects (number integer PRIMARY KEY, pseudonym varchar(64))")
        with cursor.cursor.copy("COPY bench_subjects (number, pseudonym) FROM STDIN") as copy:
            for number, identifier in enumerate(subjects):
                copy.write_row((number, chain.pseudonymise(SubjectKind.EMPLOYER, identifier)))
        cursor.execute("ANALYZE bench_subjects")
        parameters = {
            "start": start,
            "step": timedelta(days=DAYS - 1) / max(1, filler_target),
            "actors": [user.pk for user in users],
            "actor_count": len(users),
            "activities": [pk for pk, _code in register],
            "activity_count": len(register),
            "subject_count": len(subjects),
            "key_id": chain.chain_keys().current,
        }
        filler = 0
        while filler < filler_target and time.perf_counter() - begun < BUDGET_SECONDS:
            last = min(filler + CHUNK, filler_target)
            with transaction.atomic():
                # A bulk load of rows whose actor and activity ids were just read from their tables: the foreign
                # keys' per-row checks are left out (replica mode, the test database's owner may), the indexes not.
                cursor.execute("SET LOCAL session_replication_role = replica")
                cursor.execute(FILLER, {**parameters, "first": filler + 1, "last": last})
            filler = last
        cursor.execute("DROP TABLE bench_subjects")
        # The head onto the last filler entry (forward: the trigger lets the tables' owner do that).
        cursor.execute(
            "UPDATE authz_chainhead SET position = %s, hash = encode(sha256(('filler:' || %s)::bytea), 'hex') "
            "WHERE id = 1",
            [filler, filler],
        )
    head = ChainHead.objects.get()
    with override_settings(DISCLOSURE_CHECKPOINT_DIR=str(folder)):
        checkpoints.write(position=head.position, hash=head.hash, legacy_until=0)
    # The last day, real: sealed and written by the chain itself, one second apart or closer.
    step = timedelta(days=1) / last_day
    actor_ids = [user.pk for user in users]
    rows = [
        {
            "occurred_at": now - timedelta(days=1) + step * n,
            "request_id": f"bench-{n}",
            "actor_id": actor_ids[n % len(actor_ids)],
            "actor_role": ActorRole.AGENT,
            "acting_for": "BGDA",
            "organisation": "BGDA / Actiris",
            "activity_id": register[n % len(register)][0],
            "subject_kind": SubjectKind.EMPLOYER,
            "subject_pseudonym": chain.pseudonymise(SubjectKind.EMPLOYER, subjects[n % len(subjects)]),
            "personal": False,
            "categories": ["occupation"],
            "channel": Channel.WEB,
            "outcome": Outcome.GRANTED,
            "reason": Reason.INTEGRATED,
            "justification": "",
            "period_from": None,
            "period_until": None,
        }
        for n in range(last_day)
    ]
    for begin in range(0, len(rows), 5000):
        chain.append(rows[begin : begin + 5000])
    with connection.cursor() as cursor:
        # What autovacuum does to a log that has been filling for months: statistics and the visibility map.
        cursor.execute("VACUUM (ANALYZE) authz_disclosure")
    return World(
        entries=filler + last_day,
        filler=filler,
        last_day=last_day,
        started=start,
        actor_emails=[user.email for user in users],
        activity_codes=sorted({code for _pk, code in register}),
        subjects=subjects,
        generation_seconds=time.perf_counter() - begun,
        checkpoint_folder=folder,
    )


@pytest.fixture(scope="module")
def national_log(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("the log at national volume is PostgreSQL's (partitioned by month); SQLite keeps one table")
        world = _generate(tmp_path_factory.mktemp("bench-checkpoints"))
        print(
            f"\n[bench] national log: {world.size} ({world.filler:,} filler, {world.last_day:,} real in the last day) "
            f"generated in {world.generation_seconds:.0f} s",
            flush=True,
        )
        yield world
        _empty_log()
        User.objects.filter(email__startswith="bench-actor-").delete()


@pytest.mark.django_db
def test_incremental_verification_of_the_last_day(national_log, report):
    world = national_log
    with override_settings(DISCLOSURE_CHECKPOINT_DIR=str(world.checkpoint_folder)):
        result = record_verification(incremental=True, store=False)
        assert result.intact and result.count == world.entries, result.detail
        samples = timings(lambda: record_verification(incremental=True, store=False), repeat=5, warmup=1)
    worst = max(samples)
    report(
        f"incremental verify of the last day ({world.size})",
        f"{world.last_day:,} entries recomputed from the latest checkpoint: {summary(samples)}",
        figure=f"median {median_ms(samples):.0f} ms, worst {worst * 1000:.0f} ms ({world.last_day:,} entries)",
        target="median < 1 s",
        met=median_ms(samples) < 1000,
    )


def _searches(world: World, rng: random.Random) -> list[audit.LogFilters]:
    """Searches an auditor makes, one of each filter and some together, on values drawn from the generated log."""
    span = (timezone.now().astimezone(UTC) - world.started).days

    def a_day() -> date:
        return (world.started + timedelta(days=rng.randrange(1, span))).date()

    def a_subject() -> tuple[tuple[str, str], ...]:
        return ((SubjectKind.EMPLOYER, rng.choice(world.subjects)),)

    day, other = a_day(), a_day()
    return [
        audit.LogFilters(),
        audit.LogFilters(subjects=a_subject()),
        audit.LogFilters(actor=rng.choice(world.actor_emails)),
        audit.LogFilters(activity=rng.choice(world.activity_codes)),
        audit.LogFilters(outcome=Outcome.REFUSED),
        audit.LogFilters(date_from=day, date_until=day),
        audit.LogFilters(date_from=min(day, other), date_until=max(day, other)),
        audit.LogFilters(actor=rng.choice(world.actor_emails), date_from=day - timedelta(days=30), date_until=day),
        audit.LogFilters(subjects=a_subject(), activity=rng.choice(world.activity_codes)),
        audit.LogFilters(activity=rng.choice(world.activity_codes), outcome=Outcome.REFUSED, date_from=day),
    ]


def _first_page(filters: audit.LogFilters) -> int:
    """What the auditor's page reads: the (bounded) count and the first page of rows with their actor and activity."""
    page = audit.LogPaginator(audit.search_log(filters), 50).get_page(1)
    rows = list(page)
    return page.paginator.count + len(rows)


@pytest.mark.django_db
def test_auditors_search(national_log, report):
    world = national_log
    rng = random.Random(17)
    samples, by_kind = [], {}
    for _ in range(12):
        for kind, filters in enumerate(_searches(world, rng)):
            begun = time.perf_counter()
            _first_page(filters)
            samples.append(time.perf_counter() - begun)
            by_kind.setdefault(kind, []).append(samples[-1])
    slowest = max(by_kind, key=lambda kind: median_ms(by_kind[kind]))
    report(
        f"auditor's search ({world.size})",
        f"10 kinds of search (each filter, some together), first page and count: {summary(samples)}; slowest kind "
        f"{slowest} of _searches(): median {median_ms(by_kind[slowest]):.0f} ms",
        figure=f"p95 {p95(samples) * 1000:.0f} ms (median {median_ms(samples):.0f} ms, n={len(samples)})",
        target="p95 < 200 ms",
        met=p95(samples) < 0.2,
    )


@pytest.mark.django_db
def test_gate_with_one_log_write_on_the_national_log(national_log, report):
    world = national_log
    access = EmployerAccessFactory()
    actor = Actor(user=access.user)
    subject = Subject.employer(repertory="RSZ", number="123456749", personal=False)

    def once():
        disclose(actor=actor, activity=activities.REPERTORY_FOR_CALCULATOR, subjects=[subject], categories=["x"])

    samples = timings(once, repeat=300)
    report(
        f"gate + 1 log row ({world.size}, partitioned)",
        summary(samples),
        figure=f"median {median_ms(samples):.2f} ms",
        target="median < 2 ms",
        met=median_ms(samples) < 2,
    )
