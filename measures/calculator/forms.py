"""Forms of the benefit calculator: the employer, rules date and horizon, one form per hire, and the scenario name.

The forms only check types and ranges a user can fix; the shared domain checks are
:func:`measures.calculator.values.hire_problems`, attached here to the field they concern.
"""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from foundation.formatting import establishment_number
from measures import constants
from measures.calculator.values import (
    DEFAULT_HORIZON,
    MAX_HIRES,
    MAX_HORIZON,
    Contract,
    Hire,
    hire_problems,
)

#: A posted form field per hire costs one of Django's DATA_UPLOAD_MAX_NUMBER_FIELDS; more forms than this are not built.
ABSOLUTE_MAX_HIRES = 200

JOBSEEKER_OFFICES = [
    ("VDAB", "VDAB"),
    ("Actiris", "Actiris"),
    ("Forem", "Forem"),
    ("ADG", "ADG"),
]

#: Field of hire_problems() -> field of the hire form, where the names differ.
PROBLEM_FIELDS = {"work_fraction": "work_percent"}


ISO_DATE = "%Y-%m-%d"


def _iso_first() -> list[str]:
    """The language's date input formats with ISO 8601 first: the date picker sends ISO, which Django tries last, so
    every date first failed the local formats. No local format reads a date that ISO reads (a four-digit year
    first), so a date is read alike, only sooner."""
    return [ISO_DATE, *(item for item in formats.get_format("DATE_INPUT_FORMATS") if item != ISO_DATE)]


DATE_INPUT_FORMATS = lazy(_iso_first, list)()


class DateField(forms.DateField):
    """A date field that tries ISO 8601 first (``DATE_INPUT_FORMATS``)."""

    input_formats = DATE_INPUT_FORMATS


class Select(forms.Select):
    """A select whose copy in each form takes its choices as they are: Django sets them again on every copy, which
    normalises the already normalised list (a third of the time a hire form took to build). Flat choices only."""

    def __deepcopy__(self, memo):
        if any(isinstance(label, list | tuple) for _value, label in self._choices):
            return super().__deepcopy__(memo)  # groups: Django's own copy
        copied = copy.copy(self)
        copied.attrs = self.attrs.copy()
        copied._choices = list(self._choices)
        memo[id(self)] = copied
        return copied


class ChoiceField(forms.ChoiceField):
    """A choice field whose copy in each form shares the tuples of its choices.

    Django deep-copies the choices for every form, which for flat choices of strings and lazy texts gives back the
    very same tuples (a deep copy of a tuple of immutable values is the tuple itself), at the cost of a deep copy
    per value and label: a page of 50 hires made some 20,000 of them. Grouped or callable choices keep Django's copy.
    """

    widget = Select

    def __deepcopy__(self, memo):
        choices = self._choices
        if not isinstance(choices, list) or any(isinstance(label, list | tuple) for _value, label in choices):
            return super().__deepcopy__(memo)
        result = forms.Field.__deepcopy__(self, memo)
        result._choices = list(choices)
        return result


class DateInput(forms.DateInput):
    """A native date picker; the value is sent as ISO 8601 whatever the browser's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _number(step: str, **attrs) -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": step, "inputmode": "decimal", **attrs})


@dataclass(frozen=True)
class SeatChoice:
    """An operating seat as the hire form offers it: what the engine needs (number, region) and a label."""

    establishment_number: str
    region: str
    label: str

    @property
    def value(self) -> str:
        return f"{self.establishment_number}|{self.region}"


def seat_choices(facts) -> list[SeatChoice]:
    """The employer's operating seats (repertory facts) as choices, one per establishment number and region."""
    regions = dict(constants.Region.choices)
    grouped: dict[tuple[str, str], list[str]] = {}
    for seat in facts.operating_seats:
        region = constants.Region.DG.value if seat.german_language_area else seat.region
        grouped.setdefault((seat.establishment_number, region), []).append(seat.postcode)
    choices = []
    for (number, region), postcodes in grouped.items():
        shown = establishment_number(number)
        where = ", ".join(code for code in postcodes if code)
        parts = [part for part in (shown, where) if part]
        choices.append(SeatChoice(number, region, f"{' · '.join(parts)} ({regions.get(region, region)})"))
    return choices


