"""Eligibility as structured criteria: each one tests a situation and says in plain words why it fails.

The catalogue filters on the same columns in SQL (``selectors.filter_measures``); the calculator calls
:func:`reasons_not_eligible` with a hire's facts. A fact that is not known (``None``) never excludes a measure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from measures import constants
from measures.constants import QUALIFICATION_RANK, Region, RegionBasis


@dataclass(frozen=True)
class Situation:
    """What is known about the employer and the worker; every field is optional."""

    age: int | None = None
    jobseeker_months: int | None = None
    qualification: str | None = None
    reduced_work_capacity: bool | None = None
    work_fraction: Decimal | None = None
    wage: Decimal | None = None  # reference wage per period unit of the rule (quarter for RSZ reductions)
    employer_type: str | None = None
    employer_category: str | None = None
    nace: str | None = None
    joint_committee: str | None = None
    size: int | None = None  # importance code 0-9
    seat_region: str | None = None
    domicile_region: str | None = None
    hire_rank: int | None = None
    structural_category: int | None = None


@dataclass(frozen=True)
class Criterion:
    """One condition of a rule version, with the words that explain a failure."""

    key: str
    describe: str
    test: Callable[[Situation], str | None] = field(repr=False)

    def reason(self, situation: Situation) -> str | None:
        """None when the situation meets the criterion (or the fact is unknown), else why not."""
        return self.test(situation)


def nace_prefixes(code: str) -> list[str]:
    """Every leading part of a NACE code, digits only, so a rule on "56" covers "56.101"."""
    digits = code.replace(".", "")
    return [digits[:end] for end in range(2, len(digits) + 1)]


def committee_prefixes(code: str) -> list[str]:
    """A joint committee and its parent: "330.01" is covered by a rule on "330"."""
    parent = code.split(".")[0]
    return [parent, code] if parent != code else [code]


def _ages(version) -> Criterion | None:
    low, high = version.age_min, version.age_max
    if low is None and high is None:
        return None
    when = constants.AgeReference(version.age_reference).label
    if low is not None and high is not None:
        text = _("aged %(low)s to %(high)s %(when)s") % {"low": low, "high": high, "when": when}
    elif low is not None:
        text = _("aged %(low)s or more %(when)s") % {"low": low, "when": when}
    else:
        text = _("aged %(high)s or less %(when)s") % {"high": high, "when": when}

    def test(s: Situation) -> str | None:
        if s.age is None:
            return None
        if low is not None and s.age < low:
            return _("age %(age)s: this measure starts at %(low)s") % {"age": s.age, "low": low}
        if high is not None and s.age > high:
            return _("age %(age)s: this measure ends at %(high)s") % {"age": s.age, "high": high}
        return None

    return Criterion("age", text, test)


def _jobseeker(version) -> Criterion | None:
    months = version.jobseeker_months_min
    if not months:
        return None

    def test(s: Situation) -> str | None:
        if s.jobseeker_months is None or s.jobseeker_months >= months:
            return None
        return _("registered as a job seeker for %(have)s months: this measure needs %(need)s") % {
            "have": s.jobseeker_months,
            "need": months,
        }

    return Criterion(
        "jobseeker_months",
        _("registered as a job seeker for at least %(months)s months") % {"months": months},
        test,
    )


def _qualification(version) -> Criterion | None:
    highest = version.qualification_max
    if not highest:
        return None
    label = constants.Qualification(highest).label

    def test(s: Situation) -> str | None:
        if not s.qualification or QUALIFICATION_RANK[s.qualification] <= QUALIFICATION_RANK[highest]:
            return None
        return _("qualification %(have)s: this measure is for workers with at most: %(max)s") % {
            "have": constants.Qualification(s.qualification).label,
            "max": label,
        }

    return Criterion("qualification", _("highest qualification: %(max)s") % {"max": label}, test)


def _disability(version) -> Criterion | None:
    if not version.reduced_work_capacity_required:
        return None

    def test(s: Situation) -> str | None:
        if s.reduced_work_capacity is False:
            return _("this measure is for workers with a reduced work capacity")
        return None

    return Criterion("reduced_work_capacity", _("recognised reduced work capacity"), test)


def _fraction(version) -> Criterion | None:
    minimum = version.work_fraction_min
    if minimum is None:
        return None
    percent = f"{Decimal(minimum) * 100:.1f}".rstrip("0").rstrip(".")

    def test(s: Situation) -> str | None:
        if s.work_fraction is None or Decimal(s.work_fraction) >= Decimal(minimum):
            return None
        return _("working time %(have)s %%: this measure needs at least %(need)s %%") % {
            "have": f"{Decimal(s.work_fraction) * 100:.1f}".rstrip("0").rstrip("."),
            "need": percent,
        }

    return Criterion("work_fraction", _("working at least %(need)s %% of full time") % {"need": percent}, test)


def _wage(version) -> Criterion | None:
    ceiling = version.wage_ceiling
    if ceiling is None:
        return None
    unit = constants.PeriodUnit(version.period_unit).label

    def test(s: Situation) -> str | None:
        if s.wage is None or Decimal(s.wage) < Decimal(ceiling):
            return None
        return _("wage %(have)s EUR per %(unit)s: this measure needs less than %(ceiling)s EUR") % {
            "have": _euros(s.wage),
            "unit": unit,
            "ceiling": _euros(ceiling),
        }

    return Criterion(
        "wage", _("wage below %(ceiling)s EUR per %(unit)s") % {"ceiling": _euros(ceiling), "unit": unit}, test
    )


def _euros(value) -> str:
    """An amount in a reason, in the active language's notation (8.400,00 in Dutch)."""
    return number_format(Decimal(value), decimal_pos=2, use_l10n=True, force_grouping=True)


