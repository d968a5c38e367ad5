"""What the catalogue pages show, computed from selectors: facets with counts, notices, schedules, history."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from foundation.formatting import institutions_in_text
from measures import catalogue_index, constants, eligibility, selectors, services
from measures.criteria import Criteria
from measures.forms import CatalogueFilterForm
from measures.models import Measure, Parameter, RuleVersion
from measures.selectors import today

PAGE_SIZE = 20

FACET_LABELS = {
    "audience": constants.Audience,
    "level": constants.Level,
    "region": constants.Region,
    "seat_region": constants.Region,
    "domicile_region": constants.Region,
    "technique": constants.Technique,
    "employer_type": constants.EmployerType,
    "qualification": constants.Qualification,
}


class CountedPaginator(Paginator):
    """A paginator told the count (the summary query has it), so it does not run a COUNT of its own."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


class Option(NamedTuple):
    """One facet option as the page shows it (a tuple: some fifty are made per request, a frozen dataclass costs
    twice as much to make)."""

    value: str
    label: str
    count: int
    selected: bool


class Facet(NamedTuple):
    name: str
    label: str
    multiple: bool
    options: list[Option]
    any_selected: bool


def option_value(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@dataclass(frozen=True)
class FacetChoices:
    """What a facet shows whatever the request: its label and its options as (value, value in the URL, label)."""

    label: str
    multiple: bool
    options: list[tuple[object, str, str]]


@functools.cache
def facet_choices(language: str) -> dict[str, FacetChoices]:
    """Every facet's label and options in ``language``, worked out once per language and process (labels are the
    translations of fixed code lists)."""
    with translation.override(language):
        result = {}
        for name, options in selectors.FACETS.items():
            labels = FACET_LABELS.get(name)
            result[name] = FacetChoices(
                label=str(CatalogueFilterForm.base_fields[name].label),
                multiple=name in CatalogueFilterForm.MULTIPLE,
                options=[
                    (
                        value,
                        option_value(value),
                        str(labels(value).label if labels else (_("Yes") if value else _("No"))),
                    )
                    for value in options
                ],
            )
        return result


def facets(form: CatalogueFilterForm, criteria: Criteria, counts: dict[str, dict]) -> list[Facet]:
    result = []
    for name, choices in facet_choices(translation.get_language()).items():
        chosen = getattr(criteria, name)
        chosen_values = set(chosen) if isinstance(chosen, tuple) else ({chosen} if chosen is not None else set())
        by_value = counts[name]
        rows = [
            Option(shown, label, by_value[value], value in chosen_values) for value, shown, label in choices.options
        ]
        result.append(Facet(name, choices.label, choices.multiple, rows, bool(chosen_values)))
    return result


class QueryStrings:
    """The query string of some criteria and its variants the page links to, as ``Criteria.query_string`` writes them
    (``urlencode``: each pair encoded, joined by "&"), each pair encoded once instead of once per link."""

    def __init__(self, criteria: Criteria):
        self.parts = [(name, urlencode([(name, value)])) for name, value in criteria.items()]
        self.whole = "&".join(part for _name, part in self.parts)

    def without(self, name: str) -> str:
        """``criteria.without(name).query_string()``."""
        return "&".join(part for key, part in self.parts if key != name)

    def sorted_by(self, value: str) -> str:
        """``criteria.query_string(sort=value)``: sort is the criteria's last field, so its pair comes last."""
        return "&".join([*(part for key, part in self.parts if key != "sort"), urlencode([("sort", value)])])


@functools.cache
def choice_labels(language: str) -> dict[str, dict[str, str]]:
    """Each choice field's labels in ``language`` by value as written in the URL, worked out once per language."""
    with translation.override(language):
        return {
            name: {str(key): str(label) for key, label in field.choices}
            for name, field in CatalogueFilterForm.base_fields.items()
            if hasattr(field, "choices")
        }


def active_filters(form: CatalogueFilterForm, criteria: Criteria, queries: QueryStrings | None = None) -> list[dict]:
    """The filters in use, each with the link that removes it."""
    queries = queries or QueryStrings(criteria)
    labels = choice_labels(translation.get_language())
    rows = []
    for name in criteria.filter_names():
        value = getattr(criteria, name)
        field = form.fields[name]
        if isinstance(value, tuple):
            shown = ", ".join(labels[name].get(str(item), str(item)) for item in value)
        elif isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        elif name in labels:
            shown = labels[name].get(str(value), str(value))
        else:
            shown = str(value)
        rows.append({"name": name, "label": str(field.label), "value": shown, "remove": queries.without(name)})
    return rows


class CardCache:
    """Each measure's card in the result list, rendered once per language and catalogue generation in this process.

    Staff changes move the catalogue generation on (``measures.services``), which the shared cache carries to every
    process: the cards of the old generation are dropped at the next page. The key also holds the version shown and
    the measure's last change, so a card never outlives the row it was drawn from.
    """

    _cards: dict[tuple, SafeString] = {}
    _generation: tuple | None = None

    @classmethod
    def for_page(cls, generation: int | None = None) -> type[CardCache]:
        if generation is None:
            generation = services.catalogue_generation()
        generation = (settings.CACHES["default"].get("KEY_PREFIX", ""), generation)
        if generation != cls._generation or len(cls._cards) > 50_000:
            cls._cards, cls._generation = {}, generation
        return cls

    @classmethod
    def card(cls, row: dict, *, language: str) -> SafeString:
        version, measure = row["version"], row["measure"]
        key = (language, version.pk, measure.pk, measure.updated_at)
        html = cls._cards.get(key)
        if html is None:
            html = cls._cards[key] = mark_safe(render_to_string("measures/_card.html", {"row": row}))  # noqa: S308
        return html


def catalogue_context(
    *, form, criteria: Criteria, invalid: list[str], page_number: int, language: str, generation: int | None = None
) -> dict:
    """The list page's context; ``generation`` is the catalogue generation when the view already read it (one cache
    read per request instead of one per use)."""
    # Served from the in-process index: no query once it is built for the catalogue generation.
    result = catalogue_index.search(criteria, language=language, generation=generation)
    summary = result.summary
    paginator = CountedPaginator(result.hits, PAGE_SIZE, count=summary.total)
    page = paginator.get_page(page_number)
    empty = summary if summary.total == 0 else None
    queries = QueryStrings(criteria)
    active = active_filters(form, criteria, queries)
    blocking = [row for row in active if empty and row["name"] in empty.blocking]
    counts = summary.facets
    invalid_labels = [str(form.fields[name].label) if name in form.fields else _("Page") for name in invalid]
    on = criteria.on or selectors.today()
    cards = CardCache.for_page(generation)
    rows = [result_row(hit.version, on, name=hit.name) for hit in page.object_list]
    for row in rows:
        row["card"] = cards.card(row, language=language)
    return {
        "form": form,
        "criteria": criteria,
        "facets": facets(form, criteria, counts),
        "page": page,
        "paginator": paginator,
        "results": rows,
        "active_filters": active,
        "blocking_filters": blocking,
        "empty": empty,
        "invalid_labels": invalid_labels,
        "on": on,
        "query": queries.whole,
        "sort_links": [
            {
                "value": value,
                "label": label,
                "query": queries.sorted_by(value),
                "current": (criteria.sort or "relevance") == value,
            }
            for value, label in constants.Sort.choices
        ],
        # For the template's pagination only (measures.catalogue_html writes its links from ``query``): parsed if read.
        "page_query_dict": SimpleLazyObject(lambda: QueryDict(queries.whole)),
        "validity_choices": constants.Validity.choices,
        "sort_choices": constants.Sort.choices,
        "importance_codes": constants.IMPORTANCE_CODES,
    }


def result_row(version, on, *, name: str | None = None) -> dict:
    measure = version.measure
    return {
        "measure": measure,
        "name": version.display_name if name is None else name,
        "version": version,
        "amount": version.sort_amount,
        "valid_now": version.is_valid_on(on),
    }


def steps_table(benefit, unit: str) -> list[dict]:
    """The schedule of a benefit rule as rows: from period, to period, amount (or rate)."""
    rows, start = [], 1
    for amount, periods in benefit.steps or []:
        end = None if periods is None else start + periods - 1
        rows.append({"from": start, "until": end, "amount": Decimal(str(amount)), "unit": unit})
        if periods is None:
            break
        start = end + 1
    return rows


def benefit_rows(version) -> list[dict]:
    unit = constants.PeriodUnit(version.period_unit).label
    rows = []
    for benefit in version.benefits.all():
        row = {
            "benefit": benefit,
            "label": benefit.label,
            "conditions": eligibility.describe_conditions(benefit.conditions or {}),
            "kind": benefit.get_kind_display(),
            "steps": steps_table(benefit, unit) if benefit.steps else [],
            "source": version.measure.source(benefit.source_key),
            "assumption": benefit.status == constants.Status.ASSUMPTION,
            "unit": unit,
        }
        if benefit.kind == constants.BenefitKind.PERCENTAGE and benefit.percentage is not None:
            row["rate"] = benefit.percentage * 100
        if benefit.kind == constants.BenefitKind.FORMULA:
            row["parameters"] = [
                _parameter_row(version, name, item) for name, item in (benefit.parameters or {}).items()
            ]
        row["status"] = constants.Status(benefit.status).label
        rows.append(row)
    return rows


def _parameter_row(version, name: str, item: dict) -> dict:
    """A formula parameter as shown: an inline value with its source, or the shared parameter's value on the later of
    the version's start and today (within the version), with its source, date read and status."""
    if "parameter" not in item:
        return {"name": name, "value": item["value"], "source": version.measure.source(item.get("source", ""))}
    day = max(version.valid_from, today())
    if version.valid_until and day > version.valid_until:
        day = version.valid_until
    value = (
        Parameter.objects.filter(key=item["parameter"], valid_from__lte=day)
        .exclude(status=constants.Status.ANNOUNCED)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .first()
    )
    if value is None:
        return {"name": name, "value": "", "source": {"title": item["parameter"]}}
    return {
        "name": name,
        "value": value.value.quantize(Decimal(1))
        if value.value == value.value.to_integral_value()
        else value.value.normalize(),
        "source": {"title": value.source_title or value.source_reference, "url": value.source_url},
        "read": value.source_read,
        "status": value.get_status_display(),
        "key": value.key,
    }


def measures_with_rules(ids) -> list[Measure]:
    """The measures with these ids, in this order, with their rules prefetched."""
    by_id = {
        measure.pk: measure
        for measure in Measure.objects.filter(pk__in=list(ids)).prefetch_related(
            "versions__benefits", "cumulation_rules__other_measure", "assumptions"
        )
    }
    return [by_id[pk] for pk in ids if pk in by_id]


def detail_context(measure: Measure, *, preview: bool) -> dict:
    today = selectors.today()
    current = selectors.current_version(measure, today)
    versions = sorted(measure.versions.all(), key=lambda version: version.valid_from, reverse=True)
    return {
        "measure": measure,
        "preview": preview,
        "current": current,
        "criteria": eligibility.criteria_for(current, measure) if current else [],
        "versions": [
            {
                "version": version,
                "current": version == current,
                "announcement": measure.source(version.announcement_key) if version.announcement_key else None,
                "benefits": benefit_rows(version),
                "criteria": eligibility.criteria_for(version, measure),
                "source": measure.source(version.source_key),
            }
            for version in versions
        ],
        "cumulation": list(measure.cumulation_rules.all()),
        "assumptions": list(measure.assumptions.all()),
        "revisions": list(measure.revisions.all()[:20]),
        "today": today,
    }


def csv_header() -> list[str]:
    """The export's column titles in the active language (the catalogue's own field names)."""

    def title(model, name: str) -> str:
        text = str(model._meta.get_field(name).verbose_name)
        return text[:1].upper() + text[1:]

    return [
        *(title(Measure, name) for name in ("code", "name", "level", "region", "region_basis", "technique")),
        title(Measure, "institution"),
        title(RuleVersion, "valid_from"),
        title(RuleVersion, "valid_until"),
        _("Typical amount (EUR)"),
        _("Web address"),
    ]


def csv_row(version, request, *, name: str | None) -> list:
    """One measure in words (labels, not codes) and its typical amount as a number; foundation.csv writes it."""
    measure = version.measure
    return [
        measure.code,
        name,
        measure.get_level_display(),
        measure.get_region_display(),
        measure.get_region_basis_display(),
        measure.get_technique_display(),
        institutions_in_text(measure.institution),
        version.valid_from,
        version.valid_until,
        version.sort_amount.quantize(Decimal("0.01")) if version.sort_amount is not None else None,
        request.build_absolute_uri(measure.get_absolute_url()),
    ]
