"""Amounts per measure: for one hire and one measure, the rule version and variant that apply, why not when none
does, and the amount of every period before any cumulation or cap (a :class:`Candidate`)."""

from __future__ import annotations

import ast
import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from types import MappingProxyType

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from measures import constants, formula
from measures.calculator.engine.periods import HireContext, Period, version_date
from measures.calculator.result import TraceItem, money
from measures.calculator.rules import BenefitSpec, MeasureSpec, VersionSpec
from measures.calculator.values import Quarter, add_months
from measures.eligibility import Situation, condition_reasons

ZERO = Decimal("0")
ONE = Decimal("1")

Role = constants.ReductionRole
Kind = constants.BenefitKind
Unit = constants.PeriodUnit
#: Months in a period of each unit.
MONTHS_IN: Mapping[str, int] = MappingProxyType({Unit.MONTH: 1, Unit.QUARTER: 3, Unit.YEAR: 12})


def plain(value: Decimal) -> str:
    """An amount for the trace: a plain decimal, formatted by whoever shows it."""
    return str(money(value))


def plain_percent(value: Decimal) -> str:
    """A rate for the trace ("25 %"), formatted by whoever shows it."""
    text = f"{Decimal(value) * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text} %"


def structural_beta(mu_glob: Decimal, *, half_time_contract: bool = False) -> Decimal:
    """β of the structural reduction, Ps = R × µ × β, from µglob (the worker's working-time fraction over all his
    occupations with the employer in the quarter): 1/µ from 0.80, 1.18 + (µ − 0.55) × 0.28 from 0.55, 1.18 from
    0.275, 0 below, except for a contract of at least half-time, which keeps 1.18 below 0.275 (a hire late in the
    quarter). The formula caps µ × β at 1: Ps is never above R."""
    mu_glob = Decimal(mu_glob)
    if mu_glob >= Decimal("0.8"):
        return ONE / mu_glob
    if mu_glob >= Decimal("0.55"):
        return Decimal("1.18") + (mu_glob - Decimal("0.55")) * Decimal("0.28")
    if mu_glob >= Decimal("0.275") or (half_time_contract and mu_glob > 0):
        return Decimal("1.18")
    return ZERO


# -- eligibility --------------------------------------------------------------------------------------------------


def reasons_not_eligible(
    version: VersionSpec, situation: Situation, measure: MeasureSpec, ctx: HireContext
) -> list[str]:
    """``measures.eligibility.reasons_not_eligible``, with the criteria built once per calculation."""
    criteria = ctx.wording.criteria_of(version, measure)
    return [reason for criterion in criteria if (reason := criterion.reason(situation))]


def _employer_reasons(version: VersionSpec, measure: MeasureSpec, ctx: HireContext, situation: Situation) -> list[str]:
    """Eligibility of the version; category and NACE tested against every code the employer has (memoised per hire:
    the quarters of one hire mostly share a situation)."""
    key = (id(version), situation)
    if key not in ctx.reasons:
        ctx.reasons[key] = _employer_reasons_uncached(version, measure, ctx, situation)
    return list(ctx.reasons[key])


def _employer_reasons_uncached(
    version: VersionSpec, measure: MeasureSpec, ctx: HireContext, situation: Situation
) -> list[str]:
    reasons = reasons_not_eligible(version, situation, measure, ctx)
    employer = ctx.employer
    if version.employer_categories or version.employer_categories_excluded:
        codes = employer.category_codes
        if not codes:
            reasons.append(_("this measure depends on the employer category, which the repertory does not give"))
        else:
            failures = [
                reasons_not_eligible(version, replace(situation, employer_category=code), measure, ctx)
                for code in codes
            ]
            if all(len(failure) > len(reasons) for failure in failures):
                reasons.extend(reason for reason in failures[0] if reason not in reasons)
    if version.nace_included or version.nace_excluded:
        codes = employer.nace_codes
        if not codes:
            reasons.append(_("this measure depends on the activity (NACE code), which the repertory does not give"))
        else:
            failures = [reasons_not_eligible(version, replace(situation, nace=code), measure, ctx) for code in codes]
            if all(len(failure) > len(reasons) for failure in failures):
                reasons.extend(reason for reason in failures[0] if reason not in reasons)
    if version.joint_committees_included and not ctx.hire.joint_committee:
        reasons.append(_("this measure depends on the joint committee, which was not given"))
    by_seat = measure.region_basis == constants.RegionBasis.OPERATING_SEAT and measure.region != constants.Region.BE
    if by_seat and not ctx.hire.seat_region:
        reasons.append(_("the region of the operating seat is not known: choose the seat the worker is attached to"))
    return reasons


