"""The Python widget renderer writes exactly what Django's widget templates write."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

import pytest

from measures.calculator.forms import CalculationForm, HireForm, SeatChoice
from measures.forms import CatalogueFilterForm
from portal.form_rendering import PythonWidgetRenderer

SEATS = [SeatChoice("2297964444", "BRU", "2.297.964.444 · 1000 (Brussels)"), SeatChoice("2123456789", "VLG", "A & B")]


class Everything(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"placeholder": 'say "hi" & <go>', "data-x": True}))
    number = forms.DecimalField(widget=forms.NumberInput(attrs={"step": "any", "hidden": False}))
    email = forms.EmailField()
    url = forms.URLField(assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    when = forms.DateField(widget=forms.DateInput(format="%d/%m/%Y"))
    at = forms.DateTimeField()
    time = forms.TimeField()
    tick = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=[("", "---"), ("a", "A <1>"), (1, mark_safe("<b>one</b>"))])
    grouped = forms.ChoiceField(choices=[("Fruit", [("apple", "Apple"), ("pear", "Pear")]), ("x", "X")])
    several = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")])
    nullable = forms.NullBooleanField()
    radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)  # not handled: the engine renders it


DATA = {
    "text": "<script>",
    "number": "1.50",
    "email": "a@b",
    "url": "x",
    "password": "p&w",
    "hidden": '"',
    "when": "2025-01-01",
    "at": "2025-01-01 10:00",
    "time": "10:00",
    "tick": "on",
    "choice": "1",
    "grouped": "pear",
    "several": ["a", "b"],
    "nullable": "true",
    "radio": "a",
}


def _forms():
    hire_data = {
        "label": "Sales & <co>",
        "start_date": "2025-01-01",
        "birth_date": "1995-03-14",
        "work_percent": "100",
        "gross_monthly_wage": "2800",
        "contract": "open_ended",
        "domicile_region": "BRU",
        "qualification": "higher",
        "operating_seat": SEATS[1].value,
        "reduced_work_capacity": "on",
    }
    yield Everything()
    yield Everything(DATA)
    yield Everything({"number": "x", "several": ["c"]})
    yield HireForm(seats=SEATS)
    yield HireForm(hire_data, seats=SEATS)
    yield HireForm({**hire_data, "start_date": "not a date", "work_percent": "-1"}, seats=SEATS)
    yield CalculationForm(initial={"on": datetime.date(2025, 1, 1), "horizon": Decimal(8)})
    yield CatalogueFilterForm({"level": ["federal", "flemish"], "age": "58", "q": "<x>"})


@pytest.mark.parametrize("form", list(_forms()), ids=lambda form: type(form).__name__)
def test_every_widget_renders_as_with_the_templates(form):
    python, templates = PythonWidgetRenderer(), DjangoTemplates()
    form.is_bound and form.is_valid()
    for name in form.fields:
        form.renderer = templates
        expected = str(form[name])
        form.renderer = python
        assert str(form[name]) == expected, name
    assert "<select" in expected or "<input" in expected or "<textarea" in expected


def test_the_project_renders_forms_in_python(settings):
    from django.forms.renderers import get_default_renderer

    assert settings.FORM_RENDERER == "portal.form_rendering.PythonWidgetRenderer"
    assert isinstance(get_default_renderer(), PythonWidgetRenderer)
