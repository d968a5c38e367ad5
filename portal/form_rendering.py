"""A form renderer that writes the common widgets in Python, with the very markup of Django's widget templates.

Django renders every widget through the template engine: an input is two templates (``text.html`` includes
``input.html``, which includes ``attrs.html``), a select one template plus two per option. A page with many forms
(the calculator shows up to 50 hires of 16 fields each) spent most of its time there. The output is byte for byte the
one of :class:`~django.forms.renderers.DjangoTemplates` (tests compare them); any other template (a form's own
layout, a widget this module does not know) still goes through the engine.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from foundation.markup import attrs as _attrs
from foundation.markup import text as _text

#: Widget templates that are nothing but ``input.html`` included once.
_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)
_SELECT_TEMPLATE = "django/forms/widgets/select.html"
_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>\n"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != _OPTION_TEMPLATE:
                return None  # a widget with its own option template: the engine renders it
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def field_group(field) -> SafeString:
    """What ``foundation/field.html`` writes for a bound field (label, widget, errors, help), in Python: a page of
    50 hires lays out about 800 fields, and a template render each was a third of its render time."""
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


class PythonWidgetRenderer(DjangoTemplates):
    """Renders inputs and selects in Python; everything else as Django's own renderer does (output stripped).

    Every field of every app is laid out by one template (``{{ field.as_field_group }}``):
    ``foundation/templates/foundation/field.html``.
    """

    field_template_name = "foundation/field.html"

    def render(self, template_name, context, request=None):
        if template_name == self.field_template_name and isinstance(context, dict) and "field" in context:
            return field_group(context["field"]).strip()
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            if template_name in _INPUT_TEMPLATES:
                return _input(widget)
            if template_name == _SELECT_TEMPLATE:
                html = _select(widget)
                if html is not None:
                    return html
        return super().render(template_name, context, request=request)
