"""The calculation engine: a pure function of (employer, hires, rules date, horizon, rule book) -> Result.

Per hire it lists the periods from the hiring date, picks for each measure the rule version (by the hiring date or
by each period's date), tests eligibility and the benefit variants, and computes the amount of every period before
any cap. Cumulation is a separate step per hire: the structural reduction first, capped at the employer
contributions due; then at most one target-group reduction per quarter, chosen by a small dynamic programme that
maximises the total over the horizon (a measure with a placement window, such as the first-hire reduction, may use
any quarters of its window); the target-group reduction is cut to what the contributions due leave. Activation
allowances and wage subsidies are not contribution reductions: they follow their own "cannot combine" rules.

No database, no request: everything comes in as values, and the result explains itself (trace, reasons, decisions).
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from measures import constants, formula
from measures.calculator.result import (
    AnnouncedChange,
    Decision,
    HireResult,
    MeasureResult,
    NotApplicable,
    PeriodAmount,
    Result,
    TraceItem,
    money,
)
from measures.calculator.rules import (
    CONTRIBUTION_RATE_KEY,
    FALLBACK_CONTRIBUTION_RATE,
    BenefitSpec,
    MeasureSpec,
    ParameterValue,
    RuleBook,
    VersionSpec,
    describe_unit,
)
from measures.calculator.values import EmployerProfile, Hire, Quarter, add_months, age_on
from measures.eligibility import Situation, condition_reasons, criteria_for, region_criterion

ZERO = Decimal("0")
ONE = Decimal("1")


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


Role = constants.ReductionRole
Kind = constants.BenefitKind
Unit = constants.PeriodUnit


def euros(value: Decimal) -> str:
    """An amount for a sentence, in the active language's notation (1.234,56 in Dutch)."""
    return number_format(money(value), decimal_pos=2, use_l10n=True, force_grouping=True)


def shown_date(day: datetime.date) -> str:
    """A date for a sentence, in the active language's notation (1 december 2026 in Dutch)."""
    return date_format(day, "DATE_FORMAT", use_l10n=True)


def plain(value: Decimal) -> str:
    """An amount for the trace: a plain decimal, formatted by whoever shows it."""
    return str(money(value))


def percent(value: Decimal) -> str:
    text = f"{Decimal(value) * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text} %"


# -- the periods of a hire ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """One period of a rule's unit: its dates, the quarter it is shown in, and the part of it actually worked."""

    index: int  # 0 = the period that holds the hiring date
    start: datetime.date
    end: datetime.date
    quarter: Quarter
    worked_share: Decimal  # days worked / days in the period (a partial first or last quarter)


@dataclass
class HireContext:
    """What every measure of one hire reads: the hire, the employer, the dates and the wage figures."""

    hire: Hire
    employer: EmployerProfile
    on: datetime.date
    quarters: list[Quarter]
    last_day: datetime.date  # the end of the contract or of the horizon
    rate: ParameterValue
    book: RuleBook | None = None
    include_announced: bool = False
    _periods: dict = field(default_factory=dict)
    memo: dict = field(default_factory=dict)

    @property
    def fraction(self) -> Decimal:
        return Decimal(self.hire.work_fraction)

    def version(self, measure: MeasureSpec, natural: datetime.date) -> VersionSpec | None:
        """The version for a date: an announced one valid then when announced changes are included (an announced
        end gives none), else the one in force on the date, capped at the rules date."""
        if self.include_announced:
            announced = measure.announced_on(natural)
            if announced is not None:
                return None if announced.ends else announced
        return measure.version_on(_version_date(natural, self.on))

    def parameter(self, key: str, natural: datetime.date) -> ParameterValue | None:
        if self.book is None:
            return None
        if self.include_announced:
            announced = self.book.announced_parameter(key, natural)
            if announced is not None:
                return announced
        return self.book.parameter(key, _version_date(natural, self.on))

    @property
    def reference_quarterly_wage(self) -> Decimal:
        return self.hire.reference_quarterly_wage()

    def quarter_share(self, quarter: Quarter) -> Decimal:
        key = ("share", quarter)
        if key not in self.memo:
            start = max(quarter.first_day, self.hire.start_date)
            end = min(quarter.last_day, self.last_day)
            days = (end - start).days + 1
            self.memo[key] = ZERO if days <= 0 else Decimal(days) / Decimal(quarter.days)
        return self.memo[key]

    def gross_in_quarter(self, quarter: Quarter) -> Decimal:
        return self.hire.gross_monthly_wage * 3 * self.quarter_share(quarter)

    def contributions_due(self, quarter: Quarter) -> Decimal:
        return self.gross_in_quarter(quarter) * self.rate.value

    def periods(self, unit: str) -> list[Period]:
        """The periods of ``unit`` from the hiring date to the end of the contract or the horizon."""
        if unit not in self._periods:
            self._periods[unit] = list(self._make_periods(unit))
        return self._periods[unit]

    def _make_periods(self, unit: str):
        if unit == Unit.QUARTER:
            for index, quarter in enumerate(self.quarters):
                share = self.quarter_share(quarter)
                if share > 0:
                    start = max(quarter.first_day, self.hire.start_date)
                    yield Period(index, start, min(quarter.last_day, self.last_day), quarter, share)
            return
        months = 12 if unit == Unit.YEAR else 1
        index = 0
        while True:
            start = add_months(self.hire.start_date, index * months)
            if start > self.last_day:
                return
            full_end = add_months(self.hire.start_date, (index + 1) * months) - datetime.timedelta(days=1)
            end = min(full_end, self.last_day)
            share = Decimal((end - start).days + 1) / Decimal((full_end - start).days + 1)
            yield Period(index, start, end, Quarter.of(start), share)
            index += 1

    def situation(self, *, age_day: datetime.date, unit: str) -> Situation:
        wage = self.reference_quarterly_wage
        if unit == Unit.MONTH:
            wage = wage / 3
        elif unit == Unit.YEAR:
            wage = wage * 4
        hire = self.hire
        return Situation(
            age=age_on(hire.birth_date, age_day),
            jobseeker_months=hire.jobseeker_months() or 0,
            qualification=hire.qualification,
            reduced_work_capacity=hire.reduced_work_capacity,
            work_fraction=self.fraction,
            wage=money(wage),
            employer_type=self.employer.employer_type,
            employer_category=None,
            nace=None,
            joint_committee=hire.joint_committee or None,
            size=self.employer.importance_code,
            seat_region=hire.seat_region,
            domicile_region=hire.domicile_region,
            hire_rank=hire.hire_rank,
            structural_category=self.employer.structural_category,
        )


