"""What the employer declared to the office for a quarter against the DmfA (and the national register for the
identity): every difference beyond its tolerance is listed with its size and direction."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

#: Differences up to these pass (listed as within tolerance). Office choices, not legal figures (README: tolerances).
TOLERANCES = {"days": Decimal("0"), "hours": Decimal("0.50"), "amount": Decimal("1.00")}

FIGURES = (
    ("days_worked", _("days worked"), "days"),
    ("assimilated_days", _("assimilated days"), "days"),
    ("hours", _("hours"), "hours"),
    ("gross_wage", _("gross wage"), "amount"),
    ("employer_contributions", _("employer contributions"), "amount"),
    ("reductions", _("contribution reductions"), "amount"),
)
IDENTITY = (
    ("last_name", _("last name")),
    ("first_name", _("first name")),
    ("birth_date", _("birth date")),
    ("postcode", _("postcode")),
    ("street", _("street and number")),
)


@dataclass
class Line:
    field: str
    label: str
    declared: object
    dmfa: object
    difference: Decimal | None = None  # DmfA minus declared, for figures
    within_tolerance: bool = True

    @property
    def direction(self) -> str:
        if self.difference is None:
            return "different" if not self.within_tolerance else ""
        if self.difference > 0:
            return "declared_less"
        if self.difference < 0:
            return "declared_more"
        return ""


@dataclass
class Reconciliation:
    lines: list[Line] = field(default_factory=list)
    statements: int = 0

    @property
    def differences(self) -> list[Line]:
        return [line for line in self.lines if not line.within_tolerance]

    @property
    def passed(self) -> bool:
        return self.statements > 0 and not self.differences


def _normalise(value) -> str:
    return " ".join(str(value or "").split()).casefold()


def reconcile(*, declared: dict, dmfa: dict, declared_identity: dict, register_identity: dict, statements: int):
    """``declared`` and ``dmfa`` map the FIGURES' fields to Decimals; the identities map IDENTITY's fields to values
    (a field the employer left blank is not compared)."""
    result = Reconciliation(statements=statements)
    for name, label, kind in FIGURES:
        declared_value, dmfa_value = declared.get(name, Decimal("0")), dmfa.get(name)
        if dmfa_value is None:  # not in the DmfA (hours of a full-time worker): nothing to compare
            continue
        difference = dmfa_value - declared_value
        result.lines.append(
            Line(name, str(label), declared_value, dmfa_value, difference, abs(difference) <= TOLERANCES[kind])
        )
    for name, label in IDENTITY:
        declared_value = declared_identity.get(name)
        if declared_value in (None, ""):
            continue
        register_value = register_identity.get(name)
        same = _normalise(declared_value) == _normalise(register_value)
        result.lines.append(Line(name, str(label), declared_value, register_value, None, same))
    return result
