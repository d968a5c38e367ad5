"""Reads of the job seekers' app."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from jobseekers.constants import TYPICAL_WAGE_PARAMETER
from jobseekers.models import JobSeekerProfile
from measures.constants import Status
from measures.selectors import parameter_in_force

CENT = Decimal("0.01")


def profile_of(user) -> JobSeekerProfile | None:
    """The user's job-seeker profile (the reverse one-to-one, cached on the user), None when it has none."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.jobseeker_profile
    except JobSeekerProfile.DoesNotExist:
        return None


def insz_of(user) -> str:
    """The INSZ an eID log-in proved for this account, "" when none did."""
    profile = profile_of(user)
    return profile.insz if profile is not None else ""


def is_jobseeker(user) -> bool:
    return profile_of(user) is not None


@dataclass(frozen=True)
class TypicalWage:
    """The wage the job seeker's form starts from, and where the figure comes from."""

    amount: Decimal
    on: datetime.date
    valid_from: datetime.date
    source_title: str
    source_url: str
    source_reference: str
    is_assumption: bool


def typical_wage(on: datetime.date) -> TypicalWage | None:
    """The guaranteed average minimum monthly income valid on ``on`` from the measures data, None when the data has
    no value for that date (then the job seeker types a wage: no figure is made up)."""
    parameter = parameter_in_force(TYPICAL_WAGE_PARAMETER, on)
    if parameter is None:
        return None
    return TypicalWage(
        amount=parameter.value.quantize(CENT),
        on=on,
        valid_from=parameter.valid_from,
        source_title=parameter.source_title,
        source_url=parameter.source_url,
        source_reference=parameter.source_reference,
        is_assumption=parameter.status == Status.ASSUMPTION,
    )
