"""Benchmark: the measure catalogue with 5,000 generated measures besides the shipped ones.

Prints the median server time of the catalogue page with three filters (target < 50 ms) and its query count,
the cached anonymous page (target < 5 ms), and the requests per second of the catalogue and of a trivial view
(/healthz) under gunicorn with 2 workers, with their ratio. Run on PostgreSQL with DATABASE_URL=postgres://...
"""

from __future__ import annotations

import datetime
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from measures import constants

GENERATED = int(os.environ.get("BENCH_MEASURES", "5000"))
FILTERED = "/en/measures/?age=58&seat_region=VLG&technique=contribution_reduction"
ROOT = Path(__file__).resolve().parents[2]

REGIONS = {
    "federal": ("BE", "nationwide"),
    "flemish": ("VLG", "operating_seat"),
    "walloon": ("WAL", "domicile"),
    "brussels": ("BRU", "domicile"),
    "german_speaking": ("DG", "operating_seat"),
}


def generate(count: int = GENERATED, *, seed: int = 7) -> None:
    """Bulk-create ``count`` published measures, each with one current rule version and one fixed schedule."""
    from measures.models import BenefitRule, Measure, RuleVersion

    rng = random.Random(seed)
    levels = list(REGIONS)
    techniques = constants.Technique.values
    sources = [{"key": "gen", "url": "https://example.org/generated", "title": "Generated for the benchmark"}]
    measures = []
    for index in range(count):
        level = levels[index % len(levels)]
        region, basis = REGIONS[level]
        measures.append(
            Measure(
                code=f"gen-{index:05d}",
                name_nl=f"Gegenereerde maatregel {index}",
                name_fr=f"Mesure générée {index}",
                name_en=f"Generated measure {index}",
                summary_nl="Gegenereerd voor de benchmark.",
                summary_fr="Générée pour le benchmark.",
                summary_en="Generated for the benchmark.",
                level=level,
                region=region,
                region_basis=basis,
                technique=techniques[index % len(techniques)],
                audiences=["employer"] if index % 3 else ["employer", "jobseeker"],
                sources=sources,
                is_published=True,
                valid_from=datetime.date(2020, 1, 1),
            )
        )
    Measure.objects.bulk_create(measures, batch_size=1000)
    ids = dict(Measure.objects.filter(code__startswith="gen-").values_list("code", "pk"))
    versions = []
    for index in range(count):
        low = rng.choice([None, None, 25, 45, 55, 58])
        versions.append(
            RuleVersion(
                measure_id=ids[f"gen-{index:05d}"],
                valid_from=datetime.date(2020, 1, 1),
                period_unit="quarter",
                source_key="gen",
                age_min=low,
                age_max=rng.choice([None, 64]) if low else rng.choice([None, 24, 29]),
                jobseeker_months_min=rng.choice([None, None, 6, 12, 24]),
                qualification_max=rng.choice(["", "", "lower_secondary", "upper_secondary"]),
                employer_types=rng.choice([[], [], ["private"], ["non_profit", "public"]]),
                joint_committees_excluded=rng.choice([[], ["319", "327"]]),
                size_max=rng.choice([None, None, 4]),
                sort_amount=Decimal(rng.randrange(1000, 30000)),
            )
        )
    RuleVersion.objects.bulk_create(versions, batch_size=1000)
    version_ids = RuleVersion.objects.filter(measure__code__startswith="gen-").values_list("pk", flat=True)
    BenefitRule.objects.bulk_create(
        (BenefitRule(version_id=pk, kind="fixed_schedule", steps=[[1000, 8]], source_key="gen") for pk in version_ids),
        batch_size=1000,
    )


def prepare(count: int = GENERATED) -> None:
    """The shipped file plus ``count`` generated measures (also run in a subprocess for the gunicorn database)."""
    from measures.demo import load_shipped

    load_shipped()
    generate(count)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load: fresh planner statistics


def _load() -> str:
    """The machine's load average, printed beside every figure: timings on a busy machine mean little."""
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.1f}/{five:.1f} on {os.cpu_count()} cores"


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


