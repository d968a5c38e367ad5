"""Cumulation and its optimiser: per hire and quarter, the structural reduction first, capped at the employer
contributions due; then at most one target-group reduction, chosen by a small dynamic programme that maximises the
total over the horizon and cut to what the contributions due leave; the other measures by their "cannot combine"
rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from measures import constants
from measures.calculator.engine.amounts import Candidate
from measures.calculator.engine.periods import HireContext
from measures.calculator.result import Decision, MeasureResult, NotApplicable, PeriodAmount, SourceLink, money
from measures.calculator.values import Quarter

ZERO = Decimal("0")
Role = constants.ReductionRole

#: A quarter's target-group reduction: (candidate, amount after the cap, amount before it, use number).
Choice = tuple[Candidate, Decimal, Decimal, int]


@dataclass(frozen=True)
class _Window:
    """A candidate whose uses may be placed in any quarters of its window."""

    candidate: Candidate
    window: int
    uses: list[Callable[[Quarter], Decimal]]


def choose_target_groups(
    candidates: list[Candidate], quarters: list[Quarter], room: dict[Quarter, Decimal]
) -> dict[Quarter, Choice]:
    """At most one target-group reduction per quarter, maximising the total within ``room`` (exact DP).

    Returns {quarter: (candidate, amount after the cap, amount before it, use number)}. Window candidates keep a count
    of uses in the DP state, so their quarters go where they are worth most.
    """
    # A candidate with uses always has its window (``amounts._make_window`` sets both).
    windows = [_Window(c, c.window or 0, c.uses) for c in candidates if c.uses is not None]
    fixed = [c for c in candidates if c.uses is None]
    limits = [len(w.uses) if not w.candidate.unlimited_uses else 1 for w in windows]
    memo: dict[tuple[int, tuple[int, ...]], tuple[Decimal, tuple[Choice | None, ...]]] = {}

    def best(k: int, used: tuple[int, ...]) -> tuple[Decimal, tuple[Choice | None, ...]]:
        if k == len(quarters):
            return ZERO, ()
        key = (k, used)
        if key in memo:
            return memo[key]
        quarter = quarters[k]
        free = room.get(quarter, ZERO)
        value, rest = best(k + 1, used)
        answer: tuple[Decimal, tuple[Choice | None, ...]] = (value, (None, *rest))
        for candidate in fixed:
            raw = candidate.amounts.get(quarter, ZERO)
            if raw <= 0:
                continue
            amount = min(raw, free)
            total, rest = best(k + 1, used)
            if total + amount > answer[0]:
                answer = (total + amount, ((candidate, amount, raw, 0), *rest))
        for index, placed in enumerate(windows):
            candidate = placed.candidate
            if quarter - quarters[0] >= placed.window:
                continue
            count = used[index]
            if not candidate.unlimited_uses and count >= limits[index]:
                continue
            raw = placed.uses[0 if candidate.unlimited_uses else count](quarter)
            if raw <= 0:
                continue
            amount = min(raw, free)
            following = used if candidate.unlimited_uses else (*used[:index], count + 1, *used[index + 1 :])
            total, rest = best(k + 1, following)
            if total + amount > answer[0]:
                answer = (total + amount, ((candidate, amount, raw, count), *rest))
        memo[key] = answer
        return answer

    _total, plan = best(0, tuple(0 for _ in windows))
    return {quarter: choice for quarter, choice in zip(quarters, plan, strict=True) if choice is not None}


def cumulate(
    ctx: HireContext, candidates: list[Candidate]
) -> tuple[list[MeasureResult], list[NotApplicable], list[Decision]]:
    quarters = ctx.quarters
    due = {quarter: ctx.contributions_due(quarter) for quarter in quarters}
    decisions: list[Decision] = []
    results: list[MeasureResult] = []
    dropped: list[NotApplicable] = []

    structural = [
        c for c in candidates if c.measure.is_contribution_reduction and c.measure.reduction_role == Role.STRUCTURAL
    ]
    target = [
        c for c in candidates if c.measure.is_contribution_reduction and c.measure.reduction_role == Role.TARGET_GROUP
    ]
    others = [c for c in candidates if c not in structural and c not in target]

    used_structural = dict.fromkeys(quarters, ZERO)
    for candidate in structural:
        periods: list[PeriodAmount] = []
        for quarter in quarters:
            raw = candidate.amounts.get(quarter, ZERO)
            free = due[quarter] - used_structural[quarter]
            amount = max(ZERO, min(raw, free))
            note = ""
            if amount < raw:
                note = _("cut to the employer contributions due (%(due)s EUR)") % {
                    "due": ctx.wording.euros(due[quarter])
                }
                decisions.append(
                    Decision(
                        quarter,
                        _(
                            "%(measure)s cut from %(raw)s to %(amount)s EUR: the reductions cannot exceed "
                            "the employer contributions due (%(due)s EUR)"
                        )
                        % {
                            "measure": candidate.measure.name,
                            "raw": ctx.wording.euros(raw),
                            "amount": ctx.wording.euros(amount),
                            "due": ctx.wording.euros(due[quarter]),
                        },
                    )
                )
            elif not raw and candidate.notes.get(quarter):
                note = candidate.notes[quarter]
            used_structural[quarter] += amount
            if raw or note:
                periods.append(PeriodAmount(quarter, money(amount), money(raw), note))
        results.append(_measure_result(candidate, periods))

    room = {quarter: max(ZERO, due[quarter] - used_structural[quarter]) for quarter in quarters}
    plan = choose_target_groups(target, quarters, room)
    for candidate in target:
        periods = []
        for quarter in quarters:
            choice = plan.get(quarter)
            if choice is not None and choice[0] is candidate:
                _candidate, amount, raw, _use = choice
                note = ""
                if amount < raw:
                    note = _(
                        "cut to what the contributions due leave after the structural reduction (%(room)s EUR)"
                    ) % {"room": ctx.wording.euros(room[quarter])}
                    decisions.append(
                        Decision(
                            quarter,
                            _(
                                "%(measure)s cut from %(raw)s to %(amount)s EUR: together with the structural "
                                "reduction it cannot exceed the employer contributions due (%(due)s EUR)"
                            )
                            % {
                                "measure": candidate.measure.name,
                                "raw": ctx.wording.euros(raw),
                                "amount": ctx.wording.euros(amount),
                                "due": ctx.wording.euros(due[quarter]),
                            },
                        )
                    )
                periods.append(PeriodAmount(quarter, money(amount), money(raw), note))
            else:
                raw = candidate.amounts.get(quarter, ZERO)
                if raw > 0 and choice is not None:
                    periods.append(
                        PeriodAmount(
                            quarter,
                            Decimal("0.00"),
                            money(raw),
                            _("not used: %(other)s gives more this quarter") % {"other": choice[0].measure.name},
                        )
                    )
        if any(item.amount for item in periods):
            results.append(_measure_result(candidate, periods))
        else:
            best_other = next((choice[0].measure.name for choice in plan.values()), "")
            reason = (
                _(
                    "not used: in each quarter %(other)s gives more, and only one target-group reduction "
                    "applies per worker and quarter"
                )
                % {"other": best_other}
                if best_other
                else _("nothing left: the structural reduction already takes all the employer contributions due")
            )
            dropped.append(
                NotApplicable(candidate.measure.code, candidate.measure.name, (reason,), candidate.measure.url)
            )
    started: set[str] = set()
    for quarter in quarters:
        choice = plan.get(quarter)
        first_use = choice is not None and choice[0].measure.code not in started
        if choice is not None:
            started.add(choice[0].measure.code)
        competing = [
            c
            for c in target
            if c.amounts.get(quarter, ZERO) > 0 or (c.uses is not None and quarter - quarters[0] < (c.window or 0))
        ]
        if choice is not None and len(competing) > 1:
            decisions.append(
                Decision(
                    quarter,
                    _(
                        "%(measure)s used this quarter: of the target-group reductions that fit, "
                        "it gives the largest total over the horizon"
                    )
                    % {"measure": choice[0].measure.name},
                )
            )
        elif choice is not None and first_use and choice[0].uses is not None and quarter != quarters[0]:
            decisions.append(
                Decision(
                    quarter,
                    _(
                        "%(measure)s starts this quarter: its quarters may be placed anywhere in its window, "
                        "and here they are worth most"
                    )
                    % {"measure": choice[0].measure.name},
                )
            )

    kept: list[Candidate] = []
    for candidate in sorted(others, key=lambda c: (-c.total, c.measure.code)):
        clash = next((k for k in kept if k.measure.code in candidate.measure.cannot_combine_with), None)
        if clash is not None:
            dropped.append(
                NotApplicable(
                    candidate.measure.code,
                    candidate.measure.name,
                    (
                        _("cannot be combined with %(other)s, which gives more (%(amount)s EUR)")
                        % {"other": clash.measure.name, "amount": ctx.wording.euros(clash.total)},
                    ),
                    candidate.measure.url,
                )
            )
            decisions.append(
                Decision(
                    None,
                    _("%(kept)s kept rather than %(dropped)s: the two cannot be combined")
                    % {"kept": clash.measure.name, "dropped": candidate.measure.name},
                )
            )
            continue
        kept.append(candidate)
        periods = [
            PeriodAmount(quarter, money(amount), money(amount))
            for quarter, amount in sorted(candidate.amounts.items())
            if amount
        ]
        results.append(_measure_result(candidate, periods))
    return results, dropped, decisions


def _measure_result(candidate: Candidate, periods: list[PeriodAmount]) -> MeasureResult:
    measure = candidate.measure
    used = {item.period for item in periods if item.amount}
    trace = [item for item in candidate.trace if item.period in used] or candidate.trace
    sources: list[SourceLink] = []
    for item in trace:
        if item.source_title and not any(source["title"] == item.source_title for source in sources):
            sources.append({"title": item.source_title, "url": item.source_url})
    return MeasureResult(
        code=measure.code,
        name=measure.name,
        technique=measure.technique,
        reduction_role=measure.reduction_role,
        periods=periods,
        explanation=candidate.explanation,
        trace=trace,
        sources=sources,
        unlimited=candidate.unlimited,
        assumption=candidate.assumption,
        url=measure.url,
    )


# -- the entry point ----------------------------------------------------------------------------------------------
