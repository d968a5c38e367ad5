"""Forms of the authz pages: granting a mandate, searching the disclosure log."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from authz.audit import LogFilters, employer_subjects
from authz.constants import AccessRole, Outcome, SubjectKind
from authz.mandates import GRANTABLE_ROLES, MandateTerms, check_mandate_period
from authz.models import AccessScope, ProcessingActivity
from foundation.identifiers import validate_insz


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ScopeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return gettext(obj.label)  # seeded in English; translated through authz.audit.SEEDED_TEXTS


class MandateForm(forms.Form):
    """An owner's grant or invitation; the dates follow the quarter rule (checked here and again in the service)."""

    email = forms.EmailField(
        label=_("E-mail address of the mandatary"),
        help_text=_("The address of the person's account; to someone without an account, send an invitation."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(role.value, role.label) for role in GRANTABLE_ROLES],
        initial=AccessRole.MANDATARY,
        help_text=_("A mandatary works for another organisation; an appointee is one of your own staff."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_(
            "For a mandatary: the social secretariat or accounting firm. "
            "It is shown to the persons whose data it consults."
        ),
    )
    scopes = ScopeChoiceField(
        label=_("Applications covered"),
        queryset=AccessScope.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one application the mandate covers.")},
    )
    valid_from = forms.DateField(
        label=_("Start date"),
        widget=DateInput(),
        help_text=_("The first day of a quarter: 1 January, 1 April, 1 July or 1 October."),
    )
    valid_until = forms.DateField(
        label=_("End date (optional)"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "The last day of a quarter: 31 March, 30 June, 30 September or 31 December. "
            "Leave empty for a mandate without end date."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("valid_from"):
            try:
                check_mandate_period(
                    valid_from=data["valid_from"], valid_until=data.get("valid_until"), today=timezone.localdate()
                )
            except ValidationError as exc:
                self.add_error(None, exc)
        return data

    def terms(self) -> MandateTerms:
        data = self.cleaned_data
        return MandateTerms(
            role=data["role"],
            scopes=list(data["scopes"]),
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            organisation=data["organisation"],
        )


_EMPLOYER_NUMBER = re.compile(r"(RSZPPO|RSZ)\s*[:\s]\s*([0-9][0-9.\s]*)", re.IGNORECASE)


def _activity_choices() -> list[tuple[str, str]]:
    names: dict[str, str] = {}
    for code, name in ProcessingActivity.objects.order_by("code", "-version").values_list("code", "name"):
        names.setdefault(code, gettext(name))
    return [("", _("any activity")), *names.items()]


class AuditSearchForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject identifier (in clear)"),
        required=False,
        max_length=40,
        help_text=_(
            "An INSZ (11 digits), or an employer number such as RSZ:123456749 or RSZPPO:12345672. "
            "It is hashed for the search and never stored."
        ),
    )
    actor = forms.CharField(label=_("Actor (e-mail address or part of it)"), required=False, max_length=254)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_until = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    activity = forms.ChoiceField(label=_("Processing activity"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("granted or refused")), *Outcome.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = _activity_choices()

    def clean_subject(self) -> tuple[tuple[str, str], ...]:
        raw = self.cleaned_data["subject"].strip()
        if not raw:
            return ()
        match = _EMPLOYER_NUMBER.fullmatch(raw)
        if match:
            digits = re.sub(r"\D", "", match.group(2))
            if not 8 <= len(digits) <= 10:
                raise ValidationError(_("A registration number has 8 to 10 digits."))
            return ((SubjectKind.EMPLOYER, f"{match.group(1).upper()}:{digits}"),)
        digits = re.sub(r"[\s./-]", "", raw)
        if not digits.isdigit():
            raise ValidationError(
                _("Type an INSZ (11 digits) or an employer number such as RSZ:123456749 or RSZPPO:12345672.")
            )
        if len(digits) == 11:
            return ((SubjectKind.PERSON, validate_insz(digits)),)
        if 8 <= len(digits) <= 10:
            return employer_subjects(digits)
        raise ValidationError(
            _("Type an INSZ (11 digits) or an employer number such as RSZ:123456749 or RSZPPO:12345672.")
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_until")
        if start and end and end < start:
            self.add_error("date_until", _("The end date lies before the start date."))
        return data

    def filters(self) -> LogFilters:
        data = self.cleaned_data
        return LogFilters(
            subjects=data.get("subject") or (),
            actor=(data.get("actor") or "").strip(),
            date_from=data.get("date_from"),
            date_until=data.get("date_until"),
            activity=data.get("activity") or "",
            outcome=data.get("outcome") or "",
        )
