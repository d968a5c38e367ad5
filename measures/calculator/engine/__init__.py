"""The calculation engine: a pure function of (employer, hires, rules date, horizon, rule book, language) -> Result.

Per hire it lists the periods from the hiring date (``periods``), picks for each measure the rule version (by the
hiring date or by each period's date), tests eligibility and the benefit variants, and computes the amount of every
period before any cap (``amounts``). Cumulation is a separate step per hire (``cumulation``): the structural
reduction first, capped at the employer contributions due; then at most one target-group reduction per quarter,
chosen by a small dynamic programme that maximises the total over the horizon; activation allowances and wage
subsidies follow their own "cannot combine" rules. Every sentence of the result is worded in the language passed in
(``wording``).

No database, no request and no module-level state: everything comes in as arguments, what is worked out once is kept
for the one call, and the result explains itself (trace, reasons, decisions).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from measures import constants
from measures.calculator.engine.amounts import Candidate, evaluate, structural_beta
from measures.calculator.engine.cumulation import cumulate
from measures.calculator.engine.periods import hire_context
from measures.calculator.engine.wording import Wording
from measures.calculator.result import AnnouncedChange, HireResult, NotApplicable, Result, SourceLink, money
from measures.calculator.rules import (
    CONTRIBUTION_RATE_KEY,
    FALLBACK_CONTRIBUTION_RATE,
    ParameterValue,
    RuleBook,
    VersionSpec,
)
from measures.calculator.values import EmployerProfile, Hire, Quarter

__all__ = ("Quarter", "amounts_before_cumulation", "calculate", "calculate_both", "structural_beta")

ZERO = Decimal("0")


def _language(language: str | None) -> str:
    """The language asked for, else the one active where the calculation was asked (read once, at the entry)."""
    return language or translation.get_language() or "en"


def calculate(
    *,
    employer: EmployerProfile,
    hires: Sequence[Hire],
    on: datetime.date,
    horizon: int,
    rules: RuleBook,
    mode: str = constants.RulesMode.IN_FORCE,
    language: str | None = None,
    explain: bool = True,
) -> Result:
    """Every measure for every hire, per quarter over ``horizon`` quarters from the hiring quarter, within the rules
    valid on the hiring date or in each quarter (``on`` caps that date: later quarters assume the rules of ``on``).

    With ``mode`` "announced" the announced (not enacted) versions and parameter values apply on their own dates and
    the result lists each announced change used with how much it moves the total (the difference with the rules in
    force, calculated alike).

    ``language`` words the result (the language active in the caller when not given). With ``explain`` False only
    the amounts are worked out (for batches that keep nothing else): the same amounts, measures and reasons a measure
    does not apply, without the explanation's sentences, the notes, the sources and the announcements."""
    wording = Wording(_language(language), explains=explain)
    with translation.override(wording.language):
        return _calculate_in(employer, hires, on, horizon, rules, mode, wording)


def calculate_both(
    *,
    employer: EmployerProfile,
    hires: Sequence[Hire],
    on: datetime.date,
    horizon: int,
    rules: RuleBook,
    language: str | None = None,
    explain: bool = True,
) -> tuple[Result, Result]:
    """(rules in force, announced changes included) from one calculation: the second is ``calculate(mode=
    "announced")``, the first the calculation in force it is compared with, equal to ``calculate(mode="in_force")``."""
    wording = Wording(_language(language), explains=explain)
    with translation.override(wording.language):
        return _in_force_and_announced(employer, hires, on, horizon, rules, wording)


def _calculate_in(
    employer: EmployerProfile,
    hires: Sequence[Hire],
    on: datetime.date,
    horizon: int,
    rules: RuleBook,
    mode: str,
    wording: Wording,
) -> Result:
    if mode == constants.RulesMode.ANNOUNCED:
        return _in_force_and_announced(employer, hires, on, horizon, rules, wording)[1]
    return _calculate(employer, hires, on, horizon, rules, wording, include_announced=False)


