"""The catalogue held in memory: every filter value's measures as a bit set, intersected per request.

The catalogue is small (thousands of rule versions) and changes only when staff change it, which moves the catalogue
generation on (``measures.services``). Each process builds this index once per generation with five queries and then
answers the catalogue page and the catalogue API without a query: a filter value is a precomputed set of rule
versions (a Python ``int`` used as a bit set), a request ANDs the sets of its filters, counts the options with
``int.bit_count()``, and reads its page off a bit order that already is the sort order.

``measures.selectors`` stays the reference: the same filters written as SQL. ``tests/measures/test_catalogue_index.py``
keeps both in agreement over many combinations of filters, dates and sort orders.
"""

from __future__ import annotations

import datetime
import threading
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings

from measures import constants
from measures.constants import QUALIFICATION_RANK, Region, RegionBasis
from measures.criteria import Criteria
from measures.eligibility import committee_prefixes, nace_prefixes
from measures.models import RuleVersion
from measures.selectors import FACETS, LANGUAGES, LIST_FIELDS, Summary, name_expression, today
from measures.translation import FALLBACK

#: The code-list columns a filter includes or excludes by.
CODE_LIST_COLUMNS = (
    "employer_categories",
    "employer_categories_excluded",
    "nace_included",
    "nace_excluded",
    "joint_committees_included",
    "joint_committees_excluded",
)

#: Version columns the filters read, besides the list columns.
FILTER_FIELDS = [
    "status",
    "age_min",
    "age_max",
    "jobseeker_months_min",
    "qualification_max",
    "reduced_work_capacity_required",
    "work_fraction_min",
    "employer_types",
    *CODE_LIST_COLUMNS,
    "size_min",
    "size_max",
    "measure__valid_from",
    "measure__valid_until",
    "measure__audiences",
]

#: The filters whose given value makes a measure that targets it rank higher (``selectors._relevance``).
TARGETED = (
    "age",
    "jobseeker_months",
    "qualification",
    "disability",
    "employer_type",
    "employer_category",
    "nace",
    "joint_committee",
    "size",
    "seat_region",
    "domicile_region",
    "region",
)


def _bits(positions: Iterable[int]) -> int:
    """A bit set with the given bit positions."""
    buffer = bytearray()
    for position in positions:
        byte = position >> 3
        if byte >= len(buffer):
            buffer.extend(bytes(byte - len(buffer) + 1))
        buffer[byte] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


class _Threshold:
    """The versions whose value of one column is at most / at least a given value, as bit sets (None kept apart)."""

    def __init__(self, values: Sequence):
        by_value = defaultdict(list)
        for position, value in enumerate(values):
            by_value[value].append(position)
        self.none = _bits(by_value.pop(None, ()))
        self.bounds = sorted(by_value)
        singles = [_bits(by_value[bound]) for bound in self.bounds]
        self.up_to, running = [], 0  # up_to[j]: value <= bounds[j]
        for single in singles:
            running |= single
            self.up_to.append(running)
        self.down_to, running = [0] * len(singles), 0  # down_to[j]: value >= bounds[j]
        for index in range(len(singles) - 1, -1, -1):
            running |= singles[index]
            self.down_to[index] = running

    def at_most(self, value) -> int:
        index = bisect_right(self.bounds, value)
        return self.up_to[index - 1] if index else 0

    def below(self, value) -> int:
        index = bisect_left(self.bounds, value)
        return self.up_to[index - 1] if index else 0

    def at_least(self, value) -> int:
        index = bisect_left(self.bounds, value)
        return self.down_to[index] if index < len(self.bounds) else 0

    def above(self, value) -> int:
        index = bisect_right(self.bounds, value)
        return self.down_to[index] if index < len(self.bounds) else 0


def display_name(version: RuleVersion, language: str) -> str | None:
    """The measure's name in ``language`` with the fallback of ``selectors.name_expression``."""
    order = [language, *FALLBACK.get(language, FALLBACK["default"])]
    order += [lang for lang in LANGUAGES if lang not in order]
    for lang in order:
        name = getattr(version.measure, f"name_{lang}", None)
        if name:
            return name
    return None


@dataclass(frozen=True)
class Hit:
    """One result: the rule version standing for a measure (its measure loaded) and the name shown."""

    version: RuleVersion
    name: str | None

    @property
    def measure_id(self) -> int:
        return self.version.measure_id


