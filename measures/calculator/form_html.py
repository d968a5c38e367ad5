"""The hire forms of the calculator page, written in Python with the very markup of ``_hire_fields.html`` and of the
form renderer (``portal.form_rendering``): a page of 50 hires lays out 50 times the same 17 fields, whose labels,
help texts, fixed widget attributes and select options are the same in every form; they are translated and escaped
once per page here, and only what differs (names, ids, values, errors) is written for each form.

``reference/hire_fields.html`` in the tests keeps the loop of the page template this replaces; a test renders both,
byte for byte. A widget this module does not know is rendered by Django as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.forms import widgets
from django.forms.utils import ErrorList
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from foundation.markup import attrs as _attrs
from foundation.markup import escaped as _escape
from foundation.markup import text as _text
from measures.calculator.forms import HireForm, Select

#: Widgets written here besides a plain ``<select>``: an ``<input>`` whose template is nothing but ``input.html`` and
#: whose context is Django's own (a subclass that only sets its type or format, like the calculator's date input).
_INPUT_TEMPLATES = frozenset(f"django/forms/widgets/{name}.html" for name in ("text", "number", "date", "checkbox"))
_INPUT_CONTEXTS = (widgets.Input.get_context, widgets.CheckboxInput.get_context)

#: The fields of ``_hire_fields.html`` by place: the job's grid, then the worker's.
JOB_FIELDS = (
    "start_date",
    "gross_monthly_wage",
    "work_percent",
    "weekly_hours",
    "reference_weekly_hours",
    "contract",
    "contract_months",
    "operating_seat",
    "joint_committee",
    "hire_rank",
)
WORKER_FIELDS = ("birth_date", "domicile_region", "jobseeker_since", "jobseeker_office", "qualification")


@dataclass
class PageFields:
    """What the hire forms of one page share: per field its escaped label and help text, its fixed attributes and
    its options, written once."""

    words: dict[tuple[str, int, int], tuple[str, str]] = field(default_factory=dict)
    attributes: dict[tuple, str] = field(default_factory=dict)
    options: dict[tuple, list[tuple[str, str, str]]] = field(default_factory=dict)
    kept: list[list] = field(default_factory=list)

    def field_group(self, bound: forms.BoundField) -> str:
        """``{{ bound.as_field_group }}``: the markup of ``portal.form_rendering.field_group``, with the label and
        the help text escaped once per page."""
        key = (bound.name, id(bound.label), id(bound.help_text))  # the forms share them (a lazy text copies as itself)
        if key not in self.words:
            self.kept.append([bound.label, bound.help_text])
            help_text = bound.help_text
            self.words[key] = (
                _escape(bound.label),
                _escape(help_text) if help_text else "",
            )
        label, help_text = self.words[key]
        errors = bound.errors
        widget = self.widget(bound, bool(help_text), errors)
        if widget is None:
            return str(bound.as_field_group())
        anchor = _escape(bound.auto_id)
        checkbox = bound.widget_type == "checkbox"
        classes = "field" + (" has-errors" if errors else "") + (" field-checkbox" if checkbox else "")
        label = f'<label for="{anchor}">{label}</label>'
        inner = f"\n    {widget} {label}\n  " if checkbox else f"\n    {label}\n    {widget}\n  "
        error_list = ""
        if errors:
            items = "".join(f"<li>{_escape(error)}</li>" for error in errors)
            error_list = f'<ul class="errorlist" id="{anchor}_error">{items}</ul>'
        if help_text:
            help_text = f'<p class="help" id="{anchor}_helptext">{help_text}</p>'
        return f'<div class="{classes}">\n  {inner}\n  {error_list}\n  {help_text}\n</div>'

    def widget(self, bound: forms.BoundField, helped: bool, errors: ErrorList) -> str | None:
        """``str(bound)`` for the widgets written here (``helped``: the field has a help text), None for any other
        (Django renders it)."""
        widget = bound.field.widget
        auto_id = bound.auto_id
        if bound.field.localize or bound.field.disabled or widget.is_hidden or widget.use_fieldset or not auto_id:
            return None
        if not {"id", "aria-describedby", "aria-invalid", "required", "checked"}.isdisjoint(widget.attrs):
            return None  # an attribute of the widget itself would change places: Django writes it
        # The attributes Django adds, in its order (no key of the widget's own: checked above), as the form renderer
        # writes them.
        required = (
            bound.form.use_required_attribute and bound.field.required and widget.use_required_attribute(bound.initial)
        )
        described = ([f"{auto_id}_helptext"] if helped else []) + ([f"{auto_id}_error"] if errors else [])
        added = (
            (" required" if required else "")
            + (' aria-invalid="true"' if errors else "")
            + (f' aria-describedby="{_escape(" ".join(described))}"' if described else "")
            + f' id="{_escape(auto_id)}"'
        )
        value = bound.value()
        fixed = self._fixed(bound.name, widget)
        if type(widget) in (forms.Select, Select):
            return self._select(bound.html_name, widget, value, fixed + added)
        if widget.template_name in _INPUT_TEMPLATES and type(widget).get_context in _INPUT_CONTEXTS:
            if isinstance(widget, forms.CheckboxInput) and widget.check_test(value):
                added += " checked"
            shown = widget.format_value(value)
            written = "" if shown is None else f' value="{_text(shown)}"'
            return (
                f'<input type="{_escape(widget.input_type)}" name="{_escape(bound.html_name)}"{written}{fixed}{added}>'
            )
        return None

    def _fixed(self, name: str, widget: forms.Widget) -> str:
        """The widget's own attributes (maxlength, step, min...), the same in every form."""
        key = (name, tuple(widget.attrs.items()))
        if key not in self.attributes:
            self.attributes[key] = _attrs(widget.attrs)
        return self.attributes[key]

    def _select(self, html_name: str, widget: forms.Select, value: Any, attributes: str) -> str | None:
        choices = list(widget.choices)
        if widget.allow_multiple_selected or any(isinstance(label, list | tuple) for _value, label in choices):
            return None
        # The forms share their choices' labels (a lazy translation is copied as itself): known by identity.
        key = (html_name.rsplit("-", 1)[-1], tuple((option, id(label)) for option, label in choices))
        if key not in self.options:
            self.kept.append(choices)  # alive while the page is written, so no other label takes their ids
            self.options[key] = [
                (
                    str("" if option is None else option),
                    f'\n  <option value="{_text("" if option is None else option)}">{_escape(label)}</option>\n',
                    f'\n  <option value="{_text("" if option is None else option)}" selected>'
                    f"{_escape(label)}</option>\n",
                )
                for option, label in choices
            ]
        chosen = widget.format_value(value)
        parts = [f'<select name="{_escape(html_name)}"{attributes}>']
        selected = False
        for option, plain, marked in self.options[key]:
            if not selected and option in chosen:
                selected = True
                parts.append(marked)
            else:
                parts.append(plain)
        parts.append("\n</select>")
        return "".join(parts)


