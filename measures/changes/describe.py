"""Words for a change-log entry in the active language: what changed, the old and the new value side by side."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from measures import constants
from measures.models import BenefitRule, MeasureChange, RuleVersion

Kind = MeasureChange.Kind
CHOICES = {
    "status": constants.Status,
    "period_unit": constants.PeriodUnit,
    "date_basis": constants.DateBasis,
    "age_reference": constants.AgeReference,
    "qualification_max": constants.Qualification,
    "kind": constants.BenefitKind,
}


def field_label(name: str) -> str:
    if name == "benefit":
        return _("benefit")
    if name == "value":
        return _("value")
    for model in (RuleVersion, BenefitRule):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except Exception:  # noqa: S112 - FieldDoesNotExist: try the next model
            continue
    return name


def _number(value) -> str:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    places = 0 if number == number.to_integral_value() else 2
    return formats.number_format(number, places, use_l10n=True, force_grouping=True)


def _choice(name: str, value) -> str:
    choices = CHOICES.get(name)
    if choices is not None:
        try:
            return str(choices(value).label)
        except ValueError:
            return str(value)
    return str(value)


def value_text(name: str, value) -> str:
    """A stored value in plain words; "—" for none."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name in CHOICES:
        return _choice(name, value)
    if name in ("valid_from", "valid_until") or (isinstance(value, str) and len(value) == 10 and value[4:5] == "-"):
        try:
            return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    if name == "steps":
        unit = _("periods")
        return "; ".join(
            _("%(amount)s for %(count)s %(unit)s") % {"amount": f"€ {_number(amount)}", "count": periods, "unit": unit}
            if periods is not None
            else _("%(amount)s from then on") % {"amount": f"€ {_number(amount)}"}
            for amount, periods in value
        )
    if name in ("cap", "wage_ceiling"):
        return f"€ {_number(value)}"
    if name in ("percentage", "work_fraction_min", "work_fraction_full"):
        return f"{_number(Decimal(str(value)) * 100)} %"
    if name == "parameters":
        return ", ".join(
            f"{key} = {_number(item['value'])}" if "value" in item else f"{key} ({item.get('parameter', '')})"
            for key, item in value.items()
        )
    if name == "benefit":
        return "; ".join(f"{field_label(key)}: {value_text(key, item)}" for key, item in value.items())
    if name == "cumulation":
        return "; ".join(cumulation_text(item) for item in value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, int | float) or (isinstance(value, str) and value.replace(".", "", 1).isdigit()):
        return _number(value)
    return str(value)


def cumulation_text(rule: dict) -> str:
    """One cumulation rule in words: its kind, the other measure and the ceiling."""
    text = _choice_of(constants.CumulationKind, rule.get("kind"))
    if rule.get("other"):
        text += f" ({rule['other']})"
    if rule.get("ceiling"):
        text += f", € {_number(rule['ceiling'])}"
    return text


def _choice_of(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def subject_text(change: MeasureChange) -> str:
    """The benefit concerned: its label in the active language (or another), else its conditions."""
    subject = change.subject or {}
    labels = subject.get("label") or {}
    language = (get_language() or "en")[:2]
    label = labels.get(language) or next((text for text in labels.values() if text), "")
    if label:
        return label
    conditions = subject.get("conditions") or {}
    if not conditions:
        return ""
    return ", ".join(f"{key.replace('_', ' ')} {value_text(key, value)}" for key, value in sorted(conditions.items()))


def headline(change: MeasureChange) -> str:
    """One sentence: what changed."""
    start = value_text("valid_from", change.version_from.isoformat()) if change.version_from else ""
    if change.kind == Kind.PARAMETER:
        return _("The shared parameter “%(key)s”, value from %(start)s: %(what)s changed.") % {
            "key": change.parameter,
            "start": start,
            "what": field_label(change.field),
        }
    if change.kind == Kind.CUMULATION:
        return _("The rules on combining this measure with others changed.")
    if change.kind == Kind.ADDED:
        return _("New measure in the catalogue.")
    if change.kind == Kind.NEW_VERSION:
        return _("New rules from %(start)s (%(status)s).") % {
            "start": start,
            "status": value_text("status", change.new_value),
        }
    if change.kind == Kind.VERSION_REMOVED:
        return _("The rules from %(start)s were withdrawn.") % {"start": start}
    if change.kind == Kind.STATUS:
        return _("The rules from %(start)s are now %(status)s.") % {
            "start": start,
            "status": value_text("status", change.new_value),
        }
    if change.kind == Kind.END and change.field == "ends":
        return _("An end of the measure is announced from %(start)s.") % {"start": start}
    if change.kind == Kind.END and change.field == "valid_until":
        if change.new_value:
            return _("The rules from %(start)s end on %(end)s.") % {
                "start": start,
                "end": value_text("valid_until", change.new_value),
            }
        return _("The rules from %(start)s no longer have an end date.") % {"start": start}
    subject = subject_text(change)
    if subject:
        return _("%(what)s of the benefit “%(subject)s” changed in the rules from %(start)s.") % {
            "what": capfirst(field_label(change.field)),
            "subject": subject,
            "start": start,
        }
    return _("%(what)s changed in the rules from %(start)s.") % {
        "what": capfirst(field_label(change.field)),
        "start": start,
    }


def old_text(change: MeasureChange) -> str:
    return value_text(change.field, change.old_value)


def new_text(change: MeasureChange) -> str:
    if change.kind == Kind.ADDED:
        return "—"
    return value_text(change.field, change.new_value)


def plain(change: MeasureChange) -> str:
    """The sentence with old and new value, for the feed."""
    text = headline(change)
    if change.kind in (Kind.ADDED, Kind.NEW_VERSION):
        return text
    return f"{text} {_('Before')}: {old_text(change)}. {_('Now')}: {new_text(change)}."
