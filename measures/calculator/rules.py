"""The rule book: the published catalogue read once into plain immutable values the engine works on.

The engine never touches the ORM; :func:`rule_book` reads measures, rule versions, benefit rules, cumulation rules
and shared parameters in five queries, with texts in the active language.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from measures import constants
from measures.models import BenefitRule, CumulationRule, Measure, Parameter, RuleVersion

CONTRIBUTION_RATE_KEY = "employer-contribution-rate-cat1"
ANNOUNCED = constants.Status.ANNOUNCED

#: A benefit variant's conditions: the catalogue's JSON object (hire_rank, age_min, weekly_hours_max, ...), whose
#: keys and value types ``measures.schema`` checks on loading; its values are ints, numbers, booleans and strings.
Conditions = dict[str, Any]
#: A catalogue source: key, title, url or reference, and the date it was read, all strings (``measures.schema``).
Source = dict[str, str]


@dataclass(frozen=True)
class BenefitSpec:
    """One benefit variant of a rule version (``BenefitRule``)."""

    label: str
    conditions: Conditions
    kind: str
    steps: tuple[tuple[Decimal, int | None], ...] = ()
    percentage: Decimal | None = None
    wage_base: str = ""
    cap: Decimal | None = None
    duration: int | None = None
    formula: str = ""
    #: (name, value, source key, shared parameter key): an inline value has no shared key; a shared one has no
    #: value here (the engine reads it on each period's date from the rule book).
    parameters: tuple[tuple[str, Decimal | None, str, str], ...] = ()
    share: str = ""
    source_key: str = ""
    assumption: bool = False
    applies_to_running: bool = False  # from its version's date, also for hires made under an earlier version


@dataclass(frozen=True)
class VersionSpec:
    """One dated rule version; its attribute names match ``RuleVersion`` so ``measures.eligibility`` reads both."""

    valid_from: datetime.date
    valid_until: datetime.date | None
    date_basis: str
    period_unit: str
    prorated: bool
    placement_window: int | None
    source_key: str
    assumption: bool
    status: str = constants.Status.IN_FORCE
    announcement_key: str = ""
    ends: bool = False  # an announced end: from valid_from the measure no longer applies
    replaced_by: str = ""
    age_min: int | None = None
    age_max: int | None = None
    age_reference: str = constants.AgeReference.AT_HIRING
    jobseeker_months_min: int | None = None
    qualification_max: str = ""
    reduced_work_capacity_required: bool = False
    work_fraction_min: Decimal | None = None
    work_fraction_full: Decimal | None = None
    wage_ceiling: Decimal | None = None
    employer_types: tuple[str, ...] = ()
    employer_categories: tuple[str, ...] = ()
    employer_categories_excluded: tuple[str, ...] = ()
    nace_included: tuple[str, ...] = ()
    nace_excluded: tuple[str, ...] = ()
    joint_committees_included: tuple[str, ...] = ()
    joint_committees_excluded: tuple[str, ...] = ()
    size_min: int | None = None
    size_max: int | None = None
    benefits: tuple[BenefitSpec, ...] = ()

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class MeasureSpec:
    code: str
    name: str
    level: str
    region: str
    region_basis: str
    technique: str
    reduction_role: str
    in_calculator: bool
    versions: tuple[VersionSpec, ...]
    sources: tuple[Source, ...] = ()
    cannot_combine_with: frozenset[str] = frozenset()
    ceilings_with: tuple[tuple[str, Decimal], ...] = ()  # (other measure code, ceiling per period)
    url: str = ""
    #: Versions announced but not enacted, kept apart: only "include announced changes" uses them.
    announced: tuple[VersionSpec, ...] = ()

    def source(self, key: str) -> Source:
        return next((source for source in self.sources if source.get("key") == key), {})

    def version_on(self, day: datetime.date) -> VersionSpec | None:
        return next((version for version in self.versions if version.is_valid_on(day)), None)

    def announced_on(self, day: datetime.date) -> VersionSpec | None:
        return next((version for version in self.announced if version.is_valid_on(day)), None)

    @property
    def is_contribution_reduction(self) -> bool:
        return self.technique == constants.Technique.CONTRIBUTION_REDUCTION


class MeasureRules(TypedDict, total=False):
    """The rules :func:`measure_spec` takes besides the measure's own fields."""

    versions: tuple[VersionSpec, ...]
    announced: tuple[VersionSpec, ...]
    cannot_combine_with: frozenset[str]
    ceilings_with: tuple[tuple[str, Decimal], ...]
    url: str


