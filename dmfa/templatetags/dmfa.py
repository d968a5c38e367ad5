"""Template filters of the dmfa pages: annex code labels in the user's language."""

from datetime import date

from django import template
from django.utils.translation import gettext as _

from dmfa import codelists
from dmfa.constants import ParameterKey, ParameterStatus
from dmfa.controls import exports as control_exports
from foundation.formatting import code_with_label, date_words

register = template.Library()

ANNEXES = {
    "worker": codelists.WORKER_CODES,
    "service": codelists.SERVICE_CODES,
    "remuneration": codelists.REMUNERATION_CODES,
    "reduction": codelists.REDUCTION_CODES,
    "indemnity_nature": codelists.INDEMNITY_NATURES,
    "employment_promotion": codelists.EMPLOYMENT_PROMOTIONS,
    "reorganisation": codelists.REORGANISATION_MEASURES,
    "early_retirement": codelists.EARLY_RETIREMENT_CODES,
}


@register.simple_tag
def annex_label(code, kind: str, quarter) -> str:
    """{% annex_label service.code "service" quarter %}: the label, and a note when the annex lists do not have the
    code for the declaration's quarter (such codes are imported with a warning, see dmfa.parser)."""
    annex = ANNEXES[kind]
    text = codelists.label(annex, code, quarter)
    if code not in (None, "") and quarter is not None and codelists.lookup(annex, code, quarter) is None:
        note = _("code not in the annex for this quarter")
        return f"{text} ({note})" if text else str(note)
    return text


@register.simple_tag
def annex_code(code, kind: str, quarter) -> str:
    """{% annex_code occupation.employment_promotion "employment_promotion" quarter %} -> "Startbaanovereenkomst (...)
    (10)": the code with its label, as code_with_label writes it; a code the annex does not have for the quarter keeps
    annex_label's note ("999 (code not in the annex for this quarter)")."""
    if code in (None, ""):
        return ""
    annex = ANNEXES[kind]
    if quarter is None or codelists.lookup(annex, code, quarter) is not None:
        return code_with_label(code, codelists.label(annex, code, quarter))
    note = _("code not in the annex for this quarter")
    text = codelists.label(annex, code, quarter)
    return f"{code_with_label(code, text)} ({note})" if text else f"{code} ({note})"


def _unknown(code) -> str:
    return f"{code} ({_('unknown code')})"


@register.filter
def country(code) -> str:
    """{{ identity.nationality|country }} -> "België (150)": a DmfA country code with its name in the page's language;
    a code the list does not have stays shown, with a note."""
    if code in (None, ""):
        return ""
    label = codelists.country_label(code)
    return code_with_label(code, label) if label else _unknown(code)


@register.filter
def joint_committee(code) -> str:
    """{{ occupation.joint_committee|joint_committee }} -> "Paritair Comité voor de gezondheidsinrichtingen en -diensten
    (330)". The portal's list of names is partial (dmfa/data/SOURCES.md): a number it does not have is a real joint
    committee all the same, so it is shown as the number alone, under its heading, never as an unknown code."""
    if code in (None, ""):
        return ""
    label = codelists.joint_committee_label(code)
    return code_with_label(code, label) if label else str(code)


@register.filter
def joint_committee_named(code) -> bool:
    """Whether the portal's list names this joint committee (a sentence then gives its name, not its number)."""
    return code not in (None, "") and bool(codelists.joint_committee_label(code))


@register.filter
def employer_category(code) -> str:
    """{{ record.employer_class|employer_category }} -> "Algemene categorie (privésector) (000)"."""
    if code in (None, ""):
        return ""
    label = codelists.employer_category_label(code)
    return code_with_label(code, label) if label else _unknown(code)


@register.filter
def parameter(key) -> str:
    """{{ source.key|parameter }}: a control parameter by its name in the page's language, not its key."""
    return str(ParameterKey(key).label) if key in ParameterKey.values else str(key or "")


@register.filter
def parameter_status(status) -> str:
    """{{ source.status|parameter_status }} -> "in force" in words."""
    return str(ParameterStatus(status).label) if status in ParameterStatus.values else str(status or "")


@register.filter
def iso_date_words(text) -> str:
    """{{ "2025-01-01"|iso_date_words }} -> "1 januari 2025": a date kept as ISO text (JSON figures), in words."""
    try:
        return date_words(date.fromisoformat(str(text)))
    except ValueError:
        return str(text or "")


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)


@register.filter
def reconciliation_item(field: str) -> str:
    """{{ line.field|reconciliation_item }}: a reconciliation line's item in words, as its CSV and PDF write it."""
    return str(control_exports.LABELS.get(field, field))


@register.filter
def direction_label(direction: str) -> str:
    """{{ line.direction|direction_label }}: which way a figure differs, as the CSV and PDF write it."""
    return str(control_exports.direction_label(direction))


@register.filter
def figure(value) -> str:
    """{{ line.declared|figure }}: a reconciliation figure in the page's number notation (as many decimals as it was
    written with); a text (a missing quarter) as it is, "" for none."""
    return control_exports.figure_text(value)
