"""Deriving change-log entries: the rules as last published (``PublishedRules``) against the rules now.

A snapshot is the list of a measure's rule versions with their benefit rules, as plain JSON values (ISO dates,
amounts as strings). Publishing compares the snapshot with the baseline, writes one ``MeasureChange`` per difference
and moves the baseline; a change saved and reverted before publication therefore leaves no entry.
"""

from __future__ import annotations

import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from measures import constants
from measures.changes import editions, reevaluation
from measures.models import BenefitRule, Measure, MeasureChange, PublishedRules, RuleVersion

Kind = MeasureChange.Kind

#: Rule-version fields that are conditions of the measure (a change is a "condition" entry).
CONDITION_FIELDS = (
    "date_basis",
    "period_unit",
    "prorated",
    "placement_window",
    "age_min",
    "age_max",
    "age_reference",
    "jobseeker_months_min",
    "qualification_max",
    "reduced_work_capacity_required",
    "work_fraction_min",
    "work_fraction_full",
    "wage_ceiling",
    "employer_types",
    "employer_categories",
    "employer_categories_excluded",
    "nace_included",
    "nace_excluded",
    "joint_committees_included",
    "joint_committees_excluded",
    "size_min",
    "size_max",
)
END_FIELDS = ("valid_until", "ends", "replaced_by")
#: Benefit-rule fields that fix the amount (an "amount" entry); the others of BENEFIT_FIELDS are conditions.
AMOUNT_FIELDS = ("steps", "percentage", "cap", "duration", "parameters")
BENEFIT_FIELDS = ("kind", *AMOUNT_FIELDS, "wage_base", "formula", "share", "applies_to_running")
VERSION_FIELDS = (
    "valid_from",
    "status",
    "source_key",
    "announcement_key",
    *END_FIELDS,
    *CONDITION_FIELDS,
)
LANGS = ("nl", "fr", "de", "en")


def _plain(values: dict) -> dict:
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _benefit(rule: BenefitRule) -> dict:
    values = {name: getattr(rule, name) for name in (*BENEFIT_FIELDS, "conditions", "source_key", "status")}
    values["label"] = {lang: getattr(rule, f"label_{lang}", "") or "" for lang in LANGS}
    return values


def _version(version: RuleVersion) -> dict:
    values = {name: getattr(version, name) for name in VERSION_FIELDS}
    values["benefits"] = [_benefit(rule) for rule in version.benefits.all()]
    return values


def with_rules(queryset):
    """The measures with what a snapshot reads, in three queries."""
    return queryset.prefetch_related(
        Prefetch(
            "versions",
            queryset=RuleVersion.objects.order_by("valid_from").prefetch_related(
                Prefetch("benefits", queryset=BenefitRule.objects.order_by("position", "pk"))
            ),
        )
    )


def snapshot(measure: Measure) -> list[dict]:
    """The measure's rule versions now, as JSON values (read fresh from the database)."""
    fresh = with_rules(Measure.objects.filter(pk=measure.pk)).get()
    return snapshot_of(fresh)


def snapshot_of(measure: Measure) -> list[dict]:
    """The snapshot of a measure whose versions were prefetched (``with_rules``)."""
    return _plain([_version(version) for version in measure.versions.all()])


def baseline(measure: Measure) -> list[dict] | None:
    """The rule versions as last published, or None when the change log has never published this measure."""
    row = PublishedRules.objects.filter(measure=measure).only("versions").first()
    return None if row is None else row.versions


def _source(measure: Measure, key: str) -> dict:
    found = measure.source(key) or {}
    return {name: found[name] for name in ("title", "url", "reference", "read") if found.get(name)}


def _conditions_key(benefit: dict) -> str:
    return json.dumps(benefit.get("conditions") or {}, sort_keys=True)


def _keyed_benefits(benefits: list[dict]) -> dict[tuple[str, int], dict]:
    """Benefits by (conditions, rank among those with the same conditions): how a benefit is recognised again."""
    seen: dict[str, int] = {}
    keyed = {}
    for benefit in benefits:
        key = _conditions_key(benefit)
        keyed[(key, seen.get(key, 0))] = benefit
        seen[key] = seen.get(key, 0) + 1
    return keyed


def _amount(benefit: dict) -> dict:
    names = ("kind", *AMOUNT_FIELDS, "share")
    return {name: benefit[name] for name in names if benefit.get(name) not in (None, {}, "")}


