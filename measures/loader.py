"""Loads a measures data file (YAML or JSON, format ``front-office-measures/2``): validated whole, then all or nothing.

Errors name the measure and the field (``fed-first-hires: versions[0].benefits[1].steps[0][0]: ...``) and no row is
written unless the whole file is valid. A measure already in the database (same code) is replaced: its versions,
cumulation rules and assumptions are those of the file, and the change enters its history.
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

import yaml

from measures import constants, formula, schema, selectors, services
from measures.changes import editions
from measures.changes import services as change_log
from measures.models import Assumption, BenefitRule, CumulationRule, Measure, Parameter, RuleVersion

TEXT_FIELDS = {
    "name": "name",
    "summary": "summary",
    "description": "description",
    "employers": "employer_text",
    "workers": "worker_text",
    "how_to_apply": "how_to_apply",
}


class LoadError(Exception):
    """The file cannot be loaded; ``errors`` lists every problem found, each naming its measure and field."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class LoadResult:
    created: list[str]
    updated: list[str]
    #: Measures of the file already in the database exactly as the file has them: no revision recorded.
    unchanged: list[str] = dataclasses.field(default_factory=list)


def read(path: Path | str) -> dict:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError([f"{path}: cannot be read: {exc}"]) from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        # The safe loader builds only plain data (numbers, dates, strings); the C one when libyaml is there.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise LoadError([f"{path}: not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {exc}"]) from None


