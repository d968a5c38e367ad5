"""Helpers of the benchmarks: they print figures (and ratios), they never fail on timing.

Every benchmark says what it measured through the ``report`` fixture: the line is printed at once (``-q`` does not
swallow it), and the figure, its baseline measured in the same run, the ratio, the target and whether it was met go
into one table printed at the end of the session (``pytest_terminal_summary``), which the README's performance
section copies. The table always has the rows of issue 17's table (``ISSUE_ROWS``), in its order, each with the
figures reported under a name that starts like it, or "not run in this session"; the other reports follow in the
order they ran. Benchmarks that were skipped are listed under the table with their reason. The table and the machine
are also written to ``var/benchmarks-last-run.md``.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest


def timings(fn: Callable[[], object], *, repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def summary(samples: list[float]) -> str:
    return f"median {median_ms(samples):.2f} ms, p95 {p95(samples) * 1000:.2f} ms, n={len(samples)}"


@dataclass(frozen=True)
class Row:
    """One line of the end-of-session table."""

    name: str
    figure: str
    baseline: str
    ratio: float | None
    target: str
    met: bool | None


#: The rows reported in this session, in the order the benchmarks ran.
ROWS: list[Row] = []

#: Issue 17's table: the start of the reported name of each of its rows, and its target. A report whose name starts
#: so fills that row; a benchmark of the same thing added later keeps the row by reporting under such a name.
ISSUE_ROWS: list[tuple[str, str]] = [
    ("gate + 1 log row", "median < 2 ms"),
    ("verify", "< 60 s"),
    ("dmfa import", "≥ 0.25 × the bare parse, memory flat"),
    ("catalogue page, a new filter combination each request", "≥ 0.25 × the trivial view"),
    ("catalogue page, the same URL (cached)", "≥ 0.5 × the trivial view"),
    ("calculator result over HTTP (page), 50 hires", "p95 < 250 ms"),
    ("calculator result over HTTP (page), 10 hires", "p95 < 100 ms"),
    ("employer-category look-up", "median < 10 ms"),
    ("KBO full extract import", "rows/s kept, memory flat"),
]

#: Benchmarks skipped in this session, with their reason (a missing tool, a database that is not PostgreSQL).
SKIPPED: list[tuple[str, str]] = []

ROOT = Path(__file__).resolve().parents[2]


def record(
    name: str,
    *,
    figure: str = "",
    baseline: str = "",
    ratio: float | None = None,
    target: str = "",
    met: bool | None = None,
) -> None:
    ROWS.append(Row(name, figure, baseline, ratio, target, met))


@pytest.fixture
def report(capsys):
    """Print a benchmark figure so that `make bench` shows it, and keep it for the table at the end.

    ``report(name, text)`` prints a line; the keyword arguments fill the table: ``figure`` (what was measured, with
    its unit), ``baseline`` (the limit it is measured against, measured in the same run), ``ratio`` (figure over
    baseline), ``target`` (in words) and ``met`` (True, False, or None when there is nothing to meet). A report without
    a figure still gets a row, with its text as the figure.
    """

    def say(
        name: str,
        text: str,
        *,
        figure: str = "",
        baseline: str = "",
        ratio: float | None = None,
        target: str = "",
        met: bool | None = None,
    ) -> None:
        with capsys.disabled():
            print(f"\n[bench] {name}: {text}", flush=True)
        record(name, figure=figure or text, baseline=baseline, ratio=ratio, target=target, met=met)

    return say


def machine() -> str:
    """The machine the figures were taken on: CPU model, cores, load, Python."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            model = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), model)
    except OSError:
        pass
    one, five, _fifteen = os.getloadavg()
    return (
        f"{model}, {os.cpu_count()} cores, load average {one:.1f}/{five:.1f} at the end, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or "—"


def table(rows: list[Row]) -> list[str]:
    """The rows as a Markdown table (the README copies it as it is)."""
    lines = [
        "| benchmark | figure | limit or baseline (same run) | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        ratio = "—" if row.ratio is None else f"{row.ratio:.3g}"
        met = {True: "yes", False: "**no**", None: "—"}[row.met]
        cells = [row.name, row.figure, row.baseline, ratio, row.target, met]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return lines


def ordered_rows(rows: list[Row]) -> list[Row]:
    """The issue's rows first, in its order (a placeholder for one nothing reported), then every other report."""
    placed: set[int] = set()
    ordered = []
    for prefix, target in ISSUE_ROWS:
        matching = [
            (index, row)
            for index, row in enumerate(rows)
            if index not in placed and row.name.lower().startswith(prefix.lower())
        ]
        if not matching:
            ordered.append(Row(prefix, "not run in this session", "", None, target, None))
        for index, row in matching:
            placed.add(index)
            ordered.append(row)
    ordered.extend(row for index, row in enumerate(rows) if index not in placed)
    return ordered


def pytest_runtest_logreport(report):
    if report.skipped and report.when in ("setup", "call"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        SKIPPED.append((report.nodeid, reason.removeprefix("Skipped: ")))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not ROWS and not SKIPPED:
        return
    from django.db import connection

    rows = ordered_rows(ROWS)
    missed = [row.name for row in rows if row.met is False]
    verdict = f"{len(missed)} target(s) not met: {', '.join(missed)}" if missed else "every stated target met"
    lines = [
        f"database: {connection.vendor}; machine: {machine()}",
        *table(rows),
        f"{len(ROWS)} figures; {verdict}",
        *(f"skipped: {nodeid}: {reason}" for nodeid, reason in SKIPPED),
    ]
    terminalreporter.write_sep("=", "benchmark summary")
    for line in lines:
        terminalreporter.write_line(line)
    try:
        (ROOT / "var").mkdir(exist_ok=True)
        (ROOT / "var" / "benchmarks-last-run.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as error:  # a read-only checkout still prints the table
        terminalreporter.write_line(f"table not written to var/: {error}")


@pytest.fixture
def production_rendering(monkeypatch):
    """A function that makes templates render as in production until the test ends.

    The test runner instruments every template render (a signal and a copy of the whole context each time, so that
    tests can read ``response.context``): a page built of many included templates is timed with that overhead, which
    no production request has. After the call, ``response.context`` is None.
    """
    from django.template import Template
    from django.test.utils import _TestState

    def switch() -> None:
        saved = getattr(_TestState, "saved_data", None)
        if saved is not None:
            monkeypatch.setattr(Template, "_render", saved.template_render)

    return switch
