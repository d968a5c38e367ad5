"""Demo data of the measures app: the shipped catalogue (measures/data/measures.yaml)."""

from __future__ import annotations

from pathlib import Path

from measures import loader

DATA_FILE = Path(__file__).resolve().parent / "data" / "measures.yaml"


def load_shipped(*, stdout=None) -> int:
    """Load the shipped data file, every time; returns how many measures it created or changed.

    The loader replaces each measure by the file's and records a revision only where something changed, so a demo
    database follows the edits of the file (new fields, new versions) and running it again changes nothing.
    """
    result = loader.load(DATA_FILE)
    if stdout:
        stdout.write(
            f"measures: {len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.unchanged)} unchanged from {DATA_FILE.name}"
        )
    return len(result.created) + len(result.updated)


#: The demo's saved scenario that an announced change moves (owner.a@demo.be, employer A).
MOVED_SCENARIO = "Demo: plan moved by an announced change"


def load_moved_scenario(*, stdout=None):
    """A saved scenario of owner A whose amounts an announced change of the shipped catalogue moves, re-evaluated.

    The demo database starts with the announcement already in the catalogue; to show the re-evaluation, the demo
    records the rules as they were before it (the shipped rules without that measure's announced version, a month
    before the load), the change-log entry the announcement makes (derived from the two, as a publication does), and
    the scenario as saved under those rules; then it runs a re-evaluation batch. Idempotent: nothing when it exists.
    """
    import copy
    import datetime
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from measures.calculator.values import Hire
    from measures.changes import editions, reevaluation
    from measures.changes import services as change_log
    from measures.models import ChangeBatch, Measure, RulesEdition, Scenario

    owner = get_user_model().objects.filter(email="owner.a@demo.be").first()
    if owner is None or Scenario.objects.filter(owner=owner, name=MOVED_SCENARIO).exists():
        return None
    now = editions.record()
    scenario = Scenario(owner=owner, name=MOVED_SCENARIO, on=datetime.date(2026, 1, 1), horizon=12)
    scenario.set_employer("RSZ:123456749")
    scenario.set_hires(
        [
            Hire(
                start_date=datetime.date(2026, 7, 1), birth_date=datetime.date(1999, 5, 1), work_fraction=Decimal(1),
                gross_monthly_wage=Decimal("2600"), domicile_region="BRU", hire_rank=2, label="Second worker",
            )
        ]
    )  # fmt: skip
    facts = reevaluation.granted_facts(owner, {("RSZ", "123456749")}, reference="demo")[("RSZ", "123456749")]
    if facts is None:
        return None
    from measures.calculator.services import apply_seats, employer_profile

    profile = employer_profile(facts)
    arguments = {"profile": profile, "hires": apply_seats(scenario.hire_values(), profile), "on": scenario.on}
    after = reevaluation.amounts(editions.rule_book(now), **arguments, horizon=scenario.horizon)
    for code, versions in sorted(now.rules["measures"].items()):
        if not any(version["status"] == "announced" for version in versions):
            continue
        rules = copy.deepcopy(now.rules)
        rules["measures"][code] = [version for version in versions if version["status"] != "announced"]
        before = reevaluation.amounts(editions.rule_book_of(rules), **arguments, horizon=scenario.horizon)
        if reevaluation.differs(before, after):
            break
    else:
        return None
    moment = now.published_at - datetime.timedelta(days=30)
    RulesEdition.objects.create(published_at=moment, digest=editions.digest_of(rules), rules=rules)
    measure = Measure.objects.get(code=code)
    entries = change_log.differences(measure, rules["measures"][code], now.rules["measures"][code])
    for entry in entries:
        entry.published_at = moment + datetime.timedelta(days=1)
        entry.save()
    scenario.save()
    Scenario.objects.filter(pk=scenario.pk).update(updated_at=moment + datetime.timedelta(hours=1))
    batch = ChangeBatch.objects.create()
    reevaluation.run(batch.pk)
    if stdout:
        stdout.write(f"measures: the saved scenario “{MOVED_SCENARIO}” of owner.a@demo.be, moved by {code}")
    return Scenario.objects.get(pk=scenario.pk)


def load(*, stdout) -> None:
    load_shipped(stdout=stdout)
    load_moved_scenario(stdout=stdout)
