"""Formulas are data: parsed safely, checked against their names, evaluated in Decimal."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from measures import formula

STRUCTURAL_CAT1 = "(low_rate * max(0, low_ceiling - S) + very_low_rate * max(0, very_low_ceiling - S)) * mu * beta"
CAT1_2024 = {
    "low_rate": Decimal("0.14"),
    "low_ceiling": Decimal("10797.67"),
    "very_low_rate": Decimal("0.40"),
    "very_low_ceiling": Decimal("6807.18"),
}


def test_structural_reduction_category_1_for_a_low_wage():
    # S = 6,000: 0.14 x 4,797.67 + 0.40 x 807.18 = 671.6738 + 322.872 = 994.5458 (full time, full quarter)
    value = formula.evaluate(STRUCTURAL_CAT1, {**CAT1_2024, "S": Decimal(6000), "mu": Decimal(1), "beta": Decimal(1)})
    assert value == Decimal("994.5458")


def test_structural_reduction_is_zero_above_the_ceiling():
    value = formula.evaluate(STRUCTURAL_CAT1, {**CAT1_2024, "S": Decimal(12000), "mu": Decimal(1), "beta": Decimal(1)})
    assert value == 0


@given(st.decimals(min_value=0, max_value=20000, places=2), st.decimals(min_value=0, max_value=1, places=2))
def test_structural_reduction_is_linear_in_the_performance_fraction(wage, beta):
    values = {**CAT1_2024, "S": wage, "mu": Decimal(1)}
    full = formula.evaluate(STRUCTURAL_CAT1, {**values, "beta": Decimal(1)})
    part = formula.evaluate(STRUCTURAL_CAT1, {**values, "beta": beta})
    assert part == full * beta
    assert full >= 0


@pytest.mark.parametrize(
    "expression",
    ["__import__('os')", "S.real", "[1, 2]", "S if S else 0", "abs(S)", "'text'", "lambda: 1", "S ** 2"],
)
def test_anything_but_arithmetic_is_refused(expression):
    with pytest.raises(formula.FormulaError):
        formula.parse(expression)


def test_unknown_names_are_reported():
    with pytest.raises(formula.FormulaError, match="rate"):
        formula.check("rate * S", parameter_names=[])
    formula.check("rate * S", parameter_names=["rate"])