class _Layout:
    """Every set of the index over the versions in one order: bit ``i`` is the ``i``-th version in that order."""

    def __init__(self, versions: list[RuleVersion], names: list[str | None], language: str):
        self.versions, self.names, self.size = versions, names, len(versions)
        self.everything = (1 << self.size) - 1
        members: dict[tuple, list[int]] = defaultdict(list)
        codes: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.text: list[tuple[str, ...]] = []
        self.name_text: list[str] = []
        for position, version in enumerate(versions):
            measure = version.measure
            audiences = measure.audiences
            for audience in constants.Audience.values:
                if not audiences or audience in audiences:
                    members["audience", audience].append(position)
            members["level", measure.level].append(position)
            members["technique", measure.technique].append(position)
            members["measure_region", measure.region].append(position)
            members["basis", measure.region_basis].append(position)
            for employer_type in constants.EmployerType.values:
                if not version.employer_types or employer_type in version.employer_types:
                    members["employer_type", employer_type].append(position)
            highest = version.qualification_max
            for qualification in constants.Qualification.values:
                if not highest or QUALIFICATION_RANK[highest] >= QUALIFICATION_RANK[qualification]:
                    members["qualification", qualification].append(position)
            if not version.reduced_work_capacity_required:
                members[("no_disability_needed",)].append(position)
            for column in CODE_LIST_COLUMNS:
                listed = getattr(version, column)
                if not listed:
                    members["empty", column].append(position)
                for code in listed:
                    codes[column][code].append(position)
            # What makes a measure "targeted" for the relevance order.
            if version.age_min is not None or version.age_max is not None:
                members["targets", "age"].append(position)
            if (version.jobseeker_months_min or 0) > 0:
                members["targets", "jobseeker_months"].append(position)
            for flag, column in (
                ("qualification", "qualification_max"),
                ("employer_type", "employer_types"),
                ("employer_category", "employer_categories"),
                ("nace", "nace_included"),
                ("joint_committee", "joint_committees_included"),
            ):
                if getattr(version, column):
                    members["targets", flag].append(position)
            if version.reduced_work_capacity_required:
                members["targets", "disability"].append(position)
            if version.size_min is not None or version.size_max is not None:
                members["targets", "size"].append(position)
            if version.valid_until is not None and version.valid_until == measure.valid_until:
                members[("last_version",)].append(position)
            if measure.valid_from is not None and version.valid_from == measure.valid_from:
                members[("first_version",)].append(position)
            texts = [
                measure.code,
                *(getattr(measure, f"{field}_{lang}") or "" for field in ("name", "summary") for lang in LANGUAGES),
            ]
            self.text.append(tuple(text.upper() for text in texts))
            self.name_text.append((getattr(measure, f"name_{language}") or "").upper())
        self.sets = {key: _bits(positions) for key, positions in members.items()}
        self.codes = {column: {code: _bits(p) for code, p in by_code.items()} for column, by_code in codes.items()}
        self.thresholds = {
            column: _Threshold([_value(version, column) for version in versions])
            for column in (
                "valid_from",
                "valid_until",
                "measure__valid_from",
                "measure__valid_until",
                "age_min",
                "age_max",
                "jobseeker_months_min",
                "work_fraction_min",
                "size_min",
                "size_max",
            )
        }

    def set(self, *key) -> int:
        return self.sets.get(key, 0)

    # --- the representative version of each measure for a date and validity mode (``selectors.representative``)

    def representative(self, on: datetime.date, validity: str | None) -> int:
        until = self.thresholds["valid_until"]
        current = self.thresholds["valid_from"].at_most(on) & (until.none | until.at_least(on))
        past = self.set("last_version") & self.thresholds["measure__valid_until"].below(on)
        future = self.set("first_version") & self.thresholds["measure__valid_from"].above(on)
        if validity == constants.Validity.PAST:
            return past
        if validity == constants.Validity.FUTURE:
            return future
        if validity == constants.Validity.ALL:
            return current | past | future
        return current

    # --- one filter with one value (``selectors.condition``)

    def _lower_bound(self, column: str, value) -> int:
        """Versions whose ``column`` is empty or at most ``value`` (a minimum the value meets)."""
        threshold = self.thresholds[column]
        return threshold.none | threshold.at_most(value)

    def _upper_bound(self, column: str, value) -> int:
        threshold = self.thresholds[column]
        return threshold.none | threshold.at_least(value)

    def _include_exclude(self, included: str, excluded: str, codes: list[str]) -> int:
        allowed = self.set("empty", included)
        refused = 0
        for code in codes:
            allowed |= self.codes.get(included, {}).get(code, 0)
            refused |= self.codes.get(excluded, {}).get(code, 0)
        return allowed & ~refused

    def _in_region(self, region: str, basis: str | None = None) -> int:
        nearby = self.set("measure_region", region) | self.set("measure_region", Region.BE)
        if basis is None:
            return nearby
        return (self.everything ^ self.set("basis", basis)) | nearby

    def condition(self, name: str, value) -> int:
        if name in ("audience", "level", "technique", "employer_type", "qualification"):
            return self.set(name, value)
        if name == "region":
            return self._in_region(value)
        if name == "seat_region":
            return self._in_region(value, RegionBasis.OPERATING_SEAT)
        if name == "domicile_region":
            return self._in_region(value, RegionBasis.DOMICILE)
        if name == "employer_category":
            return self._include_exclude("employer_categories", "employer_categories_excluded", [value])
        if name == "nace":
            return self._include_exclude("nace_included", "nace_excluded", nace_prefixes(value))
        if name == "joint_committee":
            return self._include_exclude(
                "joint_committees_included", "joint_committees_excluded", committee_prefixes(value)
            )
        if name == "size":
            return self._lower_bound("size_min", value) & self._upper_bound("size_max", value)
        if name == "age":
            return self._lower_bound("age_min", value) & self._upper_bound("age_max", value)
        if name == "jobseeker_months":
            return self._lower_bound("jobseeker_months_min", value)
        if name == "disability":
            return self.everything if value else self.set("no_disability_needed")
        if name == "fraction":
            return self._lower_bound("work_fraction_min", value)
        if name == "q":
            return self._text(value)
        raise ValueError(f"unknown filter {name!r}")

    def _text(self, value: str) -> int:
        # icontains: PostgreSQL compares UPPER() of both sides, as done here.
        needle = value.upper()
        return _bits(position for position, texts in enumerate(self.text) if any(needle in text for text in texts))

    def filter_set(self, criteria: Criteria, name: str) -> int:
        value = getattr(criteria, name)
        if isinstance(value, tuple):
            combined = 0
            for item in value:
                combined |= self.condition(name, item)
            return combined
        return self.condition(name, value)

    # --- the relevance of each match (``selectors._relevance``), as bit planes of a small counter

    def relevance_planes(self, criteria: Criteria) -> list[int]:
        planes: list[int] = []

        def add(members: int, plane: int) -> None:
            carry = members
            while carry:
                while len(planes) <= plane:
                    planes.append(0)
                planes[plane], carry = planes[plane] ^ carry, planes[plane] & carry
                plane += 1

        if criteria.q:
            needle = criteria.q.upper()
            in_name = _bits(position for position, name in enumerate(self.name_text) if needle in name)
            in_code = _bits(position for position, texts in enumerate(self.text) if needle in texts[0])
            add(in_name, 2)  # 4 points
            only_code = in_code & ~in_name
            add(only_code, 0)  # 3 points
            add(only_code, 1)
        targeted = {
            "seat_region": lambda value: (
                self.set("measure_region", value) & self.set("basis", RegionBasis.OPERATING_SEAT)
            ),
            "domicile_region": lambda value: (
                self.set("measure_region", value) & self.set("basis", RegionBasis.DOMICILE)
            ),
            "region": lambda value: self.set("measure_region", value),
        }
        for name in TARGETED:
            value = getattr(criteria, name)
            if value not in (None, "", False):  # as the SQL relevance: 0 counts as not given
                add(targeted[name](value) if name in targeted else self.set("targets", name), 0)
        return planes