def _in_force_and_announced(
    employer: EmployerProfile,
    hires: Sequence[Hire],
    on: datetime.date,
    horizon: int,
    rules: RuleBook,
    wording: Wording,
) -> tuple[Result, Result]:
    in_force = _calculate(employer, hires, on, horizon, rules, wording, include_announced=False)
    result = _calculate(employer, hires, on, horizon, rules, wording, include_announced=True)
    result.rules = constants.RulesMode.ANNOUNCED
    result.announced_changes = _announced_changes(result, in_force, rules)
    if wording.explains and result.announced_changes:
        result.notes.append(
            _("Announced changes included: they move the total by %(delta)s EUR.")
            % {"delta": wording.euros(result.announced_delta)}
        )
    elif wording.explains:
        result.notes.append(_("No announced change applies to these hires within the horizon."))
    return in_force, result


def _announced_changes(result: Result, in_force: Result, rules: RuleBook) -> list[AnnouncedChange]:
    """Per measure with an announced version inside some hire's horizon: the announced version(s) and the
    difference of the measure's total between the two calculations."""
    totals: dict[str, list[Decimal]] = {}
    for index, calculation in enumerate((in_force, result)):
        for hire in calculation.hires:
            for shown in hire.measures:
                totals.setdefault(shown.code, [ZERO, ZERO])[index] += shown.total
    changes: list[AnnouncedChange] = []
    counted: set[str] = set()
    for measure in rules.measures:
        windows = [(hire.periods[0].first_day, hire.periods[-1].last_day) for hire in result.hires if hire.periods]
        for version in measure.announced:
            if not any(_overlaps(version, start, end) for start, end in windows):
                continue
            if measure.code not in totals:
                continue  # the measure applies to no hire, with or without the announced change
            before, after = (ZERO, ZERO) if measure.code in counted else totals[measure.code]
            counted.add(measure.code)  # the measure's difference is counted once, with its first change
            source = measure.source(version.announcement_key)
            changes.append(
                AnnouncedChange(
                    code=measure.code,
                    name=measure.name,
                    valid_from=version.valid_from,
                    announcement={"title": source.get("title", ""), "url": source.get("url", "")},
                    delta=money(after - before),
                    ends=version.ends,
                    replaced_by=version.replaced_by,
                )
            )
    # What moved without an announced version of its own moved through an announced shared parameter value.
    announced_values = [value for values in rules.announced_parameters.values() for value in values]
    for code, (before, after) in totals.items():
        if code not in counted and before != after and announced_values:
            first = min(announced_values, key=lambda value: value.valid_from)
            spec = rules.measure(code)
            changes.append(
                AnnouncedChange(
                    code=code,
                    name=spec.name if spec else code,
                    valid_from=first.valid_from,
                    announcement={"title": first.announcement_title, "url": ""},
                    delta=money(after - before),
                )
            )
    return changes


def _overlaps(version: VersionSpec, start: datetime.date, end: datetime.date) -> bool:
    return version.valid_from <= end and (version.valid_until is None or version.valid_until >= start)


def _announcements(results: list[HireResult], rules: RuleBook, include_announced: bool, wording: Wording) -> list[str]:
    """Announced ends, replacements and changes inside the horizon of a measure shown for some hire."""
    lines: list[str] = []
    for measure in rules.measures:
        windows = [
            (hire.periods[0].first_day, hire.periods[-1].last_day)
            for hire in results
            if hire.periods and any(item.code == measure.code for item in hire.measures)
        ]
        for version in measure.announced:
            if not any(_overlaps(version, start, end) for start, end in windows):
                continue
            values = {"measure": measure.name, "date": wording.date(version.valid_from)}
            if version.ends and version.replaced_by:
                other = rules.measure(version.replaced_by)
                values["other"] = other.name if other else version.replaced_by
                line = _("%(measure)s: announced to end from %(date)s, replaced by %(other)s") % values
            elif version.ends:
                line = _("%(measure)s: announced to end from %(date)s") % values
            else:
                line = _("%(measure)s: announced changes from %(date)s") % values
            source = measure.source(version.announcement_key)
            if source.get("title"):
                line += " (" + source["title"] + ")"
            if not include_announced:
                line += "; " + _("not included: choose “include announced changes” to see their effect")
            lines.append(line)
    return lines


