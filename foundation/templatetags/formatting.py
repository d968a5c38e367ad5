"""Template filters that write values one way on every page: ``{% load formatting %}`` then ``{{ x|money }}``.

Each filter calls ``foundation.formatting`` with the active language, so a page, its PDF and its CSV agree.
"""

from __future__ import annotations

from datetime import date

from django import template

from foundation import formatting
from foundation.formatting import Number

register = template.Library()


@register.filter
def money(value: Number | None, decimals: int | str = 2) -> str:
    """{{ total|money }} -> "€ 5.165,63" (nl); {{ total|money:0 }} -> "€ 5.166"."""
    return formatting.money(value, int(decimals))


@register.filter
def number(value: Number | None, decimals: int | str | None = None) -> str:
    """{{ fte|number:4 }} -> "0,8000"; {{ days|number }} -> "1.312"."""
    return formatting.number(value, None if decimals is None or decimals == "" else int(decimals))


@register.filter
def percent(value: Number | None, decimals: int | str = 2) -> str:
    """{{ rate|percent }}: a fraction (0.25) as "25,00 %"."""
    return formatting.percent(value, int(decimals))


@register.filter
def date_words(value: date | None) -> str:
    """{{ day|date_words }} -> "31 januari 2026"."""
    return formatting.date_words(value)


@register.filter
def enterprise_number(value: object) -> str:
    """{{ employer.enterprise_number|enterprise_number }} -> "0812.345.603"."""
    return formatting.enterprise_number(value)


@register.filter
def establishment_number(value: object) -> str:
    return formatting.establishment_number(value)


@register.filter
def registration_number(value: object, repertory: str = "RSZ") -> str:
    """{{ number|registration_number:repertory }} -> "1234567-49"."""
    return formatting.registration_number(value, repertory or "RSZ")


@register.filter
def institution(code: object) -> str:
    """{{ "RSZ"|institution }} -> "ONSS" on a French page."""
    return formatting.institution(code)


@register.filter
def institutions(text: object) -> str:
    """{{ measure.institution|institutions }}: "RSZ/ONSS" -> "ONSS" on a French page, other text as written."""
    return formatting.institutions_in_text(text)


@register.filter
def with_code(label: object, code: object) -> str:
    """{{ label|with_code:code }} -> "België (150)"."""
    return formatting.code_with_label(code, label)
