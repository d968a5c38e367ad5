"""The quarter (kwartaal) as a small value type: Quarter(2025, 3), parsed from "2025Q3", "2025/3" or DmfA's 20253."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

_PATTERN = re.compile(r"^\s*(\d{4})\s*(?:[QqKkTt/-]\s*)?([1-4])\s*$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    def __post_init__(self):
        if not 1 <= self.number <= 4:
            raise ValueError(f"a quarter number is 1 to 4, not {self.number}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")

    @classmethod
    def parse(cls, value: str | int | Quarter) -> Quarter:
        """Read "2025Q3", "2025-3", "2025/3", "20253" or the integer 20253; raise ValueError otherwise."""
        if isinstance(value, Quarter):
            return value
        match = _PATTERN.match(str(value))
        if not match:
            raise ValueError(f"not a quarter: {value!r} (write it as 2025Q3)")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def from_int(cls, value: int) -> Quarter:
        return cls(value // 10, value % 10)

    @classmethod
    def containing(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __int__(self) -> int:
        """The DmfA form: YYYYQ (zone 00013)."""
        return self.year * 10 + self.number

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @cached_property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @cached_property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1) if self.year < 9999 or self.number < 4 else date(9999, 12, 31)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


def quarter_range(start: Quarter, end: Quarter) -> list[Quarter]:
    """Every quarter from start to end, both included."""
    quarters, current = [], start
    while current <= end:
        quarters.append(current)
        current = current.next()
    return quarters
