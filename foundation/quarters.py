"""The calendar quarter (kwartaal / trimestre) as one small value type: ``Quarter(2025, 3)`` is July to September 2025.

The DmfA declares per quarter (zone 00013, written YYYYQ), mandates start and end on quarter boundaries, and the
calculator spreads amounts over quarters: all of them use this type.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

# 2025Q3, 2025-Q3, 2025 K3 (kwartaal), 2025T3 (trimestre), 2025/3, 2025-3, 20253; ASCII digits only ("²" is a digit to
# \d and to str.isdigit(), not to int()).
_PATTERN = re.compile(r"^\s*([0-9]{4})\s*(?:[-/]?\s*[QqKkTt]?\s*)([1-4])\s*$")


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter; ordered, hashable, and written ``2025Q3``."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"a quarter is numbered 1 to 4, not {self.number}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")

    # -- construction -----------------------------------------------------------------------------------------------

    @classmethod
    def parse(cls, value: str | int | Quarter) -> Quarter:
        """Read ``"2025Q3"``, ``"2025-Q3"``, ``"2025K3"``, ``"2025/3"``, ``"20253"`` or the integer 20253.

        Raises ValueError for anything else.
        """
        if isinstance(value, Quarter):
            return value
        match = _PATTERN.match(str(value))
        if not match:
            raise ValueError(f"not a quarter: {value!r} (write it as 2025Q3)")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def from_int(cls, value: int) -> Quarter:
        """The DmfA form YYYYQ (zone 00013): 20253 is Quarter(2025, 3)."""
        return cls(value // 10, value % 10)

    @classmethod
    def of(cls, day: date) -> Quarter:
        """The quarter that contains ``day``."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    # -- reading ----------------------------------------------------------------------------------------------------

    def __int__(self) -> int:
        """The DmfA form: YYYYQ (zone 00013)."""
        return self.year * 10 + self.number

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def first_day(self) -> date:
        return _bounds(self.year, self.number)[0]

    @property
    def last_day(self) -> date:
        return _bounds(self.year, self.number)[1]

    @property
    def days(self) -> int:
        """How many calendar days the quarter has (90 to 92)."""
        return _bounds(self.year, self.number)[2]

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    # -- arithmetic -------------------------------------------------------------------------------------------------

    def plus(self, quarters: int) -> Quarter:
        """The quarter ``quarters`` later (earlier when negative)."""
        index = self.year * 4 + self.number - 1 + quarters
        return Quarter(index // 4, index % 4 + 1)

    def next(self) -> Quarter:
        return self.plus(1)

    def previous(self) -> Quarter:
        return self.plus(-1)

    def __sub__(self, other: Quarter) -> int:
        """How many quarters from ``other`` to this one: ``Quarter(2026, 1) - Quarter(2025, 3) == 2``."""
        return (self.year * 4 + self.number) - (other.year * 4 + other.number)


@lru_cache(maxsize=4096)
def _bounds(year: int, number: int) -> tuple[date, date, int]:
    """First day, last day and length of a quarter (the calculator asks for them for every worker and period)."""
    first = date(year, 3 * number - 2, 1)
    last = date(year, 3 * number, calendar.monthrange(year, 3 * number)[1])
    return first, last, (last - first).days + 1


def quarter_range(start: Quarter, end: Quarter) -> list[Quarter]:
    """Every quarter from ``start`` to ``end``, both included (empty when ``end`` comes first)."""
    return [start.plus(offset) for offset in range(max(end - start + 1, 0))]
