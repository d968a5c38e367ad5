"""Forms of the dmfa app: the agent's consultation requests (validated at the edge) and the admin upload."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foundation.identifiers import is_valid_enterprise_number, is_valid_rsz_number, validate_insz
from foundation.quarters import Quarter
from foundation.uploads import refuse_too_large

MAX_QUARTERS = 40


def default_period() -> tuple[Quarter, Quarter]:
    """The last eight complete quarters."""
    end = Quarter.of(timezone.localdate()).previous()
    start = end
    for _step in range(7):
        start = start.previous()
    return start, end


class QuarterField(forms.CharField):
    default_error_messages = {"invalid": _("Enter a quarter such as 2025Q3.")}

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": "7", "size": "8"}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return Quarter.parse(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        return str(value) if isinstance(value, Quarter) else value


class ConsultationForm(forms.Form):
    """What every DmfA consultation needs: the quarters and the justification (as in Dolsis)."""

    period_from = QuarterField(label=_("From quarter"), help_text=_("For example 2024Q1."))
    period_until = QuarterField(label=_("Until quarter"), help_text=_("For example 2025Q4."))
    justification = forms.CharField(
        label=_("Justification"),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why you consult these data, for example the GECO or DSP file number. It is logged."),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_from"), cleaned.get("period_until")
        if start and end:
            if start > end:
                raise ValidationError(_("The first quarter comes after the last one."), code="order")
            if end - start >= MAX_QUARTERS:
                raise ValidationError(_("Consult at most ten years at a time."), code="too-long")
        return cleaned

    @property
    def period(self):
        start, end = self.cleaned_data["period_from"], self.cleaned_data["period_until"]
        return start, end, (start.first_day, end.last_day)


class PersonSearchForm(ConsultationForm):
    insz = forms.CharField(label=_("INSZ number"), max_length=20, help_text=_("11 digits, for example 90051512391."))

    field_order = ["insz", "period_from", "period_until", "justification"]

    def clean_insz(self):
        return validate_insz(self.cleaned_data["insz"])


class EmployerSearchForm(ConsultationForm):
    employer = forms.CharField(
        label=_("RSZ registration number or enterprise number"),
        max_length=20,
        help_text=_("9 digits (RSZ) or 10 digits (enterprise number)."),
    )
    period_from = QuarterField(label=_("Quarter"), help_text=_("For example 2025Q3."))
    period_until = None

    field_order = ["employer", "period_from", "justification"]

    def clean_employer(self):
        digits = "".join(ch for ch in self.cleaned_data["employer"] if ch.isdigit())
        if len(digits) == 10 and is_valid_enterprise_number(digits):
            return digits
        if len(digits) in (8, 9) and is_valid_rsz_number(digits.zfill(9)):
            return str(int(digits))
        raise ValidationError(_("Enter a valid RSZ registration number or enterprise number."), code="invalid")

    def clean(self):
        cleaned = forms.Form.clean(self)
        if cleaned.get("period_from"):
            cleaned["period_until"] = cleaned["period_from"]
        return cleaned


class UploadForm(forms.Form):
    file = forms.FileField(label=_("DmfA file (XML)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        refuse_too_large(upload, command="import_dmfa")
        return upload
