"""Inputs of the calculator: the employer's profile and the hires, as plain immutable values."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from foundation.quarters import Quarter as Quarter  # the engine and the result still import it from here
from measures import constants

#: The most hires one calculation takes; more is refused with a clear message (the page and the API).
MAX_HIRES = 50
#: The longest horizon, in quarters.
MAX_HORIZON = 40
DEFAULT_HORIZON = 8


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the last day of the month when that month is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from ``start`` to ``end`` (0 when end is before start)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(months, 0)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class Contract:
    """Contract types the calculator asks about."""

    OPEN_ENDED = "open_ended"
    FIXED_TERM = "fixed_term"
    CHOICES = (OPEN_ENDED, FIXED_TERM)


@dataclass(frozen=True)
class EmployerProfile:
    """What the engine needs of the employer (built from the repertory facts, or typed in a test)."""

    label: str = ""
    employer_type: str | None = None  # measures.constants.EmployerType value
    category_codes: tuple[str, ...] = ()
    nace_codes: tuple[str, ...] = ()  # digits, e.g. "62010"
    importance_code: int | None = None
    seats: tuple[tuple[str, str], ...] = ()  # (establishment unit number, measures region code) per operating seat
    structural_category: int | None = 1  # 1 general, 2 Maribel social (non-profit), 3 sheltered; None: excluded

    def seat_region(self, establishment_number: str) -> str | None:
        return next((region for number, region in self.seats if number == establishment_number), None)


@dataclass(frozen=True)
class Hire:
    """One planned or actual hire (aanwerving) and what the measures ask about the worker."""

    start_date: datetime.date
    birth_date: datetime.date
    work_fraction: Decimal  # Q/S, above 0 and at most 1
    gross_monthly_wage: Decimal  # the gross wage actually paid per month, for this working time
    domicile_region: str  # measures.constants.Region, not BE
    seat_region: str | None = None  # region of the operating seat the worker is attached to
    operating_seat: str = ""  # establishment unit number, when the employer has several
    jobseeker_since: datetime.date | None = None
    jobseeker_office: str = ""  # VDAB, Actiris, Forem, ADG
    qualification: str | None = None  # measures.constants.Qualification
    reduced_work_capacity: bool = False
    hire_rank: int | None = None  # 1 = first worker ever (no staff in the 12 months before)
    contract: str = Contract.OPEN_ENDED
    contract_months: int | None = None  # length of a fixed-term contract
    weekly_hours: Decimal | None = None  # Q: mean weekly hours of the worker
    reference_weekly_hours: Decimal | None = None  # S: mean weekly hours of a full-time reference person
    joint_committee: str = ""  # paritair comité, e.g. "302" or "330.01"
    label: str = ""

    @property
    def end_date(self) -> datetime.date | None:
        """Last day of a fixed-term contract, None when open-ended."""
        if self.contract == Contract.FIXED_TERM and self.contract_months:
            return add_months(self.start_date, self.contract_months) - datetime.timedelta(days=1)
        return None

    def age_on(self, day: datetime.date) -> int:
        return age_on(self.birth_date, day)

    def jobseeker_months(self) -> int | None:
        if self.jobseeker_since is None:
            return None
        return months_between(self.jobseeker_since, self.start_date)

    def reference_quarterly_wage(self) -> Decimal:
        """S of the RSZ reductions: the gross wage for full-time work over a whole quarter."""
        return self.gross_monthly_wage * 3 / self.work_fraction


@dataclass(frozen=True)
class HireProblem:
    field: str
    message: str


def hire_problems(hire: Hire, *, today: datetime.date) -> list[HireProblem]:
    """What is wrong with a hire, field by field, in words a user understands (empty when it can be calculated).

    Forms and the API call this after their own type checks, so both refuse the same input with the same words.
    """
    problems = []

    def bad(name: str, message: str) -> None:
        problems.append(HireProblem(name, message))

    if hire.birth_date > today:
        bad("birth_date", _("The birth date is in the future."))
    elif hire.birth_date >= hire.start_date:
        bad("birth_date", _("The birth date must come before the start date."))
    elif hire.age_on(hire.start_date) < 15:
        bad("birth_date", _("The worker would be younger than 15 on the start date."))
    elif hire.age_on(hire.start_date) > 100:
        bad("birth_date", _("The worker would be older than 100 on the start date: check the birth date."))
    if not (Decimal(0) < hire.work_fraction <= Decimal(1)):
        bad("work_fraction", _("The working-time fraction must be above 0 and at most 1 (full time)."))
    if hire.gross_monthly_wage <= 0:
        bad("gross_monthly_wage", _("The gross monthly wage must be above 0."))
    elif hire.gross_monthly_wage > Decimal(100000):
        bad("gross_monthly_wage", _("A gross monthly wage above 100,000 EUR is not plausible: check the amount."))
    if hire.domicile_region not in constants.LOCAL_REGIONS:
        bad("domicile_region", _("Choose the region where the worker lives."))
    if hire.seat_region is not None and hire.seat_region not in constants.LOCAL_REGIONS:
        bad("operating_seat", _("Choose the region of the operating seat."))
    if hire.jobseeker_since is not None:
        if hire.jobseeker_since > hire.start_date:
            bad("jobseeker_since", _("The registration as a job seeker must start before the start date."))
        elif hire.jobseeker_since < hire.birth_date:
            bad("jobseeker_since", _("The registration as a job seeker cannot start before the birth date."))
    if hire.qualification is not None and hire.qualification not in constants.Qualification.values:
        bad("qualification", _("Choose a qualification from the list."))
    if hire.hire_rank is not None and not 1 <= hire.hire_rank <= 999:
        bad("hire_rank", _("The hire's rank is a whole number from 1."))
    if hire.contract not in Contract.CHOICES:
        bad("contract", _("Choose open-ended or fixed-term."))
    elif hire.contract == Contract.FIXED_TERM and not hire.contract_months:
        bad("contract_months", _("Give the length of the fixed-term contract in months."))
    if hire.contract_months is not None and not 1 <= hire.contract_months <= 600:
        bad("contract_months", _("The contract length is a number of months from 1 to 600."))
    if hire.weekly_hours is not None and hire.reference_weekly_hours is not None:
        if hire.reference_weekly_hours <= 0 or hire.weekly_hours <= 0:
            bad("weekly_hours", _("Weekly hours must be above 0."))
        elif hire.weekly_hours > hire.reference_weekly_hours:
            bad("weekly_hours", _("The worker's hours (Q) cannot exceed those of a full-time reference person (S)."))
    if hire.start_date.year < 2000 or hire.start_date.year > today.year + 10:
        bad("start_date", _("The start date must lie between 2000 and ten years from now."))
    return problems
