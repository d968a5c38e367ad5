"""Reads of the measure catalogue: filtering, counts per option, and why a filter left nothing.

Each measure is represented by one rule version for the chosen date (the version valid that day; for past
measures their last version, for future ones their first), so filtering, counting and sorting are plain
queries over rule versions joined to their measure: one query for the counts, one for the page, one to count it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from measures import constants
from measures.constants import QUALIFICATION_RANK, Region, RegionBasis
from measures.criteria import Criteria
from measures.eligibility import committee_prefixes, nace_prefixes
from measures.fields import as_code_list, contains_any
from measures.models import Measure, Parameter, RuleVersion
from measures.translation import FALLBACK

LANGUAGES = ("nl", "fr", "de", "en")

#: Filters whose options the page lists with a count, and the options.
FACETS = {
    "audience": constants.Audience.values,
    "level": constants.Level.values,
    "region": constants.Region.values,
    "seat_region": [region.value for region in constants.LOCAL_REGIONS],
    "domicile_region": [region.value for region in constants.LOCAL_REGIONS],
    "technique": constants.Technique.values,
    "employer_type": constants.EmployerType.values,
    "qualification": constants.Qualification.values,
    "disability": [True, False],
}


#: The columns a result row shows (list page, CSV export): narrow rows keep the sort of many matches cheap.
LIST_FIELDS = [
    "valid_from",
    "valid_until",
    "sort_amount",
    "measure__code",
    "measure__level",
    "measure__region",
    "measure__region_basis",
    "measure__technique",
    "measure__institution",
    "measure__updated_at",
    *(f"measure__{field}_{lang}" for field in ("name", "summary") for lang in ("nl", "fr", "de", "en")),
]


def today() -> datetime.date:
    return timezone.localdate()


def name_expression(language: str):
    """The measure's name in ``language``, falling back like the translated field does."""
    order = [language, *FALLBACK.get(language, FALLBACK["default"])]
    order += [lang for lang in LANGUAGES if lang not in order]
    return Coalesce(*(NullIf(F(f"measure__name_{lang}"), Value("")) for lang in order), output_field=CharField())


def _valid_on(on: datetime.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))


def representative(on: datetime.date, validity: str | None) -> Q:
    """The one rule version that stands for each measure in the chosen validity mode."""
    current = _valid_on(on)
    past = Q(measure__valid_until__lt=on, valid_until=F("measure__valid_until"))
    future = Q(measure__valid_from__gt=on, valid_from=F("measure__valid_from"))
    return {
        constants.Validity.PAST: past,
        constants.Validity.FUTURE: future,
        constants.Validity.ALL: current | past | future,
    }.get(validity, current)


def _in_region(region: str, basis: str | None = None) -> Q:
    nearby = Q(measure__region__in=[region, Region.BE])
    if basis is None:
        return nearby
    return ~Q(measure__region_basis=basis) | nearby


def _include_exclude(included: str, excluded: str, codes: list[str]) -> Q:
    return (Q(**{included: ""}) | contains_any(included, codes)) & ~contains_any(excluded, codes)


def condition(name: str, value) -> Q:
    """The rule-version condition of one filter with one value (the page counts options with it too)."""
    if name == "audience":
        return Q(measure__audiences="") | contains_any("measure__audiences", [value])
    if name == "level":
        return Q(measure__level=value)
    if name == "technique":
        return Q(measure__technique=value)
    if name == "region":
        return _in_region(value)
    if name == "seat_region":
        return _in_region(value, RegionBasis.OPERATING_SEAT)
    if name == "domicile_region":
        return _in_region(value, RegionBasis.DOMICILE)
    if name == "employer_type":
        return Q(employer_types="") | contains_any("employer_types", [value])
    if name == "employer_category":
        return _include_exclude("employer_categories", "employer_categories_excluded", [value])
    if name == "nace":
        return _include_exclude("nace_included", "nace_excluded", nace_prefixes(value))
    if name == "joint_committee":
        return _include_exclude("joint_committees_included", "joint_committees_excluded", committee_prefixes(value))
    if name == "size":
        return (Q(size_min__isnull=True) | Q(size_min__lte=value)) & (Q(size_max__isnull=True) | Q(size_max__gte=value))
    if name == "age":
        return (Q(age_min__isnull=True) | Q(age_min__lte=value)) & (Q(age_max__isnull=True) | Q(age_max__gte=value))
    if name == "jobseeker_months":
        return Q(jobseeker_months_min__isnull=True) | Q(jobseeker_months_min__lte=value)
    if name == "qualification":
        allowed = [level for level, rank in QUALIFICATION_RANK.items() if rank >= QUALIFICATION_RANK[value]]
        return Q(qualification_max="") | Q(qualification_max__in=allowed)
    if name == "disability":
        return Q() if value else Q(reduced_work_capacity_required=False)
    if name == "fraction":
        return Q(work_fraction_min__isnull=True) | Q(work_fraction_min__lte=value)
    if name == "q":
        text = Q(measure__code__icontains=value)
        for lang in LANGUAGES:
            text |= Q(**{f"measure__name_{lang}__icontains": value})
            text |= Q(**{f"measure__summary_{lang}__icontains": value})
        return text
    raise ValueError(f"unknown filter {name!r}")


