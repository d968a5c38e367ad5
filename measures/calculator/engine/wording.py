"""The explanation's wording: amounts, dates, rates and formulas in the calculation's language, the labels of the
trace and the sentences that say why a measure gives what it gives.

A :class:`Wording` belongs to one calculation: it carries the language and keeps what it translated once (labels,
eligibility criteria) for that calculation only, so that nothing outlives a call and two calculations in two
languages, in two threads, never see each other's words.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import to_locale

from babel import Locale
from babel.numbers import NumberPattern, format_decimal, parse_pattern

from measures import constants
from measures.calculator.result import money
from measures.calculator.rules import BenefitSpec, MeasureSpec, VersionSpec, describe_unit
from measures.eligibility import Criterion, Situation, criteria_for, region_criterion

if TYPE_CHECKING:
    from measures.calculator.engine.periods import HireContext

Kind = constants.BenefitKind
Unit = constants.PeriodUnit

#: The symbols of the structural reduction's parameters in the RSZ instructions (R = F + α(S0 − S) + γ(S1 − S) +
#: δ(W − S2)), shown in a formula in place of the catalogue's names.
SYMBOLS = MappingProxyType(
    {
        "flat": "F",
        "low_rate": "α",
        "low_ceiling": "S0",
        "very_low_rate": "γ",
        "very_low_ceiling": "S1",
        "high_rate": "δ",
        "high_threshold": "S2",
    }
)


@dataclass
class Wording:
    """The language of one calculation, and what was translated once for it."""

    language: str
    #: False when only the amounts are wanted: the explanation's sentences and formatted figures are left out (the
    #: reasons a measure does not apply are still given, they decide what applies).
    explains: bool = True
    labels: dict[tuple[str, str], str] = field(default_factory=dict)
    criteria: dict[tuple[int, int], list[Criterion]] = field(default_factory=dict)
    #: Sentences without placeholders, translated once per calculation (the same ones come back for every hire).
    texts: dict[str, str] = field(default_factory=dict)
    #: A measure's region rule per (measure, seat region, domicile region): the reason it fails, or None.
    regions: dict[tuple[int, str | None, str], str | None] = field(default_factory=dict)
    parameter_labels: dict[str, str] = field(default_factory=dict)
    #: Trace values as a page shows them ("8400.00" -> "8.400,00"), by their text (``display.shown_value``).
    shown_values: dict[str, str] = field(default_factory=dict)
    #: The CLDR locale of the language and the number patterns of ``number``, parsed once per calculation.
    locale: Locale | None = None
    patterns: dict[str, NumberPattern] = field(default_factory=dict)
    #: The rule version of a measure for a date (the engine's ``HireContext.version``), once per calculation.
    versions: dict[tuple[int, datetime.date, datetime.date, bool], VersionSpec | None] = field(default_factory=dict)

    # -- numbers, amounts, dates ------------------------------------------------------------------------------------

    def number(self, value: Decimal, decimals: int | None = None) -> str:
        """A number in a sentence or a formula with the language's separators (0,14 and 10.797,67 in Dutch), with
        ``decimals`` places when given, else as many as it has.

        The one place where the engine formats a bare number."""
        pattern = "#,##0." + "0" * decimals if decimals else "#,##0" if decimals == 0 else "#,##0.######"
        if pattern not in self.patterns:  # parsed once per calculation, with the locale
            self.patterns[pattern] = parse_pattern(pattern)
        if self.locale is None:
            self.locale = Locale.parse(to_locale(self.language or "en"))
        return format_decimal(Decimal(value), format=self.patterns[pattern], locale=self.locale)

    def euros(self, value: Decimal) -> str:
        """An amount for a sentence, in the language's notation (1.234,56 in Dutch)."""
        if not self.explains:
            return str(money(value))
        return number_format(money(value), decimal_pos=2, use_l10n=True, force_grouping=True)

    def date(self, day: datetime.date) -> str:
        """A date for a sentence, in the language's notation (1 december 2026 in Dutch)."""
        if not self.explains:
            return day.isoformat()
        return date_format(day, "DATE_FORMAT", use_l10n=True)

    def percent(self, value: Decimal) -> str:
        text = f"{Decimal(value) * 100:.2f}".rstrip("0").rstrip(".")
        return f"{self.number(Decimal(text))} %"

    # -- the trace --------------------------------------------------------------------------------------------------

    def label(self, name: str, unit: str) -> str:
        """The trace's labels, translated once per calculation and unit."""
        key = (name, unit)
        if key not in self.labels:
            self.labels[key] = {
                "amount": lambda: _("amount per %(unit)s") % {"unit": describe_unit(unit)},
                "factor": lambda: _("working-time factor"),
                "share": lambda: _("part of the quarter worked"),
                "wage": lambda: _("wage base"),
                "rate": lambda: _("rate"),
                "cap": lambda: _("cap per %(unit)s") % {"unit": describe_unit(unit)},
            }[name]()
        return self.labels[key]

    def parameter_label(self, name: str) -> str:
        """A formula's parameter by what it is, with its symbol in the RSZ instructions (never its name in the
        catalogue); worded once per calculation (or page) and name."""
        if name not in self.parameter_labels:
            self.parameter_labels[name] = self._parameter_label(name)
        return self.parameter_labels[name]

    def _parameter_label(self, name: str) -> str:
        words = {
            "flat": _("flat amount (F)"),
            "low_rate": _("coefficient of the low wages (α)"),
            "low_ceiling": _("low-wage threshold (S0)"),
            "very_low_rate": _("coefficient of the very low wages (γ)"),
            "very_low_ceiling": _("very-low-wage threshold (S1)"),
            "high_rate": _("coefficient of the high wages (δ)"),
            "high_threshold": _("high-wage threshold (S2)"),
            "S": _("reference quarterly wage (S)"),
            "W": _("gross wage of the quarter (W)"),
            "µ": _("working-time fraction (µ)"),
            "β": _("multiplication factor (β)"),
        }
        if name in words:
            return str(words[name])
        # Labels the engine already worded ("wage base", "rate") stay; any other name of the catalogue does not show.
        return name if "_" not in name else str(_("value in the formula"))

    def text(self, message: str) -> str:
        """``gettext(message)``, translated once per calculation."""
        if message not in self.texts:
            self.texts[message] = _(message)
        return self.texts[message]

    def region_reason(self, measure: MeasureSpec, seat_region: str | None, domicile_region: str) -> str | None:
        """Why the hire's seat or domicile is outside the measure's region (None when it is not), once per
        calculation for each measure and pair of regions."""
        key = (id(measure), seat_region, domicile_region)
        if key not in self.regions:
            region = region_criterion(measure)
            self.regions[key] = (
                None
                if region is None
                else region.reason(Situation(seat_region=seat_region, domicile_region=domicile_region))
            )
        return self.regions[key]

    def criteria_of(self, version: VersionSpec, measure: MeasureSpec) -> list[Criterion]:
        """The eligibility criteria of a version, built once per calculation."""
        key = (id(version), id(measure))
        if key not in self.criteria:
            self.criteria[key] = criteria_for(version, measure)
        return self.criteria[key]

    # -- formulas and explanations ----------------------------------------------------------------------------------

    def readable_formula(self, benefit: BenefitSpec) -> str:
        """A formula with its parameter values in place of their names, in the notation of the instructions."""
        text = benefit.formula
        for name, value, _source, _key in sorted(benefit.parameters, key=lambda item: -len(item[0])):
            shown = SYMBOLS.get(name, "x") if value is None else self.number(value)
            text = re.sub(rf"\b{re.escape(name)}\b", shown, text)
        text = re.sub(r"\bmu\b", "µ", text)
        text = re.sub(r"\bbeta\b", "β", text)
        return text.replace(" * ", " × ").replace(" - ", " − ")

    def periods_count(self, count: int, unit: str) -> str:
        """ "for 1 quarter", "for 8 quarters": a count of periods with the unit in the right number."""
        return _("for %(count)s %(units)s") % {"count": count, "units": describe_unit(unit, count)}

    def explain(
        self, measure: MeasureSpec, version: VersionSpec, benefit: BenefitSpec, ctx: HireContext, variants: int
    ) -> str:
        from measures.calculator.engine.amounts import fraction_factor, schedule

        if not self.explains:
            return ""
        unit = version.period_unit
        steps, _unlimited = schedule(benefit)
        parts: list[str] = []
        if benefit.kind == Kind.FIXED_SCHEDULE:
            described: list[str] = []
            for amount, periods in steps:
                if periods is None:
                    described.append(
                        _("%(amount)s EUR per %(unit)s without end")
                        % {"amount": self.euros(amount), "unit": describe_unit(unit)}
                    )
                else:
                    described.append(
                        _("%(amount)s EUR per %(unit)s for %(count)s %(units)s")
                        % {
                            "amount": self.euros(amount),
                            "unit": describe_unit(unit),
                            "count": periods,
                            "units": describe_unit(unit, periods),
                        }
                    )
            parts.append(", ".join(described))
            if version.prorated:
                parts.append(
                    _("in proportion to the working time (%(fraction)s)")
                    % {"fraction": self.percent(fraction_factor(version, ctx))}
                )
        elif benefit.kind == Kind.PERCENTAGE:
            rates = ", ".join(self.percent(rate) for rate, _periods in steps)
            parts.append(
                _("%(rates)s of the %(base)s") % {"rates": rates, "base": constants.WageBase(benefit.wage_base).label}
            )
        elif benefit.kind == Kind.EXEMPTION:
            parts.append(
                _("exemption of the %(share)s (%(rate)s of the gross wage)")
                % {"share": constants.ContributionShare(benefit.share).label, "rate": self.percent(ctx.rate.value)}
            )
        else:
            shared = [SYMBOLS[name] for name, value, *_rest in benefit.parameters if value is None and name in SYMBOLS]
            text = _(
                "per quarter %(formula)s, where S is the reference quarterly wage (%(wage)s EUR), a bracket "
                "max(0, …) counts only when positive, µ is the part of a full-time quarter worked and β the "
                "multiplication factor"
            ) % {"formula": self.readable_formula(benefit), "wage": self.euros(ctx.reference_quarterly_wage)}
            if shared:
                text += "; " + _(
                    "%(symbols)s are the thresholds and coefficients in force in each quarter (see how it was "
                    "calculated)"
                ) % {"symbols": ", ".join(shared)}
            parts.append(text)
        if benefit.cap is not None:
            parts.append(
                _("at most %(cap)s EUR per %(unit)s") % {"cap": self.euros(benefit.cap), "unit": describe_unit(unit)}
            )
        if benefit.kind != Kind.FIXED_SCHEDULE and benefit.duration:
            parts.append(self.periods_count(benefit.duration, unit))
        if benefit.label:
            parts.insert(
                0,
                benefit.label
                + (
                    _(" (the most favourable of %(count)s variants that fit)") % {"count": variants}
                    if variants > 1
                    else ""
                ),
            )
        if version.date_basis == constants.DateBasis.HIRING_DATE:
            parts.append(_("rules of %(date)s, fixed at hiring") % {"date": self.date(version.valid_from)})
        else:
            parts.append(_("rules of each quarter"))
        if measure.region_basis == constants.RegionBasis.OPERATING_SEAT and measure.region != constants.Region.BE:
            parts.append(_("the region of the operating seat decides"))
        elif measure.region_basis == constants.RegionBasis.DOMICILE:
            parts.append(_("the worker's domicile decides"))
        if unit == Unit.YEAR:
            parts.append(_("a yearly amount is spread over the months of that year"))
        return "; ".join(str(part) for part in parts)

    def no_version_reason(
        self,
        measure: MeasureSpec,
        day: datetime.date,
        ctx: HireContext | None = None,
        natural: datetime.date | None = None,
    ) -> str:
        if ctx is not None and ctx.include_announced:
            end = measure.announced_on(natural or ctx.hire.start_date)
            if end is not None and end.ends:
                return _("announced to end on %(date)s (announced changes included)") % {
                    "date": self.date(end.valid_from - datetime.timedelta(days=1))
                }
        if not measure.versions:
            return _("the catalogue holds no rules for this measure yet")
        first, last = measure.versions[0], measure.versions[-1]
        if day < first.valid_from:
            return _("this measure applies from %(date)s") % {"date": self.date(first.valid_from)}
        if last.valid_until is not None and day > last.valid_until:
            return _("this measure ended on %(date)s") % {"date": self.date(last.valid_until)}
        return _("no rules of this measure are valid on %(date)s") % {"date": self.date(day)}

    def zero_reason(self, measure: MeasureSpec, ctx: HireContext) -> str:
        if measure.reduction_role == constants.ReductionRole.STRUCTURAL:
            return _(
                "a reference quarterly wage of %(wage)s EUR is above the wage limits of the formula: the amount is zero"
            ) % {"wage": self.euros(ctx.reference_quarterly_wage)}
        return _("the rules give no amount for this worker")