# -- eligibility --------------------------------------------------------------------------------------------------


_CRITERIA: dict[tuple[int, int, str], list] = {}


def reasons_not_eligible(version: VersionSpec, situation: Situation, measure: MeasureSpec) -> list[str]:
    """``measures.eligibility.reasons_not_eligible``, with the criteria built once per version and language."""
    key = (id(version), id(measure), _language())
    criteria = _CRITERIA.get(key)
    if criteria is None:
        if len(_CRITERIA) > 5000:
            _CRITERIA.clear()
        criteria = _CRITERIA[key] = criteria_for(version, measure)
        criteria.append(version)  # keeps the version alive, so its id is not reused while the entry exists
    return [reason for criterion in criteria[:-1] if (reason := criterion.reason(situation))]


def _employer_reasons(version: VersionSpec, measure: MeasureSpec, ctx: HireContext, situation: Situation) -> list[str]:
    """Eligibility of the version; category and NACE tested against every code the employer has (memoised per hire:
    the quarters of one hire mostly share a situation)."""
    key = (id(version), situation)
    if key not in ctx.memo:
        ctx.memo[key] = _employer_reasons_uncached(version, measure, ctx, situation)
    return list(ctx.memo[key])


def _employer_reasons_uncached(version, measure, ctx: HireContext, situation: Situation) -> list[str]:
    reasons = reasons_not_eligible(version, situation, measure)
    employer = ctx.employer
    if version.employer_categories or version.employer_categories_excluded:
        codes = employer.category_codes
        if not codes:
            reasons.append(_("this measure depends on the employer category, which the repertory does not give"))
        else:
            failures = [
                reasons_not_eligible(version, replace(situation, employer_category=code), measure) for code in codes
            ]
            if all(len(failure) > len(reasons) for failure in failures):
                reasons.extend(reason for reason in failures[0] if reason not in reasons)
    if version.nace_included or version.nace_excluded:
        codes = employer.nace_codes
        if not codes:
            reasons.append(_("this measure depends on the activity (NACE code), which the repertory does not give"))
        else:
            failures = [reasons_not_eligible(version, replace(situation, nace=code), measure) for code in codes]
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
    if key not in ctx.memo:
        ctx.memo[key] = _variant_reasons_uncached(benefit, ctx, situation)
    return list(ctx.memo[key])


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


def _fraction_factor(version: VersionSpec, ctx: HireContext) -> Decimal:
    if not version.prorated:
        return ONE
    fraction = ctx.fraction
    if version.work_fraction_full:
        return min(ONE, fraction / Decimal(version.work_fraction_full))
    return fraction


def _schedule(benefit: BenefitSpec) -> tuple[list[tuple[Decimal, int | None]], bool]:
    """The (amount or rate, periods) steps of a benefit, and whether the last step has no end."""
    if benefit.kind == Kind.FIXED_SCHEDULE or (benefit.kind == Kind.PERCENTAGE and benefit.steps):
        steps = list(benefit.steps)
    elif benefit.kind == Kind.PERCENTAGE:
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
    months = {Unit.MONTH: 1, Unit.QUARTER: 3, Unit.YEAR: 12}[unit]
    gross = ctx.hire.gross_monthly_wage * months * period.worked_share
    if benefit.wage_base == constants.WageBase.REFERENCE_WAGE:
        return gross * (ONE + ctx.rate.value)
    return gross


_LABELS: dict[tuple[str, str, str], str] = {}
_ACTIVE = threading.local()


def _language() -> str:
    """The language of the calculation in progress in this thread (read once per calculation: get_language is not
    free)."""
    return getattr(_ACTIVE, "language", "")


