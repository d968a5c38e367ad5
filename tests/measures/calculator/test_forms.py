"""The calculator's forms: each bad input gets a clear message on its own field, what was typed is kept, and a valid
hire becomes the Hire value the engine takes."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal

from django import forms as django_forms
from django.utils import translation

import pytest

from measures.calculator.forms import (
    CalculationForm,
    ChoiceField,
    DateField,
    HireForm,
    HireFormSet,
    SeatChoice,
    hire_initial,
    seat_choices,
)
from measures.calculator.values import MAX_HIRES, Hire
from repertory.selectors import EmployerFacts, SeatFact
from tests.measures.calculator.conftest import hire_data

SEATS = [SeatChoice("2297964444", "BRU", "Brussels"), SeatChoice("2000000339", "VLG", "Gent")]


def hire_form(seats=(), **overrides) -> HireForm:
    data = {key.removeprefix("hire-0-"): value for key, value in hire_data(**overrides).items()}
    return HireForm(data, seats=seats)


def errors_of(form) -> dict[str, list[str]]:
    return {name: list(messages) for name, messages in form.errors.items()}


def formset(*hires: dict) -> HireFormSet:
    data = {"hire-TOTAL_FORMS": str(len(hires)), "hire-INITIAL_FORMS": "0"}
    for hire in hires:
        data.update(hire)
    return HireFormSet(data, prefix="hire")


def test_a_valid_hire_becomes_the_value_the_engine_takes():
    form = hire_form(label=" Sales assistant ", qualification="upper_secondary", joint_committee="200")
    assert form.is_valid(), form.errors
    assert form.hire == Hire(
        start_date=datetime.date(2025, 1, 1),
        birth_date=datetime.date(1995, 1, 1),
        work_fraction=Decimal(1),
        gross_monthly_wage=Decimal(2800),
        domicile_region="BRU",
        qualification="upper_secondary",
        joint_committee="200",
        label="Sales assistant",
    )


def test_hours_q_and_s_give_the_fraction_q_over_s_even_with_a_percentage():
    form = hire_form(work_percent="80", weekly_hours="19", reference_weekly_hours="38")
    assert form.is_valid(), form.errors
    assert form.hire.work_fraction == Decimal("0.5")
    assert (form.hire.weekly_hours, form.hire.reference_weekly_hours) == (Decimal(19), Decimal(38))


def test_a_percentage_alone_gives_the_fraction():
    form = hire_form(work_percent="80")
    assert form.is_valid()
    assert form.hire.work_fraction == Decimal("0.8")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"work_percent": "120"}, "work_percent", "cannot be above 100 %"),
        ({"work_percent": "0"}, "work_percent", "must be above 0 %"),
        ({"work_percent": ""}, "work_percent", "Give the working time in %, or the weekly hours Q and S."),
        ({"gross_monthly_wage": "-100"}, "gross_monthly_wage", "cannot be negative"),
        ({"gross_monthly_wage": "0"}, "gross_monthly_wage", "must be above 0"),
        ({"gross_monthly_wage": ""}, "gross_monthly_wage", "Give the gross monthly wage."),
        ({"birth_date": "2090-01-01"}, "birth_date", "The birth date is in the future."),
        ({"birth_date": "2025-06-01"}, "birth_date", "must come before the start date"),
        ({"birth_date": "2015-06-01"}, "birth_date", "younger than 15"),
        ({"start_date": "31/31/2025"}, "start_date", "Enter a valid date."),
        ({"start_date": ""}, "start_date", "Give the start date."),
        ({"jobseeker_since": "2025-03-01"}, "jobseeker_since", "must start before the start date"),
        ({"jobseeker_office": "Actiris"}, "jobseeker_since", "Give the date of the registration"),
        ({"contract": "fixed_term"}, "contract_months", "Give the length of the fixed-term contract"),
        ({"contract": "fixed_term", "contract_months": "0"}, "contract_months", "from 1 to 600"),
        ({"contract": "interim"}, "contract", "Select a valid choice."),
        ({"weekly_hours": "19"}, "reference_weekly_hours", "Give both weekly hours, Q and S, or neither."),
        ({"reference_weekly_hours": "38"}, "weekly_hours", "Give both weekly hours, Q and S, or neither."),
        ({"weekly_hours": "40", "reference_weekly_hours": "38"}, "weekly_hours", "cannot exceed"),
        ({"weekly_hours": "0", "reference_weekly_hours": "38"}, "weekly_hours", "must be above 0"),
        ({"domicile_region": ""}, "domicile_region", "Choose the region where the worker lives."),
        ({"domicile_region": "BE"}, "domicile_region", "Select a valid choice."),
        ({"qualification": "phd"}, "qualification", "Select a valid choice."),
        ({"hire_rank": "0"}, "hire_rank", "greater than or equal to 1"),
        ({"joint_committee": "20"}, "joint_committee", "three digits"),
        ({"operating_seat": "x|MARS"}, "operating_seat", "Choose one of the employer's operating seats."),
    ],
)
def test_each_bad_input_gets_a_message_on_its_field(overrides, field, message):
    form = hire_form(**overrides)
    assert not form.is_valid()
    assert any(message in text for text in form.errors.get(field, [])), errors_of(form)
    assert form.hire is None


def test_q_above_s_is_said_once():
    form = hire_form(weekly_hours="40", reference_weekly_hours="38")
    assert not form.is_valid()
    assert len(form.errors["weekly_hours"]) == 1
    assert "work_percent" not in form.errors


def test_several_problems_are_reported_at_once():
    form = hire_form(gross_monthly_wage="-5", birth_date="2025-06-01", work_percent="150")
    assert not form.is_valid()
    assert {"gross_monthly_wage", "birth_date", "work_percent"} <= set(form.errors)


def test_the_form_keeps_what_was_typed_on_errors():
    form = hire_form(gross_monthly_wage="-5", label="Chef", work_percent="150", joint_committee="302")
    assert not form.is_valid()
    html = form.as_div()
    assert form["gross_monthly_wage"].value() == "-5"
    assert 'value="Chef"' in html and 'value="150"' in html and 'value="302"' in html


def test_errors_are_linked_to_their_input():
    form = hire_form(gross_monthly_wage="-5")
    form.is_valid()
    html = str(form["gross_monthly_wage"])
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_gross_monthly_wage_helptext id_gross_monthly_wage_error"' in html


def test_every_field_explains_its_question():
    for form in (HireForm(), CalculationForm()):
        missing = [name for name, field in form.fields.items() if not field.help_text]
        assert missing == []


def test_messages_follow_the_users_language():
    with translation.override("nl"):
        form = hire_form(start_date="not a date")
        assert not form.is_valid()
        assert form.errors["start_date"] == ["Voer een geldige datum in."]


def test_the_seat_must_be_chosen_when_the_employer_has_several():
    form = hire_form(seats=SEATS)
    assert form.is_valid()
    form.check_seat(SEATS)
    assert form.errors["operating_seat"] == ["Choose the operating seat the worker is attached to."]
    assert form.hire is None


def test_a_seat_of_another_employer_is_refused_and_a_seat_of_this_one_taken():
    other = hire_form(seats=SEATS, operating_seat="2999999999|WAL")
    assert other.is_valid()
    other.check_seat(SEATS)
    assert other.errors["operating_seat"] == ["Choose one of the employer's operating seats."]
    own = hire_form(seats=SEATS, operating_seat="2000000339|VLG")
    assert own.is_valid()
    own.check_seat(SEATS)
    assert (own.hire.operating_seat, own.hire.seat_region) == ("2000000339", "VLG")


def test_a_single_seat_is_not_asked():
    assert not hire_form(seats=SEATS[:1]).asks_seat
    assert 'name="operating_seat"' in HireForm(seats=SEATS).as_div()


def test_seat_choices_from_the_facts_group_seats_and_mark_the_german_language_area():
    facts = EmployerFacts(
        repertory="RSZ",
        registration_number="145678964",
        enterprise_number="0845678959",
        category_codes=("011",),
        nace_codes=(),
        legal_form="017",
        natural_person=False,
        employer_type="private",
        importance_code=6,
        size_band="50-499",
        deletion_date=None,
        operating_seats=(
            SeatFact("", "4700", "WAL", True),
            SeatFact("", "4780", "WAL", True),
            SeatFact("2297964444", "1000", "BRU", False),
        ),
    )
    choices = seat_choices(facts)
    assert [choice.value for choice in choices] == ["|DG", "2297964444|BRU"]
    assert "4700, 4780" in choices[0].label and "2.297.964.444" in choices[1].label


def test_the_first_hire_is_required_and_later_empty_ones_are_ignored():
    empty_second = formset(hire_data(0), {"hire-1-work_percent": "100", "hire-1-contract": "open_ended"})
    assert empty_second.is_valid(), empty_second.errors
    assert len(empty_second.hires) == 1
    nothing = formset({"hire-0-work_percent": "100", "hire-0-contract": "open_ended"})
    assert not nothing.is_valid()
    assert "Give the start date." in nothing.forms[0].errors["start_date"]


def test_more_hires_than_the_maximum_is_a_form_error():
    too_many = formset(*(hire_data(index) for index in range(MAX_HIRES + 1)))
    assert not too_many.is_valid()
    assert too_many.non_form_errors() == [
        f"A calculation takes at most {MAX_HIRES} hires. Split them over several scenarios."
    ]


def test_an_absurd_number_of_hires_is_refused_without_building_every_form():
    data = {"hire-TOTAL_FORMS": "500", "hire-INITIAL_FORMS": "0"}
    absurd = HireFormSet(data, prefix="hire")
    assert not absurd.is_valid()
    assert len(absurd.forms) <= 200
    assert any("at most" in error for error in absurd.non_form_errors())


def test_a_broken_management_form_is_an_error_not_a_crash():
    broken = HireFormSet({"hire-TOTAL_FORMS": "many"}, prefix="hire")
    assert not broken.is_valid()
    assert broken.non_form_errors()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"employer": ""}, "employer"),
        ({"employer": "RSZ:" + "1" * 40}, "employer"),
        ({"horizon": "0"}, "horizon"),
        ({"horizon": "41"}, "horizon"),
        ({"on": "1990-01-01"}, "on"),
        ({"on": "tomorrow"}, "on"),
    ],
)
def test_the_calculation_form_refuses_bad_employer_keys_dates_and_horizons(data, field):
    form = CalculationForm({"employer": "RSZ:123456749", "on": "2025-01-01", "horizon": "8", **data})
    assert not form.is_valid()
    assert field in form.errors


@pytest.mark.parametrize("employer", ["RSZ:123456749", "1234567-49", "RSZ:12a", "nonsense"])
def test_any_employer_value_goes_on_to_the_gate(employer):
    """The list only helps choosing: the gate decides on (and logs) whatever was sent."""
    form = CalculationForm({"employer": f" {employer} ", "on": "2025-01-01", "horizon": "8"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["employer"] == employer


def test_the_calculation_form_defaults_to_today_and_eight_quarters():
    form = CalculationForm()
    assert form["on"].value() == datetime.date.today()
    assert form["horizon"].value() == 8


def test_a_saved_hire_fills_the_form_again_as_typed():
    hire = Hire(
        start_date=datetime.date(2025, 1, 1),
        birth_date=datetime.date(1995, 1, 1),
        work_fraction=Decimal("0.5"),
        gross_monthly_wage=Decimal("1400.00"),
        domicile_region="VLG",
        weekly_hours=Decimal(19),
        reference_weekly_hours=Decimal(38),
        operating_seat="2000000339",
        seat_region="VLG",
    )
    initial = hire_initial(hire)
    assert initial["work_percent"] is None and initial["weekly_hours"] == Decimal(19)
    assert initial["operating_seat"] == "2000000339|VLG"
    data = {
        key: ("" if value is None else str(value)) for key, value in initial.items() if key != "reduced_work_capacity"
    }
    form = HireForm(data, seats=SEATS)
    assert form.is_valid(), form.errors
    assert form.hire == hire


@pytest.mark.parametrize("language", ["nl", "fr", "de", "en"])
def test_a_date_reads_alike_with_iso_tried_first(language):
    samples = [
        "2025-03-14",
        " 2025-03-14 ",
        "14-03-2025",
        "14-03-25",
        "1-2-2025",
        "14/03/2025",
        "03/14/2025",
        "14/03/25",
        "2025/03/14",
        "14.03.2025",
        "14.03.25",
        "Mar 14 2025",
        "14 March 2025",
        "2025-02-30",
        "2025-13-01",
        "25-03-14",
        "",
        "tomorrow",
    ]

    def read(field, text):
        try:
            return field.clean(text)
        except django_forms.ValidationError as error:
            return [str(message) for message in error.messages]

    with translation.override(language):
        for text in samples:
            assert read(DateField(required=False), text) == read(django_forms.DateField(required=False), text), text
        assert DateField().clean("2025-03-14") == datetime.date(2025, 3, 14)


def test_each_form_has_its_own_list_of_choices_with_the_same_values():
    first, second = HireForm(), HireForm()
    for name in ("contract", "domicile_region", "jobseeker_office", "qualification"):
        assert first.fields[name].choices == second.fields[name].choices
        if name != "domicile_region":  # the regions are set by each form
            assert first.fields[name].choices == HireForm.base_fields[name].choices
        assert first.fields[name].choices is not second.fields[name].choices
        assert first.fields[name].widget.choices is not second.fields[name].widget.choices
    first.fields["contract"].choices = [("x", "y")]
    assert second.fields["contract"].choices == HireForm.base_fields["contract"].choices
    grouped = ChoiceField(choices=[("Group", [("a", "A")]), ("b", "B")])
    copied = copy.deepcopy(grouped)
    assert copied.choices == grouped.choices and copied.choices[0][1] is not grouped.choices[0][1]
