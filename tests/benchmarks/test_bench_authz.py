"""Benchmarks of the gate and the disclosure log (figures printed by `make bench`)."""

from __future__ import annotations

import os
import threading
import time
import tracemalloc
from datetime import date

from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from authz import activities, chain
from authz.models import ChainHead, Disclosure, ProcessingActivity
from authz.services import Actor, Subject, disclose
from tests.authz.factories import EmployerAccessFactory, InstitutionMembershipFactory, IntegrationFactory
from tests.authz.helpers import make_insz
from tests.benchmarks.conftest import median_ms, summary, timings

A = Subject.employer(repertory="RSZ", number="123456749", personal=False)


@pytest.mark.django_db
def test_gate_with_one_log_write(report):
    access = EmployerAccessFactory()
    actor = Actor(user=access.user)

    def once():
        disclose(actor=actor, activity=activities.REPERTORY_FOR_CALCULATOR, subjects=[A], categories=["identification"])

    samples = timings(once, repeat=300)
    report(
        f"gate + 1 log row ({connection.vendor})",
        summary(samples) + " (target: median < 2 ms on PostgreSQL)",
        figure=f"median {median_ms(samples):.2f} ms",
        target="median < 2 ms",
        met=median_ms(samples) < 2,
    )


@pytest.mark.django_db
def test_fifty_rows_for_one_page(report):
    membership = InstitutionMembershipFactory()
    people = [make_insz(date(1970, 1, 1), serial) for serial in range(1, 101)]
    for insz in people:
        IntegrationFactory(insz=insz)
    actor = Actor(user=membership.user, mfa_used=True)
    counts = {}
    for size in (1, 50, 100):  # the first call of a process also reads the register row, which it then keeps
        subjects = [Subject.person(insz=insz) for insz in people[:size]]
        with CaptureQueriesContext(connection) as queries:
            disclose(
                actor=actor,
                activity=activities.DMFA_GECO_DSP,
                subjects=subjects,
                categories=["occupation"],
                period=(date(2025, 1, 1), date(2025, 3, 31)),
                justification="bench",
            )
        counts[size] = len(queries)
    subjects = [Subject.person(insz=insz) for insz in people[:50]]
    samples = timings(
        lambda: disclose(
            actor=actor,
            activity=activities.DMFA_GECO_DSP,
            subjects=subjects,
            categories=["occupation"],
            period=(date(2025, 1, 1), date(2025, 3, 31)),
            justification="bench",
        ),
        repeat=50,
    )
    report(
        "page of 50 persons",
        f"{summary(samples)}; queries for 50 subjects: {counts[50]}, for 100: {counts[100]}",
        figure=f"median {median_ms(samples):.2f} ms, {counts[50]} queries",
        baseline=f"{counts[100]} queries for 100 subjects",
        target="as many queries for 100 subjects as for 50",
        met=counts[50] == counts[100],
    )


def _generate_chain(total: int, batch: int = 20_000) -> None:
    """Write a valid chain of `total` rows quickly (bulk), as the gate would have written it."""
    activity = ProcessingActivity.objects.current(activities.EMPLOYER_CATEGORY_LOOKUP, timezone.localdate())
    head = ChainHead.objects.get(pk=1)
    position, prev = head.position, head.hash
    now = timezone.now()
    while position < total:
        rows = []
        for _ in range(min(batch, total - position)):
            position += 1
            values = {
                "position": position,
                "occurred_at": now,
                "request_id": "bench",
                "actor_id": None,
                "actor_role": "anonymous",
                "acting_for": "",
                "organisation": "",
                "activity_id": activity.pk,
                "subject_kind": "employer",
                "subject_pseudonym": chain.pseudonymise("employer", f"RSZ:{position}"),
                "personal": False,
                "categories": ["employer_category"],
                "channel": "web",
                "outcome": "granted",
                "reason": "public-activity",
                "justification": "",
                "period_from": None,
                "period_until": None,
                "prev_hash": prev,
            }
            prev = chain.seal(values)["hash"]
            rows.append(Disclosure(**values))
        Disclosure.objects.bulk_create(rows, batch_size=2000)
    ChainHead.objects.filter(pk=1).update(position=position, hash=prev)


@pytest.mark.django_db(transaction=True)
def test_verify_one_million_entries(report):
    total = int(os.environ.get("BENCH_DISCLOSURES", "1000000"))
    start = time.perf_counter()
    _generate_chain(total)
    generated = time.perf_counter() - start
    start = time.perf_counter()
    result = chain.verify()
    elapsed = time.perf_counter() - start
    assert result.intact and result.count == total
    tracemalloc.start()
    chain.verify()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report(
        f"verify_disclosures over {total:,} entries ({connection.vendor})",
        f"{elapsed:.1f} s ({total / elapsed:,.0f} entries/s; target < 60 s); peak Python memory during the "
        f"verification {peak / 2**20:.1f} MB (streamed); generating the chain took {generated:.1f} s",
        figure=f"{elapsed:.1f} s, peak {peak / 2**20:.1f} MB",
        target="< 60 s",
        met=elapsed < 60,
    )


@pytest.mark.django_db(transaction=True)
def test_sixteen_concurrent_writers(report):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (make bench uses it when it is reachable)")
    seconds = float(os.environ.get("BENCH_WRITER_SECONDS", "10"))
    writers, written, errors = 16, [], []
    deadline = time.monotonic() + seconds

    def work():
        count = 0
        try:
            while time.monotonic() < deadline:
                disclose(
                    actor=Actor(user=None),
                    activity=activities.EMPLOYER_CATEGORY_LOOKUP,
                    subjects=[A],
                    categories=["employer_category"],
                )
                count += 1
        except Exception as exc:
            errors.append(exc)
        finally:
            written.append(count)
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = chain.verify()
    report(
        "16 concurrent writers",
        f"{sum(written):,} entries in {seconds:.0f} s ({sum(written) / seconds:,.0f}/s), errors {len(errors)}, "
        f"chain intact: {result.intact}, entries in the log: {result.count:,} (lost: {sum(written) - result.count})",
        figure=f"{sum(written) / seconds:,.0f} entries/s, lost {sum(written) - result.count}",
        target="no entry lost, chain intact",
        met=not errors and result.intact and result.count == sum(written),
    )
    assert not errors and result.intact and result.count == sum(written)