def _label(name: str, unit: str) -> str:
    """The trace's labels, translated once per language and unit."""
    key = (name, unit, _language())
    if key not in _LABELS:
        _LABELS[key] = {
            "amount": lambda: _("amount per %(unit)s") % {"unit": describe_unit(unit)},
            "factor": lambda: _("working-time factor"),
            "share": lambda: _("part of the quarter worked"),
            "wage": lambda: _("wage base"),
            "rate": lambda: _("rate"),
            "cap": lambda: _("cap per %(unit)s") % {"unit": describe_unit(unit)},
        }[name]()
    return _LABELS[key]


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
        amount = max(ZERO, formula.evaluate(benefit.formula, values))
        if explain:
            shown = [("S", plain(ctx.reference_quarterly_wage)), ("µ", f"{mu:.4f}"), ("β", f"{beta:.4f}")]
            shown += [(name, str(values[name])) for name, *_rest in benefit.parameters]
            if "W" in formula.names_used(benefit.formula):
                shown.append(("W", plain(values["W"])))
        return amount, tuple(shown)
    steps, _unlimited = _schedule(benefit)
    step = _step_at(steps, step_index)
    if step is None:
        return None, ()
    if benefit.kind == Kind.FIXED_SCHEDULE:
        factor = _fraction_factor(version, ctx)
        if explain:
            shown = [(_label("amount", unit), plain(step))]
            if version.prorated:
                shown.append((_label("factor", unit), f"{factor:.4f}"))
        if version.prorated and unit == Unit.QUARTER and period.worked_share < 1:
            if explain:
                shown.append((_label("share", unit), f"{period.worked_share:.4f}"))
            factor *= period.worked_share
        amount = step * factor
    else:
        wage = _wage_of_period(benefit, ctx, period, unit)
        rate = step if benefit.kind == Kind.PERCENTAGE else ctx.rate.value
        amount = wage * rate
        if explain:
            shown = [(_label("wage", unit), plain(wage)), (_label("rate", unit), percent(rate))]
            if benefit.kind == Kind.EXEMPTION:
                shown.append((_("contribution share"), str(constants.ContributionShare(benefit.share).label)))
    if benefit.cap is not None and amount > benefit.cap:
        if explain:
            shown.append((_label("cap", unit), plain(benefit.cap)))
        amount = Decimal(benefit.cap)
    return amount, tuple(shown)


def _plain_number(value: Decimal) -> Decimal:
    """A stored parameter (0.140000, 9360.000000) as written in the sources: 0.14, 9360."""
    value = Decimal(value)
    return value.quantize(ONE) if value == value.to_integral_value() else value.normalize()


def _parameter_values(benefit: BenefitSpec, ctx: HireContext, day: datetime.date) -> dict[str, Decimal]:
    """A formula's parameters: inline values, and shared ones read on ``day`` (0 when the book has none, which the
    loader prevents)."""
    values = {}
    for name, value, _source, key in benefit.parameters:
        if key:
            shared = ctx.parameter(key, day)
            value = _plain_number(shared.value) if shared is not None else ZERO
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
):
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


def _version_date(natural: datetime.date, on: datetime.date) -> datetime.date:
    """The rules of ``on`` apply to what lies after it: later periods assume the rules known then continue."""
    return min(natural, on)


def _no_version_reason(
    measure: MeasureSpec, day: datetime.date, ctx: HireContext | None = None, natural: datetime.date | None = None
) -> str:
    if ctx is not None and ctx.include_announced:
        end = measure.announced_on(natural or ctx.hire.start_date)
        if end is not None and end.ends:
            return _("announced to end on %(date)s (announced changes included)") % {
                "date": shown_date(end.valid_from - datetime.timedelta(days=1))
            }
    if not measure.versions:
        return _("the catalogue holds no rules for this measure yet")
    first, last = measure.versions[0], measure.versions[-1]
    if day < first.valid_from:
        return _("this measure applies from %(date)s") % {"date": shown_date(first.valid_from)}
    if last.valid_until is not None and day > last.valid_until:
        return _("this measure ended on %(date)s") % {"date": shown_date(last.valid_until)}
    return _("no rules of this measure are valid on %(date)s") % {"date": shown_date(day)}


def _trace(period: Period, version: VersionSpec, benefit: BenefitSpec, measure: MeasureSpec, values) -> TraceItem:
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


def readable_formula(benefit: BenefitSpec) -> str:
    """A formula with its parameter values in place of their names, in the notation of the instructions."""
    import re

    text = benefit.formula
    for name, value, _source, key in sorted(benefit.parameters, key=lambda item: -len(item[0])):
        if value is None:
            text = re.sub(rf"\b{re.escape(name)}\b", key, text)
            continue
        shown = number_format(value, use_l10n=True, force_grouping=True) if value >= 1000 else str(value)
        text = re.sub(rf"\b{re.escape(name)}\b", shown, text)
    text = re.sub(r"\bmu\b", "µ", text)
    text = re.sub(r"\bbeta\b", "β", text)
    return text.replace(" * ", " × ").replace(" - ", " − ")


