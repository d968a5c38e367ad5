"""The reach of a change before it is published: the saved scenarios it would move, counted and summed.

Each saved scenario (``measures.Scenario``) is calculated twice with the calculator engine: under the rule book as
published (this measure's rules as in its change-log baseline) and under the rule book with the measure's rules as
saved now. The employer's facts are read only as the authz gate grants them to the system acting for the scenario's
owner (``reevaluation.granted_facts``: logged under the calculator's activity); a scenario refused is not recalculated.
Only counts and sums leave this module: no scenario, owner or employer is named.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model

from measures import constants
from measures.calculator import engine, rules
from measures.calculator.services import apply_seats, employer_profile
from measures.changes import editions, reevaluation, services
from measures.models import Measure, Scenario


@dataclass(frozen=True)
class Reach:
    scenarios: int = 0  # saved scenarios recalculated
    moved: int = 0  # of which the total moves
    gains: int = 0
    losses: int = 0
    total_before: Decimal = Decimal("0.00")
    total_after: Decimal = Decimal("0.00")
    not_recalculated: int = 0  # the employer is no longer in the repertory

    @property
    def difference(self) -> Decimal:
        return self.total_after - self.total_before


def _book_with(book: rules.RuleBook, measure: Measure, snapshot: list[dict] | None) -> rules.RuleBook:
    """``book`` with the measure's rules replaced by ``snapshot`` (None: without the measure)."""
    others = tuple(spec for spec in book.measures if spec.code != measure.code)
    if snapshot is None:
        return dataclasses.replace(book, measures=others)
    enacted, announced = editions.version_specs(snapshot)
    current = book.measure(measure.code) or rules.measure_spec(measure)
    spec = dataclasses.replace(current, versions=enacted, announced=announced)
    return dataclasses.replace(book, measures=(*others, spec))


def rule_books(measure: Measure) -> tuple[rules.RuleBook, rules.RuleBook]:
    """(as published, as saved now) for this measure; the other measures as in the catalogue."""
    book = rules.rule_book()
    published = services.baseline(measure) if measure.is_published else None
    if published is None and measure.is_published and measure.published_at is not None:
        published = services.snapshot(measure)  # published before the change log: no baseline, nothing pending
    return _book_with(book, measure, published), _book_with(book, measure, services.snapshot(measure))


MODES = (constants.RulesMode.IN_FORCE, constants.RulesMode.ANNOUNCED)


def reach(measure: Measure, *, modes=MODES) -> dict[str, Reach]:
    """How many saved scenarios publishing the measure's saved rules would move, and by how much in total, per
    rules mode: the rules in force, and with the announced changes included (an announced version moves only those).
    """
    before, after = rule_books(measure)
    counts = {mode: dict.fromkeys(("scenarios", "moved", "gains", "losses", "not_recalculated"), 0) for mode in modes}
    totals = {mode: [Decimal("0.00"), Decimal("0.00")] for mode in modes}
    scenarios = Scenario.objects.only("owner", "repertory", "registration_number", "on", "horizon", "hires")
    by_owner: dict[int, list[Scenario]] = {}
    for scenario in scenarios.order_by("owner_id", "pk").iterator(chunk_size=500):
        by_owner.setdefault(scenario.owner_id, []).append(scenario)
    owners = get_user_model().objects.in_bulk(list(by_owner))
    for owner_id, mine in by_owner.items():
        # The employer facts only as the gate grants them to the system acting for the scenario's owner (logged).
        facts = reevaluation.granted_facts(
            owners[owner_id], {(s.repertory, s.registration_number) for s in mine}, reference="reach-preview"
        )
        profiles = {key: employer_profile(value) for key, value in facts.items() if value is not None}
        for scenario in mine:
            profile = profiles.get((scenario.repertory, scenario.registration_number))
            if profile is None:  # the owner may no longer act for the employer, or it left the repertory
                for mode in modes:
                    counts[mode]["not_recalculated"] += 1
                continue
            hires = apply_seats(scenario.hire_values(), profile)
            arguments = {"employer": profile, "hires": hires, "on": scenario.on, "horizon": scenario.horizon}
            for mode in modes:
                old = engine.calculate(**arguments, rules=before, mode=mode).total
                new = engine.calculate(**arguments, rules=after, mode=mode).total
                counts[mode]["scenarios"] += 1
                totals[mode][0] += old
                totals[mode][1] += new
                if new != old:
                    counts[mode]["moved"] += 1
                    counts[mode]["gains" if new > old else "losses"] += 1
    return {mode: Reach(**counts[mode], total_before=totals[mode][0], total_after=totals[mode][1]) for mode in modes}