def _employer_types(version) -> Criterion | None:
    allowed = list(version.employer_types)
    if not allowed:
        return None
    labels = ", ".join(str(constants.EmployerType(value).label) for value in allowed)

    def test(s: Situation) -> str | None:
        if not s.employer_type or s.employer_type in allowed:
            return None
        return _("employer type %(have)s: this measure is for %(allowed)s") % {
            "have": constants.EmployerType(s.employer_type).label,
            "allowed": labels,
        }

    return Criterion("employer_type", _("employers: %(allowed)s") % {"allowed": labels}, test)


def _code_list(key: str, included, excluded, what: str, fact: Callable[[Situation], str | None], expand=None):
    included, excluded = list(included), list(excluded)
    if not included and not excluded:
        return None
    parts = []
    if included:
        parts.append(_("%(what)s %(codes)s only") % {"what": what, "codes": ", ".join(included)})
    if excluded:
        parts.append(_("not %(what)s %(codes)s") % {"what": what, "codes": ", ".join(excluded)})

    def test(s: Situation) -> str | None:
        code = fact(s)
        if not code:
            return None
        candidates = set(expand(code) if expand else [code])
        if included and not candidates & set(included):
            return _("%(what)s %(code)s: this measure is only for %(codes)s") % {
                "what": what,
                "code": code,
                "codes": ", ".join(included),
            }
        if candidates & set(excluded):
            return _("%(what)s %(code)s is excluded from this measure") % {"what": what, "code": code}
        return None

    return Criterion(key, "; ".join(parts), test)


def _size(version) -> Criterion | None:
    low, high = version.size_min, version.size_max
    if low is None and high is None:
        return None
    low_text, high_text = low if low is not None else 0, high if high is not None else 9

    def test(s: Situation) -> str | None:
        if s.size is None or (low_text <= s.size <= high_text):
            return None
        return _("importance code %(have)s: this measure is for codes %(low)s to %(high)s") % {
            "have": s.size,
            "low": low_text,
            "high": high_text,
        }

    return Criterion(
        "size", _("employer size: importance code %(low)s to %(high)s") % {"low": low_text, "high": high_text}, test
    )


def region_criterion(measure) -> Criterion | None:
    """The region rule of a measure: which address must lie in its region (seat or domicile)."""
    if measure.region == Region.BE or measure.region_basis == RegionBasis.NATIONWIDE:
        return None
    region_label = Region(measure.region).label
    by_seat = measure.region_basis == RegionBasis.OPERATING_SEAT

    def test(s: Situation) -> str | None:
        where = s.seat_region if by_seat else s.domicile_region
        if not where or where == measure.region:
            return None
        if by_seat:
            return _("operating seat in %(have)s: this measure needs a seat in %(need)s") % {
                "have": Region(where).label,
                "need": region_label,
            }
        return _("worker living in %(have)s: this measure is for residents of %(need)s") % {
            "have": Region(where).label,
            "need": region_label,
        }

    text = (_("operating seat in %(region)s") if by_seat else _("worker living in %(region)s")) % {
        "region": region_label
    }
    return Criterion("region", text, test)