def filter_condition(criteria: Criteria, name: str) -> Q:
    """The condition of one given filter; a multiple-choice filter matches any of its values."""
    value = getattr(criteria, name)
    if isinstance(value, tuple):
        combined = Q(pk__in=[])
        for item in value:
            combined |= condition(name, item)
        return combined
    return condition(name, value)


def conditions(criteria: Criteria, *, leave_out: str | None = None) -> Q:
    combined = Q()
    for name in criteria.filter_names():
        if name != leave_out:
            combined &= filter_condition(criteria, name)
    return combined


def base_versions(criteria: Criteria) -> QuerySet[RuleVersion]:
    on = criteria.on or today()
    # Announced versions are not law: the catalogue lists the rules in force (the measure's page shows them apart).
    return RuleVersion.objects.filter(representative(on, criteria.validity), measure__is_published=True).exclude(
        status=constants.Status.ANNOUNCED
    )


def _relevance(criteria: Criteria, language: str):
    score = Value(0, output_field=IntegerField())
    if criteria.q:
        score += Case(
            When(**{f"measure__name_{language}__icontains": criteria.q}, then=Value(4)),
            When(measure__code__icontains=criteria.q, then=Value(3)),
            default=Value(0),
        )
    targeted = {
        "age": Q(age_min__isnull=False) | Q(age_max__isnull=False),
        "jobseeker_months": Q(jobseeker_months_min__gt=0),
        "qualification": ~Q(qualification_max=""),
        "disability": Q(reduced_work_capacity_required=True),
        "employer_type": ~Q(employer_types=""),
        "employer_category": ~Q(employer_categories=""),
        "nace": ~Q(nace_included=""),
        "joint_committee": ~Q(joint_committees_included=""),
        "size": Q(size_min__isnull=False) | Q(size_max__isnull=False),
        "seat_region": Q(measure__region=criteria.seat_region, measure__region_basis=RegionBasis.OPERATING_SEAT),
        "domicile_region": Q(measure__region=criteria.domicile_region, measure__region_basis=RegionBasis.DOMICILE),
        "region": Q(measure__region=criteria.region),
    }
    for name, specific in targeted.items():
        if getattr(criteria, name) not in (None, "", False):
            score += Case(When(specific, then=Value(1)), default=Value(0))
    return score


def filter_measures(criteria: Criteria, *, language: str) -> QuerySet[RuleVersion]:
    """The rule versions (one per measure, with the measure joined) that match ``criteria``, sorted."""
    versions = (
        base_versions(criteria)
        .filter(conditions(criteria))
        .select_related("measure")
        .only(*LIST_FIELDS)
        .annotate(display_name=name_expression(language))
    )
    amount = F("sort_amount").desc(nulls_last=True)
    if criteria.sort == constants.Sort.NAME:
        return versions.order_by("display_name", "measure__code")
    if criteria.sort == constants.Sort.AMOUNT:
        return versions.order_by(amount, "display_name", "measure__code")
    return versions.annotate(relevance=_relevance(criteria, language)).order_by(
        "-relevance", amount, "display_name", "measure__code"
    )


#: The columns a facet option depends on; the summary query groups by them.
FACET_COLUMNS = {
    "level": "measure__level",
    "region": "measure__region",
    "basis": "measure__region_basis",
    "technique": "measure__technique",
    "audiences": "measure__audiences",
    "employer_types": "employer_types",
    "qualification_max": "qualification_max",
    "disability": "reduced_work_capacity_required",
}


def option_matches(name: str, value, row: dict) -> bool:
    """Python twin of :func:`condition` for the facets, on one group of the summary query (tests keep them equal)."""
    if isinstance(value, tuple):
        return any(option_matches(name, item, row) for item in value)
    if name == "audience":
        return not row["audiences"] or value in row["audiences"]
    if name in ("level", "technique"):
        return row[name] == value
    if name == "region":
        return row["region"] in (value, Region.BE)
    if name in ("seat_region", "domicile_region"):
        basis = RegionBasis.OPERATING_SEAT if name == "seat_region" else RegionBasis.DOMICILE
        return row["basis"] != basis or row["region"] in (value, Region.BE)
    if name == "employer_type":
        return not row["employer_types"] or value in row["employer_types"]
    if name == "qualification":
        highest = row["qualification_max"]
        return not highest or QUALIFICATION_RANK[highest] >= QUALIFICATION_RANK[value]
    if name == "disability":
        return bool(value) or not row["disability"]
    raise ValueError(f"{name!r} is not a facet")