def _variant_reasons(benefit: BenefitSpec, ctx: HireContext, situation: Situation) -> list[str]:
    key = (id(benefit), situation)
    if key not in ctx.reasons:
        ctx.reasons[key] = _variant_reasons_uncached(benefit, ctx, situation)
    return list(ctx.reasons[key])


def _variant_reasons_uncached(benefit: BenefitSpec, ctx: HireContext, situation: Situation) -> list[str]:
    conditions = benefit.conditions
    reasons = condition_reasons(conditions, situation)
    hire = ctx.hire
    if "hire_rank" in conditions and hire.hire_rank is None:
        reasons.append(_("the hire's rank (first, second, third worker...) was not given"))
    if "structural_category" in conditions and situation.structural_category is None:
        reasons.append(_("employers of the public sector and local authorities do not receive this reduction"))
    months = conditions.get("jobseeker_months_min")
    if months is not None and (situation.jobseeker_months or 0) < months:
        reasons.append(
            _("registered as a job seeker for %(have)s months: this amount needs %(need)s")
            % {"have": situation.jobseeker_months or 0, "need": months}
        )
    hours = conditions.get("weekly_hours_max")
    if hours is not None:
        if hire.reference_weekly_hours is None:
            reasons.append(_("this amount depends on the weekly hours of a full-time worker (S), which were not given"))
        elif Decimal(hire.reference_weekly_hours) > Decimal(str(hours)):
            reasons.append(
                _("a full-time week of %(have)s hours: this amount needs at most %(need)s")
                % {"have": hire.reference_weekly_hours, "need": hours}
            )
    if "learner_paid" in conditions:
        reasons.append(_("this amount depends on the learner's allowance, which the calculator does not ask"))
    if conditions.get("wage_moderation") is False:
        reasons.append(_("the calculator assumes the employer pays the wage-moderation contribution"))
    return reasons


# -- amounts ------------------------------------------------------------------------------------------------------


@dataclass
class Candidate:
    """What one measure would give one hire before cumulation: amount per quarter, trace, explanation."""

    measure: MeasureSpec
    amounts: dict[Quarter, Decimal]
    trace: list[TraceItem]
    explanation: str
    unlimited: bool
    assumption: bool
    version: VersionSpec | None = None
    benefit: BenefitSpec | None = None
    window: int | None = None  # placement window in quarters (target-group reductions only)
    uses: list[Callable[[Quarter], Decimal]] | None = None  # value of the n-th use placed in a quarter (window)
    unlimited_uses: bool = False
    notes: dict[Quarter, str] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)


def fraction_factor(version: VersionSpec, ctx: HireContext) -> Decimal:
    if not version.prorated:
        return ONE
    fraction = ctx.fraction
    if version.work_fraction_full:
        return min(ONE, fraction / Decimal(version.work_fraction_full))
    return fraction


def schedule(benefit: BenefitSpec) -> tuple[list[tuple[Decimal, int | None]], bool]:
    """The (amount or rate, periods) steps of a benefit, and whether the last step has no end."""
    if benefit.kind == Kind.FIXED_SCHEDULE or (benefit.kind == Kind.PERCENTAGE and benefit.steps):
        steps = list(benefit.steps)
    elif benefit.kind == Kind.PERCENTAGE:
        if benefit.percentage is None:  # measures.schema: a percentage rule has its rate or its steps
            raise ValueError("a percentage rule without its rate or steps")
        steps = [(Decimal(benefit.percentage), benefit.duration)]
    else:
        steps = [(ONE, benefit.duration)]
    return steps, steps[-1][1] is None


def _step_at(steps: list[tuple[Decimal, int | None]], index: int) -> Decimal | None:
    """The amount (or rate) of the ``index``-th period of a schedule, None after its end."""
    for amount, periods in steps:
        if periods is None or index < periods:
            return amount
        index -= periods
    return None