class CalculationForm(forms.Form):
    """Whose hires, which rules, how far ahead; and the name under which to save them."""

    employer = forms.CharField(
        label=_("Employer you act for"),
        help_text=_(
            "The employers you own or hold a valid mandate for. Its data in the employer repertory (category, NACE "
            "codes, operating seats) is read for the calculation, and the reading is logged."
        ),
        widget=forms.Select,
        max_length=40,
        error_messages={"required": _("Choose the employer you act for.")},
    )
    on = DateField(
        label=_("Date of the rules"),
        help_text=_(
            "The calculation uses the rules in force on this date: for a hire made in 2023, choose a date in 2023. "
            "Today by default."
        ),
        widget=DateInput,
    )
    horizon = forms.IntegerField(
        label=_("Horizon in quarters"),
        help_text=format_lazy(
            _(
                "How many quarters to calculate, from the quarter of each hire (1 to {max}). Measures without an end "
                "date are shown over this horizon only."
            ),
            max=MAX_HORIZON,
        ),
        min_value=1,
        max_value=MAX_HORIZON,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_HORIZON, "step": 1}),
    )
    rules = ChoiceField(
        label=_("Rules"),
        help_text=_(
            "The rules in force by default. Announced changes (decided or drafted, not yet law) can be included: the "
            "result then says which ones it used and how much they change the total."
        ),
        choices=constants.RulesMode.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Name of the scenario"),
        help_text=_("To find it again in your scenarios, for example 'Two sales assistants in 2025'."),
        max_length=120,
        required=False,
    )

    def __init__(self, *args, choices: Sequence = (), **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {
            "on": timezone.localdate(),
            "horizon": DEFAULT_HORIZON,
            "rules": constants.RulesMode.IN_FORCE,
            **kwargs["initial"],
        }
        super().__init__(*args, **kwargs)
        options, seen = [("", _("Choose an employer"))], set()
        for choice in choices:
            if choice.key not in seen:
                seen.add(choice.key)
                options.append((choice.key, choice.label))
        self.fields["employer"].widget.choices = options

    def clean_rules(self) -> str:
        return self.cleaned_data.get("rules") or constants.RulesMode.IN_FORCE

    def clean_employer(self) -> str:
        # Whatever was sent goes on to the authz gate, which decides and logs (a value not in the list is an attempt
        # the log must show); the list only helps choosing.
        return self.cleaned_data["employer"].strip()

    def clean_on(self) -> datetime.date:
        value = self.cleaned_data["on"]
        if not 2000 <= value.year <= timezone.localdate().year + 10:
            raise forms.ValidationError(_("The date of the rules must lie between 2000 and ten years from now."))
        return value

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())


