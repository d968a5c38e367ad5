"""Forms of the measures app: the code-list form field and the catalogue filter form."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from measures import constants
from measures.criteria import Criteria
from measures.fields import as_code_list

#: Digits of the largest page number a query string may ask for; longer numbers are refused before ``int()``.
PAGE_NUMBER_DIGITS = 9


def page_number(raw: str | None) -> int | None:
    """The page asked for in a query string (1 when absent), or None when it is not a whole number from 1.

    Only ASCII digits count: ``str.isdigit()`` is true for "²" and ``int()`` reads "٣" or "1_0", neither of which is a
    page number a link of ours writes.
    """
    if raw is None or raw == "":
        return 1
    if not (raw.isascii() and raw.isdecimal()) or len(raw) > PAGE_NUMBER_DIGITS:
        return None
    number = int(raw)
    return number if number >= 1 else None


class CodeListFormField(forms.CharField):
    """Edits a list of codes as comma-separated text."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        if isinstance(value, list | tuple):
            return as_code_list(value)
        return [part.strip() for part in text.replace("|", ",").split(",") if part.strip()]


class _SharedFields(dict):
    """A form's declared fields handed to each instance as they are: a new dict of the same field objects.

    Django deep-copies every declared field (its widget, choices, validators, messages) for each form instance, so
    that an instance may change its own; a form that never does so pays that copy for nothing on every request.
    """

    def __deepcopy__(self, memo) -> dict:
        return dict(self)


class CatalogueFilterForm(forms.Form):
    """The catalogue filters, read from the query string by the page, the export and the API alike.

    Every field is optional. The page drops a field that does not validate (and says so); the API answers 400.
    """

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    audience = forms.ChoiceField(label=_("Who is looking"), required=False, choices=constants.Audience.choices)
    level = forms.MultipleChoiceField(label=_("Level"), required=False, choices=constants.Level.choices)
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=constants.Region.choices,
        help_text=_("Measures that apply in this region, federal ones included."),
    )
    seat_region = forms.ChoiceField(
        label=_("Region of the operating seat"), required=False, choices=constants.Region.choices[1:]
    )
    domicile_region = forms.ChoiceField(
        label=_("Region of the worker's domicile"), required=False, choices=constants.Region.choices[1:]
    )
    technique = forms.MultipleChoiceField(label=_("Technique"), required=False, choices=constants.Technique.choices)
    employer_type = forms.ChoiceField(label=_("Employer type"), required=False, choices=constants.EmployerType.choices)
    employer_category = forms.RegexField(
        label=_("Employer category"),
        required=False,
        regex=r"^\d{3}$",
        help_text=_("3-digit RSZ or RSZPPO code; the employer category look-up fills it in."),
        error_messages={"invalid": _("Enter the 3-digit employer category code, for example 010.")},
    )
    nace = forms.RegexField(
        label=_("Sector (NACE code)"),
        required=False,
        regex=r"^\d{2}(\.?\d{1,3})?$",
        help_text=_("For example 56.101."),
        error_messages={"invalid": _("Enter a NACE code of 2 to 5 digits, for example 56.101.")},
    )
    joint_committee = forms.RegexField(
        label=_("Joint committee"),
        required=False,
        regex=r"^\d{3}(\.\d{2})?$",
        help_text=_("For example 200 or 330.01."),
        error_messages={"invalid": _("Enter a joint committee number such as 200 or 330.01.")},
    )
    size = forms.TypedChoiceField(
        label=_("Employer size (importance code)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(str(code), label) for code, label in constants.IMPORTANCE_CODES],
    )
    age = forms.IntegerField(label=_("Worker's age"), required=False, min_value=14, max_value=99)
    jobseeker_months = forms.IntegerField(
        label=_("Months registered as a job seeker"), required=False, min_value=0, max_value=600
    )
    qualification = forms.ChoiceField(
        label=_("Worker's qualification"), required=False, choices=constants.Qualification.choices
    )
    disability = forms.TypedChoiceField(
        label=_("Reduced work capacity"),
        required=False,
        coerce=lambda value: value == "yes",
        empty_value=None,
        choices=[("yes", _("Yes")), ("no", _("No"))],
    )
    fraction = forms.DecimalField(
        label=_("Working-time fraction"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal(1),
        max_digits=4,
        decimal_places=3,
        help_text=_("1 for full time, 0.5 for half time."),
    )
    on = forms.DateField(label=_("Date"), required=False, input_formats=["%Y-%m-%d"], help_text=_("YYYY-MM-DD"))
    validity = forms.ChoiceField(label=_("Show"), required=False, choices=constants.Validity.choices)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=constants.Sort.choices)

    #: Query parameters that take several values (``?level=federal&level=flemish``).
    MULTIPLE = ("level", "technique")

    def invalid_fields(self) -> list[str]:
        return [name for name in self.errors if name in self.fields]

    def criteria(self) -> Criteria:
        """The valid filters as a Criteria value; an invalid field counts as not given."""
        self.is_valid()
        data = {name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}
        values = {}
        for name in self.fields:
            value = data.get(name)
            if value in (None, "", []):
                continue
            values[name] = tuple(value) if name in self.MULTIPLE else value
        if "nace" in values:
            values["nace"] = values["nace"].replace(".", "")
        if "q" in values:
            values["q"] = " ".join(values["q"].split())
        return Criteria(**values)


# Nothing changes a filter form's fields per instance (the page, the export and the API only read them): the
# catalogue's new filter combinations, read on every request, need no copy of twenty fields.
CatalogueFilterForm.base_fields = _SharedFields(CatalogueFilterForm.base_fields)