def _wage_of_period(benefit: BenefitSpec, ctx: HireContext, period: Period, unit: str) -> Decimal:
    """The wage base of a percentage or exemption rule for one period, for the hours actually worked."""
    months = MONTHS_IN[unit]
    gross = ctx.hire.gross_monthly_wage * months * period.worked_share
    if benefit.wage_base == constants.WageBase.REFERENCE_WAGE:
        return gross * (ONE + ctx.rate.value)
    return gross


def _period_amount(
    benefit: BenefitSpec, version: VersionSpec, ctx: HireContext, period: Period, step_index: int, explain: bool = True
) -> tuple[Decimal | None, tuple[tuple[str, str], ...]]:
    """The amount of one period before cumulation (None after the schedule's end) and, with ``explain``, the values
    used, for the trace."""
    unit = version.period_unit
    shown: list[tuple[str, str]] = []
    if benefit.kind == Kind.FORMULA:
        if benefit.duration is not None and step_index >= benefit.duration:
            return None, ()
        # µ: the part of a full-time quarter worked in this occupation (working time × part of the quarter); the
        # calculator knows one occupation per hire, so µglob = µ.
        mu = ctx.fraction * period.worked_share
        beta = structural_beta(mu, half_time_contract=ctx.fraction >= Decimal("0.5"))
        values = _parameter_values(benefit, ctx, period.quarter.first_day)
        values.update(
            S=ctx.reference_quarterly_wage,
            W=ctx.gross_in_quarter(period.quarter),
            mu=mu,
            beta=beta,
            wage=ctx.hire.gross_monthly_wage * 3 * period.worked_share,
        )
        amount = max(ZERO, compiled_formula(benefit.formula)(values))
        if explain:
            shown = [("S", plain(ctx.reference_quarterly_wage)), ("µ", f"{mu:.4f}"), ("β", f"{beta:.4f}")]
            shown += [(name, str(values[name])) for name, *_rest in benefit.parameters]
            if "W" in formula.names_used(benefit.formula):
                shown.append(("W", plain(values["W"])))
        return amount, tuple(shown)
    steps, _unlimited = schedule(benefit)
    step = _step_at(steps, step_index)
    if step is None:
        return None, ()
    if benefit.kind == Kind.FIXED_SCHEDULE:
        factor = fraction_factor(version, ctx)
        if explain:
            shown = [(ctx.wording.label("amount", unit), plain(step))]
            if version.prorated:
                shown.append((ctx.wording.label("factor", unit), f"{factor:.4f}"))
        if version.prorated and unit == Unit.QUARTER and period.worked_share < 1:
            if explain:
                shown.append((ctx.wording.label("share", unit), f"{period.worked_share:.4f}"))
            factor *= period.worked_share
        amount = step * factor
    else:
        wage = _wage_of_period(benefit, ctx, period, unit)
        rate = step if benefit.kind == Kind.PERCENTAGE else ctx.rate.value
        amount = wage * rate
        if explain:
            shown = [
                (ctx.wording.label("wage", unit), plain(wage)),
                (ctx.wording.label("rate", unit), plain_percent(rate)),
            ]
            if benefit.kind == Kind.EXEMPTION:
                shown.append((_("contribution share"), str(constants.ContributionShare(benefit.share).label)))
    if benefit.cap is not None and amount > benefit.cap:
        if explain:
            shown.append((ctx.wording.label("cap", unit), plain(benefit.cap)))
        amount = Decimal(benefit.cap)
    return amount, tuple(shown)


Compiled = Callable[[Mapping[str, Decimal]], Decimal]


@lru_cache(maxsize=256)
def compiled_formula(expression: str) -> Compiled:
    """``formula.evaluate(expression, values)`` as one function of ``values``: the checked tree (``formula.parse``)
    turned into nested closures once, so that a formula evaluated for every hire and quarter is not walked node by
    node each time. The same Decimal operations in the same order, the same errors."""
    return _compiled(formula.parse(expression))


