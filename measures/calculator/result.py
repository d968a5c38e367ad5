"""The calculator's answer: per hire the measures that apply with their amounts per quarter, the ones that do not
and why, the cumulation decisions, and a trace of the rule versions and parameter values used.

Pages, the PDF and CSV exports and the API all render this one object (``as_dict`` for JSON).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TypedDict

from measures.calculator.values import Hire, Quarter

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    """Round to the cent, half up, only where a figure is shown or summed for display."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class SourceLink(TypedDict):
    """A source as the result lists it: its title and, when it has one, its address."""

    title: str
    url: str


@dataclass(frozen=True)
class TraceItem:
    """Which rule version, variant and parameter values gave the amount of a measure in a period."""

    period: Quarter
    version_from: datetime.date
    version_until: datetime.date | None
    variant: str
    values: tuple[tuple[str, str], ...]  # (name, value) pairs as shown: "S" = "9,000.00", "low_rate" = "0.14"
    source_title: str = ""
    source_url: str = ""


@dataclass(frozen=True)
class PeriodAmount:
    period: Quarter
    amount: Decimal  # after cumulation and the cap, rounded to the cent
    before_cut: Decimal  # what the rule alone gives, rounded to the cent
    note: str = ""  # why the amount was cut or set to zero, in plain words


@dataclass
class MeasureResult:
    code: str
    name: str
    technique: str
    reduction_role: str
    periods: list[PeriodAmount]
    explanation: str
    trace: list[TraceItem] = field(default_factory=list)
    sources: list[SourceLink] = field(default_factory=list)
    unlimited: bool = False  # no end date: shown over the horizon only
    assumption: bool = False  # a figure used is marked as an assumption in the catalogue
    url: str = ""

    @property
    def total(self) -> Decimal:
        return sum((item.amount for item in self.periods), Decimal("0.00"))

    def amount_in(self, period: Quarter) -> Decimal:
        return sum((item.amount for item in self.periods if item.period == period), Decimal("0.00"))


@dataclass(frozen=True)
class NotApplicable:
    code: str
    name: str
    reasons: tuple[str, ...]
    url: str = ""


@dataclass(frozen=True)
class Decision:
    """One cumulation decision: which target-group reduction was used when and why, or where the cap cut."""

    period: Quarter | None
    text: str


@dataclass
class HireResult:
    index: int  # 0-based position of the hire in the input
    hire: Hire
    label: str
    periods: list[Quarter]  # the quarters calculated for this hire (hiring quarter + horizon)
    measures: list[MeasureResult]  # that apply, highest total first
    not_applicable: list[NotApplicable]
    decisions: list[Decision]
    contributions_due: dict[Quarter, Decimal]  # employer contributions due per quarter (the cap)

    @property
    def total(self) -> Decimal:
        return sum((measure.total for measure in self.measures), Decimal("0.00"))

    def amount_in(self, period: Quarter) -> Decimal:
        return sum((measure.amount_in(period) for measure in self.measures), Decimal("0.00"))


@dataclass(frozen=True)
class AnnouncedChange:
    """An announced (not enacted) rule the calculation used, and how much it moved the total."""

    code: str
    name: str
    valid_from: datetime.date
    announcement: SourceLink  # {"title", "url"} of the text that announces it
    delta: Decimal  # the total with announced changes minus the total with the rules in force
    ends: bool = False
    replaced_by: str = ""


@dataclass
class Result:
    hires: list[HireResult]
    rules_as_of: datetime.date
    horizon: int
    employer_label: str = ""
    currency: str = "EUR"
    notes: list[str] = field(default_factory=list)  # general remarks (unlimited measures, approximations)
    sources: list[SourceLink] = field(default_factory=list)  # every source used, once: {"title", "url"}
    rules: str = "in_force"  # constants.RulesMode: the rules in force, or with the announced changes
    announced_changes: list[AnnouncedChange] = field(default_factory=list)  # used (rules "announced") only
    #: Announced ends, replacements and changes that fall inside the horizon of a measure the result shows.
    announcements: list[str] = field(default_factory=list)
    #: The approximation statement (also the first of ``notes``), which a page may say in its own words.
    approximation: str = ""

    @property
    def other_notes(self) -> list[str]:
        """The notes after the approximation statement: what a page lists below its own statement."""
        return [note for note in self.notes if note != self.approximation]

    @property
    def announced_delta(self) -> Decimal:
        return sum((change.delta for change in self.announced_changes), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return sum((hire.total for hire in self.hires), Decimal("0.00"))

    @property
    def periods(self) -> list[Quarter]:
        """Every calendar quarter in which some hire was calculated, in order."""
        return sorted({period for hire in self.hires for period in hire.periods})

    def totals_by_period(self) -> list[tuple[Quarter, Decimal]]:
        return [
            (period, sum((hire.amount_in(period) for hire in self.hires), Decimal("0.00"))) for period in self.periods
        ]

    @property
    def has_unlimited(self) -> bool:
        return any(measure.unlimited for hire in self.hires for measure in hire.measures)

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of the API: amounts as decimal strings in euros, periods as "2025Q1"."""
        return {
            "currency": self.currency,
            "total": str(money(self.total)),
            "rules_as_of": self.rules_as_of.isoformat(),
            "horizon_quarters": self.horizon,
            "hires": [
                {
                    "label": hire.label,
                    "total": str(money(hire.total)),
                    "measures": [
                        {
                            "code": measure.code,
                            "name": measure.name,
                            "technique": measure.technique,
                            "total": str(money(measure.total)),
                            "unlimited": measure.unlimited,
                            "periods": [
                                {"period": str(item.period), "amount": str(item.amount), "note": item.note}
                                for item in measure.periods
                            ],
                            "explanation": measure.explanation,
                            "trace": [
                                {
                                    "period": str(item.period),
                                    "version_from": item.version_from.isoformat(),
                                    "version_until": item.version_until.isoformat() if item.version_until else None,
                                    "variant": item.variant,
                                    "values": dict(item.values),
                                    "source": {"title": item.source_title, "url": item.source_url},
                                }
                                for item in measure.trace
                            ],
                        }
                        for measure in hire.measures
                    ],
                    "not_applicable": [
                        {"code": item.code, "name": item.name, "reasons": list(item.reasons)}
                        for item in hire.not_applicable
                    ],
                    "decisions": [
                        {"period": str(item.period) if item.period else None, "text": item.text}
                        for item in hire.decisions
                    ],
                }
                for hire in self.hires
            ],
            "notes": list(self.notes),
            "sources": list(self.sources),
            "rules": self.rules,
            "announced_changes": [
                {
                    "code": change.code,
                    "name": change.name,
                    "valid_from": change.valid_from.isoformat(),
                    "announcement": dict(change.announcement),
                    "delta": str(money(change.delta)),
                    "ends": change.ends,
                    "replaced_by": change.replaced_by,
                }
                for change in self.announced_changes
            ],
            "announced_delta": str(money(self.announced_delta)),
            "announcements": list(self.announcements),
        }