def measure_spec(measure: Measure, **rules: Unpack[MeasureRules]) -> MeasureSpec:
    """The spec of a catalogue measure (a ``measures.models.Measure``) with the rules given as keyword arguments
    (``versions``, ``announced``, cumulation, ``url``); the measure's own fields are copied here only."""
    return MeasureSpec(
        code=measure.code,
        name=measure.name,
        level=measure.level,
        region=measure.region,
        region_basis=measure.region_basis,
        technique=measure.technique,
        reduction_role=measure.reduction_role,
        in_calculator=measure.in_calculator,
        sources=tuple(measure.sources or ()),
        **(MeasureRules(versions=()) | rules),
    )


@dataclass(frozen=True)
class ParameterValue:
    valid_from: datetime.date
    valid_until: datetime.date | None
    value: Decimal
    source_title: str
    source_url: str = ""
    assumption: bool = False
    announced: bool = False
    announcement_title: str = ""

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class RuleBook:
    measures: tuple[MeasureSpec, ...]
    #: Values in force (or assumed) per key, by date; announced values are in ``announced_parameters``.
    parameters: dict[str, tuple[ParameterValue, ...]] = field(default_factory=dict)
    announced_parameters: dict[str, tuple[ParameterValue, ...]] = field(default_factory=dict)

    def parameter(self, key: str, day: datetime.date) -> ParameterValue | None:
        """The value valid on ``day``; before the first value the first one, after the last the last one."""
        values = self.parameters.get(key, ())
        for value in values:
            if value.is_valid_on(day):
                return value
        if not values:
            return None
        return values[0] if day < values[0].valid_from else values[-1]

    def announced_parameter(self, key: str, day: datetime.date) -> ParameterValue | None:
        return next((value for value in self.announced_parameters.get(key, ()) if value.is_valid_on(day)), None)

    def measure(self, code: str) -> MeasureSpec | None:
        return next((measure for measure in self.measures if measure.code == code), None)


#: When the catalogue has no contribution rate (an empty database in a test), this one is used and said so.
FALLBACK_CONTRIBUTION_RATE = ParameterValue(
    datetime.date(2018, 1, 1),
    None,
    Decimal("0.25"),
    "research notes B.0: basic contribution and wage moderation",
    "",
    True,
)


def _benefit(rule: BenefitRule) -> BenefitSpec:
    return BenefitSpec(
        label=rule.label or "",
        conditions=dict(rule.conditions or {}),
        kind=rule.kind,
        steps=tuple(
            (Decimal(str(amount)), None if periods is None else int(periods)) for amount, periods in rule.steps or []
        ),
        percentage=rule.percentage,
        wage_base=rule.wage_base,
        cap=rule.cap,
        duration=rule.duration,
        formula=rule.formula,
        parameters=tuple(
            (
                name,
                Decimal(str(item["value"])) if "value" in item else None,
                item.get("source", ""),
                item.get("parameter", ""),
            )
            for name, item in (rule.parameters or {}).items()
        ),
        share=rule.share,
        source_key=rule.source_key,
        assumption=rule.status == constants.Status.ASSUMPTION,
        applies_to_running=rule.applies_to_running,
    )


def _version(version: RuleVersion) -> VersionSpec:
    return VersionSpec(
        valid_from=version.valid_from,
        valid_until=version.valid_until,
        date_basis=version.date_basis,
        period_unit=version.period_unit,
        prorated=version.prorated,
        placement_window=version.placement_window,
        source_key=version.source_key,
        assumption=version.status == constants.Status.ASSUMPTION,
        status=version.status,
        announcement_key=version.announcement_key,
        ends=version.ends,
        replaced_by=version.replaced_by,
        age_min=version.age_min,
        age_max=version.age_max,
        age_reference=version.age_reference,
        jobseeker_months_min=version.jobseeker_months_min,
        qualification_max=version.qualification_max,
        reduced_work_capacity_required=version.reduced_work_capacity_required,
        work_fraction_min=version.work_fraction_min,
        work_fraction_full=version.work_fraction_full,
        wage_ceiling=version.wage_ceiling,
        employer_types=tuple(version.employer_types),
        employer_categories=tuple(version.employer_categories),
        employer_categories_excluded=tuple(version.employer_categories_excluded),
        nace_included=tuple(version.nace_included),
        nace_excluded=tuple(version.nace_excluded),
        joint_committees_included=tuple(version.joint_committees_included),
        joint_committees_excluded=tuple(version.joint_committees_excluded),
        size_min=version.size_min,
        size_max=version.size_max,
        benefits=tuple(_benefit(rule) for rule in version.benefits.all()),
    )


