"""Benchmark: the measure catalogue with 5,000 generated measures besides the shipped ones.

In process: the median server time of the catalogue page with a new filter combination each request (served from the
in-process index, no query) and of the same URL asked again by an anonymous visitor (the shared page). Under gunicorn
(2 workers, DEBUG off, wrk with 16 connections): the requests per second of a new filter combination each request
and of the same URL, each against a trivial Django view (/healthz) served by the same gunicorn in the same run.
Run on PostgreSQL with DATABASE_URL=postgres://...; BENCH_MEASURES=500 for a quick run, BENCH_WRK_SECONDS for the
length of each wrk run (default 10). The gunicorn part needs wrk (Debian: apt-get install wrk) and is skipped,
saying so, without it.
"""

from __future__ import annotations

import base64
import datetime
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.cache import cache
from django.db import connection

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
def test_catalogue_page_in_process(client, report, production_rendering, django_assert_num_queries):
    prepare()
    cache.clear()
    response = client.get(FILTERED)
    assert response.status_code == 200
    total = response.context["paginator"].count
    production_rendering()
    # Warm, as a process is after a while: the index built and every card drawn for this generation.
    for number in range(1, (GENERATED + 60) // 20 + 2):
        client.get(f"/en/measures/?validity=all&sort=name&page={number}")
    # A page of new filters then costs no query.
    with django_assert_num_queries(0):
        client.get(f"{FILTERED}&jobseeker_months=599")
    uncached = []
    for index in range(200):
        path = f"{FILTERED}&jobseeker_months={index % 600}&size={index // 600}"  # a new combination each time
        started = time.perf_counter()
        client.get(path)
        uncached.append(time.perf_counter() - started)
    client.get(FILTERED)  # stores the page for the next anonymous visitor
    cached = []
    for _ in range(300):
        started = time.perf_counter()
        client.get(FILTERED)
        cached.append(time.perf_counter() - started)
    report(
        "catalogue page in process, a new filter combination each request",
        f"{connection.vendor}, {GENERATED} generated + shipped measures, 4 filters ({total} results with 3): "
        f"median {_median_ms(uncached):.2f} ms, no query (in-process index, cards warm); {_load()}",
        figure=f"median {_median_ms(uncached):.2f} ms, 0 queries",
        target="median < 50 ms",
        met=_median_ms(uncached) < 50,
    )
    report(
        "catalogue page in process, the same URL (anonymous, shared page)",
        f"median {_median_ms(cached):.2f} ms; {_load()}",
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


WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "10"))
CONNECTIONS = 16

#: wrk asks for a new filter combination on every request: age, months as a job seeker and size change together,
#: each wrk thread on numbers of its own (516,860 combinations before one repeats).
NEW_FILTERS_LUA = """
local threads_made = 0
function setup(thread) thread:set("id", threads_made); threads_made = threads_made + 1 end
local n = 0
function request()
  n = n + 1
  local i = n * 2 + id
  local path = "%s" .. "&age=" .. (14 + i %% 86) .. "&jobseeker_months=" .. (math.floor(i / 86) %% 601)
    .. "&size=" .. (math.floor(i / 51686) %% 10)
  return wrk.format("GET", path)
end
"""


def _wrk(url: str, *, script: Path | None = None) -> tuple[float, str]:
    """Requests per second by wrk (2 threads, 16 connections) and its latency line; every answer must be a 200."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{WRK_SECONDS}s", "--latency", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert "Non-2xx" not in output and "Socket errors" not in output, output
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = re.search(r"^\s+Latency\s+(\S+)\s+(\S+)\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    return rate, f"latency mean {latency.group(1)}, p99 {p99.group(1) if p99 else '?'}"


def _production_env(database_url: str, folder: Path) -> dict:
    """The settings of a production run (DEBUG off, its keys set) on the benchmark's own database, cache local."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        "PYTHONPATH": str(ROOT),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SSL_REDIRECT": "0",
        "DISCLOSURE_PSEUDONYM_KEY": secrets.token_urlsafe(40),
        "DISCLOSURE_CHAIN_KEYS": f"bench:{secrets.token_urlsafe(40)}",
        "DISCLOSURE_CHECKPOINT_KEY": base64.b64encode(os.urandom(32)).decode(),
        "DISCLOSURE_CHECKPOINT_DIR": str(folder / "checkpoints"),
    }


def test_requests_per_second_under_gunicorn(report, tmp_path):
    if shutil.which("wrk") is None:
        pytest.skip(
            "wrk is not installed (Debian: apt-get install wrk): the gunicorn rows of the catalogue are not run"
        )
    database_url, drop = _bench_database()
    env = _production_env(database_url, tmp_path)
    python = sys.executable
    server = None
    try:
        subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        # DEBUG off serves the static files' manifest: collected as a deployment would.
        subprocess.run([python, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
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
        # Both workers build their index and draw the cards of this catalogue generation (each card once per
        # language and generation, by design) before anything is timed: the figures are those of the steady state.
        pages = (GENERATED + 60) // 20 + 1
        for _round in range(2):
            for number in range(1, pages + 1):
                urllib.request.urlopen(f"{base}/en/measures/?validity=all&sort=name&page={number}", timeout=30).read()  # noqa: S310
        for _ in range(4):
            urllib.request.urlopen(f"{base}{FILTERED}", timeout=30).read()  # noqa: S310
        script = tmp_path / "new-filters.lua"
        script.write_text(NEW_FILTERS_LUA % FILTERED)
        trivial, trivial_latency = _wrk(f"{base}/healthz")
        new, new_latency = _wrk(base, script=script)
        same, same_latency = _wrk(f"{base}{FILTERED}")
        baseline = f"trivial view /healthz, same gunicorn: {trivial:,.0f} req/s"
        setting = f"gunicorn 2 workers, DEBUG off, wrk {CONNECTIONS} connections {WRK_SECONDS} s, local-memory cache"
        report(
            "catalogue page, a new filter combination each request",
            f"{new:,.0f} req/s ({new_latency}) against /healthz {trivial:,.0f} req/s ({trivial_latency}), "
            f"ratio {new / trivial:.2f}; {setting}; {GENERATED} generated + shipped measures, index and cards warm; "
            f"{_load()}",
            figure=f"{new:,.0f} req/s",
            baseline=baseline,
            ratio=new / trivial,
            target="≥ 0.25 × the trivial view",
            met=new / trivial >= 0.25,
        )
        report(
            "catalogue page, the same URL (cached)",
            f"{same:,.0f} req/s ({same_latency}), ratio {same / trivial:.2f}; {setting}; {_load()}",
            figure=f"{same:,.0f} req/s",
            baseline=baseline,
            ratio=same / trivial,
            target="≥ 0.5 × the trivial view",
            met=same / trivial >= 0.5,
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        drop()