def criteria_for(version, measure=None) -> list[Criterion]:
    """The criteria of a rule version (and of its measure's region rule), in the order a page lists them."""
    measure = measure or version.measure
    found: Iterable[Criterion | None] = (
        region_criterion(measure),
        _ages(version),
        _jobseeker(version),
        _qualification(version),
        _disability(version),
        _fraction(version),
        _wage(version),
        _employer_types(version),
        _code_list(
            "employer_category",
            version.employer_categories,
            version.employer_categories_excluded,
            _("employer category"),
            lambda s: s.employer_category,
        ),
        _code_list(
            "nace", version.nace_included, version.nace_excluded, _("NACE code"), lambda s: s.nace, nace_prefixes
        ),
        _code_list(
            "joint_committee",
            version.joint_committees_included,
            version.joint_committees_excluded,
            _("joint committee"),
            lambda s: s.joint_committee,
            committee_prefixes,
        ),
        _size(version),
    )
    return [criterion for criterion in found if criterion is not None]


def reasons_not_eligible(version, situation: Situation, measure=None) -> list[str]:
    """Every reason the situation fails the version's criteria; empty when it is eligible."""
    return [reason for criterion in criteria_for(version, measure) if (reason := criterion.reason(situation))]


def condition_reasons(conditions: dict, situation: Situation) -> list[str]:
    """Why a benefit variant's conditions (hire rank, age band, ...) do not fit the situation."""
    reasons = []
    rank = conditions.get("hire_rank")
    if rank is not None and situation.hire_rank is not None and situation.hire_rank != rank:
        reasons.append(
            _("hire number %(have)s: this amount is for hire number %(need)s")
            % {
                "have": situation.hire_rank,
                "need": rank,
            }
        )
    if situation.age is not None:
        if conditions.get("age_min") is not None and situation.age < conditions["age_min"]:
            reasons.append(
                _("age %(age)s: this amount starts at %(low)s") % {"age": situation.age, "low": conditions["age_min"]}
            )
        if conditions.get("age_max") is not None and situation.age > conditions["age_max"]:
            reasons.append(
                _("age %(age)s: this amount ends at %(high)s") % {"age": situation.age, "high": conditions["age_max"]}
            )
    capacity = conditions.get("reduced_work_capacity")
    if (
        capacity is not None
        and situation.reduced_work_capacity is not None
        and capacity != situation.reduced_work_capacity
    ):
        reasons.append(
            _("this amount is for workers with a reduced work capacity")
            if capacity
            else _("this amount is for workers without a reduced work capacity")
        )
    highest = conditions.get("qualification_max")
    if (
        highest
        and situation.qualification
        and QUALIFICATION_RANK[situation.qualification] > QUALIFICATION_RANK[highest]
    ):
        reasons.append(
            _("this amount is for workers with at most: %(max)s") % {"max": constants.Qualification(highest).label}
        )
    category = conditions.get("structural_category")
    if category is not None and situation.structural_category is not None and category != situation.structural_category:
        reasons.append(_("this amount is for structural-reduction category %(need)s") % {"need": category})
    return reasons


def describe_conditions(conditions: dict) -> str:
    """The conditions of a benefit variant in plain words, for the schedule table."""
    parts = []
    if conditions.get("hire_rank") is not None:
        parts.append(_("hire number %(rank)s") % {"rank": conditions["hire_rank"]})
    low, high = conditions.get("age_min"), conditions.get("age_max")
    if low is not None and high is not None:
        parts.append(_("aged %(low)s to %(high)s") % {"low": low, "high": high})
    elif low is not None:
        parts.append(_("aged %(low)s or more") % {"low": low})
    elif high is not None:
        parts.append(_("aged %(high)s or less") % {"high": high})
    if conditions.get("reduced_work_capacity") is True:
        parts.append(_("reduced work capacity"))
    if conditions.get("qualification_max"):
        parts.append(_("at most: %(max)s") % {"max": constants.Qualification(conditions["qualification_max"]).label})
    if conditions.get("structural_category") is not None:
        parts.append(_("category %(category)s") % {"category": conditions["structural_category"]})
    if conditions.get("weekly_hours_max") is not None:
        parts.append(_("at most %(hours)s hours a week") % {"hours": conditions["weekly_hours_max"]})
    if conditions.get("jobseeker_months_min") is not None:
        parts.append(_("job seeker for %(months)s months or more") % {"months": conditions["jobseeker_months_min"]})
    if conditions.get("learner_paid") is not None:
        parts.append(_("learner receives an allowance") if conditions["learner_paid"] else _("learner unpaid"))
    if conditions.get("wage_moderation") is not None:
        parts.append(_("with wage moderation") if conditions["wage_moderation"] else _("without wage moderation"))
    return "; ".join(parts)
