"""Benchmarks of the DmfA import and consultation (printed by `make bench`; run them on PostgreSQL).

DMFA_BENCH_PERSONS (default 100000) sets the size of the import run; DMFA_BENCH_MEMORY_SIZES (default
"10000,100000") the sizes whose peak memory is measured. For a quick run: DMFA_BENCH_PERSONS=2000
DMFA_BENCH_MEMORY_SIZES=1000,2000 make bench.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from decimal import Decimal
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from dmfa import services
from dmfa.parser import DmfaReader
from dmfa.xmlwriter import FormLine, write_dmfa
from foundation.quarters import Quarter
from tests.authz.factories import InstitutionMembershipFactory, IntegrationFactory
from tests.authz.helpers import log_in_with_mfa
from tests.benchmarks.conftest import median_ms, summary, timings
from tests.dmfa.factories import import_quarters, person_line

pytestmark = pytest.mark.django_db

PERSONS = int(os.environ.get("DMFA_BENCH_PERSONS", "100000"))
MEMORY_SIZES = [int(size) for size in os.environ.get("DMFA_BENCH_MEMORY_SIZES", "10000,100000").split(",") if size]
MEMORY_LIMIT_MB = 400


def generated_insz(index: int) -> str:
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=index // 998)
    base = f"{birth:%y%m%d}{index % 998 + 1:03d}"
    return base + f"{97 - int(base) % 97:02d}"


def write_file(folder: Path, persons: int) -> Path:
    path = folder / f"dmfa-{persons}.xml"
    form = FormLine(
        quarter=Quarter(2025, 2),
        registration_number="123456749",
        enterprise_number="0812345603",
        reference=f"BENCH{persons}",
        created_at=timezone.make_aware(dt.datetime(2025, 7, 15, 10)),
        net_owed_amount=Decimal("1000"),
        persons=(person_line(generated_insz(index)) for index in range(persons)),
    )
    write_dmfa(path, [form])
    return path


def bare_iterparse(path: Path) -> int:
    """The floor: lxml reading every element of the file and clearing it, nothing else."""
    from lxml import etree

    count = 0
    for _event, element in etree.iterparse(str(path), events=("end",), tag="NaturalPerson"):
        count += 1
        element.clear()
        parent = element.getparent()
        while element.getprevious() is not None:
            del parent[0]
    return count


def peak_rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak_rss() -> bool:
    """Linux: writing 5 to clear_refs resets the peak resident set size (VmHWM) of this process."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def test_import_speed_against_a_bare_iterparse(tmp_path, report):
    """The import (read, schema and meaning checked, converted, written by COPY on PostgreSQL, committed) against lxml
    merely reading the same file; the reading alone (no database) is reported beside it, to show where time goes."""
    path = write_file(tmp_path, PERSONS)
    size_mb = path.stat().st_size / 1e6
    started = time.perf_counter()
    assert bare_iterparse(path) == PERSONS
    bare = time.perf_counter() - started
    started = time.perf_counter()
    assert sum(1 for event in DmfaReader(path) if event[0] == "person") == PERSONS
    reading = time.perf_counter() - started
    started = time.perf_counter()
    job = services.import_path(path=path)
    elapsed = time.perf_counter() - started
    assert job.status == "succeeded", job.errors[:3]
    assert job.persons == PERSONS
    baseline = f"bare lxml iterparse of the same file: {PERSONS / bare:,.0f} persons/s"
    report(
        "dmfa import",
        f"{PERSONS} persons ({size_mb:.0f} MB) into {connection.vendor}: {elapsed:.1f} s, "
        f"{PERSONS / elapsed:.0f} persons/s; bare lxml iterparse {bare:.2f} s "
        f"({PERSONS / bare:.0f} persons/s); ratio import/bare = {elapsed / bare:.1f}",
        figure=f"{PERSONS:,} persons ({size_mb:.0f} MB): {PERSONS / elapsed:,.0f} persons/s",
        baseline=baseline,
        ratio=bare / elapsed,
        target="≥ 0.25 × the bare parse",
        met=bare / elapsed >= 0.25,
    )
    report(
        "dmfa import: reading alone",
        f"the reader without the database (schema per person, checks, conversion): {reading:.1f} s, "
        f"{PERSONS / reading:.0f} persons/s",
        figure=f"{PERSONS:,} persons: {PERSONS / reading:,.0f} persons/s",
        baseline=baseline,
        ratio=bare / reading,
        target="— (shows the share of the import spent reading)",
        met=None,
    )


@pytest.mark.parametrize("persons", MEMORY_SIZES)
def test_peak_memory_stays_flat(tmp_path, report, persons):
    path = write_file(tmp_path, persons)
    resettable = reset_peak_rss()
    before = peak_rss_mb()
    job = services.import_path(path=path)
    peak = peak_rss_mb()
    assert job.status == "succeeded", job.errors[:3]
    report(
        "dmfa import memory",
        f"{persons} persons ({path.stat().st_size / 1e6:.0f} MB file): peak RSS {peak:.0f} MB"
        f" (before the import {before:.0f} MB{'' if resettable else ', peak not resettable here'})",
        figure=f"{persons:,} persons: peak RSS {peak:.0f} MB",
        baseline=f"{MEMORY_LIMIT_MB} MB limit",
        ratio=peak / MEMORY_LIMIT_MB,
        target=f"< {MEMORY_LIMIT_MB} MB, flat with the file size",
        met=peak < MEMORY_LIMIT_MB,
    )
    assert peak < MEMORY_LIMIT_MB


def test_consultation_of_one_person_over_eight_quarters(client, tmp_path, report, production_rendering):
    insz = "90051512391"
    IntegrationFactory(insz=insz)
    others = [generated_insz(index) for index in range(200)]
    import_quarters(tmp_path, insz_numbers=[insz, *others], start=Quarter(2024, 1), end=Quarter(2025, 4))
    log_in_with_mfa(client, InstitutionMembershipFactory().user)
    data = {"insz": insz, "period_from": "2024Q1", "period_until": "2025Q4", "justification": "GECO file 2025/0042"}

    def consult():
        response = client.post("/en/dmfa/", data)
        assert response.status_code == 200

    instrumented = timings(consult, repeat=30)
    production_rendering()
    samples = timings(consult, repeat=30)
    with CaptureQueriesContext(connection) as queries:
        consult()
    one = dict(data, period_from="2025Q4")
    with CaptureQueriesContext(connection) as single:
        client.post("/en/dmfa/", one)
    report(
        "dmfa consultation (8 quarters)",
        f"{summary(samples)} (target: median < 50 ms); {len(queries)} queries (1 quarter: {len(single)} queries); "
        f"with the test runner's template instrumentation: {summary(instrumented)}",
        figure=f"median {median_ms(samples):.2f} ms, {len(queries)} queries",
        target="median < 50 ms, as many queries as for 1 quarter",
        met=median_ms(samples) < 50 and len(queries) == len(single),
    )
    assert len(queries) == len(single)
