"""The form renderer writes a field group in Python exactly as ``foundation/field.html`` does, for every hire field."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates

import pytest

from measures.calculator.forms import HireForm, SeatChoice
from portal.form_rendering import PythonWidgetRenderer

SEATS = [SeatChoice("2297964444", "BRU", "2.297.964.444 · 1000 (Brussels)"), SeatChoice("2123456789", "VLG", "A & B")]
HIRE = {
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


@pytest.mark.parametrize(
    "form",
    [
        HireForm(seats=SEATS, prefix="hire-0"),
        HireForm(HIRE, seats=SEATS),
        HireForm({**HIRE, "start_date": "not a date", "work_percent": "-1", "label": "<b>"}, seats=SEATS),
    ],
    ids=["empty", "valid", "with errors"],
)
def test_the_field_group_in_python_is_the_field_template_byte_for_byte(form):
    form.is_bound and form.is_valid()
    python, template = PythonWidgetRenderer(), DjangoTemplates()
    compared = 0
    for name in form.fields:
        field = form[name]
        expected = template.render(python.field_template_name, {"field": field})
        written = python.render(python.field_template_name, {"field": field})
        assert written == expected, name
        compared += 1
    assert compared >= 15
    if form.is_bound and form.errors:
        assert any("has-errors" in python.render(python.field_template_name, {"field": form[n]}) for n in form.errors)
