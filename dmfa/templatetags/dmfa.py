"""Template filters of the dmfa pages: annex code labels in the user's language."""

from django import template
from django.utils.translation import gettext as _

from dmfa import codelists

register = template.Library()

ANNEXES = {
    "worker": codelists.WORKER_CODES,
    "service": codelists.SERVICE_CODES,
    "remuneration": codelists.REMUNERATION_CODES,
    "reduction": codelists.REDUCTION_CODES,
}


@register.filter
def code_label(code, kind: str) -> str:
    """{{ service.code|code_label:"service" }}: the label of an annex code."""
    return codelists.label(ANNEXES[kind], code)


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


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)
