"""Forms of the job seekers' app: what the eID does not say about them, and the hire they want figures for."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from foundation import formatting
from jobseekers.constants import EmploymentOffice, ShowOnSummary
from jobseekers.models import EDITABLE_FIELDS, JobSeekerProfile
from jobseekers.selectors import TypicalWage
from measures import constants

REGION_CHOICES = [(code, label) for code, label in constants.Region.choices if code in constants.LOCAL_REGIONS]


class ProfileForm(forms.ModelForm):
    domicile_region = forms.ChoiceField(label=_("Where do you live?"), choices=REGION_CHOICES)
    registered_since = forms.DateField(
        label=_("Since when are you registered as a job seeker?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if you are not registered with an employment office."),
    )
    employment_office = forms.ChoiceField(
        label=_("With which employment office?"), choices=[("", "—"), *EmploymentOffice.choices], required=False
    )
    qualification = forms.ChoiceField(
        label=_("Your highest diploma"), choices=[("", "—"), *constants.Qualification.choices], required=False
    )
    reduced_work_capacity = forms.BooleanField(
        label=_("I have a recognised reduced work capacity (disability)"), required=False
    )
    birth_date = forms.DateField(
        label=_("Your date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Asked only when your national register number does not tell it."),
    )

    class Meta:
        model = JobSeekerProfile
        fields = list(EDITABLE_FIELDS)

    def __init__(self, *args, needs_birth_date: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_birth_date:
            del self.fields["birth_date"]
        else:
            self.fields["birth_date"].required = True

    def clean_registered_since(self):
        value = self.cleaned_data.get("registered_since")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The registration date cannot be in the future."), code="future")
        if value and value.year < 1950:
            raise forms.ValidationError(_("Check the registration date."), code="too-old")
        return value

    def clean(self):
        data = super().clean()
        if data.get("registered_since") and not data.get("employment_office"):
            self.add_error("employment_office", _("Say with which employment office you are registered."))
        return data


class HireForm(forms.Form):
    """The job an employer might offer: the figures are worked out for this wage, working time and start date."""

    gross_monthly_wage = forms.DecimalField(
        label=_("Gross monthly wage (EUR)"),
        min_value=Decimal("1"),
        max_value=Decimal("100000"),
        decimal_places=2,
        help_text=_("The gross wage per month of a job you are looking at; change it to see other amounts."),
        error_messages={"required": _("Give a gross monthly wage.")},
    )
    work_percent = forms.IntegerField(
        label=_("Working time (percentage of full time)"), min_value=1, max_value=100, initial=100
    )
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    horizon = forms.IntegerField(label=_("Horizon (quarters)"), min_value=1, max_value=40, initial=8)

    def __init__(self, *args, typical_wage: TypicalWage | None = None, on: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.typical_wage = typical_wage
        self.fields["gross_monthly_wage"].help_text = wage_explanation(typical_wage, on or timezone.localdate())

    def clean_start_date(self):
        value = self.cleaned_data["start_date"]
        today = timezone.localdate()
        if value < today - datetime.timedelta(days=366) or value > today + datetime.timedelta(days=3 * 366):
            raise forms.ValidationError(_("Choose a start date within a year back and three years ahead."))
        return value


def wage_explanation(wage: TypicalWage | None, on: datetime.date) -> str:
    """Where the pre-filled wage comes from (the figure, its date, its source) and that the job seeker may change it;
    without a figure for the date, the plain request to type one."""
    if wage is None:
        return gettext(
            "No guaranteed average minimum monthly income is known for %(date)s: give the gross wage per month of a "
            "job you are looking at."
        ) % {"date": formatting.date_words(on)}
    text = gettext(
        "Filled in with the guaranteed average minimum monthly income (GGMMI, the Belgian minimum wage for a "
        "full-time worker of 18 or over) valid on %(date)s: %(amount)s gross a month, since %(since)s. "
        "Source: %(source)s. You can change it to the wage of a job you are looking at."
    ) % {
        "date": formatting.date_words(wage.on),
        "amount": formatting.money(wage.amount),
        "since": formatting.date_words(wage.valid_from),
        "source": " ".join(part for part in (wage.source_title, wage.source_url or wage.source_reference) if part),
    }
    if wage.is_assumption:
        text += " " + gettext("This figure is an assumption: no official text confirming it was found.")
    return text


class SummaryForm(HireForm):
    show = forms.ChoiceField(
        label=_("What the employer sees about you"),
        choices=ShowOnSummary.choices,
        initial=ShowOnSummary.NAME_AND_AGE_BAND,
        required=False,
    )

    def clean_show(self):
        return self.cleaned_data.get("show") or ShowOnSummary.NAME_AND_AGE_BAND
