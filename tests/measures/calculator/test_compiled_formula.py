"""The engine evaluates a formula compiled once into closures (``amounts.compiled_formula``): it gives what
``measures.formula.evaluate`` gives, to the last digit, and fails as it fails."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from measures import formula
from measures.calculator.engine.amounts import compiled_formula

FORMULAS = [
    "0.14 * max(0, low_ceiling - S)",
    "(flat + low_rate * max(0, low_ceiling - S) + very_low_rate * max(0, very_low_ceiling - S)"
    " + high_rate * max(0, W - high_threshold)) * mu * beta",
    "-S + +W - (mu - beta) / 3",
    "min(S, W, wage) / max(1, mu)",
    "S / (W - W)",
    "1 - -2.5 * S",
]

amounts = st.decimals(min_value=-100000, max_value=100000, places=6, allow_nan=False, allow_infinity=False)


NAMES = (
    "S",
    "W",
    "mu",
    "beta",
    "wage",
    "flat",
    "low_rate",
    "low_ceiling",
    "very_low_rate",
    "very_low_ceiling",
    "high_rate",
    "high_threshold",
)


@given(values=st.fixed_dictionaries(dict.fromkeys(NAMES, amounts)))
def test_a_compiled_formula_gives_what_the_formula_gives(values):
    for expression in FORMULAS:
        try:
            expected: Decimal | str = formula.evaluate(expression, values)
        except formula.FormulaError as error:
            expected = f"error: {error}"
        try:
            got: Decimal | str = compiled_formula(expression)(values)
        except formula.FormulaError as error:
            got = f"error: {error}"
        assert str(got) == str(expected), expression


def test_a_missing_value_and_a_division_by_zero_fail_as_in_the_formula():
    with pytest.raises(formula.FormulaError, match="no value for S"):
        compiled_formula("S * 2")({})
    with pytest.raises(formula.FormulaError, match="division by zero"):
        compiled_formula("1 / S")({"S": Decimal(0)})
    with pytest.raises(formula.FormulaError):
        compiled_formula("S ** 2")


@pytest.mark.django_db
def test_every_shipped_formula_compiles_to_the_same_amount(shipped_book):
    values = {name: Decimal("1234.56") for name in ("S", "W", "mu", "beta", "wage")}
    seen = 0
    for measure in shipped_book.measures:
        for version in measure.versions + measure.announced:
            for benefit in version.benefits:
                if not benefit.formula:
                    continue
                given_values = {**values, **{name: Decimal("0.37") for name, *_rest in benefit.parameters}}
                expected = formula.evaluate(benefit.formula, given_values)
                assert compiled_formula(benefit.formula)(given_values) == expected
                seen += 1
    assert seen >= 1