def _explain(measure: MeasureSpec, version: VersionSpec, benefit: BenefitSpec, ctx: HireContext, variants: int) -> str:
    unit = version.period_unit
    steps, _unlimited = _schedule(benefit)
    parts = []
    if benefit.kind == Kind.FIXED_SCHEDULE:
        described = []
        for amount, periods in steps:
            if periods is None:
                described.append(
                    _("%(amount)s EUR per %(unit)s without end")
                    % {"amount": euros(amount), "unit": describe_unit(unit)}
                )
            else:
                described.append(
                    _("%(amount)s EUR per %(unit)s for %(count)s %(units)s")
                    % {
                        "amount": euros(amount),
                        "unit": describe_unit(unit),
                        "count": periods,
                        "units": describe_unit(unit, periods),
                    }
                )
        parts.append(", ".join(described))
        if version.prorated:
            parts.append(
                _("in proportion to the working time (%(fraction)s)")
                % {"fraction": percent(_fraction_factor(version, ctx))}
            )
    elif benefit.kind == Kind.PERCENTAGE:
        rates = ", ".join(percent(rate) for rate, _periods in steps)
        parts.append(
            _("%(rates)s of the %(base)s") % {"rates": rates, "base": constants.WageBase(benefit.wage_base).label}
        )
    elif benefit.kind == Kind.EXEMPTION:
        parts.append(
            _("exemption of the %(share)s (%(rate)s of the gross wage)")
            % {"share": constants.ContributionShare(benefit.share).label, "rate": percent(ctx.rate.value)}
        )
    else:
        parts.append(
            _(
                "per quarter %(formula)s, where S is the reference quarterly wage (%(wage)s EUR), a bracket "
                "max(0, …) counts only when positive, µ is the multiplication factor and β the part of a full-time "
                "quarter worked"
            )
            % {"formula": readable_formula(benefit), "wage": euros(ctx.reference_quarterly_wage)}
        )
    if benefit.cap is not None:
        parts.append(_("at most %(cap)s EUR per %(unit)s") % {"cap": euros(benefit.cap), "unit": describe_unit(unit)})
    if benefit.kind != Kind.FIXED_SCHEDULE and benefit.duration:
        parts.append(
            _("for %(count)s %(units)s") % {"count": benefit.duration, "units": describe_unit(unit, benefit.duration)}
        )
    if benefit.label:
        parts.insert(
            0,
            benefit.label
            + (
                _(" (the most favourable of %(count)s variants that fit)") % {"count": variants} if variants > 1 else ""
            ),
        )
    if version.date_basis == constants.DateBasis.HIRING_DATE:
        parts.append(_("rules of %(date)s, fixed at hiring") % {"date": shown_date(version.valid_from)})
    else:
        parts.append(_("rules of each quarter"))
    if measure.region_basis == constants.RegionBasis.OPERATING_SEAT and measure.region != constants.Region.BE:
        parts.append(_("the region of the operating seat decides"))
    elif measure.region_basis == constants.RegionBasis.DOMICILE:
        parts.append(_("the worker's domicile decides"))
    if unit == Unit.YEAR:
        parts.append(_("a yearly amount is spread over the months of that year"))
    return "; ".join(str(part) for part in parts)


def _evaluate_hiring_rule(measure: MeasureSpec, ctx: HireContext) -> Candidate | list[str]:
    """A measure whose rule version is fixed at hiring: one version, one variant (the best that fits)."""
    day = _version_date(ctx.hire.start_date, ctx.on)
    version = ctx.version(measure, ctx.hire.start_date)
    if version is None:
        return [_no_version_reason(measure, day, ctx)]
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
    fitting, variant_reasons = [], []
    for benefit in version.benefits:
        failing = _variant_reasons(benefit, ctx, situation)
        if failing:
            variant_reasons.extend(reason for reason in failing if reason not in variant_reasons)
        else:
            fitting.append(benefit)
    if not fitting:
        return variant_reasons
    periods = ctx.periods(unit)
    options = []
    for benefit in fitting:
        candidate = _schedule_candidate(measure, version, benefit, ctx, periods, len(fitting))
        options.append(candidate)
    best = max(options, key=lambda option: (option.total, -fitting.index(option.benefit)))
    if version.placement_window and measure.reduction_role == Role.TARGET_GROUP and unit == Unit.QUARTER:
        _make_window(best, version, ctx)
    return best


def _schedule_candidate(measure, version, benefit, ctx: HireContext, periods: list[Period], variants: int) -> Candidate:
    amounts: dict[Quarter, Decimal] = {}
    trace = []
    _steps, unlimited = _schedule(benefit)
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
        explanation=_explain(measure, version, benefit, ctx, variants),
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


def _make_window(candidate: Candidate, version: VersionSpec, ctx: HireContext) -> None:
    """Let the cumulation step place the schedule's uses in any quarters of the placement window."""
    benefit = candidate.benefit
    steps, unlimited = _schedule(benefit)
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

    total_uses = None if unlimited else sum(periods_ for _amount, periods_ in steps)
    count = len(ctx.quarters) if total_uses is None else min(total_uses, len(ctx.quarters))
    candidate.window = version.placement_window
    candidate.uses = [use(0)] if total_uses is None else [use(n) for n in range(count)]
    candidate.unlimited_uses = total_uses is None
    candidate.amounts = {q: a for q, a in candidate.amounts.items() if q - first < version.placement_window}


