"""Helpers of the benchmarks: they print figures (and ratios), they never fail on timing."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

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


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"median {statistics.median(ordered) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms, n={len(ordered)}"


@pytest.fixture
def report(capsys):
    """Print a benchmark figure so that `make bench` shows it."""

    def say(name: str, text: str) -> None:
        with capsys.disabled():
            print(f"\n[bench] {name}: {text}", flush=True)

    return say


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
