"""Helpers of the benchmarks: they print figures (and ratios), they never fail on timing.

Every benchmark says what it measured through the ``report`` fixture: the line is printed at once (``-q`` does not
swallow it), and the figure, its baseline measured in the same run, the ratio, the target and whether it was met go
into one table printed at the end of the session (``pytest_terminal_summary``), which the README's performance
section copies.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

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


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not ROWS:
        return
    from django.db import connection

    terminalreporter.write_sep("=", "benchmark summary")
    terminalreporter.write_line(f"database: {connection.vendor}; machine: {machine()}")
    for line in table(ROWS):
        terminalreporter.write_line(line)
    missed = [row.name for row in ROWS if row.met is False]
    verdict = f"{len(missed)} target(s) not met: {', '.join(missed)}" if missed else "every stated target met"
    terminalreporter.write_line(f"{len(ROWS)} figures; {verdict}")


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