def _subject(benefit: dict) -> dict:
    return {"conditions": benefit.get("conditions") or {}, "label": benefit.get("label") or {}}


def _version_source(measure: Measure, version: dict) -> dict:
    announced = version["status"] == constants.Status.ANNOUNCED and version.get("announcement_key")
    return _source(measure, version["announcement_key"] if announced else version["source_key"])


def differences(measure: Measure, old: list[dict] | None, new: list[dict]) -> list[MeasureChange]:
    """The change-log entries (unsaved) that take the rules from ``old`` to ``new``; ``old`` None: a new measure."""

    def entry(kind, version, *, field="", subject=None, old_value=None, new_value=None, source=None):
        return MeasureChange(
            measure=measure,
            kind=kind,
            version_from=datetime.date.fromisoformat(version["valid_from"]) if version else None,
            field=field,
            subject=subject or {},
            old_value=old_value,
            new_value=new_value,
            source=source if source is not None else (_version_source(measure, version) if version else {}),
        )

    if old is None:
        first = new[0] if new else None
        return [entry(Kind.ADDED, first, new_value=len(new))]
    entries = []
    before = {version["valid_from"]: version for version in old}
    after = {version["valid_from"]: version for version in new}
    for start in sorted(set(before) | set(after)):
        was, now = before.get(start), after.get(start)
        if was is None:
            entries.append(entry(Kind.NEW_VERSION, now, field="status", new_value=now["status"]))
            if now.get("ends"):
                entries.append(entry(Kind.END, now, field="ends", old_value=False, new_value=True))
            continue
        if now is None:
            entries.append(entry(Kind.VERSION_REMOVED, was, field="status", old_value=was["status"]))
            continue
        if was["status"] != now["status"]:
            entries.append(entry(Kind.STATUS, now, field="status", old_value=was["status"], new_value=now["status"]))
        for name in END_FIELDS:
            if was.get(name) != now.get(name):
                entries.append(entry(Kind.END, now, field=name, old_value=was.get(name), new_value=now.get(name)))
        for name in CONDITION_FIELDS:
            if was.get(name) != now.get(name):
                entries.append(entry(Kind.CONDITION, now, field=name, old_value=was.get(name), new_value=now.get(name)))
        entries.extend(_benefit_differences(measure, entry, was, now))
    return entries


def _benefit_differences(measure, entry, was: dict, now: dict) -> list[MeasureChange]:
    entries = []
    old_benefits, new_benefits = _keyed_benefits(was["benefits"]), _keyed_benefits(now["benefits"])
    for key in [*old_benefits, *(key for key in new_benefits if key not in old_benefits)]:
        old_benefit, new_benefit = old_benefits.get(key), new_benefits.get(key)
        benefit = new_benefit or old_benefit
        source = _source(measure, benefit["source_key"]) or _version_source(measure, now)
        subject = _subject(benefit)
        if old_benefit is None or new_benefit is None:
            entries.append(
                entry(
                    Kind.AMOUNT,
                    now,
                    field="benefit",
                    subject=subject,
                    old_value=_amount(old_benefit) if old_benefit else None,
                    new_value=_amount(new_benefit) if new_benefit else None,
                    source=source,
                )
            )
            continue
        for name in BENEFIT_FIELDS:
            if old_benefit.get(name) != new_benefit.get(name):
                kind = Kind.AMOUNT if name in AMOUNT_FIELDS else Kind.CONDITION
                entries.append(
                    entry(
                        kind,
                        now,
                        field=name,
                        subject=subject,
                        old_value=old_benefit.get(name),
                        new_value=new_benefit.get(name),
                        source=source,
                    )
                )
    return entries


def _cumulation_baseline(measure: Measure) -> list[dict] | None:
    row = PublishedRules.objects.filter(measure=measure).only("cumulation").first()
    return None if row is None else row.cumulation


def cumulation_differences(measure: Measure, old: list[dict] | None, new: list[dict]) -> list[MeasureChange]:
    """One entry when the measure's cumulation rules differ from those published; none without a published baseline."""
    if old is None or old == new:
        return []
    changed = [rule for rule in new if rule not in old] or [rule for rule in old if rule not in new]
    source = next((_source(measure, rule["source"]) for rule in changed if rule.get("source")), {})
    return [
        MeasureChange(
            measure=measure, kind=Kind.CUMULATION, field="cumulation", old_value=old, new_value=new, source=source
        )
    ]