def rule_book() -> RuleBook:
    """Every published measure with its versions, benefits and cumulation rules, and the shared parameters."""
    measures = (
        Measure.objects.published()
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=RuleVersion.objects.order_by("valid_from").prefetch_related(
                    Prefetch("benefits", queryset=BenefitRule.objects.order_by("position", "pk"))
                ),
            ),
            Prefetch("cumulation_rules", queryset=CumulationRule.objects.select_related("other_measure")),
        )
        .order_by("code")
    )
    specs = []
    for measure in measures:
        cannot, ceilings = set(), []
        for rule in measure.cumulation_rules.all():
            if not rule.other_measure_id:
                continue
            if rule.kind == constants.CumulationKind.CANNOT_COMBINE:
                cannot.add(rule.other_measure.code)
            elif rule.kind == constants.CumulationKind.WITHIN_CEILING and rule.ceiling is not None:
                ceilings.append((rule.other_measure.code, rule.ceiling))
        specs.append(
            measure_spec(
                measure,
                versions=tuple(_version(version) for version in measure.versions.all() if version.status != ANNOUNCED),
                announced=tuple(_version(version) for version in measure.versions.all() if version.status == ANNOUNCED),
                cannot_combine_with=frozenset(cannot),
                ceilings_with=tuple(ceilings),
                url=measure.get_absolute_url(),
            )
        )
    parameters = (
        (
            row.key,
            ParameterValue(
                row.valid_from,
                row.valid_until,
                row.value,
                row.source_title,
                row.source_url,
                row.status == constants.Status.ASSUMPTION,
                row.status == ANNOUNCED,
                (row.announcement or {}).get("title", ""),
            ),
        )
        for row in Parameter.objects.order_by("key", "valid_from")
    )
    return book_of(specs, parameters)


def book_of(specs: Iterable[MeasureSpec], parameters: Iterable[tuple[str, ParameterValue]]) -> RuleBook:
    """A rule book from its measures and its dated parameter values ``(key, value)`` in date order: the one place
    that gives a "cannot combine" rule to both measures, whichever of the two states it, and sets announced parameter
    values apart (the published rules here, an edition's snapshot in ``measures.changes.editions``)."""
    specs = list(specs)
    pairs = {(spec.code, other) for spec in specs for other in spec.cannot_combine_with}
    bound = tuple(
        replace(
            spec,
            cannot_combine_with=frozenset(o for c, o in pairs if c == spec.code)
            | frozenset(c for c, o in pairs if o == spec.code),
        )
        for spec in specs
    )
    enacted: dict[str, list[ParameterValue]] = {}
    announced: dict[str, list[ParameterValue]] = {}
    for key, value in parameters:
        (announced if value.announced else enacted).setdefault(key, []).append(value)
    return RuleBook(
        measures=bound,
        parameters={key: tuple(values) for key, values in enacted.items()},
        announced_parameters={key: tuple(values) for key, values in announced.items()},
    )


def describe_unit(unit: str, count: int = 1) -> str:
    if unit == constants.PeriodUnit.MONTH:
        return _("month") if count == 1 else _("months")
    if unit == constants.PeriodUnit.YEAR:
        return _("year") if count == 1 else _("years")
    return _("quarter") if count == 1 else _("quarters")


_BOOKS: dict[tuple[str, int, str], RuleBook] = {}


def current_rule_book() -> RuleBook:
    """The rule book for this request: built once per catalogue generation and language, then kept in the process.

    Saving, publishing or loading measures moves the catalogue generation on (``measures.services``), which the
    shared cache carries to every process, so no process keeps calculating with rules staff have changed.
    """
    from django.conf import settings
    from django.utils.translation import get_language

    from measures.services import catalogue_generation

    key = (settings.CACHES["default"].get("KEY_PREFIX", ""), catalogue_generation(), get_language() or "")
    book = _BOOKS.get(key)
    if book is None:
        if len(_BOOKS) > 32:
            _BOOKS.clear()
        book = _BOOKS[key] = rule_book()
    return book