class HireForm(forms.Form):
    """One planned or actual hire: what the measures ask about the job and the worker."""

    label = forms.CharField(
        label=_("Reference (optional)"),
        help_text=_(
            "Only to recognise the hire in the result, for example 'Sales assistant'. You need not type the worker's "
            "name."
        ),
        max_length=80,
        required=False,
    )
    start_date = DateField(
        label=_("Start date"),
        help_text=_("The first day of work, planned or actual. The quarter it falls in is the first one calculated."),
        widget=DateInput,
        error_messages={"required": _("Give the start date.")},
    )
    birth_date = DateField(
        label=_("Birth date of the worker"),
        help_text=_("Many measures depend on the worker's age (for example under 26, or 55 and older)."),
        widget=DateInput,
        error_messages={"required": _("Give the worker's birth date.")},
    )
    work_percent = forms.DecimalField(
        label=_("Working time, in % of full time"),
        help_text=_(
            "100 for full time, 50 for half time. You may give the weekly hours Q and S below instead: when both are "
            "given, the working-time fraction is Q/S."
        ),
        max_digits=7,
        decimal_places=3,
        required=False,
        widget=_number("any", min="0", max="100"),
    )
    weekly_hours = forms.DecimalField(
        label=_("Weekly hours of the worker (Q, optional)"),
        help_text=_("The mean number of hours a week the worker works under the contract, for example 30.4."),
        max_digits=6,
        decimal_places=2,
        required=False,
        widget=_number("any", min="0"),
    )
    reference_weekly_hours = forms.DecimalField(
        label=_("Weekly hours of a full-time worker (S, optional)"),
        help_text=_(
            "The mean number of hours a week of a full-time worker in the same job (the reference person), for "
            "example 38."
        ),
        max_digits=6,
        decimal_places=2,
        required=False,
        widget=_number("any", min="0"),
    )
    gross_monthly_wage = forms.DecimalField(
        label=_("Gross monthly wage (EUR)"),
        help_text=_(
            "The gross wage actually paid per month for this working time, before the worker's social-security "
            "contributions and withholding tax. Wage ceilings of the measures are checked against it."
        ),
        max_digits=12,
        decimal_places=2,
        widget=_number("0.01", min="0"),
        error_messages={"required": _("Give the gross monthly wage.")},
    )
    contract = ChoiceField(
        label=_("Contract"),
        help_text=_("Some measures require an open-ended contract or a minimum length."),
        choices=[(Contract.OPEN_ENDED, _("Open-ended")), (Contract.FIXED_TERM, _("Fixed-term"))],
        initial=Contract.OPEN_ENDED,
    )
    contract_months = forms.IntegerField(
        label=_("Length of a fixed-term contract, in months"),
        help_text=_("Only for a fixed-term contract. The calculation stops when the contract ends."),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1, "max": 600, "step": 1}),
    )
    domicile_region = ChoiceField(
        label=_("Region where the worker lives"),
        help_text=_(
            "Activation allowances (activa.brussels, Impulsion, AktiF) depend on the worker's domicile, not on the "
            "operating seat."
        ),
        error_messages={"required": _("Choose the region where the worker lives.")},
    )
    jobseeker_since = DateField(
        label=_("Registered as a job seeker since (optional)"),
        help_text=_(
            "The date the worker's current registration as an unemployed job seeker began. Leave empty if the worker "
            "was not registered."
        ),
        required=False,
        widget=DateInput,
    )
    jobseeker_office = ChoiceField(
        label=_("Employment office of that registration"),
        help_text=_("The regional employment office the worker is registered with."),
        choices=[("", _("Not registered / not known")), *JOBSEEKER_OFFICES],
        required=False,
    )
    qualification = ChoiceField(
        label=_("Highest diploma"),
        help_text=_(
            "Some measures are open only to workers without a diploma of upper secondary education (low-qualified)."
        ),
        choices=[("", _("Not known")), *constants.Qualification.choices],
        required=False,
    )
    reduced_work_capacity = forms.BooleanField(
        label=_("Reduced work capacity"),
        help_text=_(
            "Tick if the worker has a recognised reduced work capacity (a recognised disability or incapacity for "
            "work). Some measures require it."
        ),
        required=False,
    )
    operating_seat = forms.CharField(
        label=_("Operating seat the worker is attached to"),
        help_text=_(
            "Contribution reductions depend on the region of the operating seat (establishment unit) where the worker "
            "works."
        ),
        required=False,
        widget=Select,
    )
    joint_committee = forms.CharField(
        label=_("Joint committee (optional)"),
        help_text=_("The joint committee (paritair comité) of the job, for example 200 or 330.01."),
        max_length=6,
        required=False,
        validators=[
            RegexValidator(
                r"^[0-9]{3}(\.[0-9]{1,2})?$", _("Write the joint committee as three digits, like 200 or 330.01.")
            )
        ],
    )
    hire_rank = forms.IntegerField(
        label=_("Rank of this hire (optional)"),
        help_text=_(
            "1 if this is the employer's first worker ever, 2 for the second, and so on. 'First' means the employer "
            "had no staff subject to social security in the 12 months before this hire; the first-hire reduction "
            "depends on it. Leave empty when the employer already has more workers."
        ),
        required=False,
        min_value=1,
        max_value=999,
        widget=forms.NumberInput(attrs={"min": 1, "max": 999, "step": 1}),
    )

    def __init__(self, *args, seats: Sequence[SeatChoice] = (), **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"work_percent": Decimal(100), "contract": Contract.OPEN_ENDED, **kwargs["initial"]}
        super().__init__(*args, **kwargs)
        self.fields["domicile_region"].choices = [
            ("", _("Choose a region")),
            *((str(region.value), region.label) for region in constants.LOCAL_REGIONS),
        ]
        self.set_seats(seats)
        self.hire: Hire | None = None

    def set_seats(self, seats: Sequence[SeatChoice]) -> None:
        """Offer the employer's operating seats (known once the gate disclosed its facts)."""
        self.seats = list(seats)
        self.fields["operating_seat"].widget.choices = [
            ("", _("Choose an operating seat")),
            *((seat.value, seat.label) for seat in self.seats),
        ]

    @property
    def asks_seat(self) -> bool:
        """The seat matters only when the employer has several of them."""
        return len(self.seats) > 1

    def clean_work_percent(self):
        value = self.cleaned_data["work_percent"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("The working time must be above 0 %."), code="min")
        if value is not None and value > 100:
            raise forms.ValidationError(_("The working time cannot be above 100 % (full time)."), code="max")
        return value

    def clean_gross_monthly_wage(self):
        value = self.cleaned_data["gross_monthly_wage"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("The gross monthly wage cannot be negative."), code="negative")
        return value

    def clean_operating_seat(self) -> str:
        value = self.cleaned_data["operating_seat"]
        if value and not re.fullmatch(r"[0-9]{0,10}\|(VLG|WAL|BRU|DG)", value):
            raise forms.ValidationError(_("Choose one of the employer's operating seats."), code="invalid")
        return value

    def clean(self):
        data = super().clean()
        if "start_date" not in data or "birth_date" not in data:
            return data  # the domain checks compare these two dates: fix them first
        failed = set(self.errors)
        fraction = self._work_fraction(data)
        if fraction is None:
            failed.add("work_percent")
        number, _sep, region = (data.get("operating_seat") or "").partition("|")
        fixed_term = data.get("contract") == Contract.FIXED_TERM
        # Fields that failed their own checks get a harmless stand-in, so the other fields are checked at once.
        hire = Hire(
            start_date=data["start_date"],
            birth_date=data["birth_date"],
            work_fraction=fraction if fraction is not None else Decimal(1),
            gross_monthly_wage=Decimal(1) if data.get("gross_monthly_wage") is None else data["gross_monthly_wage"],
            domicile_region=data.get("domicile_region") or constants.Region.BRU.value,
            seat_region=region or None,
            operating_seat=number,
            jobseeker_since=data.get("jobseeker_since"),
            jobseeker_office=data.get("jobseeker_office") or "",
            qualification=data.get("qualification") or None,
            reduced_work_capacity=bool(data.get("reduced_work_capacity")),
            hire_rank=data.get("hire_rank"),
            contract=data.get("contract") or Contract.OPEN_ENDED,
            contract_months=data.get("contract_months") if fixed_term else None,
            weekly_hours=data.get("weekly_hours"),
            reference_weekly_hours=data.get("reference_weekly_hours"),
            joint_committee=data.get("joint_committee") or "",
            label=(data.get("label") or "").strip(),
        )
        if data.get("jobseeker_office") and not data.get("jobseeker_since") and "jobseeker_since" not in failed:
            self.add_error("jobseeker_since", _("Give the date of the registration with the employment office."))
        hours_given = hire.weekly_hours is not None and hire.reference_weekly_hours is not None
        problems = hire_problems(hire, today=timezone.localdate())
        hours_problem = any(problem.field == "weekly_hours" for problem in problems)
        for problem in problems:
            name = PROBLEM_FIELDS.get(problem.field, problem.field)
            if name == "work_percent" and hours_given:
                if hours_problem:
                    continue  # Q or S is wrong: the fraction Q/S is wrong for the same reason, said once
                name = "weekly_hours"
            if name in failed:
                continue
            if name == "operating_seat" and not self.asks_seat:
                name = None
            self.add_error(name if name is None or name in self.fields else None, problem.message)
        self.hire = None if self.errors else hire
        return data

    def _work_fraction(self, data) -> Decimal | None:
        """Q/S when both hours are given, else the percentage; an error on the field to fix otherwise."""
        if "work_percent" in self.errors or "weekly_hours" in self.errors or "reference_weekly_hours" in self.errors:
            return None
        hours, reference = data.get("weekly_hours"), data.get("reference_weekly_hours")
        if (hours is None) != (reference is None):
            missing = "reference_weekly_hours" if reference is None else "weekly_hours"
            self.add_error(missing, _("Give both weekly hours, Q and S, or neither."))
            return None
        if hours is not None:
            # hire_problems() says what is wrong with hours of 0 or Q above S; Q/S stands in meanwhile
            return hours / reference if hours > 0 and reference > 0 else Decimal(1)
        if data.get("work_percent") is None:
            self.add_error("work_percent", _("Give the working time in %, or the weekly hours Q and S."))
            return None
        return data["work_percent"] / 100

    def check_seat(self, seats: Sequence[SeatChoice]) -> None:
        """Once the employer's facts are known: the seat must be one of its own, and chosen when it has several."""
        if self.hire is None:
            return
        value = f"{self.hire.operating_seat}|{self.hire.seat_region}" if self.hire.seat_region else ""
        if len(seats) > 1 and not value:
            self.add_error("operating_seat", _("Choose the operating seat the worker is attached to."))
        elif value and value not in {seat.value for seat in seats}:
            self.add_error(
                "operating_seat" if len(seats) > 1 else None, _("Choose one of the employer's operating seats.")
            )
        else:
            return
        self.hire = None

    def forget_seat(self) -> None:
        """The seat was chosen among another employer's seats: drop it."""
        if self.hire is not None:
            self.hire = replace(self.hire, operating_seat="", seat_region=None)


