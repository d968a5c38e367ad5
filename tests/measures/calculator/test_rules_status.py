"""Issue 11 in the engine: β of the structural reduction, the rules in force or with announced changes, and the
announced ends inside the horizon."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from measures.calculator import engine
from measures.calculator.engine import structural_beta
from tests.measures.calculator.conftest import make_employer, make_hire

ON = datetime.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("mu", "beta", "mu_times_beta"),
    [
        ("0.25", "0", "0"),  # below 0.275: nothing
        ("0.5", "1.18", "0.59"),  # 0.275 to 0.55: 1.18
        ("0.65", "1.208", "0.7852"),  # 0.55 to 0.80: 1.18 + (µ − 0.55) × 0.28
        ("0.8", "1.25", "1"),  # from 0.80: 1/µ
        ("1", "1", "1"),
    ],
)
def test_beta_of_the_structural_reduction(mu, beta, mu_times_beta):
    value = structural_beta(Decimal(mu))
    assert value.quantize(Decimal("0.000001")) == Decimal(beta).quantize(Decimal("0.000001"))
    assert (Decimal(mu) * value).quantize(Decimal("0.0001")) == Decimal(mu_times_beta).quantize(Decimal("0.0001"))


def test_beta_is_continuous_and_never_lifts_the_reduction_above_full_time():
    for step in range(276, 1001):
        mu = Decimal(step) / 1000
        assert mu * structural_beta(mu) <= Decimal("1.0000001"), mu
    assert Decimal("1.18") + Decimal("0.25") * Decimal("0.28") == 1 / Decimal("0.8")


def test_a_contract_of_at_least_half_time_keeps_beta_below_the_floor():
    assert structural_beta(Decimal("0.25"), half_time_contract=True) == Decimal("1.18")
    assert structural_beta(Decimal("0.25"), half_time_contract=False) == 0
    assert structural_beta(Decimal("0"), half_time_contract=True) == 0


def _structural(result):
    return next(m for m in result.hires[0].measures if m.code == "fed-structural")


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [("0.25", None), ("0.5", "575.69"), ("0.65", "766.15"), ("0.8", "975.74"), ("1", "975.74")],
)
def test_part_time_structural_reduction_is_r_times_mu_times_beta(shipped_book, fraction, expected):
    """R = 975.7446 in 2025Q3 at a full-time wage of 2,300 (S = 6,900); Ps = R × µ × β."""
    hire = make_hire(
        start_date=datetime.date(2025, 7, 1),
        work_fraction=Decimal(fraction),
        gross_monthly_wage=Decimal("2300") * Decimal(fraction),
    )
    result = engine.calculate(employer=make_employer(), hires=[hire], on=ON, horizon=1, rules=shipped_book)
    codes = [m.code for m in result.hires[0].measures]
    if expected is None:
        assert "fed-structural" not in codes
    else:
        assert str(_structural(result).total) == expected
        values = dict(_structural(result).trace[0].values)
        assert values["µ"] == f"{Decimal(fraction):.4f}"


def test_the_rules_in_force_are_the_default_and_announced_changes_are_named(shipped_book):
    hire = make_hire(start_date=datetime.date(2026, 1, 5), gross_monthly_wage=Decimal("4000"), hire_rank=1)
    in_force = engine.calculate(employer=make_employer(), hires=[hire], on=ON, horizon=6, rules=shipped_book)
    announced = engine.calculate(
        employer=make_employer(), hires=[hire], on=ON, horizon=6, rules=shipped_book, mode="announced"
    )
    assert in_force.rules == "in_force" and not in_force.announced_changes
    assert in_force.total == Decimal("17866.67") and announced.total == Decimal("12866.67")
    assert announced.rules == "announced" and announced.announced_delta == Decimal("-5000.00")
    (change,) = announced.announced_changes
    assert change.code == "fed-first-hires" and change.valid_from == datetime.date(2026, 4, 1)
    assert "uwpayroll" in change.announcement["title"]
    assert any("move the total by -5,000.00 EUR" in note for note in announced.notes)
    # The rules in force say that an announced change falls inside the horizon, and that it is left out.
    assert any("first hires: announced changes from April 1, 2026" in line for line in in_force.announcements)
    assert all("not included" in line for line in in_force.announcements)
    data = announced.as_dict()
    assert data["rules"] == "announced" and data["announced_delta"] == "-5000.00"
    assert data["announced_changes"][0]["code"] == "fed-first-hires"


def test_an_announced_end_inside_the_horizon_is_said(shipped_book):
    walloon = make_employer(seat="WAL")
    hire = make_hire(
        start_date=datetime.date(2026, 1, 1),
        domicile_region="WAL",
        seat_region="WAL",
        jobseeker_since=datetime.date(2024, 6, 1),
    )
    result = engine.calculate(employer=walloon, hires=[hire], on=ON, horizon=4, rules=shipped_book)
    impulsion = next(m for m in result.hires[0].measures if m.code == "wal-impulsion-12-months")
    assert impulsion.total == Decimal("6000.00")  # the rules in force: 500 × 12 months
    assert any("Impulsion 12 months +: announced to end from July 1, 2026" in line for line in result.announcements)
    # A hire after the announced end gets nothing when announced changes are included.
    later = make_hire(
        start_date=datetime.date(2026, 8, 1),
        domicile_region="WAL",
        seat_region="WAL",
        jobseeker_since=datetime.date(2024, 6, 1),
    )
    announced = engine.calculate(
        employer=walloon, hires=[later], on=ON, horizon=2, rules=shipped_book, mode="announced"
    )
    reasons = next(n.reasons for n in announced.hires[0].not_applicable if n.code == "wal-impulsion-12-months")
    assert "announced to end" in reasons[0]
    change = next(c for c in announced.announced_changes if c.code == "wal-impulsion-12-months")
    assert change.ends and change.delta == Decimal("-2500.00")  # 5 months × 500