def _value(version: RuleVersion, column: str):
    if column.startswith("measure__"):
        return getattr(version.measure, column.removeprefix("measure__"))
    return getattr(version, column)


class Ranked(Sequence):
    """The matches in their sort order, read lazily: a slice reads only the bits it needs (pagination asks for 20)."""

    def __init__(self, layout: _Layout, buckets: list[int]):
        self.layout, self.buckets = layout, [bucket for bucket in buckets if bucket]
        self.counts = [bucket.bit_count() for bucket in self.buckets]
        self.total = sum(self.counts)

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self.total)
            if step != 1:
                return [self[position] for position in range(start, stop, step)]
            return self._take(start, stop)
        if index < 0:
            index += self.total
        if not 0 <= index < self.total:
            raise IndexError(index)
        return self._take(index, index + 1)[0]

    def _take(self, start: int, stop: int) -> list[Hit]:
        hits: list[Hit] = []
        seen = 0  # matches passed so far, in order
        for bucket, count in zip(self.buckets, self.counts, strict=True):
            if seen + count <= start:
                seen += count
                continue
            rest = bucket
            while rest and seen < stop:
                lowest = rest & -rest
                rest ^= lowest
                if seen >= start:
                    position = lowest.bit_length() - 1
                    hits.append(Hit(self.layout.versions[position], self.layout.names[position]))
                seen += 1
            if seen >= stop:
                break
        return hits


@dataclass(frozen=True)
class Result:
    """What the catalogue shows for one set of criteria: the counts and the matches in order."""

    summary: Summary
    hits: Ranked


