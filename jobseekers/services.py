"""Writes and decisions of the job seekers' app: the profile an eID log-in creates, and the measures it opens."""

from __future__ import annotations

import datetime
import logging
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from authz import chain
from authz.constants import SubjectKind
from foundation.identifiers import insz_birth_date
from jobseekers.eid.claims import EidIdentity, EidRefused
from jobseekers.models import EDITABLE_FIELDS, JobSeekerProfile
from jobseekers.selectors import profile_of
from measures import constants
from measures.calculator import engine, rules
from measures.calculator.result import Result
from measures.calculator.values import DEFAULT_HORIZON, EmployerProfile, Hire

logger = logging.getLogger("jobseekers")

#: eID accounts have no e-mail address of their own (an eID account is never linked by e-mail); the user model needs
#: a unique one, so each gets an address in the reserved ".invalid" domain (RFC 2606) that can never receive mail.
PLACEHOLDER_DOMAIN = "eid.invalid"


def placeholder_email() -> str:
    return f"jobseeker-{secrets.token_hex(12)}@{PLACEHOLDER_DOMAIN}"


def pseudonym(insz: str) -> str:
    """What a log line may say about a person: the disclosure log's keyed pseudonym, shortened."""
    return chain.pseudonymise(SubjectKind.PERSON, insz)[:16]


def check_eid_identity(*, identity: EidIdentity, user) -> None:
    """Raise EidRefused unless this eID identity may log in to ``user`` (an existing eID account) or sign up."""
    if user is not None:
        profile = profile_of(user)
        if profile is not None and profile.insz != identity.insz:
            logger.warning("eID log-in with another INSZ than the account's: %s", pseudonym(identity.insz))
            raise EidRefused("insz-changed")
        if profile is not None:
            return
    others = JobSeekerProfile.objects.filter(insz=identity.insz)
    if user is not None:
        others = others.exclude(user=user)
    if others.exists():
        logger.warning("eID log-in for an INSZ already on another account: %s", pseudonym(identity.insz))
        raise EidRefused("insz-claimed")


def create_profile(*, user, identity: EidIdentity) -> JobSeekerProfile:
    """The profile of a new eID account: the INSZ once and for all, the names the eID gave."""
    return JobSeekerProfile.objects.create(
        user=user, insz=identity.insz, given_name=identity.given_name, surname=identity.surname
    )


def update_profile(*, profile: JobSeekerProfile, facts: dict) -> JobSeekerProfile:
    """Save what the job seeker told about themselves (the INSZ is not among what they can change)."""
    for name in EDITABLE_FIELDS:
        setattr(profile, name, facts.get(name, getattr(profile, name)))
    if profile.completed_at is None:
        profile.completed_at = timezone.now()
    profile.save(update_fields=[*EDITABLE_FIELDS, "completed_at", "updated_at"])
    return profile


# Measures for me ----------------------------------------------------------------------------------------------


def birth_date_of(profile: JobSeekerProfile) -> datetime.date | None:
    """The birth date from the INSZ, else the one the job seeker gave on the profile."""
    return insz_birth_date(profile.insz) or profile.birth_date


def age_band(age: int) -> str:
    """The age as a band for the summary: what an employer needs, not the exact age."""
    for upper, label in AGE_BANDS:
        if age < upper:
            return str(label)
    return str(AGE_BANDS[-1][1])


#: Bands shown to an employer instead of the age (display only: the measures' own age limits are in the rules).
AGE_BANDS = (
    (26, _("under 26")),
    (30, _("26 to 29")),
    (45, _("30 to 44")),
    (55, _("45 to 54")),
    (200, _("55 or older")),
)


@dataclass(frozen=True)
class HireTerms:
    gross_monthly_wage: Decimal
    work_fraction: Decimal
    start_date: datetime.date
    horizon: int = DEFAULT_HORIZON


def hire_of(*, profile: JobSeekerProfile, terms: HireTerms) -> Hire:
    """The job seeker as the engine's hire: their profile, and the job's terms they chose."""
    region = profile.domicile_region
    return Hire(
        start_date=terms.start_date,
        birth_date=birth_date_of(profile),
        work_fraction=terms.work_fraction,
        gross_monthly_wage=terms.gross_monthly_wage,
        domicile_region=region,
        # A job in their own region is assumed: the contribution reductions follow the employer's seat.
        seat_region=region,
        jobseeker_since=profile.registered_since,
        jobseeker_office=profile.employment_office,
        qualification=profile.qualification or None,
        reduced_work_capacity=profile.reduced_work_capacity,
        label=str(_("You")),
    )


def typical_employer(region: str) -> EmployerProfile:
    """An employer with nothing special: private, general structural category, one seat in the job seeker's region."""
    return EmployerProfile(
        label=str(_("a private employer in your region")),
        employer_type=str(constants.EmployerType.PRIVATE),
        seats=(("", region),),
        structural_category=1,
    )


def measures_for(*, profile: JobSeekerProfile, terms: HireTerms, on: datetime.date | None = None) -> Result:
    """What the job seeker brings an employer who hires them on these terms: the employers' calculator's engine and
    rules, for a typical private employer in their region."""
    day = on or timezone.localdate()
    return engine.calculate(
        employer=typical_employer(profile.domicile_region),
        hires=[hire_of(profile=profile, terms=terms)],
        on=day,
        horizon=terms.horizon,
        rules=rules.current_rule_book(),
    )
