"""The calculator's field block (label, widget, errors, help) written in Python.

The 50-hire calculator page shows about 800 fields; through ``{% include "measures/calculator/_field.html" %}`` each
was a template render of its own, about a third of the page's render time in the profile. ``{% field_block field %}``
writes the same markup as that template (``tests/measures/calculator/test_field_block.py`` compares them byte for
byte); the template stays the reference and serves the page's few other fields.
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def field_block(field) -> SafeString:
    errors = field.errors
    checkbox = field.widget_type == "checkbox"
    classes = "field" + (" has-errors" if errors else "") + (" field-checkbox" if checkbox else "")
    label = format_html('<label for="{}">{}</label>', field.id_for_label, field.label)
    widget = conditional_escape(str(field))
    inner = f"\n    {widget} {label}\n  " if checkbox else f"\n    {label}\n    {widget}\n  "
    error_list = ""
    if errors:
        items = "".join(f"<li>{conditional_escape(error)}</li>" for error in errors)
        error_list = f'<ul class="errorlist" id="{conditional_escape(field.auto_id)}_error">{items}</ul>'
    help_text = ""
    if field.help_text:
        anchor = conditional_escape(field.auto_id)
        help_text = f'<p class="help" id="{anchor}_helptext">{conditional_escape(field.help_text)}</p>'
    return mark_safe(f'<div class="{classes}">\n  {inner}\n  {error_list}\n  {help_text}\n</div>\n')  # noqa: S308
