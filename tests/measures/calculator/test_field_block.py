"""``{% field_block %}`` writes exactly what ``measures/calculator/_field.html`` writes, for every field of a hire."""

from __future__ import annotations

from django.template.loader import render_to_string

import pytest

from measures.calculator.forms import HireForm, SeatChoice
from measures.templatetags.calculator_forms import field_block

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
def test_the_field_block_is_the_field_template_byte_for_byte(form):
    form.is_bound and form.is_valid()
    compared = 0
    for name in form.fields:
        expected = render_to_string("measures/calculator/_field.html", {"field": form[name]})
        assert field_block(form[name]) == expected, name
        compared += 1
    assert compared >= 15
    if form.is_bound and form.errors:
        assert any("has-errors" in field_block(form[name]) for name in form.errors)