def _evaluate_period_rule(measure: MeasureSpec, ctx: HireContext) -> Candidate | list[str]:
    """A measure whose version is picked by each period's date (the structural reduction, older workers)."""
    unit = measure.versions[0].period_unit if measure.versions else Unit.QUARTER
    periods = ctx.periods(unit)
    amounts: dict[Quarter, Decimal] = {}
    trace, reasons, notes = [], [], {}
    chosen_version = chosen_benefit = None
    unlimited, assumption = False, False
    variants_seen = 1
    for period in periods:
        natural = period.quarter.first_day if unit == Unit.QUARTER else period.start
        day = _version_date(natural, ctx.on)
        version = ctx.version(measure, natural)
        if version is None:
            reason = _no_version_reason(measure, day, ctx, natural)
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
        best = None
        fitting, variant_failures = [], []
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
        _steps, open_ended = _schedule(benefit)
        unlimited = unlimited or (open_ended if benefit.kind != Kind.FORMULA else benefit.duration is None)
        assumption = assumption or version.assumption or benefit.assumption
    if chosen_version is None or not any(amounts.values()):
        # The reasons of the first quarter that failed say it best; later quarters only repeat them a year older.
        first_failing = next((notes[period.quarter] for period in periods if notes.get(period.quarter)), "")
        unique = [reason for reason in dict.fromkeys(reasons) if reason in first_failing] or list(
            dict.fromkeys(reasons)
        )
        if chosen_version is not None and not unique:
            unique = [_zero_reason(measure, ctx)]
        return unique or [_("no period of this measure falls within the contract and the horizon")]
    candidate = Candidate(
        measure=measure,
        amounts=amounts,
        trace=trace,
        explanation=_explain(measure, chosen_version, chosen_benefit, ctx, variants_seen),
        unlimited=unlimited,
        assumption=assumption,
        version=chosen_version,
        benefit=chosen_benefit,
    )
    candidate.notes = notes
    return candidate


def _zero_reason(measure: MeasureSpec, ctx: HireContext) -> str:
    if measure.reduction_role == Role.STRUCTURAL:
        return _(
            "a reference quarterly wage of %(wage)s EUR is above the wage limits of the formula: the amount is zero"
        ) % {"wage": euros(ctx.reference_quarterly_wage)}
    return _("the rules give no amount for this worker")


def _evaluate(measure: MeasureSpec, ctx: HireContext) -> Candidate | list[str]:
    if not measure.in_calculator:
        return [_("not estimated by the calculator: it depends on facts the calculator does not ask; see its page")]
    if not measure.versions:
        return [_("the catalogue holds no rules for this measure yet")]
    if measure.reduction_role == Role.STRUCTURAL and ctx.employer.structural_category is None:
        return [_("employers of the public sector and local authorities do not receive this reduction")]
    region = region_criterion(measure)
    if region is not None:
        # The region rule holds for every period alike: test it once, before any period is looked at.
        reason = region.reason(Situation(seat_region=ctx.hire.seat_region, domicile_region=ctx.hire.domicile_region))
        if reason:
            return [reason]
    by_period = all(version.date_basis == constants.DateBasis.PERIOD_DATE for version in measure.versions)
    result = _evaluate_period_rule(measure, ctx) if by_period else _evaluate_hiring_rule(measure, ctx)
    if isinstance(result, Candidate) and not result.uses and not any(result.amounts.values()):
        return [_zero_reason(measure, ctx)]
    return result


# -- cumulation ---------------------------------------------------------------------------------------------------


def _choose_target_groups(
    candidates: list[Candidate], quarters: list[Quarter], room: dict[Quarter, Decimal]
) -> dict[Quarter, tuple[Candidate, Decimal, Decimal, int]]:
    """At most one target-group reduction per quarter, maximising the total within ``room`` (exact DP).

    Returns {quarter: (candidate, amount after the cap, amount before it, use number)}. Window candidates keep a count
    of uses in the DP state, so their quarters go where they are worth most.
    """
    windows = [c for c in candidates if c.uses is not None]
    fixed = [c for c in candidates if c.uses is None]
    first = quarters[0] if quarters else None
    limits = [len(c.uses) if not c.unlimited_uses else 1 for c in windows]
    memo: dict[tuple[int, tuple[int, ...]], tuple[Decimal, tuple]] = {}

    def best(k: int, used: tuple[int, ...]) -> tuple[Decimal, tuple]:
        if k == len(quarters):
            return ZERO, ()
        key = (k, used)
        if key in memo:
            return memo[key]
        quarter = quarters[k]
        free = room.get(quarter, ZERO)
        value, rest = best(k + 1, used)
        answer = (value, (None, *rest))
        for candidate in fixed:
            raw = candidate.amounts.get(quarter, ZERO)
            if raw <= 0:
                continue
            amount = min(raw, free)
            total, rest = best(k + 1, used)
            if total + amount > answer[0]:
                answer = (total + amount, ((candidate, amount, raw, 0), *rest))
        for index, candidate in enumerate(windows):
            if quarter - first >= candidate.window:
                continue
            count = used[index]
            if not candidate.unlimited_uses and count >= limits[index]:
                continue
            raw = candidate.uses[0 if candidate.unlimited_uses else count](quarter)
            if raw <= 0:
                continue
            amount = min(raw, free)
            following = used if candidate.unlimited_uses else (*used[:index], count + 1, *used[index + 1 :])
            total, rest = best(k + 1, following)
            if total + amount > answer[0]:
                answer = (total + amount, ((candidate, amount, raw, count), *rest))
        memo[key] = answer
        return answer

    _total, plan = best(0, tuple(0 for _ in windows))
    return {quarter: choice for quarter, choice in zip(quarters, plan, strict=True) if choice is not None}


