"""The monthly premium the office should pay for a GECO or DSP job in a quarter, from the DmfA, step by step.

The DmfA gives days per quarter and service code, not per month: the quarter's counted days (worked plus
assimilated) are spread over its months in proportion to the regime's working days the job covers in each month.
A month's premium is the month's full-time basis times Q/S (for a fixed amount or the reference cap) times counted
days over the regime's working days of the whole month, less the employer share unless exempted; the quarter's total
is never above the quarter's wage cost from the DmfA (05/012 §2.1). Rounded to the cent only at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from dmfa.constants import PremiumBasis
from foundation.quarters import Quarter

CENT = Decimal("0.01")
ZERO = Decimal("0")
TWELVE = Decimal("12")
#: The premium paid may differ from the premium due by rounding (the office rounds each month): differences up to this
#: many euros over the quarter pass. An office choice, not a legal figure (README: tolerances).
PREMIUM_TOLERANCE = Decimal("0.05")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def regime_working_days(start: date, end: date, days_per_week: Decimal) -> Decimal:
    """Working days from start to end under the regime: Monday to Friday (public holidays are declared as paid days,
    service code 1, so they count), scaled by days a week over 5 for another regime (ASSUMPTION, README)."""
    if end < start:
        return ZERO
    weekdays = 0
    day = start
    while day <= end:
        if day.weekday() < 5:
            weekdays += 1
        day += timedelta(days=1)
    return Decimal(weekdays) * days_per_week / Decimal(5)


def month_bounds(month_start: date) -> tuple[date, date]:
    following = date(month_start.year + month_start.month // 12, month_start.month % 12 + 1, 1)
    return month_start, following - timedelta(days=1)


def quarter_months(quarter: Quarter) -> list[date]:
    return [date(quarter.year, quarter.first_day.month + offset, 1) for offset in range(3)]


@dataclass(frozen=True)
class JobTerms:
    basis: str
    start: date
    end: date | None
    days_per_week: Decimal
    fraction: Decimal  # Q/S
    monthly_wage: Decimal | None
    minimum_wage_basis: Decimal | None
    share_exempt: bool


@dataclass(frozen=True)
class MonthParameters:
    """The parameter values valid on the month's first day (None: none recorded)."""

    reference_annual_wage: Decimal | None = None
    flat_percentage: Decimal | None = None
    fixed_annual: Decimal | None = None
    fixed_monthly: Decimal | None = None
    employer_share: Decimal | None = None


@dataclass(frozen=True)
class QuarterFacts:
    """From the DmfA: the worker's days per service code class and the wage cost, in one quarter at the employer."""

    worked_days: Decimal
    assimilated_days: Decimal
    wage_cost: Decimal


@dataclass
class MonthLine:
    month: date
    working_days_month: Decimal
    working_days_covered: Decimal
    counted_days: Decimal
    basis: Decimal
    basis_explanation: str
    gross: Decimal
    share: Decimal
    due: Decimal
    paid: Decimal | None


@dataclass
class PremiumCheck:
    months: list[MonthLine] = field(default_factory=list)
    counted_days: Decimal = ZERO
    worked_days: Decimal = ZERO
    assimilated_days: Decimal = ZERO
    due_before_ceiling: Decimal = ZERO
    wage_cost: Decimal = ZERO
    ceiling_applied: bool = False
    due: Decimal = ZERO
    paid: Decimal = ZERO
    missing: list[str] = field(default_factory=list)

    @property
    def difference(self) -> Decimal:
        """Paid minus due: positive when the office paid too much."""
        return self.paid - self.due

    @property
    def passed(self) -> bool:
        return not self.missing and abs(self.difference) <= PREMIUM_TOLERANCE


def monthly_basis(terms: JobTerms, parameters: MonthParameters) -> tuple[Decimal | None, str, list[str]]:
    """The month's basis for the job's regime, how it was found, and the parameters missing to find it."""
    if terms.basis == PremiumBasis.FIXED:
        if parameters.fixed_monthly is not None:
            amount, how = parameters.fixed_monthly, f"{parameters.fixed_monthly} a month"
        elif parameters.fixed_annual is not None:
            amount, how = parameters.fixed_annual / TWELVE, f"{parameters.fixed_annual} a year / 12"
        else:
            return None, "", ["fixed_monthly"]
        return amount * terms.fraction, f"{how} x Q/S {terms.fraction:.4f}", []
    missing = [
        name
        for name, value in (
            ("reference_annual_wage", parameters.reference_annual_wage),
            ("flat_percentage", parameters.flat_percentage),
        )
        if value is None
    ]
    if terms.monthly_wage is None:
        missing.append("monthly_wage")
    if missing:
        if terms.minimum_wage_basis is not None:
            return terms.minimum_wage_basis, f"joint-committee minimum basis {terms.minimum_wage_basis}", []
        return None, "", missing
    cap = parameters.reference_annual_wage / TWELVE * terms.fraction
    capped = min(terms.monthly_wage, cap) * (Decimal(1) + parameters.flat_percentage)
    how = (
        f"min(wage {terms.monthly_wage}, reference {parameters.reference_annual_wage}/12 x Q/S {terms.fraction:.4f}) "
        f"x (1 + {parameters.flat_percentage})"
    )
    if terms.minimum_wage_basis is not None and terms.minimum_wage_basis > capped:
        how = f"joint-committee minimum basis {terms.minimum_wage_basis} > capped wage basis {cents(capped)}"
        return terms.minimum_wage_basis, how, []
    return capped, how, []


def check_premium(
    *,
    terms: JobTerms,
    quarter: Quarter,
    facts: QuarterFacts,
    parameters: dict[date, MonthParameters],
    paid: dict[date, Decimal],
) -> PremiumCheck:
    """The premium due per month of the quarter against what the office paid (``paid`` by month's first day)."""
    result = PremiumCheck(
        worked_days=facts.worked_days,
        assimilated_days=facts.assimilated_days,
        counted_days=facts.worked_days + facts.assimilated_days,
        wage_cost=facts.wage_cost,
    )
    job_end = terms.end or quarter.last_day
    covered = {}
    for month in quarter_months(quarter):
        first, last = month_bounds(month)
        covered[month] = regime_working_days(max(first, terms.start), min(last, job_end), terms.days_per_week)
    total_covered = sum(covered.values(), ZERO)
    for month in quarter_months(quarter):
        first, last = month_bounds(month)
        full = regime_working_days(first, last, terms.days_per_week)
        counted = result.counted_days * covered[month] / total_covered if total_covered else ZERO
        month_parameters = parameters.get(month, MonthParameters())
        basis, how, missing = monthly_basis(terms, month_parameters)
        if covered[month] and missing:
            result.missing += [f"{month:%Y-%m}: {name}" for name in missing]
        basis = basis if basis is not None and covered[month] else ZERO
        gross = basis * min(counted, full) / full if full else ZERO
        if terms.share_exempt:
            share = ZERO
        elif month_parameters.employer_share is None:
            share = ZERO
            if covered[month]:
                result.missing.append(f"{month:%Y-%m}: employer_share")
        else:
            share = gross * month_parameters.employer_share
        result.months.append(
            MonthLine(month, full, covered[month], counted, basis, how, gross, share, gross - share, paid.get(month))
        )
    result.due_before_ceiling = sum((line.due for line in result.months), ZERO)
    due = result.due_before_ceiling
    if due > facts.wage_cost:
        due, result.ceiling_applied = facts.wage_cost, True
    result.due = cents(due)
    result.paid = cents(sum(paid.values(), ZERO))
    return result
