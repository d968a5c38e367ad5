"""The calculation engine (placeholder until the real engine lands): a pure function of employer, hires and rules."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from measures.calculator.result import HireResult, Result
from measures.calculator.rules import RuleBook
from measures.calculator.values import EmployerProfile, Hire, Quarter


def calculate(
    *, employer: EmployerProfile, hires: Sequence[Hire], on: datetime.date, horizon: int, rules: RuleBook
) -> Result:
    results = []
    for index, hire in enumerate(hires):
        first = Quarter.of(hire.start_date)
        results.append(
            HireResult(
                index=index,
                hire=hire,
                label=hire.label or f"Hire {index + 1}",
                periods=[first.plus(i) for i in range(horizon)],
                measures=[],
                not_applicable=[],
                decisions=[],
                contributions_due={},
            )
        )
    return Result(hires=results, rules_as_of=on, horizon=horizon, employer_label=employer.label)
