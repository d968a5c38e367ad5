"""Forms of the controls: a subsidised job, a monthly statement, the CSV upload, the batch and the result filters.

The forms check every field a user types (the CSV import validates each row with the same forms, so a row and a form
fail with the same message in the user's language)."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dmfa.constants import PremiumBasis
from dmfa.forms import QuarterField
from dmfa.models import EmployerDeclaration, MonthlyStatement, SubsidisedJob
from foundation.identifiers import InvalidIdentifier, validate_insz, validate_rsz_number

#: Values beyond these are typing errors, not declarations (a month's wage, hours or premium of one job).
MAX_MONTHLY_AMOUNT = Decimal("50000")
MAX_MONTHLY_HOURS = Decimal("300")
MAX_CSV_BYTES = 10 * 1024 * 1024


def clean_employer(value: str) -> str:
    try:
        number = validate_rsz_number(value)  # as the DmfA stores it: no separators, no leading zeros
    except InvalidIdentifier:
        raise ValidationError(gettext("%(value)s is not a valid RSZ registration number.") % {"value": value}) from None
    if not EmployerDeclaration.objects.filter(registration_number=number).exists():
        raise ValidationError(
            gettext("Unknown employer: no DmfA declaration of %(number)s has been imported.") % {"number": number}
        )
    return number


class SubsidisedJobForm(forms.ModelForm):
    class Meta:
        model = SubsidisedJob
        fields = [
            "reference",
            "registration_number",
            "insz",
            "programme",
            "start_date",
            "end_date",
            "days_per_week",
            "worker_hours",
            "reference_hours",
            "joint_committee",
            "basis",
            "monthly_wage",
            "minimum_wage_basis",
            "share_exempt",
            "last_name",
            "first_name",
            "birth_date",
            "postcode",
            "street",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "birth_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, institution, pending: list[SubsidisedJob] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        self.pending = pending if pending is not None else []  # rows of the same CSV file already validated

    def clean_registration_number(self):
        return clean_employer(self.cleaned_data["registration_number"])

    def clean_insz(self):
        try:
            return validate_insz(self.cleaned_data["insz"])
        except ValidationError:
            raise ValidationError(
                gettext("Unknown INSZ: %(value)s is not a valid national-register or BIS number.")
                % {"value": self.cleaned_data["insz"]}
            ) from None

    def clean_joint_committee(self):
        value = self.cleaned_data["joint_committee"].strip().replace(".", "")
        if not value.isdigit():
            raise ValidationError(gettext("Enter the joint committee as digits, for example 329 or 31902."))
        return value

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        taken = SubsidisedJob.objects.filter(institution=self.institution, reference=reference)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists() or any(job.reference == reference for job in self.pending):
            raise ValidationError(gettext("The office already has a job with reference %(ref)s.") % {"ref": reference})
        return reference

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", gettext("The end date comes before the start date."))
        q, s = data.get("worker_hours"), data.get("reference_hours")
        if q is not None and s is not None and q > s:
            self.add_error("worker_hours", gettext("The worker's hours (Q) cannot exceed the reference hours (S)."))
        if data.get("basis") == PremiumBasis.REFERENCE_WAGE and not (
            data.get("monthly_wage") or data.get("minimum_wage_basis")
        ):
            self.add_error("monthly_wage", gettext("The reference-wage basis needs the worker's monthly wage."))
        for name in ("monthly_wage", "minimum_wage_basis"):
            if (data.get(name) or 0) > MAX_MONTHLY_AMOUNT:
                self.add_error(name, gettext("This amount is not plausible for a month."))
        insz = data.get("insz")
        if insz and start and not self.errors:
            self._check_overlap(insz, start, end)
        return data

    def _check_overlap(self, insz: str, start: date, end: date | None) -> None:
        far = date(9999, 12, 31)
        overlapping = SubsidisedJob.objects.filter(insz=insz).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        if end is not None:
            overlapping = overlapping.filter(start_date__lte=end)
        if self.instance.pk:
            overlapping = overlapping.exclude(pk=self.instance.pk)
        clash = overlapping.first() or next(
            (
                job
                for job in self.pending
                if job.insz == insz and job.start_date <= (end or far) and start <= (job.end_date or far)
            ),
            None,
        )
        if clash is not None:
            raise ValidationError(
                gettext("This worker already holds subsidised job %(ref)s from %(start)s: the jobs overlap.")
                % {"ref": clash.reference, "start": clash.start_date.isoformat()}
            )


class MonthField(forms.CharField):
    """A month typed as 2025-03 (or 03/2025), kept as its first day."""

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        for separator, order in (("-", "ym"), ("/", "my")):
            parts = value.split(separator)
            if len(parts) == 2 and all(part.isdigit() for part in parts):
                year, month = (parts[0], parts[1]) if order == "ym" else (parts[1], parts[0])
                if len(year) == 4 and 1 <= int(month) <= 12:
                    return date(int(year), int(month), 1)
        raise ValidationError(gettext("Enter the month as YYYY-MM, for example 2025-03."))

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, date) else value


class MonthlyStatementForm(forms.ModelForm):
    month = MonthField(label=_("month"), help_text=_("For example 2025-03."))

    class Meta:
        model = MonthlyStatement
        fields = [
            "job",
            "month",
            "days_worked",
            "assimilated_days",
            "hours",
            "gross_wage",
            "employer_contributions",
            "reductions",
            "premium_paid",
        ]

    def __init__(self, *args, institution, pending: list[MonthlyStatement] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"].queryset = SubsidisedJob.objects.filter(institution=institution)
        self.fields["job"].to_field_name = "reference"
        self.fields["job"].label_from_instance = lambda job: job.reference
        self.pending = pending if pending is not None else []

    def clean(self):
        data = super().clean()
        job, month = data.get("job"), data.get("month")
        if not job or not month:
            return data
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        if month > timezone.localdate():
            self.add_error("month", gettext("The month lies in the future."))
        if last < job.start_date or (job.end_date and month > job.end_date):
            self.add_error("month", gettext("The month lies outside the job's dates."))
        days = (data.get("days_worked") or 0) + (data.get("assimilated_days") or 0)
        if days > last.day:
            self.add_error("assimilated_days", gettext("More days than the month has."))
        if (data.get("hours") or 0) > MAX_MONTHLY_HOURS:
            self.add_error("hours", gettext("More hours than a month can hold."))
        for name in ("gross_wage", "employer_contributions", "reductions", "premium_paid"):
            if (data.get(name) or 0) > MAX_MONTHLY_AMOUNT:
                self.add_error(name, gettext("This amount is not plausible for a month."))
        duplicate = MonthlyStatement.objects.filter(job=job, month=month)
        if self.instance.pk:
            duplicate = duplicate.exclude(pk=self.instance.pk)
        if duplicate.exists() or any(s.job_id == job.pk and s.month == month for s in self.pending):
            self.add_error("month", gettext("There is already a statement for this job and month."))
        return data


class ImportForm(forms.Form):
    KINDS = [("jobs", _("subsidised jobs")), ("statements", _("monthly statements"))]
    kind = forms.ChoiceField(label=_("what the file holds"), choices=KINDS)
    file = forms.FileField(label=_("CSV file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise ValidationError(gettext("The file is larger than %(mb)d MB: split it.") % {"mb": MAX_CSV_BYTES >> 20})
        return upload


class QuarterEmployerForm(forms.Form):
    quarter = QuarterField(label=_("quarter"))
    employer = forms.CharField(label=_("employer registration number"), max_length=12)

    def clean_employer(self):
        try:
            return validate_rsz_number(self.cleaned_data["employer"])
        except InvalidIdentifier:
            raise ValidationError(gettext("Enter a valid RSZ registration number.")) from None

    def clean_quarter(self):
        quarter = self.cleaned_data["quarter"]
        if quarter.first_day > timezone.localdate():
            raise ValidationError(gettext("The quarter lies in the future."))
        return quarter


class BatchForm(forms.Form):
    quarter = QuarterField(label=_("quarter"))

    clean_quarter = QuarterEmployerForm.clean_quarter