def _cumulate(
    ctx: HireContext, candidates: list[Candidate]
) -> tuple[list[MeasureResult], list[NotApplicable], list[Decision]]:
    quarters = ctx.quarters
    due = {quarter: ctx.contributions_due(quarter) for quarter in quarters}
    decisions: list[Decision] = []
    results: list[MeasureResult] = []
    dropped: list[NotApplicable] = []

    structural = [
        c for c in candidates if c.measure.is_contribution_reduction and c.measure.reduction_role == Role.STRUCTURAL
    ]
    target = [
        c for c in candidates if c.measure.is_contribution_reduction and c.measure.reduction_role == Role.TARGET_GROUP
    ]
    others = [c for c in candidates if c not in structural and c not in target]

    used_structural = dict.fromkeys(quarters, ZERO)
    for candidate in structural:
        periods = []
        for quarter in quarters:
            raw = candidate.amounts.get(quarter, ZERO)
            free = due[quarter] - used_structural[quarter]
            amount = max(ZERO, min(raw, free))
            note = ""
            if amount < raw:
                note = _("cut to the employer contributions due (%(due)s EUR)") % {"due": euros(due[quarter])}
                decisions.append(
                    Decision(
                        quarter,
                        _(
                            "%(measure)s cut from %(raw)s to %(amount)s EUR: the reductions cannot exceed "
                            "the employer contributions due (%(due)s EUR)"
                        )
                        % {
                            "measure": candidate.measure.name,
                            "raw": euros(raw),
                            "amount": euros(amount),
                            "due": euros(due[quarter]),
                        },
                    )
                )
            elif not raw and candidate.notes.get(quarter):
                note = candidate.notes[quarter]
            used_structural[quarter] += amount
            if raw or note:
                periods.append(PeriodAmount(quarter, money(amount), money(raw), note))
        results.append(_measure_result(candidate, periods))

    room = {quarter: max(ZERO, due[quarter] - used_structural[quarter]) for quarter in quarters}
    plan = _choose_target_groups(target, quarters, room)
    for candidate in target:
        periods = []
        for quarter in quarters:
            choice = plan.get(quarter)
            if choice is not None and choice[0] is candidate:
                _candidate, amount, raw, _use = choice
                note = ""
                if amount < raw:
                    note = _(
                        "cut to what the contributions due leave after the structural reduction (%(room)s EUR)"
                    ) % {"room": euros(room[quarter])}
                    decisions.append(
                        Decision(
                            quarter,
                            _(
                                "%(measure)s cut from %(raw)s to %(amount)s EUR: together with the structural "
                                "reduction it cannot exceed the employer contributions due (%(due)s EUR)"
                            )
                            % {
                                "measure": candidate.measure.name,
                                "raw": euros(raw),
                                "amount": euros(amount),
                                "due": euros(due[quarter]),
                            },
                        )
                    )
                periods.append(PeriodAmount(quarter, money(amount), money(raw), note))
            else:
                raw = candidate.amounts.get(quarter, ZERO)
                if raw > 0 and choice is not None:
                    periods.append(
                        PeriodAmount(
                            quarter,
                            Decimal("0.00"),
                            money(raw),
                            _("not used: %(other)s gives more this quarter") % {"other": choice[0].measure.name},
                        )
                    )
        if any(item.amount for item in periods):
            results.append(_measure_result(candidate, periods))
        else:
            best_other = next((choice[0].measure.name for choice in plan.values()), "")
            reason = (
                _(
                    "not used: in each quarter %(other)s gives more, and only one target-group reduction "
                    "applies per worker and quarter"
                )
                % {"other": best_other}
                if best_other
                else _("nothing left: the structural reduction already takes all the employer contributions due")
            )
            dropped.append(
                NotApplicable(candidate.measure.code, candidate.measure.name, (reason,), candidate.measure.url)
            )
    started: set[str] = set()
    for quarter in quarters:
        choice = plan.get(quarter)
        first_use = choice is not None and choice[0].measure.code not in started
        if choice is not None:
            started.add(choice[0].measure.code)
        competing = [
            c
            for c in target
            if c.amounts.get(quarter, ZERO) > 0 or (c.uses is not None and quarter - quarters[0] < (c.window or 0))
        ]
        if choice is not None and len(competing) > 1:
            decisions.append(
                Decision(
                    quarter,
                    _(
                        "%(measure)s used this quarter: of the target-group reductions that fit, "
                        "it gives the largest total over the horizon"
                    )
                    % {"measure": choice[0].measure.name},
                )
            )
        elif first_use and choice[0].uses is not None and quarter != quarters[0]:
            decisions.append(
                Decision(
                    quarter,
                    _(
                        "%(measure)s starts this quarter: its quarters may be placed anywhere in its window, "
                        "and here they are worth most"
                    )
                    % {"measure": choice[0].measure.name},
                )
            )

    kept: list[Candidate] = []
    for candidate in sorted(others, key=lambda c: (-c.total, c.measure.code)):
        clash = next((k for k in kept if k.measure.code in candidate.measure.cannot_combine_with), None)
        if clash is not None:
            dropped.append(
                NotApplicable(
                    candidate.measure.code,
                    candidate.measure.name,
                    (
                        _("cannot be combined with %(other)s, which gives more (%(amount)s EUR)")
                        % {"other": clash.measure.name, "amount": euros(clash.total)},
                    ),
                    candidate.measure.url,
                )
            )
            decisions.append(
                Decision(
                    None,
                    _("%(kept)s kept rather than %(dropped)s: the two cannot be combined")
                    % {"kept": clash.measure.name, "dropped": candidate.measure.name},
                )
            )
            continue
        kept.append(candidate)
        periods = [
            PeriodAmount(quarter, money(amount), money(amount))
            for quarter, amount in sorted(candidate.amounts.items())
            if amount
        ]
        results.append(_measure_result(candidate, periods))
    return results, dropped, decisions