def _compiled(node: ast.AST) -> Compiled:
    if isinstance(node, ast.Expression):
        return _compiled(node.body)
    if isinstance(node, ast.Constant):
        constant = Decimal(str(node.value))
        return lambda values: constant
    if isinstance(node, ast.Name):
        name = node.id

        def read(values: Mapping[str, Decimal]) -> Decimal:
            if name not in values:
                raise formula.FormulaError(f"no value for {name}")
            return Decimal(values[name])

        return read
    if isinstance(node, ast.UnaryOp):
        operand = _compiled(node.operand)
        if isinstance(node.op, ast.USub):
            return lambda values: -operand(values)
        return operand
    if isinstance(node, ast.BinOp):
        left, right = _compiled(node.left), _compiled(node.right)
        if isinstance(node.op, ast.Div):

            def divide(values: Mapping[str, Decimal]) -> Decimal:
                numerator, denominator = left(values), right(values)
                try:
                    return numerator / denominator
                except (ZeroDivisionError, InvalidOperation):
                    raise formula.FormulaError("division by zero") from None

            return divide
        if isinstance(node.op, ast.Add):
            return lambda values: left(values) + right(values)
        if isinstance(node.op, ast.Sub):
            return lambda values: left(values) - right(values)
        if isinstance(node.op, ast.Mult):
            return lambda values: left(values) * right(values)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("max", "min"):
        function = max if node.func.id == "max" else min
        arguments = [_compiled(argument) for argument in node.args]
        return lambda values: function(*(argument(values) for argument in arguments))
    raise formula.FormulaError(f"{type(node).__name__} is not allowed in a formula")


def _plain_number(value: Decimal) -> Decimal:
    """A stored parameter (0.140000, 9360.000000) as written in the sources: 0.14, 9360."""
    value = Decimal(value)
    return value.quantize(ONE) if value == value.to_integral_value() else value.normalize()


def _parameter_values(benefit: BenefitSpec, ctx: HireContext, day: datetime.date) -> dict[str, Decimal]:
    """A formula's parameters: inline values, and shared ones read on ``day`` (0 when the book has none, which the
    loader prevents)."""
    values: dict[str, Decimal] = {}
    for name, value, _source, key in benefit.parameters:
        if key:
            shared = ctx.parameter(key, day)
            value = _plain_number(shared.value) if shared is not None else ZERO
        if value is None:  # measures.schema: a parameter has its value inline or the key of a shared one
            raise ValueError(f"the formula's parameter {name} has neither a value nor a shared key")
        values[name] = Decimal(value)
    return values


def _running_amount(
    measure: MeasureSpec,
    version: VersionSpec,
    benefit: BenefitSpec,
    ctx: HireContext,
    period: Period,
    step_index: int,
    explain: bool = True,
) -> tuple[Decimal | None, tuple[tuple[str, str], ...]]:
    """A period's amount under the version fixed at hiring, unless a later version valid in the period has a benefit
    with the same conditions that applies to earlier hires too: then that benefit gives the amount."""
    later = ctx.version(measure, period.start) if period.start > version.valid_from else None
    if later is not None and later is not version:
        twin = next(
            (item for item in later.benefits if item.applies_to_running and item.conditions == benefit.conditions),
            None,
        )
        if twin is not None:
            return _period_amount(twin, later, ctx, period, step_index, explain)
    return _period_amount(benefit, version, ctx, period, step_index, explain)


def _trace(
    period: Period,
    version: VersionSpec,
    benefit: BenefitSpec,
    measure: MeasureSpec,
    values: tuple[tuple[str, str], ...],
) -> TraceItem:
    source = measure.source(benefit.source_key) or measure.source(version.source_key)
    return TraceItem(
        period=period.quarter,
        version_from=version.valid_from,
        version_until=version.valid_until,
        variant=benefit.label,
        values=tuple(values),
        source_title=source.get("title", ""),
        source_url=source.get("url", ""),
    )


def _evaluate_hiring_rule(measure: MeasureSpec, ctx: HireContext) -> Candidate | list[str]:
    """A measure whose rule version is fixed at hiring: one version, one variant (the best that fits)."""
    day = version_date(ctx.hire.start_date, ctx.on)
    version = ctx.version(measure, ctx.hire.start_date)
    if version is None:
        return [ctx.wording.no_version_reason(measure, day, ctx)]
    unit = version.period_unit
    if version.age_reference == constants.AgeReference.END_OF_QUARTER:
        age_day = Quarter.of(ctx.hire.start_date).last_day
    else:
        age_day = ctx.hire.start_date
    situation = ctx.situation(age_day=age_day, unit=unit)
    reasons = _employer_reasons(version, measure, ctx, situation)
    if reasons:
        return reasons
    if not version.benefits:
        return [_("the catalogue gives no amount for this measure: see its page")]
    fitting: list[BenefitSpec] = []
    variant_reasons: list[str] = []
    for benefit in version.benefits:
        failing = _variant_reasons(benefit, ctx, situation)
        if failing:
            variant_reasons.extend(reason for reason in failing if reason not in variant_reasons)
        else:
            fitting.append(benefit)
    if not fitting:
        return variant_reasons
    periods = ctx.periods(unit)
    options = [
        (_schedule_candidate(measure, version, benefit, ctx, periods, len(fitting)), position, benefit)
        for position, benefit in enumerate(fitting)
    ]
    # The highest total; of equal totals the variant listed first.
    best, _position, benefit = max(options, key=lambda option: (option[0].total, -option[1]))
    window = version.placement_window
    if window and measure.reduction_role == Role.TARGET_GROUP and unit == Unit.QUARTER:
        _make_window(best, version, benefit, window, ctx)
    return best