class BaseHireFormSet(forms.BaseFormSet):
    """The hires of a calculation: at least one, at most MAX_HIRES; forms after the first left empty are ignored."""

    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": _("A calculation takes at most %(num)d hires. Split them over several scenarios."),
        "too_few_forms": _("Add at least one hire."),
    }

    def __init__(self, *args, seats: Sequence[SeatChoice] = (), **kwargs):
        self.seats = list(seats)
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.extra = max(len(self.initial or ()), 1) - self.min_num

    def initial_form_count(self) -> int:
        # No form counts as an "initial" one, so every hire after the first may be left empty and is then ignored.
        return 0

    def get_form_kwargs(self, index):
        return {"seats": self.seats}

    def set_seats(self, seats: Sequence[SeatChoice]) -> None:
        self.seats = list(seats)
        for form in self.forms:
            form.set_seats(seats)

    def check_seats(self, seats: Sequence[SeatChoice]) -> bool:
        """True when every hire's seat is one of the employer's (errors on the forms otherwise)."""
        for form in self.forms:
            form.check_seat(seats)
        return all(form.hire is not None or not form.has_changed() for form in self.forms) and bool(self.hires)

    def forget_seats(self) -> None:
        for form in self.forms:
            form.forget_seat()

    @property
    def hires(self) -> list[Hire]:
        """The valid hires, in order (after is_valid())."""
        return [form.hire for form in self.forms if form.hire is not None]