def _measure_result(candidate: Candidate, periods: list[PeriodAmount]) -> MeasureResult:
    measure = candidate.measure
    used = {item.period for item in periods if item.amount}
    trace = [item for item in candidate.trace if item.period in used] or candidate.trace
    sources = []
    for item in trace:
        if item.source_title and not any(source["title"] == item.source_title for source in sources):
            sources.append({"title": item.source_title, "url": item.source_url})
    return MeasureResult(
        code=measure.code,
        name=measure.name,
        technique=measure.technique,
        reduction_role=measure.reduction_role,
        periods=periods,
        explanation=candidate.explanation,
        trace=trace,
        sources=sources,
        unlimited=candidate.unlimited,
        assumption=candidate.assumption,
        url=measure.url,
    )


# -- the entry point ----------------------------------------------------------------------------------------------


def calculate(
    *,
    employer: EmployerProfile,
    hires: Sequence[Hire],
    on: datetime.date,
    horizon: int,
    rules: RuleBook,
    mode: str = constants.RulesMode.IN_FORCE,
) -> Result:
    """Every measure for every hire, per quarter over ``horizon`` quarters from the hiring quarter, within the rules
    valid on the hiring date or in each quarter (``on`` caps that date: later quarters assume the rules of ``on``).

    With ``mode`` "announced" the announced (not enacted) versions and parameter values apply on their own dates and
    the result lists each announced change used with how much it moves the total (the difference with the rules in
    force, calculated alike)."""
    if mode == constants.RulesMode.ANNOUNCED:
        in_force = _calculate(employer, hires, on, horizon, rules, include_announced=False)
        result = _calculate(employer, hires, on, horizon, rules, include_announced=True)
        result.rules = constants.RulesMode.ANNOUNCED
        result.announced_changes = _announced_changes(result, in_force, rules)
        if result.announced_changes:
            result.notes.append(
                _("Announced changes included: they move the total by %(delta)s EUR.")
                % {"delta": euros(result.announced_delta)}
            )
        else:
            result.notes.append(_("No announced change applies to these hires within the horizon."))
        return result
    return _calculate(employer, hires, on, horizon, rules, include_announced=False)


def _announced_changes(result: Result, in_force: Result, rules: RuleBook) -> list[AnnouncedChange]:
    """Per measure with an announced version inside some hire's horizon: the announced version(s) and the
    difference of the measure's total between the two calculations."""
    totals: dict[str, list[Decimal]] = {}
    for index, calculation in enumerate((in_force, result)):
        for hire in calculation.hires:
            for measure in hire.measures:
                totals.setdefault(measure.code, [ZERO, ZERO])[index] += measure.total
    changes, counted = [], set()
    for measure in rules.measures:
        windows = [(hire.periods[0].first_day, hire.periods[-1].last_day) for hire in result.hires if hire.periods]
        for version in measure.announced:
            if not any(_overlaps(version, start, end) for start, end in windows):
                continue
            if measure.code not in totals:
                continue  # the measure applies to no hire, with or without the announced change
            before, after = (ZERO, ZERO) if measure.code in counted else totals[measure.code]
            counted.add(measure.code)  # the measure's difference is counted once, with its first change
            source = measure.source(version.announcement_key)
            changes.append(
                AnnouncedChange(
                    code=measure.code,
                    name=measure.name,
                    valid_from=version.valid_from,
                    announcement={"title": source.get("title", ""), "url": source.get("url", "")},
                    delta=money(after - before),
                    ends=version.ends,
                    replaced_by=version.replaced_by,
                )
            )
    # What moved without an announced version of its own moved through an announced shared parameter value.
    announced_values = [value for values in rules.announced_parameters.values() for value in values]
    for code, (before, after) in totals.items():
        if code not in counted and before != after and announced_values:
            first = min(announced_values, key=lambda value: value.valid_from)
            measure = rules.measure(code)
            changes.append(
                AnnouncedChange(
                    code=code,
                    name=measure.name if measure else code,
                    valid_from=first.valid_from,
                    announcement={"title": first.announcement_title, "url": ""},
                    delta=money(after - before),
                )
            )
    return changes


def _overlaps(version: VersionSpec, start: datetime.date, end: datetime.date) -> bool:
    return version.valid_from <= end and (version.valid_until is None or version.valid_until >= start)