def _schedule_candidate(
    measure: MeasureSpec,
    version: VersionSpec,
    benefit: BenefitSpec,
    ctx: HireContext,
    periods: list[Period],
    variants: int,
) -> Candidate:
    amounts: dict[Quarter, Decimal] = {}
    trace: list[TraceItem] = []
    _steps, unlimited = schedule(benefit)
    if benefit.kind == Kind.FORMULA:
        unlimited = benefit.duration is None
    for period in periods:
        amount, values = _running_amount(measure, version, benefit, ctx, period, period.index)
        if amount is None:
            break
        if version.period_unit == Unit.YEAR:
            _spread_year(amounts, amount, period)
        else:
            amounts[period.quarter] = amounts.get(period.quarter, ZERO) + amount
        trace.append(_trace(period, version, benefit, measure, values))
    return Candidate(
        measure=measure,
        amounts=amounts,
        trace=trace,
        explanation=ctx.wording.explain(measure, version, benefit, ctx, variants),
        unlimited=unlimited,
        assumption=version.assumption or benefit.assumption,
        version=version,
        benefit=benefit,
    )


def _spread_year(amounts: dict[Quarter, Decimal], amount: Decimal, period: Period) -> None:
    """A yearly amount goes to the quarters of its months, a twelfth each (only the months within the contract)."""
    for month in range(12):
        start = add_months(period.start, month)
        if start > period.end:
            break
        quarter = Quarter.of(start)
        amounts[quarter] = amounts.get(quarter, ZERO) + amount / 12


def _make_window(
    candidate: Candidate, version: VersionSpec, benefit: BenefitSpec, window: int, ctx: HireContext
) -> None:
    """Let the cumulation step place the schedule's uses (of ``benefit``, the candidate's) in any quarters of the
    placement window of ``window`` quarters."""
    steps, unlimited = schedule(benefit)
    periods = {period.quarter: period for period in ctx.periods(Unit.QUARTER)}
    first = Quarter.of(ctx.hire.start_date)

    def use(n: int) -> Callable[[Quarter], Decimal]:
        cache: dict[Quarter, Decimal] = {}

        def value(quarter: Quarter) -> Decimal:
            if quarter not in cache:
                period = periods.get(quarter)
                amount = (
                    _running_amount(candidate.measure, version, benefit, ctx, period, n, explain=False)[0]
                    if period
                    else None
                )
                cache[quarter] = amount or ZERO
            return cache[quarter]

        return value

    # Only a schedule's last step may have no end: a limited schedule counts every step's periods.
    total_uses = None if unlimited else sum(periods_ for _amount, periods_ in steps if periods_ is not None)
    count = len(ctx.quarters) if total_uses is None else min(total_uses, len(ctx.quarters))
    candidate.window = window
    candidate.uses = [use(0)] if total_uses is None else [use(n) for n in range(count)]
    candidate.unlimited_uses = total_uses is None
    candidate.amounts = {q: a for q, a in candidate.amounts.items() if q - first < window}