@dataclass(frozen=True)
class Summary:
    """What one grouped query tells about the criteria: the result count, the counts per option, and the count
    each filter would give if it alone were removed (to say which filter emptied the list)."""

    total: int
    facets: dict[str, dict]
    without: dict[str, int]
    total_without_filters: int

    @property
    def blocking(self) -> list[str]:
        return [name for name, count in self.without.items() if count > 0]


def summarise(criteria: Criteria) -> Summary:
    """Counts for the whole page in one query: GROUP BY the facet columns and a flag per other filter in use."""
    active = criteria.filter_names()
    flags = {
        f"flag_{name}": Case(When(filter_condition(criteria, name), then=Value(True)), default=Value(False))
        for name in active
        if name not in FACETS
    }
    rows = (
        base_versions(criteria)
        .annotate(**{key: F(column) for key, column in FACET_COLUMNS.items() if key != column}, **flags)
        .values(*FACET_COLUMNS, *flags)
        .annotate(count=Count("pk"))
        .order_by()
    )
    facets = {facet: dict.fromkeys(options, 0) for facet, options in FACETS.items()}
    without = dict.fromkeys(active, 0)
    total = everything = 0
    # Many groups share their facet columns (they differ in the flags): evaluate each combination once.
    tallies: dict[tuple, list] = {}
    for row in rows:
        columns = tuple(
            tuple(as_code_list(row[key])) if key in ("audiences", "employer_types") else row[key]
            for key in FACET_COLUMNS
        )
        failing = tuple(name for name in active if name not in FACETS and not row[f"flag_{name}"])
        tally = tallies.setdefault(columns, [dict(zip(FACET_COLUMNS, columns, strict=True)), {}])
        tally[1][failing] = tally[1].get(failing, 0) + row["count"]
    for row, by_failing in tallies.values():
        facet_failing = tuple(
            name for name in active if name in FACETS and not option_matches(name, getattr(criteria, name), row)
        )
        hits = {
            facet: [option for option in options if option_matches(facet, option, row)]
            for facet, options in FACETS.items()
        }
        for flag_failing, count in by_failing.items():
            failing = facet_failing + flag_failing
            everything += count
            if not failing:
                total += count
                for name in active:
                    without[name] += count
            elif len(failing) == 1:
                without[failing[0]] += count
            for facet, options in hits.items():
                if all(name == facet for name in failing):
                    for option in options:
                        facets[facet][option] += count
    return Summary(total=total, facets=facets, without=without, total_without_filters=everything)


def facet_counts(criteria: Criteria) -> dict[str, dict]:
    """For each option of each facet, how many measures there would be with that option."""
    return summarise(criteria).facets


def published_measure(code: str, *, include_unpublished: bool = False) -> Measure | None:
    """The measure with its versions, benefit rules, cumulation rules, assumptions and history, or None."""
    measures = Measure.objects.all() if include_unpublished else Measure.objects.published()
    return (
        measures.filter(code=code)
        .prefetch_related(
            "versions__benefits",
            "cumulation_rules__other_measure",
            "assumptions",
            "revisions",
        )
        .first()
    )


def current_version(measure: Measure, on: datetime.date | None = None) -> RuleVersion | None:
    """The version valid on ``on`` (today), else the next one to start, else the last one (prefetched)."""
    on = on or today()
    versions = sorted(
        (version for version in measure.versions.all() if version.status != constants.Status.ANNOUNCED),
        key=lambda version: version.valid_from,
    )
    for version in versions:
        if version.is_valid_on(on):
            return version
    upcoming = [version for version in versions if version.valid_from > on]
    if upcoming:
        return upcoming[0]
    return versions[-1] if versions else None


def measures_for_api(codes: list[str]) -> QuerySet[Measure]:
    return Measure.objects.filter(code__in=codes).prefetch_related(
        "versions__benefits", "cumulation_rules__other_measure"
    )


def parameter_value(key: str, on: datetime.date) -> Parameter | None:
    """The value of a shared parameter valid on ``on`` (with its source), or None when none is."""
    return Parameter.objects.filter(_valid_on(on), key=key).first()


def parameter_in_force(key: str, on: datetime.date) -> Parameter | None:
    """The value of a shared parameter valid on ``on`` by the rules as they stand (an announced value never counts),
    or None when none is: the portal's defaults outside the formulas read it (the job seekers' typical wage)."""
    return Parameter.objects.filter(_valid_on(on), key=key).exclude(status=constants.Status.ANNOUNCED).first()