def _announcements(results: list[HireResult], rules: RuleBook, include_announced: bool) -> list[str]:
    """Announced ends, replacements and changes inside the horizon of a measure shown for some hire."""
    lines = []
    for measure in rules.measures:
        windows = [
            (hire.periods[0].first_day, hire.periods[-1].last_day)
            for hire in results
            if hire.periods and any(item.code == measure.code for item in hire.measures)
        ]
        for version in measure.announced:
            if not any(_overlaps(version, start, end) for start, end in windows):
                continue
            values = {"measure": measure.name, "date": shown_date(version.valid_from)}
            if version.ends and version.replaced_by:
                other = rules.measure(version.replaced_by)
                values["other"] = other.name if other else version.replaced_by
                line = _("%(measure)s: announced to end from %(date)s, replaced by %(other)s") % values
            elif version.ends:
                line = _("%(measure)s: announced to end from %(date)s") % values
            else:
                line = _("%(measure)s: announced changes from %(date)s") % values
            source = measure.source(version.announcement_key)
            if source.get("title"):
                line += " (" + source["title"] + ")"
            if not include_announced:
                line += "; " + _("not included: choose “include announced changes” to see their effect")
            lines.append(line)
    return lines


def _calculate(employer, hires, on, horizon, rules: RuleBook, *, include_announced: bool) -> Result:
    rate = _begin(rules, on)
    results = [
        _calculate_hire(index, hire, employer, on, horizon, rules, rate, include_announced)
        for index, hire in enumerate(hires)
    ]
    notes = [
        _(
            "This is an approximation, with the rules as the catalogue knows them on %(date)s: "
            "the institution that grants a measure decides."
        )
        % {"date": shown_date(on)},
        _("Employer contributions due are estimated at %(rate)s of the gross wage (%(source)s).")
        % {"rate": percent(rate.value), "source": rate.source_title},
    ]
    if any(measure.unlimited for hire in results for measure in hire.measures):
        notes.append(
            _("Measures without an end date are shown over the chosen horizon of %(count)s quarters only.")
            % {"count": horizon}
        )
    sources = []
    for hire in results:
        for measure in hire.measures:
            for source in measure.sources:
                if source not in sources:
                    sources.append(source)
    if rate.source_title and not any(source["title"] == rate.source_title for source in sources):
        sources.append({"title": rate.source_title, "url": rate.source_url})
    return Result(
        hires=results,
        rules_as_of=on,
        horizon=horizon,
        employer_label=employer.label,
        notes=notes,
        sources=sources,
        announcements=_announcements(results, rules, include_announced),
    )


def _begin(rules: RuleBook, on: datetime.date) -> ParameterValue:
    """Note the language of this calculation (for the cached labels and criteria) and read the contribution rate."""
    from django.utils.translation import get_language

    _ACTIVE.language = get_language() or ""
    return rules.parameter(CONTRIBUTION_RATE_KEY, on) or FALLBACK_CONTRIBUTION_RATE


def _hire_context(
    hire: Hire,
    employer: EmployerProfile,
    on: datetime.date,
    horizon: int,
    rate,
    rules: RuleBook | None = None,
    include_announced: bool = False,
) -> HireContext:
    """The quarters of a hire from its hiring quarter over the horizon, ending with a fixed-term contract."""
    first = Quarter.of(hire.start_date)
    quarters = [first.plus(step) for step in range(horizon)]
    last_day = min(quarters[-1].last_day, hire.end_date) if hire.end_date else quarters[-1].last_day
    return HireContext(
        hire=hire,
        employer=employer,
        on=on,
        quarters=quarters,
        last_day=last_day,
        rate=rate,
        book=rules,
        include_announced=include_announced,
    )


def _calculate_hire(index, hire, employer, on, horizon, rules, rate, include_announced=False) -> HireResult:
    ctx = _hire_context(hire, employer, on, horizon, rate, rules, include_announced)
    candidates, not_applicable = [], []
    for measure in rules.measures:
        outcome = _evaluate(measure, ctx)
        if isinstance(outcome, Candidate):
            candidates.append(outcome)
        else:
            not_applicable.append(NotApplicable(measure.code, measure.name, tuple(dict.fromkeys(outcome)), measure.url))
    measures, dropped, decisions = _cumulate(ctx, candidates)
    measures.sort(key=lambda item: (-item.total, item.code))
    return HireResult(
        index=index,
        hire=hire,
        label=hire.label or _("Hire %(number)s") % {"number": index + 1},
        periods=ctx.quarters,
        measures=measures,
        not_applicable=sorted(not_applicable + dropped, key=lambda item: item.code),
        decisions=decisions,
        contributions_due={quarter: money(ctx.contributions_due(quarter)) for quarter in ctx.quarters},
    )


def amounts_before_cumulation(
    *, employer: EmployerProfile, hire: Hire, on: datetime.date, horizon: int, rules: RuleBook
) -> dict[str, dict[Quarter, Decimal]]:
    """What each applying measure alone would give the hire, per quarter, before cumulation and the cap.

    For the page's "before the cap" figures and for tests of the rules themselves; window measures show the schedule
    placed from the hiring quarter.
    """
    rate = _begin(rules, on)
    ctx = _hire_context(hire, employer, on, horizon, rate, rules)
    found = {}
    for measure in rules.measures:
        outcome = _evaluate(measure, ctx)
        if isinstance(outcome, Candidate):
            found[measure.code] = dict(outcome.amounts)
    return found
