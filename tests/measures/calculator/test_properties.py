"""Properties of the engine over generated hires (hypothesis), on the shipped catalogue."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from measures import constants
from measures.calculator import engine
from measures.calculator.result import money
from tests.measures.calculator.conftest import make_employer, make_hire

ON = datetime.date(2026, 12, 1)
REGIONS = ["VLG", "WAL", "BRU", "DG"]
CENT = Decimal("0.01")
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

hires = st.builds(
    make_hire,
    start_date=st.dates(datetime.date(2024, 4, 1), datetime.date(2027, 12, 31)),
    birth_date=st.dates(datetime.date(1958, 1, 1), datetime.date(2006, 12, 31)),
    work_fraction=st.decimals(Decimal("0.10"), Decimal("1"), places=2),
    gross_monthly_wage=st.decimals(Decimal("900"), Decimal("9000"), places=2),
    domicile_region=st.sampled_from(REGIONS),
    seat_region=st.sampled_from(REGIONS),
    jobseeker_since=st.one_of(st.none(), st.dates(datetime.date(2018, 1, 1), datetime.date(2024, 3, 31))),
    qualification=st.sampled_from(constants.Qualification.values),
    reduced_work_capacity=st.booleans(),
    hire_rank=st.one_of(st.none(), st.integers(1, 5)),
    joint_committee=st.sampled_from(["", "200", "302"]),
)
employers = st.builds(
    make_employer,
    employer_type=st.sampled_from(["private", "non_profit"]),
    seat=st.sampled_from(REGIONS),
    importance_code=st.integers(0, 9),
)
horizons = st.integers(1, 20)


def calculate(book, employer, hire_list, horizon):
    return engine.calculate(employer=employer, hires=hire_list, on=ON, horizon=horizon, rules=book)


@PROPERTY
@given(employer=employers, hire_list=st.lists(hires, min_size=1, max_size=3), horizon=horizons)
def test_totals_are_the_sums_of_their_periods(shipped_book, employer, hire_list, horizon):
    result = calculate(shipped_book, employer, hire_list, horizon)
    assert result.total == sum(hire.total for hire in result.hires)
    for hire in result.hires:
        assert hire.total == sum(item.amount for measure in hire.measures for item in measure.periods)
        assert sum(hire.amount_in(period) for period in hire.periods) == hire.total
        for measure in hire.measures:
            assert measure.total == sum(item.amount for item in measure.periods)
            assert all(item.amount >= 0 for item in measure.periods)
    assert sum(amount for _period, amount in result.totals_by_period()) == result.total
    assert result.as_dict()["total"] == str(money(result.total))


@PROPERTY
@given(employer=employers, hire=hires, horizon=horizons)
def test_contribution_reductions_never_exceed_the_contributions_due(shipped_book, employer, hire, horizon):
    result = calculate(shipped_book, employer, [hire], horizon).hires[0]
    reductions = [m for m in result.measures if m.technique == constants.Technique.CONTRIBUTION_REDUCTION]
    for period in result.periods:
        used = sum(measure.amount_in(period) for measure in reductions)
        assert used <= result.contributions_due[period] + CENT, (period, used, result.contributions_due[period])
        target = [
            m for m in reductions if m.reduction_role == constants.ReductionRole.TARGET_GROUP and m.amount_in(period)
        ]
        assert len(target) <= 1, f"{period}: more than one target-group reduction: {[m.code for m in target]}"


@PROPERTY
@given(employer=employers, hire=hires, raise_by=st.decimals(Decimal("1"), Decimal("3000"), places=2))
def test_a_higher_wage_never_raises_a_fixed_target_group_reduction(shipped_book, employer, hire, raise_by):
    """Fixed target-group amounts only fall away above a wage ceiling; they never grow with the wage.

    (Exemptions of a contribution share are a share of the wage, so they grow with it by definition: left out.)
    """
    fixed = {
        measure.code
        for measure in shipped_book.measures
        if measure.reduction_role == constants.ReductionRole.TARGET_GROUP
        and all(b.kind == constants.BenefitKind.FIXED_SCHEDULE for v in measure.versions for b in v.benefits)
    }
    richer = replace(hire, gross_monthly_wage=hire.gross_monthly_wage + raise_by)
    before = engine.amounts_before_cumulation(employer=employer, hire=hire, on=ON, horizon=8, rules=shipped_book)
    after = engine.amounts_before_cumulation(employer=employer, hire=richer, on=ON, horizon=8, rules=shipped_book)
    for code in fixed:
        for period, amount in after.get(code, {}).items():
            assert amount <= before.get(code, {}).get(period, Decimal(0)), (code, period)


@PROPERTY
@given(
    hire=hires,
    start=st.builds(
        lambda year, quarter: datetime.date(year, 3 * quarter - 2, 1), st.integers(2024, 2027), st.integers(1, 4)
    ),
    fraction=st.decimals(Decimal("0.50"), Decimal("1"), places=2),
)
def test_prorated_amounts_are_linear_in_the_working_time(shipped_book, hire, start, fraction):
    """At the same full-time wage S, halving the working time halves every prorated fixed amount (a rule's minimum
    fraction aside: both fractions stay at or above one half); the structural reduction follows µ × β instead."""
    employer = make_employer(seat=hire.seat_region)
    hire = replace(
        hire, start_date=max(start, datetime.date(2024, 4, 1))
    )  # whole quarters, after the first structural rules
    full = replace(hire, work_fraction=Decimal(1), gross_monthly_wage=Decimal(3000))
    part = replace(hire, work_fraction=fraction, gross_monthly_wage=Decimal(3000) * fraction)
    whole = engine.amounts_before_cumulation(employer=employer, hire=full, on=ON, horizon=4, rules=shipped_book)
    partial = engine.amounts_before_cumulation(employer=employer, hire=part, on=ON, horizon=4, rules=shipped_book)
    linear = {
        measure.code
        for measure in shipped_book.measures
        if all(
            version.prorated
            and not version.work_fraction_full
            and (version.work_fraction_min or 0) <= Decimal("0.5")
            and all(
                b.kind in (constants.BenefitKind.FIXED_SCHEDULE, constants.BenefitKind.FORMULA)
                for b in version.benefits
            )
            for version in measure.versions
        )
    }
    assert "fed-structural" in linear
    for code in linear & set(whole) - {"fed-structural"}:
        for period, amount in whole[code].items():
            assert abs(partial[code][period] - amount * fraction) < CENT, (code, period)
    # Ps = R × µ × β, never above R (issue 11): at least the straight proration, at most the full-time amount.
    factor = min(Decimal(1), fraction * engine.structural_beta(fraction))
    for period, amount in whole.get("fed-structural", {}).items():
        assert abs(partial["fed-structural"][period] - amount * factor) < CENT, period
        assert amount * fraction - CENT <= partial["fed-structural"][period] <= amount + CENT, period
