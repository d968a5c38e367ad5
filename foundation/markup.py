"""Writing HTML values and attributes in Python exactly as Django's widget templates write them.

Used where markup that a template would write is written in Python for speed (the form renderer in
``portal.form_rendering``, the calculator's hire forms in ``measures.calculator.form_html``): one copy of the escaping
rules, byte for byte those of the templates (the callers' tests compare with the templates they replace).
"""

from __future__ import annotations

from typing import Any

from django.utils.html import conditional_escape


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