class CatalogueIndex:
    """The published catalogue's rule versions (announced ones left out, as ``selectors.base_versions`` does), with
    one layout per language and sort order, each built on first use."""

    def __init__(self, versions: list[RuleVersion], name_order: dict[str, list[int]]):
        self.versions = versions
        self.name_order = name_order  # per language: the version ids in the database's order of display name, code
        self._layouts: dict[tuple[str, str], _Layout] = {}
        self._lock = threading.Lock()

    @classmethod
    def build(cls) -> CatalogueIndex:
        versions = list(
            RuleVersion.objects.filter(measure__is_published=True)
            .exclude(status=constants.Status.ANNOUNCED)
            .select_related("measure")
            .only(*LIST_FIELDS, *FILTER_FIELDS)
        )
        name_order = {}
        for language in LANGUAGES:
            # The database's collation decides the order of names, as it does for the SQL selectors.
            name_order[language] = list(
                RuleVersion.objects.filter(measure__is_published=True)
                .exclude(status=constants.Status.ANNOUNCED)
                .annotate(display_name=name_expression(language))
                .order_by("display_name", "measure__code", "pk")
                .values_list("pk", flat=True)
            )
        return cls(versions, name_order)

    def layout(self, language: str, sort: str) -> _Layout:
        key = (language, "name" if sort == constants.Sort.NAME else "amount")
        layout = self._layouts.get(key)
        if layout is None:
            with self._lock:
                layout = self._layouts.get(key)
                if layout is None:
                    layout = self._layouts[key] = self._make_layout(*key)
        return layout

    def _make_layout(self, language: str, order: str) -> _Layout:
        by_id = {version.pk: version for version in self.versions}
        ordered = [by_id[pk] for pk in self.name_order[language] if pk in by_id]
        if order == "amount":
            # Highest amount first, no amount last; then the name order (stable sort keeps it within an amount).
            ordered.sort(key=lambda version: (version.sort_amount is None, -(version.sort_amount or 0)))
        return _Layout(ordered, [display_name(version, language) for version in ordered], language)

    def search(self, criteria: Criteria, *, language: str) -> Result:
        """The summary (counts) and the ordered matches of ``criteria``, as the SQL selectors compute them."""
        layout = self.layout(language, criteria.sort or constants.Sort.RELEVANCE)
        base = layout.representative(criteria.on or today(), criteria.validity)
        active = criteria.filter_names()
        sets = {name: layout.filter_set(criteria, name) for name in active}
        # The matches without each filter in turn: products of the sets before and after it.
        names = list(sets)
        before = [base]
        for name in names:
            before.append(before[-1] & sets[name])
        after = [layout.everything]
        for name in reversed(names):
            after.append(after[-1] & sets[name])
        after.reverse()
        matches = before[-1]
        leaving_out = {name: before[index] & after[index + 1] for index, name in enumerate(names)}
        facets = {}
        for facet, options in FACETS.items():
            pool = leaving_out.get(facet, matches)
            facets[facet] = {option: (pool & layout.condition(facet, option)).bit_count() for option in options}
        summary = Summary(
            total=matches.bit_count(),
            facets=facets,
            without={name: pool.bit_count() for name, pool in leaving_out.items()},
            total_without_filters=base.bit_count(),
        )
        return Result(summary=summary, hits=Ranked(layout, self._buckets(layout, criteria, matches)))

    @staticmethod
    def _buckets(layout: _Layout, criteria: Criteria, matches: int) -> list[int]:
        """The matches split by relevance score, highest first (one bucket when the order is not by relevance)."""
        if criteria.sort in (constants.Sort.NAME, constants.Sort.AMOUNT):
            return [matches]
        planes = layout.relevance_planes(criteria)
        if not planes:
            return [matches]
        buckets = []
        for score in range((1 << len(planes)) - 1, -1, -1):
            bucket = matches
            for plane_number, plane in enumerate(planes):
                bucket &= plane if score >> plane_number & 1 else layout.everything ^ plane
                if not bucket:
                    break
            buckets.append(bucket)
        return buckets


_INDEX: dict[tuple, CatalogueIndex] = {}
_BUILDING = threading.Lock()


def current_index(generation: int | None = None) -> CatalogueIndex:
    """The index of the current catalogue generation (``generation`` when the caller already read it), built in this
    process the first time it is asked for."""
    from measures.services import catalogue_generation

    if generation is None:
        generation = catalogue_generation()
    key = (settings.CACHES["default"].get("KEY_PREFIX", ""), generation)
    index = _INDEX.get(key)
    if index is None:
        with _BUILDING:
            index = _INDEX.get(key)
            if index is None:
                built = CatalogueIndex.build()
                _INDEX.clear()  # one generation at a time: the old one is stale for good
                index = _INDEX[key] = built
    return index


def search(criteria: Criteria, *, language: str, generation: int | None = None) -> Result:
    return current_index(generation).search(criteria, language=language)
