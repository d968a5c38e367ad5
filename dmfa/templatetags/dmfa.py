"""Template filters of the dmfa pages: annex code labels in the user's language."""

from django import template

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


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)
