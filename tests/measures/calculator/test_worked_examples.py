"""The worked examples (worked_examples.yaml): every shipped measure computed by the engine as by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from measures.calculator import engine
from measures.demo import DATA_FILE
from tests.measures.calculator.conftest import make_employer, make_hire

EXAMPLES = yaml.safe_load((Path(__file__).parent / "worked_examples.yaml").read_text(encoding="utf-8"))
CASES = EXAMPLES["cases"]


def run(case: dict, book, *, whole: bool = False):
    defaults = EXAMPLES["defaults"]
    employer_values = dict(case.get("employer", defaults["employer"]))
    seat = employer_values["seat"]
    hire_values = dict(case["hire"])
    hire_values.setdefault("seat_region", seat)
    result = engine.calculate(
        employer=make_employer(**employer_values),
        hires=[make_hire(**hire_values)],
        on=case.get("rules_on", defaults["rules_on"]),
        horizon=case["horizon"],
        rules=book,
        mode=case.get("rules", "in_force"),
    )
    return result if whole else result.hires[0]


def amounts(hire_result, code: str) -> dict[str, str]:
    measure = next((m for m in hire_result.measures if m.code == code), None)
    if measure is None:
        reasons = next((n.reasons for n in hire_result.not_applicable if n.code == code), ())
        pytest.fail(f"{code} does not apply: {reasons}")
    return {str(item.period): str(item.amount) for item in measure.periods if item.amount}


def test_every_shipped_measure_has_a_worked_example():
    shipped = {item["code"] for item in yaml.safe_load(Path(DATA_FILE).read_text(encoding="utf-8"))["measures"]}
    assert shipped - {case["measure"] for case in CASES} == set()
    assert all(case.get("source") for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_worked_example(case, shipped_book):
    whole = run(case, shipped_book, whole=True)
    result = whole.hires[0]
    if "announced_delta" in case:
        assert str(whole.announced_delta) == case["announced_delta"]
        assert case["measure"] in {change.code for change in whole.announced_changes}
    code = case["measure"]
    if "not_applicable" in case:
        reasons = next((n.reasons for n in result.not_applicable if n.code == code), None)
        assert reasons is not None, f"{code} applies, but should not"
        assert any(case["not_applicable"] in reason for reason in reasons), reasons
        return
    assert amounts(result, code) == case["periods"]
    measure = next(m for m in result.measures if m.code == code)
    assert measure.total == sum(Decimal(value) for value in case["periods"].values())
    for other, periods in case.get("also", {}).items():
        assert amounts(result, other) == periods
    for other, words in case.get("also_not_applicable", {}).items():
        reasons = next(n.reasons for n in result.not_applicable if n.code == other)
        assert any(words in reason for reason in reasons), reasons


def test_the_result_carries_a_trace_and_sources(shipped_book):
    result = run(CASES[0], shipped_book)
    structural = next(m for m in result.measures if m.code == "fed-structural")
    assert [str(item.period) for item in structural.trace] == ["2025Q1", "2025Q2"]
    values = dict(structural.trace[0].values)
    assert values["S"] == "8400.00" and values["low_rate"] == "0.14" and values["low_ceiling"] == "10797.67"
    assert structural.trace[0].version_from == datetime.date(2024, 4, 1)
    assert structural.sources and structural.sources[0]["url"].startswith("https://")
