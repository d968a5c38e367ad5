"""The result arranged for reading on a page: every explanation row said once (the quarters it holds for grouped on
it), the trace's values by what they mean in the page's language, and quarters without any benefit summarised in one
line instead of listed.

The engine's result stays as it is (the API returns it whole); this module only groups and words it for people.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from measures.calculator.engine.wording import Wording
from measures.calculator.result import HireResult, MeasureResult, TraceItem
from measures.calculator.values import Quarter


def quarter_ranges(quarters: Iterable[Quarter]) -> str:
    """ "2025Q1 to 2025Q4, 2026Q2": the quarters in order, consecutive ones as one range."""
    runs: list[list[Quarter]] = []
    for quarter in sorted(set(quarters)):
        if runs and runs[-1][1].next() == quarter:
            runs[-1][1] = quarter
        else:
            runs.append([quarter, quarter])
    return ", ".join(
        str(first) if first == last else _("%(first)s to %(last)s") % {"first": first, "last": last}
        for first, last in runs
    )


# -- the trace ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TraceRow:
    quarters: str  # "2025Q1 to 2026Q4"
    item: TraceItem  # the first of the quarters: version, variant, source
    values: tuple[tuple[str, str], ...]  # (what it is, value) in the page's language


def shown_value(value: str, wording: Wording) -> str:
    """A trace value with the language's separators: "8400.00" → "8.400,00", "25 %" → "25 %", words as they are
    (each text read once per wording: the same values come back in every hire's trace)."""
    if value not in wording.shown_values:
        wording.shown_values[value] = _shown_value(value, wording)
    return wording.shown_values[value]


def _shown_value(value: str, wording: Wording) -> str:
    text, percent = (value[:-2], True) if value.endswith(" %") else (value, False)
    try:
        number = Decimal(text)
    except InvalidOperation:
        return value
    if not number.is_finite():
        return value
    exponent = number.as_tuple().exponent
    shown = wording.number(number, decimals=-exponent if isinstance(exponent, int) and exponent < 0 else 0)
    return f"{shown} %" if percent else shown


def trace_rows(trace: Sequence[TraceItem], wording: Wording | None = None) -> list[TraceRow]:
    """The trace with one row per distinct rule version, variant, values and source: the quarters that share them
    are listed on that row, so no row repeats another. A page passes one ``wording`` for all its traces."""
    wording = wording or Wording(get_language() or "en")
    groups: dict[tuple, list] = {}
    for item in trace:
        same = (item.version_from, item.version_until, item.variant, item.values, item.source_title, item.source_url)
        groups.setdefault(same, [item, []])[1].append(item.period)
    return [
        TraceRow(
            quarters=quarter_ranges(periods),
            item=item,
            values=tuple((wording.parameter_label(name), shown_value(value, wording)) for name, value in item.values),
        )
        for item, periods in groups.values()
    ]


# -- cumulation decisions and cuts --------------------------------------------------------------------------------


def decision_rows(hire: HireResult, measures: Sequence[MeasureResult]) -> list[tuple[str, str]]:
    """The hire's cumulation decisions and the notes of its measures' quarters as (quarters, text), each text once
    with every quarter it holds for; decisions without a quarter come first, with an empty quarters text."""
    grouped: dict[str, list[Quarter]] = {}
    for decision in hire.decisions:
        grouped.setdefault(decision.text, [])
        if decision.period is not None:
            grouped[decision.text].append(decision.period)
    for measure in measures:
        for item in measure.periods:
            # A cut (some amount left, less than the rule gives) is already one of the decisions, in full.
            if item.note and not (0 < item.amount < item.before_cut):
                grouped.setdefault(f"{measure.name}: {item.note}", []).append(item.period)
    rows = [(quarter_ranges(periods), text) for text, periods in grouped.items()]
    return sorted(rows, key=lambda row: bool(row[0]))


# -- quarters without any benefit ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmptyQuarters:
    """Consecutive quarters in which no measure gives anything, shown as one line."""

    quarters: str
    count: int
    empty = True


def summarise_empty(rows: Sequence[tuple], total: Callable[[tuple], Decimal]) -> list:
    """``rows`` of a quarterly table, each run of quarters whose total is zero replaced by one EmptyQuarters line
    (a table whose every quarter is empty keeps its rows: the line would be the whole table)."""
    if not rows or all(total(row) == 0 for row in rows):
        return list(rows)
    shown: list = []
    run: list[Quarter] = []

    def close() -> None:
        if run:
            shown.append(EmptyQuarters(quarter_ranges(run), len(run)))
            run.clear()

    for row in rows:
        if total(row) == 0:
            run.append(row[0])
        else:
            close()
            shown.append(row)
    close()
    return shown
