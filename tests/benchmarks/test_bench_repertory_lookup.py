"""Benchmark: the employer-category look-up, median server time (target under 10 ms) and queries per look-up."""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from repertory.importers.codes import load_employer_categories
from repertory.models import Employer

LOOKUPS = 300


def _rsz(radix: int) -> str:
    return f"{radix}{(96 - radix * 100 % 97) or 97:02d}"


@pytest.mark.django_db
def test_lookup_median_time_and_queries(client, settings, report):
    settings.EMPLOYER_LOOKUP_RATE_LIMITS = "100000/m"
    load_employer_categories()
    employers = [
        Employer(repertory="RSZ", registration_number=_rsz(1_000_000 + i), employer_type="private", legal_form="610")
        for i in range(5000)
    ]
    Employer.objects.bulk_create(employers, batch_size=1000)
    through = Employer.categories.through
    through.objects.bulk_create(through(employer_id=e.pk, employercategory_id="010") for e in Employer.objects.all())
    numbers = [_rsz(1_000_000 + (i * 7919) % 5000) for i in range(LOOKUPS)]
    client.get("/nl/employer-category/", {"number": numbers[0]})
    timings, query_counts = [], set()
    for number in numbers:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get("/nl/employer-category/", {"number": number})
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200 and b"010" in response.content
        query_counts.add(len(queries.captured_queries))
    median = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[-1]
    report(
        "employer-category look-up",
        f"{LOOKUPS} requests ({connection.vendor}): median {median:.2f} ms, "
        f"p95 {p95:.2f} ms (target median < 10 ms, ratio {median / 10:.2f}); "
        f"queries per look-up: {sorted(query_counts)}",
        figure=f"median {median:.2f} ms, p95 {p95:.2f} ms, queries {sorted(query_counts)}",
        target="median < 10 ms",
        met=median < 10,
    )
    assert len(query_counts) == 1
