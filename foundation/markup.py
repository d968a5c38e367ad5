"""Writing HTML values and attributes in Python exactly as Django's templates write them.

Used where markup that a template would write is written in Python for speed (the form renderer in
``portal.form_rendering``, the catalogue list in ``measures.catalogue_html``, the calculator's hire forms, result
sections and chart in ``measures.calculator``): one copy of the escaping rules, byte for byte those of the templates
(the callers' tests compare with the templates they replace).
"""

from __future__ import annotations

import html
from typing import Any

from django.conf import settings
from django.utils import formats
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape


def escaped(value: Any) -> str:
    """``{{ value }}`` under autoescape for a value the template would not localize (text, a formatted amount):
    ``conditional_escape(value)``, the same characters, without the lazy-text wrapper around it (a calculator page
    escapes some hundred thousand values)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def localized(value: Any) -> str:
    """``{{ value }}`` under autoescape for any value: localized as the template engine does (numbers, dates), then
    escaped; a string already marked safe stays as it is."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    if isinstance(value, str) and hasattr(value, "__html__"):
        return value
    return str(escape(formats.localize(value)))


def text(value: Any) -> str:
    """``{{ value|stringformat:'s' }}`` under autoescape (a value already marked safe stays as it is)."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return conditional_escape("%s" % (value,))  # noqa: UP031 - the filter's own formatting, tuples included


def attrs(attributes: dict[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``: True writes the bare name, False leaves the attribute out."""
    parts = []
    for name, value in attributes.items():
        if value is False:
            continue
        shown = conditional_escape(name)
        parts.append(f" {shown}" if value is True else f' {shown}="{text(value)}"')
    return "".join(parts)
