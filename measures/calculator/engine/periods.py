"""The hire's periods: its quarters over the horizon, the periods of each rule's unit (month, quarter, year) from the
hiring date, the part of each actually worked, and the wage figures every measure of the hire reads."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from measures import constants
from measures.calculator.engine.wording import Wording
from measures.calculator.result import money
from measures.calculator.rules import MeasureSpec, ParameterValue, RuleBook, VersionSpec
from measures.calculator.values import EmployerProfile, Hire, Quarter, add_months, age_on
from measures.eligibility import Situation

ZERO = Decimal("0")
Unit = constants.PeriodUnit


def version_date(natural: datetime.date, on: datetime.date) -> datetime.date:
    """The rules of ``on`` apply to what lies after it: later periods assume the rules known then continue."""
    return min(natural, on)


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
    wording: Wording
    book: RuleBook | None = None
    include_announced: bool = False
    _periods: dict[str, list[Period]] = field(default_factory=dict)
    #: Per hire, what was already worked out: the part of each quarter worked, and the reasons a version (employer
    #: eligibility) or a benefit variant does not fit a situation, by the spec's ``id`` and the situation.
    shares: dict[Quarter, Decimal] = field(default_factory=dict)
    reasons: dict[tuple[int, Situation], list[str]] = field(default_factory=dict)
    situations: dict[tuple[datetime.date, str], Situation] = field(default_factory=dict)

    @property
    def fraction(self) -> Decimal:
        return Decimal(self.hire.work_fraction)

    def version(self, measure: MeasureSpec, natural: datetime.date) -> VersionSpec | None:
        """The version for a date: an announced one valid then when announced changes are included (an announced
        end gives none), else the one in force on the date, capped at the rules date."""
        key = (id(measure), natural, self.on, self.include_announced)
        versions = self.wording.versions
        if key not in versions:
            versions[key] = self._version(measure, natural)
        return versions[key]

    def _version(self, measure: MeasureSpec, natural: datetime.date) -> VersionSpec | None:
        if self.include_announced:
            announced = measure.announced_on(natural)
            if announced is not None:
                return None if announced.ends else announced
        return measure.version_on(version_date(natural, self.on))

    def parameter(self, key: str, natural: datetime.date) -> ParameterValue | None:
        if self.book is None:
            return None
        if self.include_announced:
            announced = self.book.announced_parameter(key, natural)
            if announced is not None:
                return announced
        return self.book.parameter(key, version_date(natural, self.on))

    @property
    def reference_quarterly_wage(self) -> Decimal:
        return self.hire.reference_quarterly_wage()

    def quarter_share(self, quarter: Quarter) -> Decimal:
        if quarter not in self.shares:
            start = max(quarter.first_day, self.hire.start_date)
            end = min(quarter.last_day, self.last_day)
            days = (end - start).days + 1
            self.shares[quarter] = ZERO if days <= 0 else Decimal(days) / Decimal(quarter.days)
        return self.shares[quarter]

    def gross_in_quarter(self, quarter: Quarter) -> Decimal:
        return self.hire.gross_monthly_wage * 3 * self.quarter_share(quarter)

    def contributions_due(self, quarter: Quarter) -> Decimal:
        return self.gross_in_quarter(quarter) * self.rate.value

    def periods(self, unit: str) -> list[Period]:
        """The periods of ``unit`` from the hiring date to the end of the contract or the horizon."""
        if unit not in self._periods:
            self._periods[unit] = list(self._make_periods(unit))
        return self._periods[unit]

    def _make_periods(self, unit: str) -> Iterator[Period]:
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
        """The hire's facts as the eligibility rules read them (worked out once per hire, age day and unit)."""
        key = (age_day, unit)
        if key not in self.situations:
            self.situations[key] = self._situation(age_day, unit)
        return self.situations[key]

    def _situation(self, age_day: datetime.date, unit: str) -> Situation:
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


def hire_context(
    hire: Hire,
    employer: EmployerProfile,
    on: datetime.date,
    horizon: int,
    rate: ParameterValue,
    rules: RuleBook,
    wording: Wording,
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
        wording=wording,
        include_announced=include_announced,
    )
