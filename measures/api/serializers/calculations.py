"""Serializers of the benefit calculator's API (``POST /api/v1/calculations/``, :class:`measures.api.views.
CalculationView`): the request, the result and the examples of the schema.

The serializers only check types and turn each hire into a :class:`~measures.calculator.values.Hire`; the domain
checks are :func:`~measures.calculator.values.hire_problems`, shared with the page. Errors come back as DRF field
errors, the hires' ones keyed by the hire's 0-based index: ``{"hires": {"0": {"birth_date": ["..."]}}}``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rest_framework import serializers

from foundation.identifiers import InvalidIdentifier, validate_establishment_number
from measures import constants
from measures.calculator.values import DEFAULT_HORIZON, MAX_HIRES, MAX_HORIZON, Contract, Hire, hire_problems

#: Employment offices a job seeker registers with (the measures' own codes say which one a measure asks for).
JOBSEEKER_OFFICES = ("VDAB", "Actiris", "Forem", "ADG")
REGION_CHOICES = [(str(region), region.label) for region in constants.LOCAL_REGIONS]


def _money_field(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True, **kwargs)


# -- input ----------------------------------------------------------------------------------------------------------


class CalculationHireSerializer(serializers.Serializer):
    """One planned or actual hire; validates to a ``Hire`` (the region of its seat is filled in by the service)."""

    start_date = serializers.DateField(help_text="First day of work (YYYY-MM-DD).")
    birth_date = serializers.DateField(help_text="The worker's birth date (YYYY-MM-DD).")
    work_fraction = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        required=False,
        allow_null=True,
        help_text="Working-time fraction Q/S, above 0 and at most 1 (1 = full time). "
        "May be left out when weekly_hours and reference_weekly_hours are given.",
    )
    gross_monthly_wage = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Gross wage actually paid per month for this working time, in EUR."
    )
    domicile_region = serializers.ChoiceField(
        choices=REGION_CHOICES,
        help_text="Region of the worker's domicile (decides the activation allowances).",
        error_messages={"invalid_choice": gettext_lazy("Choose the region where the worker lives.")},
    )
    jobseeker_since = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Registered as a job seeker since (or null)."
    )
    jobseeker_office = serializers.ChoiceField(
        choices=JOBSEEKER_OFFICES,
        required=False,
        allow_blank=True,
        default="",
        help_text="Employment office of the registration.",
    )
    qualification = serializers.ChoiceField(
        choices=constants.Qualification.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="Highest diploma.",
        error_messages={"invalid_choice": gettext_lazy("Choose a qualification from the list.")},
    )
    reduced_work_capacity = serializers.BooleanField(required=False, default=False)
    hire_rank = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="1 for the employer's first worker ever (no staff in the 12 months before), 2 for the second...",
    )
    contract = serializers.ChoiceField(
        choices=Contract.CHOICES,
        required=False,
        default=Contract.OPEN_ENDED,
        error_messages={"invalid_choice": gettext_lazy("Choose open-ended or fixed-term.")},
    )
    contract_months = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Length of a fixed-term contract, in months."
    )
    operating_seat = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=20,
        help_text="Establishment unit number of the operating seat the worker is attached to; it decides the region "
        "of the contribution reductions. May be left out when the employer has seats in one region only.",
    )
    weekly_hours = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        help_text="Q: the worker's mean weekly hours.",
    )
    reference_weekly_hours = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        help_text="S: the mean weekly hours of a full-time reference person.",
    )
    joint_committee = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=10, help_text="Joint committee, such as 200 or 330.01."
    )
    label = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)

    def validate_operating_seat(self, value: str) -> str:
        if not value.strip():
            return ""
        try:
            return validate_establishment_number(value)
        except InvalidIdentifier as exc:
            raise serializers.ValidationError(str(exc.message)) from None

    def validate(self, attrs: dict) -> Hire:
        fraction = attrs.get("work_fraction")
        hours, reference = attrs.get("weekly_hours"), attrs.get("reference_weekly_hours")
        derived = fraction is None
        if derived:
            if hours is None or reference is None:
                raise serializers.ValidationError(
                    {"work_fraction": [_("Give the working-time fraction, or the weekly hours Q and S.")]}
                )
            fraction = (hours / reference).quantize(Decimal("0.000001")) if reference > 0 else Decimal(0)
        hire = Hire(
            start_date=attrs["start_date"],
            birth_date=attrs["birth_date"],
            work_fraction=fraction,
            gross_monthly_wage=attrs["gross_monthly_wage"],
            domicile_region=attrs["domicile_region"],
            operating_seat=attrs["operating_seat"],
            jobseeker_since=attrs["jobseeker_since"],
            jobseeker_office=attrs["jobseeker_office"],
            qualification=attrs["qualification"],
            reduced_work_capacity=attrs["reduced_work_capacity"],
            hire_rank=attrs["hire_rank"],
            contract=attrs["contract"],
            contract_months=attrs["contract_months"],
            weekly_hours=hours,
            reference_weekly_hours=reference,
            joint_committee=attrs["joint_committee"].strip(),
            label=attrs["label"].strip(),
        )
        errors: dict[str, list[str]] = {}
        for problem in hire_problems(hire, today=timezone.localdate()):
            errors.setdefault(problem.field, []).append(str(problem.message))
        if derived and "weekly_hours" in errors:
            errors.pop("work_fraction", None)  # the fraction came from Q and S: one message, on the hours
        if errors:
            raise serializers.ValidationError(errors)
        return hire


class HireListField(serializers.ListField):
    """The hires, counted before any of them is checked: an absurd number gets one clear message, fast."""

    def to_internal_value(self, data):
        if isinstance(data, list) and len(data) > MAX_HIRES:
            raise serializers.ValidationError(
                _("At most %(max)d hires in one calculation (%(count)d given).")
                % {"max": MAX_HIRES, "count": len(data)}
            )
        return super().to_internal_value(data)


class CalculationRequestSerializer(serializers.Serializer):
    employer = serializers.CharField(
        help_text="The employer you act for: an RSZ or RSZPPO registration number (optionally prefixed, "
        "RSZ:123456749) or an enterprise number (0812.345.603). A number you may not act for, an unknown one and a "
        "malformed one all get the same 403."
    )
    on = serializers.DateField(required=False, help_text="Reference date of the rules (default today).")
    horizon_quarters = serializers.IntegerField(
        required=False,
        default=DEFAULT_HORIZON,
        min_value=1,
        max_value=MAX_HORIZON,
        help_text="Quarters calculated from each hiring quarter; measures without an end are shown over it.",
    )
    hires = HireListField(
        child=CalculationHireSerializer(), min_length=1, max_length=MAX_HIRES, help_text=f"1 to {MAX_HIRES} hires."
    )
    rules = serializers.ChoiceField(
        choices=constants.RulesMode.choices,
        required=False,
        default=constants.RulesMode.IN_FORCE,
        help_text='"in_force" (default): the rules in force; "announced": include announced changes (not yet law).',
    )

    def validate_on(self, value: datetime.date) -> datetime.date:
        today = timezone.localdate()
        if not 2000 <= value.year <= today.year + 10:
            raise serializers.ValidationError(_("The reference date must lie between 2000 and ten years from now."))
        return value


# -- output (documentation of Result.as_dict) -----------------------------------------------------------------------


class CalculationSourceSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField(allow_blank=True)


class CalculationPeriodSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="Calendar quarter, such as 2025Q1.")
    amount = _money_field(help_text="EUR, after cumulation and the cap of the contributions due.")
    note = serializers.CharField(allow_blank=True, help_text="Why the amount was cut or set to zero.")


class CalculationTraceSerializer(serializers.Serializer):
    period = serializers.CharField()
    version_from = serializers.DateField()
    version_until = serializers.DateField(allow_null=True)
    variant = serializers.CharField(allow_blank=True)
    values = serializers.DictField(child=serializers.CharField(), help_text="Parameter values used, as shown.")
    source = CalculationSourceSerializer()


class CalculationMeasureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    technique = serializers.ChoiceField(choices=constants.Technique.choices)
    technique_label = serializers.CharField(help_text="The technique in words, in the request's language.")
    total = _money_field()
    unlimited = serializers.BooleanField(help_text="No end date: shown over the horizon only.")
    periods = CalculationPeriodSerializer(many=True)
    explanation = serializers.CharField(allow_blank=True)
    trace = CalculationTraceSerializer(many=True)


class CalculationNotApplicableSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why not, in plain words.")


class CalculationDecisionSerializer(serializers.Serializer):
    period = serializers.CharField(allow_null=True)
    text = serializers.CharField()


class CalculationHireResultSerializer(serializers.Serializer):
    label = serializers.CharField(allow_blank=True)
    total = _money_field()
    measures = CalculationMeasureSerializer(many=True, help_text="The measures that apply, highest total first.")
    not_applicable = CalculationNotApplicableSerializer(many=True)
    decisions = CalculationDecisionSerializer(many=True, help_text="Cumulation decisions and cuts by the cap.")


class CalculationAnnouncedChangeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    valid_from = serializers.DateField()
    announcement = CalculationSourceSerializer(help_text="The text that announces the change.")
    delta = _money_field(help_text="EUR: the measure's total with announced changes minus with the rules in force.")
    ends = serializers.BooleanField(help_text="The change ends the measure.")
    replaced_by = serializers.CharField(allow_blank=True)


class CalculationResultSerializer(serializers.Serializer):
    currency = serializers.CharField()
    total = _money_field()
    rules_as_of = serializers.DateField()
    horizon_quarters = serializers.IntegerField()
    hires = CalculationHireResultSerializer(many=True, help_text="In the order of the request.")
    notes = serializers.ListField(child=serializers.CharField())
    sources = CalculationSourceSerializer(many=True)
    rules = serializers.ChoiceField(choices=constants.RulesMode.choices, help_text="The rules used.")
    announced_changes = CalculationAnnouncedChangeSerializer(
        many=True, help_text='The announced changes used (rules "announced") and how much each moves the total.'
    )
    announced_delta = _money_field(help_text="EUR: how much all announced changes used move the total.")
    announcements = serializers.ListField(
        child=serializers.CharField(),
        help_text="Announced ends, replacements and changes inside the horizon of a measure shown.",
    )


# -- the endpoint ---------------------------------------------------------------------------------------------------

REQUEST_EXAMPLE = {
    "employer": "RSZ:123456749",
    "on": "2025-01-01",
    "horizon_quarters": 8,
    "hires": [
        {
            "start_date": "2025-01-01",
            "birth_date": "1995-03-14",
            "work_fraction": "1",
            "gross_monthly_wage": "2800.00",
            "domicile_region": "BRU",
            "jobseeker_since": None,
            "qualification": "higher",
            "reduced_work_capacity": False,
            "hire_rank": 3,
            "contract": "open_ended",
            "operating_seat": "2297964444",
            "label": "Developer",
        }
    ],
}
RESPONSE_EXAMPLE = {
    "currency": "EUR",
    "total": "1234.56",
    "rules_as_of": "2025-01-01",
    "horizon_quarters": 8,
    "hires": [
        {
            "label": "Developer",
            "total": "1234.56",
            "measures": [
                {
                    "code": "fed-structural",
                    "name": "Structural reduction",
                    "technique": "contribution_reduction",
                    "technique_label": "Social-security contribution reduction",
                    "total": "1234.56",
                    "unlimited": True,
                    "periods": [{"period": "2025Q1", "amount": "154.32", "note": ""}],
                    "explanation": "...",
                    "trace": [
                        {
                            "period": "2025Q1",
                            "version_from": "2025-01-01",
                            "version_until": None,
                            "variant": "",
                            "values": {"S": "8400.00"},
                            "source": {"title": "...", "url": "https://..."},
                        }
                    ],
                }
            ],
            "not_applicable": [{"code": "fed-older-workers", "name": "...", "reasons": ["age 29: ..."]}],
            "decisions": [{"period": "2025Q1", "text": "..."}],
        }
    ],
    "notes": ["..."],
    "sources": [{"title": "...", "url": "https://..."}],
    "rules": "in_force",
    "announced_changes": [],
    "announced_delta": "0.00",
    "announcements": [],
}
ERROR_EXAMPLE = {
    "horizon_quarters": ["Ensure this value is less than or equal to 40."],
    "hires": {
        "0": {"birth_date": ["The birth date must come before the start date."]},
        "2": {"gross_monthly_wage": ["The gross monthly wage must be above 0."]},
    },
}