def pending(measure: Measure) -> list[MeasureChange]:
    """What publishing the measure now would write to the change log (unsaved entries); nothing if unpublished."""
    if not measure.is_published:
        return []
    old = baseline(measure)
    if old is None:
        return []
    cumulation = editions.current_cumulation([measure.code]).get(measure.code, [])
    return [
        *differences(measure, old, snapshot(measure)),
        *cumulation_differences(measure, _cumulation_baseline(measure), cumulation),
    ]


@transaction.atomic
def publish(measure: Measure, *, before: list[dict] | None = None, new: bool = False) -> list[MeasureChange]:
    """Write the change-log entries of the measure's unpublished changes and move its baseline to the rules now.

    The baseline is the one stored at the last publication. Without one, a ``new`` measure (published for the first
    time) gets one "new measure" entry; another was published before the change log existed: ``before`` (its rules
    before this load) when given stands in for the baseline, else the rules now become the baseline without an
    entry. An unpublished measure publishes nothing.
    """
    if not measure.is_published:
        return []
    editions.ensure_first()  # the rules as published until now, for the scenarios saved under them
    now = snapshot(measure)
    old = baseline(measure)
    if old is None and not new:
        old = now if before is None else before
    entries = differences(measure, old, now) if old != now else []
    cumulation = editions.current_cumulation([measure.code]).get(measure.code, [])
    entries += cumulation_differences(measure, _cumulation_baseline(measure), cumulation)
    moment = timezone.now()
    for item in entries:
        item.published_at = moment
    MeasureChange.objects.bulk_create(entries)
    PublishedRules.objects.update_or_create(
        measure=measure, defaults={"versions": now, "published_at": moment, "cumulation": cumulation}
    )
    if entries:
        reevaluation.after_publication()
    return entries


def _parameter_entry(key: str, start: str, old: dict | None, new: dict | None) -> MeasureChange | None:
    values = new or old
    source = {"title": values.get("source_title", "")} if values.get("source_title") else {}
    if values.get("source_url"):
        source["url"] = values["source_url"]
    common = {"measure": None, "parameter": key, "kind": Kind.PARAMETER, "source": source}
    common["version_from"] = datetime.date.fromisoformat(start)
    for name in ("value", "status", "valid_until"):
        if old is None or new is None or old.get(name) != new.get(name):
            return MeasureChange(
                **common,
                field=name,
                old_value=old.get(name) if old else None,
                new_value=new.get(name) if new else None,
            )
    return None


def parameter_differences(old: dict[str, list[dict]], new: dict[str, list[dict]]) -> list[MeasureChange]:
    """One entry per shared parameter value added, removed or changed (its value, else its status or end)."""
    entries = []
    for key in sorted(set(old) | set(new)):
        before = {item["valid_from"]: item for item in old.get(key, [])}
        after = {item["valid_from"]: item for item in new.get(key, [])}
        for start in sorted(set(before) | set(after)):
            if before.get(start) != after.get(start):
                entry = _parameter_entry(key, start, before.get(start), after.get(start))
                if entry is not None:
                    entries.append(entry)
    return entries


@transaction.atomic
def publish_parameters() -> list[MeasureChange]:
    """Write the change-log entries of the shared parameters changed since the last rules edition (saving a
    parameter in the admin or loading the data file publishes it); the edition after it follows on commit."""
    last = editions.newest()
    if last is None or not last.rules.get("parameters"):
        # No published parameter to compare with yet (a new database): the values now are the first published,
        # like a measure published before the change log existed; the edition after this publication holds them.
        editions.ensure_first()
        return []
    entries = parameter_differences(last.rules["parameters"], editions.current_parameters())
    moment = timezone.now()
    for item in entries:
        item.published_at = moment
    MeasureChange.objects.bulk_create(entries)
    if entries:
        reevaluation.after_publication()
    return entries


def baselines_missing(codes) -> dict[str, list[dict]]:
    """The rules now of the measures with one of ``codes`` that have no published baseline yet, by code."""
    measures = with_rules(Measure.objects.filter(code__in=codes, published_rules__isnull=True))
    return {measure.code: snapshot_of(measure) for measure in measures}