def _evaluate_period_rule(measure: MeasureSpec, ctx: HireContext) -> Candidate | list[str]:
    """A measure whose version is picked by each period's date (the structural reduction, older workers)."""
    unit = measure.versions[0].period_unit if measure.versions else Unit.QUARTER
    periods = ctx.periods(unit)
    amounts: dict[Quarter, Decimal] = {}
    trace: list[TraceItem] = []
    reasons: list[str] = []
    notes: dict[Quarter, str] = {}
    chosen_version: VersionSpec | None = None
    chosen_benefit: BenefitSpec | None = None
    unlimited, assumption = False, False
    variants_seen = 1
    for period in periods:
        natural = period.quarter.first_day if unit == Unit.QUARTER else period.start
        day = version_date(natural, ctx.on)
        version = ctx.version(measure, natural)
        if version is None:
            reason = ctx.wording.no_version_reason(measure, day, ctx, natural)
            reasons.append(reason)
            notes[period.quarter] = reason
            continue
        age_day = (
            period.quarter.last_day
            if version.age_reference == constants.AgeReference.END_OF_QUARTER
            else ctx.hire.start_date
        )
        situation = ctx.situation(age_day=age_day, unit=version.period_unit)
        failing = _employer_reasons(version, measure, ctx, situation)
        if not failing and not version.benefits:
            failing = [_("the catalogue gives no amount for this measure: see its page")]
        if failing:
            reasons.extend(failing)
            notes[period.quarter] = "; ".join(failing)
            continue
        best: tuple[Decimal, tuple[tuple[str, str], ...], BenefitSpec] | None = None
        fitting: list[BenefitSpec] = []
        variant_failures: list[str] = []
        for benefit in version.benefits:
            failing_variant = _variant_reasons(benefit, ctx, situation)
            if failing_variant:
                variant_failures.extend(failing_variant)
                continue
            fitting.append(benefit)
            amount, values = _period_amount(benefit, version, ctx, period, period.index)
            if amount is not None and (best is None or amount > best[0]):
                best = (amount, values, benefit)
        if best is None:
            reasons.extend(variant_failures)
            notes[period.quarter] = "; ".join(dict.fromkeys(variant_failures))
            continue
        amount, values, benefit = best
        variants_seen = max(variants_seen, len(fitting))
        amounts[period.quarter] = amounts.get(period.quarter, ZERO) + amount
        trace.append(_trace(period, version, benefit, measure, values))
        chosen_version, chosen_benefit = version, benefit
        _steps, open_ended = schedule(benefit)
        unlimited = unlimited or (open_ended if benefit.kind != Kind.FORMULA else benefit.duration is None)
        assumption = assumption or version.assumption or benefit.assumption
    if chosen_version is None or chosen_benefit is None or not any(amounts.values()):
        # The reasons of the first quarter that failed say it best; later quarters only repeat them a year older.
        first_failing = next((notes[period.quarter] for period in periods if notes.get(period.quarter)), "")
        unique = [reason for reason in dict.fromkeys(reasons) if reason in first_failing] or list(
            dict.fromkeys(reasons)
        )
        if chosen_version is not None and not unique:
            unique = [ctx.wording.zero_reason(measure, ctx)]
        return unique or [_("no period of this measure falls within the contract and the horizon")]
    candidate = Candidate(
        measure=measure,
        amounts=amounts,
        trace=trace,
        explanation=ctx.wording.explain(measure, chosen_version, chosen_benefit, ctx, variants_seen),
        unlimited=unlimited,
        assumption=assumption,
        version=chosen_version,
        benefit=chosen_benefit,
    )
    candidate.notes = notes
    return candidate


def evaluate(measure: MeasureSpec, ctx: HireContext) -> Candidate | list[str]:
    text = ctx.wording.text  # the same sentences for every hire: translated once per calculation
    if not measure.in_calculator:
        return [
            text(
                gettext_noop(
                    "not estimated by the calculator: it depends on facts the calculator does not ask; see its page"
                )
            )
        ]
    if not measure.versions:
        return [text(gettext_noop("the catalogue holds no rules for this measure yet"))]
    if measure.reduction_role == Role.STRUCTURAL and ctx.employer.structural_category is None:
        return [
            text(gettext_noop("employers of the public sector and local authorities do not receive this reduction"))
        ]
    # The region rule holds for every period alike: test it once, before any period is looked at.
    reason = ctx.wording.region_reason(measure, ctx.hire.seat_region, ctx.hire.domicile_region)
    if reason:
        return [reason]
    by_period = all(version.date_basis == constants.DateBasis.PERIOD_DATE for version in measure.versions)
    result = _evaluate_period_rule(measure, ctx) if by_period else _evaluate_hiring_rule(measure, ctx)
    if isinstance(result, Candidate) and not result.uses and not any(result.amounts.values()):
        return [ctx.wording.zero_reason(measure, ctx)]
    return result


# -- cumulation ---------------------------------------------------------------------------------------------------