def _calculate(
    employer: EmployerProfile,
    hires: Sequence[Hire],
    on: datetime.date,
    horizon: int,
    rules: RuleBook,
    wording: Wording,
    *,
    include_announced: bool,
) -> Result:
    rate = _contribution_rate(rules, on)
    results = [
        _calculate_hire(index, hire, employer, on, horizon, rules, rate, wording, include_announced)
        for index, hire in enumerate(hires)
    ]
    if not wording.explains:  # the amounts only: no notes, sources or announcements
        return Result(hires=results, rules_as_of=on, horizon=horizon, employer_label=employer.label)
    notes = [
        _(
            "This is an approximation, with the rules as the catalogue knows them on %(date)s: "
            "the institution that grants a measure decides."
        )
        % {"date": wording.date(on)},
        _(
            "Employer contributions due are estimated at %(rate)s of the gross wage: the basic employer contribution "
            "plus the wage-moderation contribution."
        )
        % {"rate": wording.percent(rate.value)},
    ]
    if any(measure.unlimited for hire in results for measure in hire.measures):
        notes.append(
            _("Measures without an end date are shown over the chosen horizon of %(count)s quarters only.")
            % {"count": horizon}
        )
    sources: list[SourceLink] = []
    for hire in results:
        for measure in hire.measures:
            for source in measure.sources:
                if source not in sources:
                    sources.append(source)
    # The rate's source is worded here, in the result's language (the catalogue keeps one title, in English).
    sources.append(
        {
            "title": _(
                "Employer contributions of a worker of category 1 (basic contribution plus wage moderation): "
                "%(rate)s of the gross wage, as the social secretariats publish them"
            )
            % {"rate": wording.percent(rate.value)},
            "url": rate.source_url,
        }
    )
    return Result(
        hires=results,
        rules_as_of=on,
        horizon=horizon,
        employer_label=employer.label,
        notes=notes,
        sources=sources,
        announcements=_announcements(results, rules, include_announced, wording),
        approximation=notes[0],
    )


def _calculate_hire(
    index: int,
    hire: Hire,
    employer: EmployerProfile,
    on: datetime.date,
    horizon: int,
    rules: RuleBook,
    rate: ParameterValue,
    wording: Wording,
    include_announced: bool = False,
) -> HireResult:
    ctx = hire_context(hire, employer, on, horizon, rate, rules, wording, include_announced)
    candidates: list[Candidate] = []
    not_applicable: list[NotApplicable] = []
    for measure in rules.measures:
        outcome = evaluate(measure, ctx)
        if isinstance(outcome, Candidate):
            candidates.append(outcome)
        else:
            not_applicable.append(NotApplicable(measure.code, measure.name, tuple(dict.fromkeys(outcome)), measure.url))
    measures, dropped, decisions = cumulate(ctx, candidates)
    measures.sort(key=lambda item: (-item.total, item.code))
    return HireResult(
        index=index,
        hire=hire,
        label=hire.label or _("Hire %(number)s") % {"number": index + 1},
        periods=ctx.quarters,
        measures=measures,
        not_applicable=sorted(not_applicable + dropped, key=lambda item: item.code),
        decisions=decisions,
        contributions_due={quarter: money(ctx.contributions_due(quarter)) for quarter in ctx.quarters},
    )


def amounts_before_cumulation(
    *,
    employer: EmployerProfile,
    hire: Hire,
    on: datetime.date,
    horizon: int,
    rules: RuleBook,
    language: str | None = None,
) -> dict[str, dict[Quarter, Decimal]]:
    """What each applying measure alone would give the hire, per quarter, before cumulation and the cap.

    For the page's "before the cap" figures and for tests of the rules themselves; window measures show the schedule
    placed from the hiring quarter.
    """
    wording = Wording(_language(language))
    with translation.override(wording.language):
        ctx = hire_context(hire, employer, on, horizon, _contribution_rate(rules, on), rules, wording)
        found: dict[str, dict[Quarter, Decimal]] = {}
        for measure in rules.measures:
            outcome = evaluate(measure, ctx)
            if isinstance(outcome, Candidate):
                found[measure.code] = dict(outcome.amounts)
    return found


def _contribution_rate(rules: RuleBook, on: datetime.date) -> ParameterValue:
    """The employer contribution rate on the rules date (a fallback figure when the book has none)."""
    return rules.parameter(CONTRIBUTION_RATE_KEY, on) or FALLBACK_CONTRIBUTION_RATE