HireFormSet = forms.formset_factory(
    HireForm,
    formset=BaseHireFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=MAX_HIRES,
    validate_max=True,
    absolute_max=ABSOLUTE_MAX_HIRES,
)


def raw_values(form: forms.Form) -> dict:
    """What was typed in a bound form, unvalidated, to show it again in a fresh form."""
    return {name: form[name].value() for name in form.fields if name != "DELETE"}


def hire_initial(hire: Hire, seats: Sequence[SeatChoice] = ()) -> dict:
    """A saved hire as the initial values of a hire form."""
    hours = hire.weekly_hours is not None and hire.reference_weekly_hours is not None
    seat = f"{hire.operating_seat}|{hire.seat_region}" if hire.seat_region else ""
    return {
        "label": hire.label,
        "start_date": hire.start_date,
        "birth_date": hire.birth_date,
        "work_percent": None if hours else (hire.work_fraction * 100).normalize(),
        "weekly_hours": hire.weekly_hours,
        "reference_weekly_hours": hire.reference_weekly_hours,
        "gross_monthly_wage": hire.gross_monthly_wage,
        "contract": hire.contract,
        "contract_months": hire.contract_months,
        "domicile_region": hire.domicile_region,
        "jobseeker_since": hire.jobseeker_since,
        "jobseeker_office": hire.jobseeker_office,
        "qualification": hire.qualification or "",
        "reduced_work_capacity": hire.reduced_work_capacity,
        "operating_seat": seat,
        "joint_committee": hire.joint_committee,
        "hire_rank": hire.hire_rank,
    }


class CompareForm(forms.Form):
    """Two of the user's scenarios, side by side."""

    a = forms.TypedChoiceField(
        label=_("First scenario"), help_text=_("The scenario the differences are measured from."), coerce=int
    )
    b = forms.TypedChoiceField(
        label=_("Second scenario"),
        help_text=_("The scenario compared with it: a difference is this one's amount minus the first one's."),
        coerce=int,
    )

    def __init__(self, *args, scenarios: Sequence = (), **kwargs):
        super().__init__(*args, **kwargs)
        options = [("", _("Choose a scenario"))] + [(scenario.pk, str(scenario)) for scenario in scenarios]
        self.fields["a"].choices = self.fields["b"].choices = options

    def clean(self):
        data = super().clean()
        if data.get("a") is not None and data.get("a") == data.get("b"):
            self.add_error("b", _("Choose two different scenarios."))
        return data