def _normalise(value):
    """YAML gives dates as date objects; the schema (like JSON) wants ISO strings."""
    if isinstance(value, dict):
        return {str(key): _normalise(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalise(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def validate(data) -> list[str]:
    """Every problem of the file, as "measure: field: message" lines; empty when it can be loaded."""
    from jsonschema import Draft202012Validator, FormatChecker

    data = _normalise(data)
    if not isinstance(data, dict):
        return ["the file must hold a mapping with 'format' and 'measures'"]
    errors = []
    measures = data.get("measures") if isinstance(data.get("measures"), list) else []
    validator = Draft202012Validator(schema.DATA_FILE, format_checker=FormatChecker())
    for error in sorted(validator.iter_errors(data), key=lambda error: list(map(str, error.absolute_path))):
        parts = list(error.absolute_path)
        if error.validator == "anyOf" and error.validator_value == schema.WHERE["anyOf"]:
            error.message = "give a 'url' or an official 'reference' of the source"
        if len(parts) >= 2 and parts[0] == "measures" and isinstance(parts[1], int):
            item = measures[parts[1]] if parts[1] < len(measures) else {}
            code = item.get("code") if isinstance(item, dict) else None
            where = f"measure {code or '#' + str(parts[1] + 1)}"
            field = _path(parts[2:]) or "(measure)"
            errors.append(f"{where}: {field}: {error.message}")
        else:
            errors.append(f"{_path(parts) or '(file)'}: {error.message}")
    if errors:
        return errors
    codes = [measure["code"] for measure in measures]
    known = set(codes) | set(Measure.objects.filter(code__in=_other_codes(measures)).values_list("code", flat=True))
    seen = set()
    for measure in measures:
        code = measure["code"]
        if code in seen:
            errors.append(f"measure {code}: code: appears twice in the file")
        seen.add(code)
        errors.extend(f"measure {code}: {problem}" for problem in _measure_problems(measure, known))
        errors.extend(f"measure {code}: {problem}" for problem in _missing_texts(measure, on=selectors.today()))
    parameters = data.get("parameters", [])
    errors.extend(_parameter_problems(parameters))
    shared = {item["key"] for item in parameters} | set(
        Parameter.objects.filter(key__in=_parameter_references(measures)).values_list("key", flat=True)
    )
    for measure in measures:
        for at, key in _parameter_references_of(measure):
            if key not in shared:
                errors.append(f"measure {measure['code']}: {at}.parameter: no shared parameter {key!r}")
    return errors


def _parameter_references_of(measure: dict):
    """(field, key) of every formula parameter that names a shared parameter."""
    for index, version in enumerate(measure["versions"]):
        for position, benefit in enumerate(version["benefits"]):
            for name, parameter in benefit.get("parameters", {}).items():
                if "parameter" in parameter:
                    yield f"versions[{index}].benefits[{position}].parameters.{name}", parameter["parameter"]


def _parameter_references(measures) -> set[str]:
    return {key for measure in measures for _at, key in _parameter_references_of(measure)}


def _announced(item: dict) -> bool:
    return item.get("status") == constants.Status.ANNOUNCED


def _overlaps(items: list[tuple[int, dict]]):
    """(index, item, index before, item before) of every pair that overlaps, among items of the same class:
    announced ones may overlap the others (they replace them when asked for), never each other."""
    for announced in (False, True):
        group = sorted((pair for pair in items if _announced(pair[1]) == announced), key=lambda p: p[1]["valid_from"])
        for (before, first), (index, second) in itertools.pairwise(group):
            if first.get("valid_until") is None or first["valid_until"] >= second["valid_from"]:
                yield index, second, before, first


def _parameter_problems(parameters: list[dict]) -> list[str]:
    problems = []
    by_key: dict[str, list[tuple[int, dict]]] = {}
    for index, parameter in enumerate(parameters):
        by_key.setdefault(parameter["key"], []).append((index, parameter))
        end = parameter.get("valid_until")
        if end is not None and end < parameter["valid_from"]:
            problems.append(f"parameters[{index}].valid_until: {end} is before valid_from {parameter['valid_from']}")
        if _announced(parameter) and "announcement" not in parameter:
            problems.append(f"parameters[{index}].announcement: required when status is announced ({parameter['key']})")
    for key, items in by_key.items():
        for index, second, before, _first in _overlaps(items):
            problems.append(
                f"parameters[{index}].valid_from: {second['valid_from']} overlaps parameters[{before}] ({key})"
            )
    return problems


def _missing_texts(measure: dict, *, on: datetime.date) -> list[str]:
    """A published measure valid on ``on`` needs its description in every language of the portal.

    Validity is the span of the versions in force (an announced version does not make a measure current), as the
    catalogue computes it.
    """
    if not measure.get("published", True):
        return []
    versions = [version for version in measure["versions"] if version.get("status") != "announced"]
    if not versions:
        return []
    start = min(version["valid_from"] for version in versions)
    ends = [version.get("valid_until") for version in versions]
    end = None if None in ends else max(ends)
    if start > on.isoformat() or (end is not None and end < on.isoformat()):
        return []
    description = measure["texts"].get("description") or {}
    return [
        f"texts.description.{lang}: required, the measure is valid on {on.isoformat()}"
        for lang in schema.LANGUAGES
        if not (description.get(lang) or "").strip()
    ]


def _other_codes(measures) -> set[str]:
    return {rule["with"] for measure in measures for rule in measure.get("cumulation", []) if "with" in rule} | {
        version["replaced_by"] for measure in measures for version in measure["versions"] if "replaced_by" in version
    }


def _measure_problems(measure: dict, known_codes: set[str]) -> list[str]:
    problems = []
    sources = {source["key"] for source in measure["sources"]}
    if measure["level"] == constants.Level.FEDERAL and measure["region"] != constants.Region.BE:
        problems.append("region: a federal measure applies in region BE")
    versions = sorted(enumerate(measure["versions"]), key=lambda pair: pair[1]["valid_from"])
    for index, version, before, first in _overlaps(versions):
        problems.append(
            f"versions[{index}].valid_from: {version['valid_from']} overlaps versions[{before}] "
            f"(valid until {first.get('valid_until') or 'no end date'})"
        )
    for index, version in versions:
        where = f"versions[{index}]"
        start, end = version["valid_from"], version.get("valid_until")
        if end is not None and end < start:
            problems.append(f"{where}.valid_until: {end} is before valid_from {start}")
        if _announced(version):
            if "announcement" not in version:
                problems.append(f"{where}.announcement: required when status is announced (the announcing source)")
            elif version["announcement"] not in sources:
                problems.append(f"{where}.announcement: no source with key {version['announcement']!r}")
        elif "announcement" in version or version.get("ends"):
            field = "announcement" if "announcement" in version else "ends"
            problems.append(f"{where}.{field}: only an announced version has it")
        if version.get("ends") and version["benefits"]:
            problems.append(f"{where}.benefits: an announced end has no benefits")
        if version.get("replaced_by") and version["replaced_by"] not in known_codes:
            problems.append(f"{where}.replaced_by: no measure {version['replaced_by']!r} in the file or the catalogue")
        if version["source"] not in sources:
            problems.append(f"{where}.source: no source with key {version['source']!r}")
        age = version.get("eligibility", {}).get("age", {})
        if "min" in age and "max" in age and age["max"] < age["min"]:
            problems.append(f"{where}.eligibility.age: max {age['max']} is below min {age['min']}")
        size = version.get("eligibility", {}).get("size", {})
        if "min" in size and "max" in size and size["max"] < size["min"]:
            problems.append(f"{where}.eligibility.size: max {size['max']} is below min {size['min']}")
        for position, benefit in enumerate(version["benefits"]):
            at = f"{where}.benefits[{position}]"
            if benefit["source"] not in sources:
                problems.append(f"{at}.source: no source with key {benefit['source']!r}")
            steps = benefit.get("steps") or []
            for step_index, step in enumerate(steps[:-1]):
                if step[1] is None:
                    problems.append(f"{at}.steps[{step_index}]: only the last step may have no number of periods")
            for name, parameter in benefit.get("parameters", {}).items():
                if "source" in parameter and parameter["source"] not in sources:
                    problems.append(f"{at}.parameters.{name}.source: no source with key {parameter['source']!r}")
            if benefit["kind"] == constants.BenefitKind.FORMULA:
                try:
                    formula.check(benefit["formula"], benefit["parameters"].keys())
                except formula.FormulaError as exc:
                    problems.append(f"{at}.formula: {exc}")
            conditions = benefit.get("conditions", {})
            if "age_min" in conditions and "age_max" in conditions and conditions["age_max"] < conditions["age_min"]:
                problems.append(f"{at}.conditions: age_max is below age_min")
    for index, rule in enumerate(measure.get("cumulation", [])):
        at = f"cumulation[{index}]"
        if rule.get("with") and rule["with"] not in known_codes:
            problems.append(f"{at}.with: no measure {rule['with']!r} in the file or the catalogue")
        if rule.get("with") == measure["code"]:
            problems.append(f"{at}.with: a measure cannot be combined with itself")
        if rule["kind"] == constants.CumulationKind.WITHIN_CEILING and "ceiling" not in rule:
            problems.append(f"{at}.ceiling: required when kind is within_ceiling")
        if rule["kind"] != constants.CumulationKind.STRUCTURAL_PLUS_ONE and not (
            rule.get("with") or rule.get("with_text")
        ):
            problems.append(f"{at}: name the other measure (with) or benefit (with_text)")
        if rule.get("source") and rule["source"] not in sources:
            problems.append(f"{at}.source: no source with key {rule['source']!r}")
    return problems


def _texts(values: dict | None, field: str) -> dict:
    values = values or {}
    return {f"{field}_{lang}": values.get(lang, "") for lang in schema.LANGUAGES}


def _codes(pair: dict | None, key: str) -> list[str]:
    return list((pair or {}).get(key, []))


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def load(path: Path | str, *, user=None) -> LoadResult:
    """Validate the file at ``path`` and load it in one transaction; raises LoadError and writes nothing on error."""
    data = read(path)
    errors = validate(data)
    if errors:
        raise LoadError([f"{Path(path).name}: {error}" for error in errors])
    return load_data(_normalise(data), user=user, origin_name=Path(path).name)


def load_data(data: dict, *, user=None, origin_name: str = "data") -> LoadResult:
    try:
        return _load_data(data, user=user, origin_name=origin_name)
    except IntegrityError as exc:
        raise LoadError([f"the database refused the data: {exc}"]) from None


@transaction.atomic
def _load_data(data: dict, *, user=None, origin_name: str = "data") -> LoadResult:
    # The file replaces each measure's rows; comparing what is stored before and after tells whether it changed,
    # so loading the same file again leaves the history and "last changed" alone.
    codes = [item["code"] for item in data["measures"]]
    parameter_keys = {item["key"] for item in data.get("parameters", [])}
    before, parameters_before = _snapshots(codes), _parameter_snapshot(parameter_keys)
    # The change log compares with the rules as last published; a measure loaded before the log existed has no
    # such baseline yet, so the rules before this load stand in for it.
    published_before = change_log.baselines_missing(codes)
    editions.ensure_first()  # the rules as published before this load, for the scenarios saved under them
    last_changed, by_code = {}, {}
    for item in data["measures"]:
        measure = Measure.objects.filter(code=item["code"]).first()
        if measure is not None:
            last_changed[item["code"]] = measure.updated_at
        by_code[item["code"]] = _save_measure(measure or Measure(code=item["code"]), item)
    _save_parameters(data.get("parameters", []))
    for item in data["measures"]:
        measure = by_code[item["code"]]
        _save_cumulation(measure, item, by_code)
        services.refresh_derived(measure)
    after = _snapshots(codes)
    created, updated, unchanged = [], [], []
    for code in codes:
        measure, old, new = by_code[code], before.get(code), after[code]
        if old == new:
            unchanged.append(code)
            # Saving the row moved its auto_now time; nothing changed, so the time it had stays.
            Measure.objects.filter(pk=measure.pk).update(updated_at=last_changed[code])
            measure.updated_at = last_changed[code]
            continue
        (created if old is None else updated).append(code)
        change_log.publish(measure, before=published_before.get(code), new=old is None or not old["is_published"])
        services.record_change(
            measure=measure,
            user=user,
            origin=constants.ChangeOrigin.LOADER,
            summary=f"Loaded from {origin_name}",
            changed_fields=["*"] if old is None else [key for key in new if old.get(key) != new[key]],
        )
    change_log.publish_parameters()
    if not (created or updated) and _parameter_snapshot(parameter_keys) != parameters_before:
        transaction.on_commit(services.invalidate_catalogue_cache)
    return LoadResult(created=created, updated=updated, unchanged=unchanged)


def _values(instance, *, skip: set[str]) -> dict:
    return {
        item.attname: getattr(instance, item.attname)
        for item in instance._meta.concrete_fields
        if item.name not in skip
    }


def _snapshots(codes) -> dict[str, dict]:
    """What is stored of each measure with one of ``codes``: its fields, versions with their benefit rules,
    cumulation rules and assumptions, without row ids or times, so two loads of the same data compare equal."""
    measures = Measure.objects.filter(code__in=codes).prefetch_related(
        "versions__benefits", "cumulation_rules__other_measure", "assumptions"
    )
    return {
        measure.code: {
            **_values(measure, skip={"id", "created_at", "updated_at", "published_at"}),
            "versions": [
                {
                    **_values(version, skip={"id", "measure"}),
                    "benefits": [_values(benefit, skip={"id", "version"}) for benefit in version.benefits.all()],
                }
                for version in measure.versions.all()
            ],
            "cumulation_rules": [
                {
                    **_values(rule, skip={"id", "measure", "other_measure"}),
                    "other_measure": rule.other_measure.code if rule.other_measure_id else None,
                }
                for rule in measure.cumulation_rules.all()
            ],
            "assumptions": [_values(assumption, skip={"id", "measure"}) for assumption in measure.assumptions.all()],
        }
        for measure in measures
    }


def _parameter_snapshot(keys) -> list[dict]:
    return [_values(parameter, skip={"id"}) for parameter in Parameter.objects.filter(key__in=keys)]


def _full_clean(instance, label: str, **kwargs) -> None:
    # The database enforces the check constraints on save; checking them here too costs a query each.
    try:
        instance.full_clean(validate_constraints=False, **kwargs)
    except ValidationError as exc:
        raise LoadError(
            [f"{label}: {field}: {'; '.join(messages)}" for field, messages in exc.message_dict.items()]
        ) from None


def _save_measure(measure: Measure, item: dict) -> Measure:
    texts = item["texts"]
    for key, field in TEXT_FIELDS.items():
        for name, value in _texts(texts.get(key), field).items():
            setattr(measure, name, value)
    measure.level = item["level"]
    measure.region = item["region"]
    measure.region_basis = item["region_basis"]
    measure.technique = item["technique"]
    measure.reduction_role = item.get("reduction_role", constants.ReductionRole.NONE)
    measure.audiences = item.get("audiences", [])
    measure.in_calculator = item.get("in_calculator", True)
    measure.institution = item.get("institution", "")
    measure.institution_url = item.get("institution_url", "")
    measure.legal_references = item.get("legal_references", [])
    measure.sources = item["sources"]
    was_published, measure.is_published = measure.is_published, item.get("published", True)
    services.date_publication(measure=measure, was_published=was_published)
    _full_clean(measure, f"measure {item['code']}", exclude=["valid_from", "valid_until"], validate_unique=False)
    measure.save()
    measure.versions.all().delete()
    measure.assumptions.all().delete()
    for assumption in item.get("assumptions", []):
        Assumption.objects.create(measure=measure, about=assumption["about"], **_texts(assumption["text"], "text"))
    for index, version_item in enumerate(item["versions"]):
        _save_version(measure, version_item, f"measure {item['code']}: versions[{index}]")
    return measure


def _save_version(measure: Measure, item: dict, label: str) -> None:
    rules = item.get("eligibility", {})
    age = rules.get("age", {})
    size = rules.get("size", {})
    version = RuleVersion(
        measure=measure,
        valid_from=datetime.date.fromisoformat(item["valid_from"]),
        valid_until=datetime.date.fromisoformat(item["valid_until"]) if item.get("valid_until") else None,
        date_basis=item.get("date_basis", constants.DateBasis.HIRING_DATE),
        period_unit=item["period_unit"],
        prorated=item.get("prorated", True),
        placement_window=item.get("placement_window"),
        typical_amount=_decimal(item.get("typical_amount")),
        source_key=item["source"],
        status=item["status"],
        announcement_key=item.get("announcement", ""),
        ends=item.get("ends", False),
        replaced_by=item.get("replaced_by", ""),
        age_min=age.get("min"),
        age_max=age.get("max"),
        age_reference=age.get("reference", constants.AgeReference.AT_HIRING),
        jobseeker_months_min=rules.get("jobseeker_months_min"),
        qualification_max=rules.get("qualification_max", ""),
        reduced_work_capacity_required=rules.get("reduced_work_capacity") == "required",
        work_fraction_min=_decimal(rules.get("work_fraction_min")),
        work_fraction_full=_decimal(rules.get("work_fraction_full")),
        wage_ceiling=_decimal(rules.get("wage_ceiling")),
        employer_types=rules.get("employer_types", []),
        employer_categories=_codes(rules.get("employer_categories"), "include"),
        employer_categories_excluded=_codes(rules.get("employer_categories"), "exclude"),
        nace_included=[code.replace(".", "") for code in _codes(rules.get("nace"), "include")],
        nace_excluded=[code.replace(".", "") for code in _codes(rules.get("nace"), "exclude")],
        joint_committees_included=_codes(rules.get("joint_committees"), "include"),
        joint_committees_excluded=_codes(rules.get("joint_committees"), "exclude"),
        size_min=size.get("min"),
        size_max=size.get("max"),
        **_texts(item.get("note"), "note"),
    )
    _full_clean(version, label, validate_unique=False)
    version.save()
    for position, benefit_item in enumerate(item["benefits"]):
        benefit = BenefitRule(
            version=version,
            position=position,
            conditions=benefit_item.get("conditions", {}),
            kind=benefit_item["kind"],
            steps=benefit_item.get("steps"),
            percentage=_decimal(benefit_item.get("percentage")),
            wage_base=benefit_item.get("wage_base", ""),
            cap=_decimal(benefit_item.get("cap")),
            duration=benefit_item.get("duration"),
            formula=benefit_item.get("formula", ""),
            parameters=benefit_item.get("parameters", {}),
            share=benefit_item.get("share", ""),
            source_key=benefit_item["source"],
            status=benefit_item.get("status", item["status"]),
            applies_to_running=benefit_item.get("applies_to_running", False),
            **_texts(benefit_item.get("label"), "label"),
        )
        _full_clean(benefit, f"{label}.benefits[{position}]")
        benefit.save()


def _save_cumulation(measure: Measure, item: dict, by_code: dict[str, Measure]) -> None:
    measure.cumulation_rules.all().delete()
    for index, rule_item in enumerate(item.get("cumulation", [])):
        other_code = rule_item.get("with")
        other = by_code.get(other_code) or (Measure.objects.get(code=other_code) if other_code else None)
        rule = CumulationRule(
            measure=measure,
            kind=rule_item["kind"],
            other_measure=other,
            ceiling=_decimal(rule_item.get("ceiling")),
            source_key=rule_item.get("source", ""),
            **_texts(rule_item.get("with_text"), "other_text"),
            **_texts(rule_item.get("note"), "note"),
        )
        _full_clean(rule, f"measure {item['code']}: cumulation[{index}]")
        rule.save()


def _save_parameters(items: list[dict]) -> None:
    """The file's values replace every value of the parameters it names."""
    Parameter.objects.filter(key__in={item["key"] for item in items}).delete()
    for index, item in enumerate(items):
        parameter = Parameter(
            key=item["key"],
            valid_from=datetime.date.fromisoformat(item["valid_from"]),
            valid_until=datetime.date.fromisoformat(item["valid_until"]) if item.get("valid_until") else None,
            value=_decimal(item["value"]),
            unit=item["unit"],
            description=item["description"],
            source_title=item["source"]["title"],
            source_url=item["source"].get("url", ""),
            source_reference=item["source"].get("reference", ""),
            source_read=datetime.date.fromisoformat(item["source"]["read"]),
            status=item["status"],
            announcement=item.get("announcement", {}),
        )
        _full_clean(parameter, f"parameters[{index}]", validate_unique=False)
        parameter.save()
