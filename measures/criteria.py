"""The catalogue's filter criteria as one immutable value: parsed once, turned into a query string and a cache key."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from urllib.parse import urlencode

from measures.eligibility import Situation


@dataclass(frozen=True)
class Criteria:
    q: str | None = None
    audience: str | None = None
    level: tuple[str, ...] = ()
    region: str | None = None
    seat_region: str | None = None
    domicile_region: str | None = None
    technique: tuple[str, ...] = ()
    employer_type: str | None = None
    employer_category: str | None = None
    nace: str | None = None
    joint_committee: str | None = None
    size: int | None = None
    age: int | None = None
    jobseeker_months: int | None = None
    qualification: str | None = None
    disability: bool | None = None
    fraction: Decimal | None = None
    on: datetime.date | None = None
    validity: str | None = None
    sort: str | None = None

    def items(self) -> list[tuple[str, object]]:
        """The given criteria, as (name, value) pairs in field order; repeated names for multiple values."""
        pairs = []
        for spec in fields(self):
            value = getattr(self, spec.name)
            if value in (None, "", ()):
                continue
            if isinstance(value, tuple):
                pairs.extend((spec.name, item) for item in value)
            elif isinstance(value, bool):
                pairs.append((spec.name, "yes" if value else "no"))
            elif isinstance(value, datetime.date):
                pairs.append((spec.name, value.isoformat()))
            else:
                pairs.append((spec.name, str(value)))
        return pairs

    def query_string(self, **changes) -> str:
        """The shareable query string of these criteria, with ``changes`` applied (None removes a filter)."""
        return urlencode(replace(self, **changes).items()) if changes else urlencode(self.items())

    def without(self, name: str) -> Criteria:
        default = () if name in ("level", "technique") else None
        return replace(self, **{name: default})

    def filter_names(self) -> list[str]:
        """The names of the filters given (not the date, the validity switch or the sort order)."""
        return [
            spec.name
            for spec in fields(self)
            if spec.name not in ("on", "validity", "sort") and getattr(self, spec.name) not in (None, "", ())
        ]

    def situation(self) -> Situation:
        return Situation(
            age=self.age,
            jobseeker_months=self.jobseeker_months,
            qualification=self.qualification,
            reduced_work_capacity=self.disability,
            work_fraction=self.fraction,
            employer_type=self.employer_type,
            employer_category=self.employer_category,
            nace=self.nace,
            joint_committee=self.joint_committee,
            size=self.size,
            seat_region=self.seat_region,
            domicile_region=self.domicile_region,
        )
