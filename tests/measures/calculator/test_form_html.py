"""The calculator page's hire forms are written in Python (``measures.calculator.form_html``) exactly as the page's
loop over the formset, which included ``_hire_fields.html`` for each form, wrote them: that loop and template are kept
in ``reference/hire_fields.html`` and both are rendered from the same formset, byte for byte."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from django.template import Context, Template
from django.template.loader import get_template
from django.utils import translation

import pytest

from measures.calculator.form_html import hire_rows
from measures.calculator.forms import HireFormSet, hire_initial
from tests.measures.calculator.conftest import make_hire
from tests.measures.calculator.test_field_block import HIRE, SEATS

REFERENCE = Path(__file__).parent / "reference" / "hire_fields.html"


def _post(hires: list[dict]) -> dict:
    data = {
        "hire-TOTAL_FORMS": str(len(hires)),
        "hire-INITIAL_FORMS": "0",
        "hire-MIN_NUM_FORMS": "1",
        "hire-MAX_NUM_FORMS": "50",
    }
    for index, hire in enumerate(hires):
        data.update({f"hire-{index}-{name}": value for name, value in hire.items()})
    return data


#: A valid hire, without a seat (each case gives its own).
VALID = {name: value for name, value in HIRE.items() if name not in ("operating_seat", "reduced_work_capacity")}
VALID["hire_rank"] = "2"


def _bound(seats, hires) -> HireFormSet:
    formset = HireFormSet(_post(hires), prefix="hire")
    formset.is_valid()
    formset.set_seats(seats)
    formset.check_seats(seats)
    return formset


def _cases():
    yield (
        "unbound, saved hires, several seats",
        lambda: HireFormSet(
            initial=[
                hire_initial(make_hire(label="A <b>", operating_seat="2123456789", seat_region="VLG", hire_rank=1)),
                hire_initial(
                    make_hire(
                        weekly_hours=Decimal("19"),
                        reference_weekly_hours=Decimal("38"),
                        reduced_work_capacity=True,
                        jobseeker_since=datetime.date(2023, 6, 1),
                        jobseeker_office="Actiris",
                        contract="fixed_term",
                        contract_months=12,
                        joint_committee="330.01",
                    )
                ),
            ],
            prefix="hire",
            seats=SEATS,
        ),
    )
    yield "unbound, one empty hire, one seat", lambda: HireFormSet(prefix="hire", seats=SEATS[:1])
    yield "bound, valid, one seat", lambda: _bound(SEATS[:1], [VALID, {**VALID, "reduced_work_capacity": "on"}])
    yield (
        "bound, with errors, several seats",
        lambda: _bound(
            SEATS,
            [
                {**VALID, "start_date": "not a date", "work_percent": "-1", "operating_seat": "999|BRU"},
                {**VALID, "jobseeker_office": "VDAB", "weekly_hours": "20", "gross_monthly_wage": ""},
                {**VALID, "operating_seat": SEATS[1].value, "contract": "nonsense", "domicile_region": "XX"},
            ],
        ),
    )


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("case", list(_cases()), ids=lambda case: case[0])
def test_the_hire_forms_in_python_are_the_templates_byte_for_byte(case, language):
    with translation.override(language):
        formset = case[1]()
        forms = formset.forms
        forms[-1].fields["label"].widget.attrs["autofocus"] = True  # as after "add another hire"
        if formset.is_bound and len(forms) > 1:
            forms[0].add_error(None, "Something <wrong> & more")
        expected = Template(REFERENCE.read_text(encoding="utf-8")).render(Context({"formset": formset}))
        written = hire_rows(forms, len(forms))
    assert "  " + written + "\n" == expected  # the page's line: "  {{ hire_rows }}" where the loop was
    assert written.count('<fieldset class="calc-hire"') == len(forms)


def test_the_page_template_writes_the_rows_where_the_loop_was():
    source = get_template("measures/calculator/calculator.html").template.source
    assert "{{ hire_rows }}" in source and "_hire_fields.html" not in source


def test_every_hire_field_is_written_here_not_left_to_django():
    from measures.calculator.form_html import PageFields

    formset = _bound(SEATS, [VALID, {**VALID, "start_date": "x", "reduced_work_capacity": "on"}])
    page = PageFields()
    written = [
        name
        for form in formset.forms
        for name in form.fields
        if page.widget(form[name], bool(form[name].help_text), form[name].errors) is not None
    ]
    assert len(written) == sum(len(form.fields) for form in formset.forms)