def _hire_fields(form: HireForm, number: int, index: int, removable: bool, page: PageFields) -> str:
    """What ``_hire_fields.html`` wrote for one hire form."""
    label = form["label"].value()
    legend = gettext("Hire %(number)s") % {"number": number}
    if label:
        legend += f": {_text(label)}"
    errors = form.non_field_errors()
    error_list = (
        f'<ul class="errorlist" id="{_escape(form.prefix)}-errors">'
        + "".join(f"<li>{_escape(error)}</li>" for error in errors)
        + "</ul>"
        if errors
        else ""
    )
    job = "\n".join(
        f"      {page.field_group(form[name])}" if name != "operating_seat" or form.asks_seat else "      "
        for name in JOB_FIELDS
    )
    worker = "\n".join(f"      {page.field_group(form[name])}" for name in WORKER_FIELDS)
    remove = (
        f'<p><button type="submit" name="action" value="remove-{index}" class="secondary">'
        f"{gettext('Remove hire %(number)s') % {'number': number}}</button></p>"
        if removable
        else ""
    )
    return (
        f'<fieldset class="calc-hire" id="hire-{number}">\n'
        f"  <legend>{legend}</legend>\n"
        f"  {error_list}\n"
        f"  {page.field_group(form['label'])}\n"
        '  <fieldset class="calc-group">\n'
        f"    <legend>{gettext('The job')}</legend>\n"
        '    <div class="calc-grid">\n'
        f"{job}\n"
        "    </div>\n"
        "  </fieldset>\n"
        '  <fieldset class="calc-group">\n'
        f"    <legend>{gettext('The worker')}</legend>\n"
        '    <div class="calc-grid">\n'
        f"{worker}\n"
        f"      {page.field_group(form['reduced_work_capacity'])}\n"
        "    </div>\n"
        "  </fieldset>\n"
        f"  {remove}\n"
        "</fieldset>\n"
    )


def hire_rows(forms_: Iterable[HireForm], count: int) -> SafeString:
    """Every hire form of the page, as the page's loop over the formset wrote them (``count``: the forms there are,
    a hire may be removed when there is more than one)."""
    page = PageFields()
    return mark_safe(  # noqa: S308 - every value is escaped, the markup is ours or the form renderer's
        "".join(
            f"\n    {_hire_fields(form, number, number - 1, count - 1 > 0, page)}\n  "
            for number, form in enumerate(forms_, start=1)
        )
    )