@pytest.mark.django_db
def test_catalogue_page_with_three_filters_and_cached_page(client, report, django_assert_max_num_queries):
    prepare()
    cache.clear()
    response = client.get(FILTERED)
    assert response.status_code == 200
    with django_assert_max_num_queries(2):
        cache.clear()
        client.get(FILTERED)

    uncached, counts = [], set()
    for _ in range(40):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(FILTERED)
            uncached.append(time.perf_counter() - started)
        counts.add(len(queries.captured_queries))
    client.get(FILTERED)  # fills the cache for the anonymous visitor
    cached = []
    for _ in range(200):
        started = time.perf_counter()
        client.get(FILTERED)
        cached.append(time.perf_counter() - started)
    total = response.context["paginator"].count if response.context else "?"
    report(
        "measures catalogue",
        f"{connection.vendor}, {GENERATED} generated + shipped measures, 3 filters ({total} results): "
        f"median {_median_ms(uncached):.2f} ms (target < 50 ms, ratio {_median_ms(uncached) / 50:.2f}), "
        f"queries per page {sorted(counts)}; cached anonymous page: median {_median_ms(cached):.2f} ms "
        f"(target < 5 ms, ratio {_median_ms(cached) / 5:.2f}); {_load()}",
        figure=f"median {_median_ms(uncached):.2f} ms, queries {sorted(counts)}",
        target="median < 50 ms",
        met=_median_ms(uncached) < 50,
    )
    report(
        "measures catalogue, cached anonymous page",
        f"median {_median_ms(cached):.2f} ms",
        figure=f"median {_median_ms(cached):.2f} ms",
        target="median < 5 ms",
        met=_median_ms(cached) < 5,
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _bench_database() -> tuple[str, callable]:
    """A database URL of its own for the gunicorn run, and how to drop it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        name = f"bench_measures_{os.getpid()}"
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return urlunsplit(parts._replace(path=f"/{name}")), drop
    folder = tempfile.mkdtemp(prefix="bench-measures-")
    return f"sqlite:///{folder}/bench.sqlite3", lambda: None


def _rate(url: str, *, seconds: float = 4.0, threads: int = 8, max_requests: int = 4000, vary=None) -> float:
    """Requests per second against ``url`` over a bounded time and count; every answer must be 200."""
    done = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        index = offset
        while time.perf_counter() < deadline:
            with lock:
                if len(done) >= max_requests:
                    return
            target = vary(url, index) if vary else url
            with urllib.request.urlopen(target, timeout=10) as answer:  # noqa: S310 - our own local server
                answer.read()
                assert answer.status == 200
            with lock:
                done.append(1)
            index += threads

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, range(threads)))
    return len(done) / (time.perf_counter() - started)


def test_requests_per_second_under_gunicorn(report):
    database_url, drop = _bench_database()
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": "", "PYTHONPATH": str(ROOT)}
    python = sys.executable
    server = None
    try:
        subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [
                python,
                "manage.py",
                "shell",
                "-c",
                "from tests.benchmarks.test_bench_measures_catalogue import prepare; prepare()",
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        port = _free_port()
        gunicorn = str(Path(python).with_name("gunicorn"))
        server = subprocess.Popen(
            [
                gunicorn,
                "portal.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        catalogue = f"{base}{FILTERED}"
        trivial = _rate(f"{base}/healthz")
        cached = _rate(catalogue)
        # A different date on every request: nothing comes from the cache.
        uncached = _rate(
            catalogue, vary=lambda url, i: f"{url}&on={(datetime.date(2020, 1, 1) + datetime.timedelta(i)).isoformat()}"
        )
        report(
            "measures catalogue under gunicorn (2 workers)",
            f"trivial view /healthz {trivial:.0f} req/s; catalogue with 3 filters, cached {cached:.0f} req/s "
            f"(ratio {cached / trivial:.2f}), uncached {uncached:.0f} req/s (ratio {uncached / trivial:.2f}); "
            f"debug settings, local-memory cache per worker; {_load()}",
            figure=f"new filter combination each request: {uncached:.0f} req/s",
            baseline=f"trivial view /healthz, same gunicorn: {trivial:.0f} req/s",
            ratio=uncached / trivial,
            target="≥ 0.25 × the trivial view",
            met=uncached / trivial >= 0.25,
        )
        report(
            "measures catalogue under gunicorn, same URL (cached)",
            f"{cached:.0f} req/s",
            figure=f"same URL: {cached:.0f} req/s",
            baseline=f"trivial view /healthz, same gunicorn: {trivial:.0f} req/s",
            ratio=cached / trivial,
            target="≥ 0.5 × the trivial view",
            met=cached / trivial >= 0.5,
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        drop()
