"""Saved scenarios re-evaluated when the rules change (issue 18, item 2).

After a publication that wrote change-log entries, a batch (``ChangeBatch``, run by the Celery task
``measures.reevaluate_scenarios``) recalculates every saved scenario with the rules it was saved under (its rules
edition) and with the rules published now. The employer's repertory facts are read only once the authz gate granted
them to the system acting for the scenario's owner, under the calculator's activity (07/039): one log row per owner and
employer. A scenario whose owner may no longer act for the employer is not recalculated; the refusal is in the log.

A scenario whose total or any measure's amount differs is marked (``ScenarioEvaluation``, state "moved"); its owner
is told once per batch of the scenarios this batch moved (``measures.changes.notifications``).

The batch runs in parts (task ``measures.reevaluate_scenarios_part``, the scenarios of some owners each) that several
worker processes share; the last part to end marks the batch done and sends its e-mails, under the batch's row lock,
so once. Only amounts are asked of the engine (no wording), both rules modes come from one calculation, each rules
edition's rule book is built once per part, and the amounts under the rules a scenario was saved under are kept from
its first evaluation while the scenario and its employer's facts stay the same.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from authz import activities
from authz.services import Actor, Subject, disclose
from measures import constants
from measures.calculator import engine
from measures.calculator.rules import RuleBook
from measures.calculator.services import apply_seats, employer_profile
from measures.changes import editions
from measures.gates import CATEGORIES
from measures.models import ChangeBatch, MeasureChange, RulesEdition, Scenario, ScenarioEvaluation
from repertory.selectors import EmployerNotFound, employer_facts, natural_person_flags

IN_FORCE, ANNOUNCED = constants.RulesMode.IN_FORCE, constants.RulesMode.ANNOUNCED
State = ScenarioEvaluation.State
#: Scenarios read and written per round trip.
CHUNK = 500
#: Saved scenarios per task of a batch: the parts of a batch are shared by the worker processes.
PART_SCENARIOS = 250


# Scheduling ---------------------------------------------------------------------------------------------------------


def publication_committed() -> None:
    """After a publication that wrote change-log entries: record the rules edition now published and start a batch,
    unless one is waiting already (it will see this publication too)."""
    from django.conf import settings

    from measures import tasks

    editions.record()
    if not Scenario.objects.exists() or ChangeBatch.objects.filter(status=ChangeBatch.Status.PENDING).exists():
        return
    batch = ChangeBatch.objects.create()
    tasks.reevaluate_scenarios.apply_async((batch.pk,), countdown=settings.REEVALUATION_DELAY_SECONDS)


def after_publication() -> None:
    """Call inside the transaction that publishes: the batch starts once it commits (never for a rolled-back one)."""
    transaction.on_commit(publication_committed)


# Amounts ------------------------------------------------------------------------------------------------------------


def _first_announced(book: RuleBook) -> datetime.date | None:
    """The earliest day from which something announced applies in the rule book (None: nothing announced)."""
    starts = [version.valid_from for spec in book.measures for version in spec.announced]
    starts += [value.valid_from for values in book.announced_parameters.values() for value in values]
    return min(starts, default=None)


def _last_day(hires, horizon: int) -> datetime.date:
    """A day after the last quarter any hire is calculated for (hiring quarter plus the horizon)."""
    return max(hire.start_date for hire in hires) + datetime.timedelta(days=92 * (horizon + 1))


def _summary(result) -> dict:
    per_measure: dict[str, Decimal] = {}
    for hire in result.hires:
        for measure in hire.measures:
            per_measure[measure.code] = per_measure.get(measure.code, Decimal("0.00")) + measure.total
    return {"total": str(result.total), "measures": {code: str(value) for code, value in sorted(per_measure.items())}}


def amounts(book: RuleBook, *, profile, hires, on, horizon) -> dict:
    """{mode: {"total": "...", "measures": {code: "..."}}} for the rules in force and with announced changes.

    One engine call gives both (the calculation with the announced changes is compared with the one in force); when
    nothing announced reaches the hires' quarters the two are the same and only the one in force is run. The engine
    works out the amounts only (no wording: only amounts are kept).
    """
    arguments = {"employer": profile, "hires": hires, "on": on, "horizon": horizon, "rules": book}
    first = _first_announced(book)
    if first is None or not hires or first > _last_day(hires, horizon):
        in_force = _summary(engine.calculate(**arguments, language="en", explain=False))
        return {IN_FORCE: in_force, ANNOUNCED: in_force}
    in_force, announced = engine.calculate_both(**arguments, language="en", explain=False)
    return {IN_FORCE: _summary(in_force), ANNOUNCED: _summary(announced)}


def moved_measures(before: dict, after: dict) -> set[str]:
    """The measures whose amount differs in either rules mode."""
    codes = set()
    for mode in (IN_FORCE, ANNOUNCED):
        old, new = before.get(mode, {}).get("measures", {}), after.get(mode, {}).get("measures", {})
        codes |= {code for code in set(old) | set(new) if Decimal(old.get(code, "0")) != Decimal(new.get(code, "0"))}
    return codes


def differs(before: dict, after: dict) -> bool:
    if not before or not after:
        return False
    totals = any(Decimal(before[m]["total"]) != Decimal(after[m]["total"]) for m in (IN_FORCE, ANNOUNCED))
    return totals or bool(moved_measures(before, after))


# The batch ----------------------------------------------------------------------------------------------------------


@dataclass
class Counts:
    scenarios: int = 0
    moved: int = 0
    refused: int = 0


def _parts(per_owner: list[tuple[int, int]]) -> list[list[int]]:
    """The owners in parts of about PART_SCENARIOS saved scenarios (an owner's scenarios stay in one part)."""
    parts: list[list[int]] = [[]]
    size = 0
    for owner_id, count in per_owner:
        if parts[-1] and size + count > PART_SCENARIOS:
            parts.append([])
            size = 0
        parts[-1].append(owner_id)
        size += count
    return parts


def run(batch_pk: int, *, notice_queue: str | None = None) -> dict:
    """Start the re-evaluation of every saved scenario for the batch, in parts that several workers share (each part a
    task, ``run_part``); the part that finishes last ends the batch. A batch already started or done is left alone.

    Called by the batch's task, outside any transaction: the batch is marked running before its parts are sent.
    Returns the batch's counts once it is done (at once when tasks run in the caller), else that it is running."""
    from measures import tasks

    with transaction.atomic():
        batch = ChangeBatch.objects.select_for_update(skip_locked=True).filter(pk=batch_pk).first()
        if batch is None or batch.status != ChangeBatch.Status.PENDING:
            return {"status": "skipped"}
        per_owner = list(
            Scenario.objects.order_by("owner_id")
            .values("owner_id")
            .annotate(count=Count("pk"))
            .values_list("owner_id", "count")
        )
        parts = _parts(per_owner)
        batch.status, batch.started_at = ChangeBatch.Status.RUNNING, timezone.now()
        batch.edition, batch.parts, batch.parts_done = editions.record(), len(parts), []
        batch.save(update_fields=["status", "started_at", "edition", "parts", "parts_done"])
    for index, owner_ids in enumerate(parts):
        tasks.reevaluate_scenarios_part.apply_async(
            (batch.pk, index, owner_ids), {"queue": notice_queue}, **({"queue": notice_queue} if notice_queue else {})
        )
    batch.refresh_from_db()
    if batch.status != ChangeBatch.Status.DONE:
        return {"status": "running", "parts": len(parts)}
    return {"status": "done", "scenarios": batch.scenarios, "moved": batch.moved, "refused": batch.refused}


def run_part(batch_pk: int, index: int, owner_ids: list[int], *, notice_queue: str | None = None) -> dict:
    """Re-evaluate the saved scenarios of these owners for the batch; the last part to finish ends the batch (its
    counts, its notices written and sent once). A part already done (a task delivered twice) is left alone.

    The gate is asked as the owners are worked through (each disclosure is logged when it happens); the part's
    evaluations, its counts and its notices are written together at the end, so that a part that fails midway leaves
    nothing behind and its next delivery compares with the amounts as they were before the batch."""
    batch = ChangeBatch.objects.select_related("edition").defer("edition__rules").filter(pk=batch_pk).first()
    if batch is None or batch.status != ChangeBatch.Status.RUNNING or index in batch.parts_done:
        return {"status": "skipped"}
    newest_first = list(RulesEdition.objects.order_by("-published_at", "-pk").only("pk", "published_at", "digest"))
    owners = get_user_model().objects.in_bulk(owner_ids)
    counts = Counts()
    notices: dict[int, list[dict]] = {}
    rows: list[ScenarioEvaluation] = []
    for owner_id in owner_ids:
        if owner_id in owners:
            rows += _reevaluate_owner(batch, newest_first, owners[owner_id], counts, notices)
    with transaction.atomic():
        batch = ChangeBatch.objects.select_for_update().get(pk=batch_pk)
        if index in batch.parts_done:
            return {"status": "skipped"}
        from measures.changes import notifications

        for start in range(0, len(rows), CHUNK):
            ScenarioEvaluation.objects.bulk_create(
                rows[start : start + CHUNK],
                update_conflicts=True,
                unique_fields=["scenario"],
                update_fields=[
                    "saved_under",
                    "edition",
                    "batch",
                    "scenario_updated_at",
                    "state",
                    "before",
                    "after",
                    "evaluated_at",
                ],
            )
        batch.parts_done = [*batch.parts_done, index]
        batch.scenarios += counts.scenarios
        batch.moved += counts.moved
        batch.refused += counts.refused
        notifications.record(batch=batch, affected=notices)
        if len(batch.parts_done) >= batch.parts:
            batch.status, batch.finished_at = ChangeBatch.Status.DONE, timezone.now()
            notifications.send_when_committed(batch=batch, queue=notice_queue)
        batch.save()
    return {"status": "part done", "index": index, "scenarios": counts.scenarios, "moved": counts.moved}


def _subjects(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Subject]:
    keys = set(keys)
    natural = natural_person_flags(keys)
    return {key: Subject.employer(repertory=key[0], number=key[1], personal=natural.get(key, False)) for key in keys}


def granted_facts(owner, keys: Iterable[tuple[str, str]], *, reference: str) -> dict[tuple[str, str], object | None]:
    """The repertory facts of these employers, for the system acting for ``owner``: asked of the gate (one log row per
    employer, under the calculator's activity); None for an employer refused (or no longer in the repertory)."""
    subjects = _subjects(keys)
    decision = disclose(
        actor=Actor.system_for(owner, reference=reference),
        activity=activities.BENEFIT_CALCULATOR,
        subjects=list(subjects.values()),
        categories=CATEGORIES,
    )
    facts = {}
    for key, subject in subjects.items():
        facts[key] = None
        if decision.allowed(subject):
            with contextlib.suppress(EmployerNotFound):  # struck from the repertory: not recalculated
                facts[key] = employer_facts(*key)
    return facts


def _reevaluate_owner(
    batch: ChangeBatch, all_editions: list[RulesEdition], owner, counts: Counts, notices: dict
) -> list[ScenarioEvaluation]:
    """The owner's saved scenarios evaluated again (their rows, written by the caller with the part's counts)."""
    edition = batch.edition
    by_pk = {candidate.pk: candidate for candidate in all_editions}
    owner_id = owner.pk
    scenarios = list(Scenario.objects.filter(owner_id=owner_id).select_related("evaluation").order_by("pk"))
    facts = granted_facts(
        owner, {(s.repertory, s.registration_number) for s in scenarios}, reference=f"rules-batch-{batch.pk}"
    )
    profiles = {key: employer_profile(value) for key, value in facts.items() if value is not None}
    facts_keys = {key: hashlib.sha256(repr(profile).encode()).hexdigest()[:16] for key, profile in profiles.items()}
    now = timezone.now()
    rows = []
    for scenario in scenarios:
        counts.scenarios += 1
        previous = getattr(scenario, "evaluation", None)
        fresh = previous is not None and previous.scenario_updated_at == scenario.updated_at
        saved = _saved_under(scenario, all_editions)
        employer = (scenario.repertory, scenario.registration_number)
        profile = profiles.get(employer)
        common = {
            "scenario": scenario,
            "saved_under_id": saved.pk,
            "edition": edition,
            "batch": batch,
            "scenario_updated_at": scenario.updated_at,
            "evaluated_at": now,
        }
        if profile is None:
            counts.refused += 1
            if not (fresh and previous.state == State.REFUSED):
                notices.setdefault(owner_id, []).append({"scenario": scenario.pk, "state": State.REFUSED})
            kept = {"before": previous.before, "after": previous.after} if fresh else {"before": {}, "after": {}}
            rows.append(ScenarioEvaluation(**common, state=State.REFUSED, **kept))
            continue
        hires = apply_seats(scenario.hire_values(), profile)
        arguments = {"profile": profile, "hires": hires, "on": scenario.on, "horizon": scenario.horizon}
        after = amounts(editions.rule_book(by_pk[edition.pk]), **arguments)
        # Under the rules it was saved under (an edition never changes), with the same save and the same employer
        # facts, the amounts are those of the last batch: kept, not calculated again.
        facts_key = facts_keys[employer]
        if fresh and previous.saved_under_id == saved.pk and previous.before.get("facts") == facts_key:
            before = previous.before
        elif saved.pk == edition.pk:
            before = {**after, "facts": facts_key}
        else:
            before = {**amounts(editions.rule_book(by_pk[saved.pk]), **arguments), "facts": facts_key}
        state = State.MOVED if differs(before, after) else State.UNCHANGED
        known = previous.after if fresh and previous.after else before
        if differs(known, after):
            counts.moved += 1
            notices.setdefault(owner_id, []).append(
                {
                    "scenario": scenario.pk,
                    "state": State.MOVED,
                    "before": known[IN_FORCE]["total"],
                    "after": after[IN_FORCE]["total"],
                    "announced_before": known[ANNOUNCED]["total"],
                    "announced_after": after[ANNOUNCED]["total"],
                }
            )
        rows.append(ScenarioEvaluation(**common, state=state, before=before, after=after))
    return rows


def _saved_under(scenario: Scenario, newest_first: list[RulesEdition]) -> RulesEdition:
    """The edition in force when the scenario was last saved (the first one for a scenario saved before any)."""
    return next((e for e in newest_first if e.published_at <= scenario.updated_at), newest_first[-1])


# The scenario page --------------------------------------------------------------------------------------------------


def page_context(scenario: Scenario) -> dict:
    """What the scenario's page shows of its last re-evaluation: old and new side by side and the change-log entries
    that caused it, when the rules moved it since it was saved; nothing otherwise (or after a later save)."""
    evaluation = ScenarioEvaluation.objects.filter(scenario=scenario).select_related("saved_under", "edition").first()
    if evaluation is None or evaluation.scenario_updated_at != scenario.updated_at:
        return {}
    if evaluation.state != State.MOVED:
        return {}
    from measures.models import Measure

    codes = moved_measures(evaluation.before, evaluation.after)
    names = dict(Measure.objects.filter(code__in=codes).values_list("code", "name"))
    rows = []
    for code in sorted(codes, key=lambda c: names.get(c, c)):
        row = {"code": code, "name": names.get(code, code)}
        for mode in (IN_FORCE, ANNOUNCED):
            row[mode] = (
                Decimal(evaluation.before[mode]["measures"].get(code, "0")),
                Decimal(evaluation.after[mode]["measures"].get(code, "0")),
            )
        rows.append(row)
    totals = {
        mode: (Decimal(evaluation.before[mode]["total"]), Decimal(evaluation.after[mode]["total"]))
        for mode in (IN_FORCE, ANNOUNCED)
    }
    causes = (
        MeasureChange.objects.filter(
            published_at__gt=evaluation.saved_under.published_at, published_at__lte=evaluation.edition.published_at
        )
        .filter(Q(measure__code__in=codes) | Q(measure__isnull=True))
        .select_related("measure")
    )
    from measures.changes.views import rows as change_rows

    announced_differs = totals[ANNOUNCED] != totals[IN_FORCE] or any(row[ANNOUNCED] != row[IN_FORCE] for row in rows)
    tables = [(_("Amounts with the rules in force"), IN_FORCE)]
    if announced_differs:
        tables.append((_("Amounts with the announced changes included"), ANNOUNCED))
    return {
        "reevaluation": {
            "evaluation": evaluation,
            "tables": [
                {
                    "caption": caption,
                    "rows": [(row["name"], *row[mode]) for row in rows],
                    "total": totals[mode],
                    "id": f"reevaluation-{mode}",
                }
                for caption, mode in tables
            ],
            "causes": change_rows(causes),
        }
    }
