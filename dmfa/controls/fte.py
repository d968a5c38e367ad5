"""Full-time equivalents (FTE) of an employer's regular staff per quarter, from the DmfA occupations.

The definition (also in the README): an occupation line counts Q/S (zone 00048 over zone 00049; 1 for a full-time
contract without them) times the share of the quarter's calendar days it covers (from its start, zone 00044, or the
quarter's first day, to its end, zone 00045, or the quarter's last day). A person's lines in the declaration are
added and the person is capped at 1.0. Regular staff is everyone except the subsidised: a person holding a GECO or
DSP job of the office at that employer on any day of the quarter, and any occupation the DmfA itself marks as GECO
(worker codes 024, 025, 029, 484, 485 or reduction code 4000) or DSP (employment-promotion code 2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from foundation.quarters import Quarter

ONE = Decimal("1")
FOUR_PLACES = Decimal("0.0001")
#: DmfA markers of a subsidised occupation (geco-dsp-research.md §3, from the annex code lists).
GECO_WORKER_CODES = frozenset({"024", "025", "029", "484", "485"})
GECO_REDUCTION_CODE = "4000"
DSP_EMPLOYMENT_PROMOTION = 2


@dataclass(frozen=True)
class OccupationLine:
    """The fields of one DmfA occupation the FTE needs."""

    insz: str
    quarter: Quarter
    start: date | None
    end: date | None
    worker_hours: Decimal | None  # Q, zone 00048
    reference_hours: Decimal | None  # S, zone 00049
    full_time: bool  # contract type, zone 00050
    worker_code: str = ""
    employment_promotion: int | None = None
    reduction_codes: frozenset[str] = frozenset()

    @property
    def subsidised_in_dmfa(self) -> bool:
        return (
            self.worker_code in GECO_WORKER_CODES
            or GECO_REDUCTION_CODE in self.reduction_codes
            or self.employment_promotion == DSP_EMPLOYMENT_PROMOTION
        )

    def fraction(self) -> Decimal:
        """Q/S, or 1 for a full-time contract declared without hours; 0 for a part-time line without them."""
        if self.worker_hours is not None and self.reference_hours:
            return self.worker_hours / self.reference_hours
        return ONE if self.full_time else Decimal("0")

    def covered_share(self) -> Decimal:
        """The part of the quarter's calendar days the line covers."""
        first, last = self.quarter.first_day, self.quarter.last_day
        start = max(self.start or first, first)
        end = min(self.end or last, last)
        if end < start:
            return Decimal("0")
        return Decimal((end - start).days + 1) / Decimal((last - first).days + 1)

    def fte(self) -> Decimal:
        return self.fraction() * self.covered_share()


def person_fte(lines: Iterable[OccupationLine]) -> Decimal:
    """A person's FTE in a quarter: the lines added, at most 1."""
    return min(ONE, sum((line.fte() for line in lines), Decimal("0")))


def regular_fte(lines: Iterable[OccupationLine], *, subsidised_insz: set[str]) -> tuple[Decimal, int]:
    """The regular staff's FTE in one quarter, and how many persons it counts (aggregate only: no one is named)."""
    by_person: dict[str, list[OccupationLine]] = {}
    for line in lines:
        if line.insz in subsidised_insz or line.subsidised_in_dmfa:
            continue
        by_person.setdefault(line.insz, []).append(line)
    total = sum((person_fte(person_lines) for person_lines in by_person.values()), Decimal("0"))
    return total, len(by_person)


@dataclass(frozen=True)
class HeadcountOutcome:
    reference_quarters: list[tuple[Quarter, Decimal]]
    reference: Decimal
    quarter: Quarter
    fte: Decimal
    persons: int

    @property
    def difference(self) -> Decimal:
        return (self.fte - self.reference).quantize(FOUR_PLACES)

    @property
    def kept(self) -> bool:
        return self.fte.quantize(FOUR_PLACES) >= self.reference.quantize(FOUR_PLACES)


def reference_quarters(hire: date) -> list[Quarter]:
    """The four quarters of the calendar year before the hire (05/012 §2.2)."""
    return [Quarter(hire.year - 1, number) for number in range(1, 5)]


def reference_level(per_quarter: list[tuple[Quarter, Decimal]]) -> Decimal:
    return sum((fte for _quarter, fte in per_quarter), Decimal("0")) / Decimal(len(per_quarter))
