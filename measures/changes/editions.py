"""Rules editions: the published rules as a whole at one moment, recorded after each publication, and the calculator's
rule book rebuilt from one, so that a saved scenario can be calculated again under the rules it was saved under.

An edition holds JSON values only: each published measure's rule versions as last published (the change log's
snapshot, ``measures.changes.services``), its cumulation rules, and every shared parameter value.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Model
from django.utils import timezone

from measures import constants
from measures.calculator import rules
from measures.models import (
    BenefitRule,
    CumulationRule,
    Measure,
    Parameter,
    PublishedRules,
    RulesEdition,
    RuleVersion,
)

#: The first edition recorded stands for every earlier moment: the rules as published before editions were kept.
BEGINNING = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
PARAMETER_FIELDS = ("valid_from", "valid_until", "value", "status", "source_title", "source_url")


def _plain(value):
    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def cumulation_of(rule: CumulationRule) -> dict:
    return {
        "kind": rule.kind,
        "other": rule.other_measure.code if rule.other_measure_id else "",
        "ceiling": rule.ceiling,
        "source": rule.source_key,
    }


def current_cumulation(codes=None) -> dict[str, list[dict]]:
    """The cumulation rules of the published measures (or of ``codes``) as saved now, by measure code."""
    queryset = CumulationRule.objects.select_related("measure", "other_measure").order_by("measure__code", "pk")
    queryset = (
        queryset.filter(measure__code__in=codes) if codes is not None else queryset.filter(measure__is_published=True)
    )
    found: dict[str, list[dict]] = {}
    for rule in queryset:
        found.setdefault(rule.measure.code, []).append(cumulation_of(rule))
    return _plain(found)


def current_parameters() -> dict[str, list[dict]]:
    """Every shared parameter value as saved now, by key, in date order."""
    found: dict[str, list[dict]] = {}
    for row in Parameter.objects.order_by("key", "valid_from"):
        values = {name: getattr(row, name) for name in PARAMETER_FIELDS}
        values["announcement"] = (row.announcement or {}).get("title", "")
        found.setdefault(row.key, []).append(values)
    return _plain(found)


def published_state() -> dict:
    """The published rules now: measures as in their change-log baseline, cumulation rules and parameters as saved."""
    from measures.changes import services

    published = Measure.objects.published()
    baselines = dict(PublishedRules.objects.filter(measure__in=published).values_list("measure__code", "versions"))
    missing = services.with_rules(published.exclude(code__in=baselines))
    measures = {**baselines, **{measure.code: services.snapshot_of(measure) for measure in missing}}
    return {"measures": measures, "cumulation": current_cumulation(), "parameters": current_parameters()}


def digest_of(state: dict) -> str:
    return hashlib.sha256(json.dumps(state, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def newest() -> RulesEdition | None:
    return RulesEdition.objects.order_by("-published_at", "-pk").first()


def record(*, at: datetime.datetime | None = None) -> RulesEdition:
    """The edition of the rules published now: the newest when nothing changed since, else a new one."""
    state = published_state()
    digest = digest_of(state)
    last = newest()
    if last is not None and last.digest == digest:
        return last
    return RulesEdition.objects.create(published_at=at or timezone.now(), digest=digest, rules=state)


def ensure_first() -> RulesEdition:
    """The first edition, recorded from the rules as published when there is none yet (before a publication moves the
    baselines): every scenario saved before then counts as saved under it."""
    return newest() or record(at=BEGINNING)


# The rule book of an edition ------------------------------------------------------------------------------------


def _typed(model: type[Model], values: dict) -> dict:
    """JSON values of a snapshot back to the model fields' Python types (dates, decimals)."""
    typed = {}
    for name, value in values.items():
        try:
            field = model._meta.get_field(name)
        except Exception:
            typed[name] = value
            continue
        typed[name] = field.to_python(value) if value is not None else None
    return typed


def version_specs(snapshot: list[dict]) -> tuple[tuple, tuple]:
    """(enacted, announced) VersionSpecs of a measure's snapshot, made by the rule book's own converters."""
    enacted, announced = [], []
    for item in sorted(snapshot, key=lambda version: version["valid_from"]):
        benefits = [
            SimpleNamespace(**{**_typed(BenefitRule, benefit), "label": ""}) for benefit in item.get("benefits", [])
        ]
        values = _typed(RuleVersion, {key: value for key, value in item.items() if key != "benefits"})
        row = SimpleNamespace(**values, benefits=SimpleNamespace(all=lambda benefits=benefits: benefits))
        spec = rules._version(row)
        (announced if spec.status == constants.Status.ANNOUNCED else enacted).append(spec)
    return tuple(enacted), tuple(announced)


def _parameter(values: dict) -> rules.ParameterValue:
    typed = _typed(Parameter, {name: values.get(name) for name in PARAMETER_FIELDS})
    return rules.ParameterValue(
        typed["valid_from"],
        typed["valid_until"],
        typed["value"],
        typed["source_title"] or "",
        typed["source_url"] or "",
        typed["status"] == constants.Status.ASSUMPTION,
        typed["status"] == constants.Status.ANNOUNCED,
        values.get("announcement", ""),
    )


def rule_book_of(state: dict) -> rules.RuleBook:
    """The calculator's rule book for an edition's rules; a measure deleted since is left out."""
    measures = {measure.code: measure for measure in Measure.objects.filter(code__in=state.get("measures", {}))}
    cumulation = state.get("cumulation", {})
    specs = []
    for code, snapshot in sorted(state.get("measures", {}).items()):
        measure = measures.get(code)
        if measure is None:
            continue
        cannot, ceilings = set(), []
        for item in cumulation.get(code, []):
            if item["other"] and item["kind"] == constants.CumulationKind.CANNOT_COMBINE:
                cannot.add(item["other"])
            elif item["other"] and item["kind"] == constants.CumulationKind.WITHIN_CEILING and item["ceiling"]:
                ceilings.append((item["other"], Decimal(str(item["ceiling"]))))
        enacted, announced = version_specs(snapshot)
        specs.append(
            rules.measure_spec(
                measure,
                versions=enacted,
                announced=announced,
                cannot_combine_with=frozenset(cannot),
                ceilings_with=tuple(ceilings),
                url=measure.get_absolute_url(),
            )
        )
    parameters = (
        (key, _parameter(values_of_one))
        for key, values in state.get("parameters", {}).items()
        for values_of_one in values
    )
    return rules.book_of(specs, parameters)


_BOOKS: dict[tuple[int, str], rules.RuleBook] = {}


def rule_book(edition: RulesEdition) -> rules.RuleBook:
    """The rule book of an edition, built once per process (an edition never changes)."""
    key = (edition.pk, edition.digest)
    book = _BOOKS.get(key)
    if book is None:
        if len(_BOOKS) > 16:
            _BOOKS.clear()
        book = _BOOKS[key] = rule_book_of(edition.rules)
    return book
