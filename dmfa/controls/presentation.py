"""What the control pages and the report show, worked out once: the headcount series and its chart, the report rows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from dmfa.controls import fte, runner
from dmfa.models import SubsidisedJob
from dmfa.selectors import identities
from foundation.quarters import Quarter, quarter_range

#: The chart shows at most this many quarters after the hire (the reference year is always shown).
MAX_QUARTERS_AFTER = 8


@dataclass(frozen=True)
class Point:
    quarter: Quarter
    fte: Decimal | None
    reference: bool  # one of the four quarters of the year before the hire


def headcount_series(job: SubsidisedJob, quarter: Quarter, cache: runner.EmployerCache) -> list[Point]:
    """Regular FTE (aggregate only) for the reference year and the quarters from the hire to the one controlled."""
    references = fte.reference_quarters(job.start_date)
    after = quarter_range(Quarter.of(job.start_date), quarter)[-MAX_QUARTERS_AFTER:]
    levels = cache.regular(job.registration_number, [*references, *after])
    return [Point(q, levels[q][0] if levels[q] else None, q in references) for q in [*references, *after]]


def chart(series: list[Point], reference: str | None) -> dict:
    """An SVG bar chart's geometry (the template draws it): one bar per quarter, a line at the reference level."""
    width, height, bar = 40, 160, 28
    values = [point.fte for point in series if point.fte is not None]
    top = max([*values, Decimal(reference) if reference else Decimal(0), Decimal(1)]) * Decimal("1.1")
    bars = []
    for index, point in enumerate(series):
        size = int(point.fte / top * height) if point.fte is not None else 0
        bars.append(
            {
                "x": index * width + 6,
                "y": height - size,
                "height": size,
                "width": bar,
                "label": str(point.quarter),
                "value": f"{point.fte:.2f}" if point.fte is not None else "–",
                "reference": point.reference,
                "missing": point.fte is None,
                "below": reference is not None and point.fte is not None and not point.reference
                and point.fte.quantize(fte.FOUR_PLACES) < Decimal(reference),
            }
        )  # fmt: skip
    line = height - int(Decimal(reference) / top * height) if reference else None
    return {"bars": bars, "width": len(series) * width + 12, "height": height, "line": line}


def employer_rows(jobs: list[SubsidisedJob], quarter: Quarter) -> list[dict]:
    """The reconciliation and the headcount of each job (already granted by the gate) for the report's page, PDF and
    CSV."""
    names = identities(insz_numbers=[job.insz for job in jobs])
    cache = runner.EmployerCache()
    rows = []
    for job in jobs:
        control = runner.reconciliation_check(job, quarter, cache=cache)
        headcount = runner.headcount(job, quarter, cache)  # totals of the regular staff only: no worker named
        person = names.get(job.insz)
        rows.append(
            {
                "employer": job.registration_number,
                "quarter": str(quarter),
                "reference": job.reference,
                "insz": job.insz,
                "name": f"{person.first_name} {person.last_name}".strip() if person else "",
                "outcome": control.outcome,
                "statements": control.figures.get("statements", 0),
                "lines": control.figures.get("lines", []),
                "headcount": {"outcome": headcount.outcome, "figures": headcount.figures},
            }
        )
    return rows
