"""Serializers of the DmfA consultation API: the same data as the page, amounts as decimal strings in euros."""

from __future__ import annotations

from rest_framework import serializers

from dmfa import codelists
from dmfa.forms import MAX_QUARTERS
from dmfa.models import (
    ComplementaryIndemnity,
    ComplementaryIndemnityContribution,
    DismissedStatutoryWorkerContribution,
    EarlyRetirementContribution,
    IncapacityIndemnity,
    NaturalPerson,
    Occupation,
    OccupationDeduction,
    PersonIdentity,
    Remuneration,
    Service,
    StudentContribution,
    WorkerContribution,
    WorkerDeduction,
    WorkerDeductionDetail,
    WorkerRecord,
)
from foundation.quarters import Quarter


class QuarterSerializerField(serializers.Field):
    default_error_messages = {"invalid": "Enter a quarter such as 2025Q3."}

    def to_internal_value(self, data):
        try:
            return Quarter.parse(data)
        except ValueError:
            self.fail("invalid")

    def to_representation(self, value):
        return str(value)


class ConsultationQuerySerializer(serializers.Serializer):
    """The query string: ?from=2024Q1&to=2025Q2&justification=..."""

    justification = serializers.CharField(min_length=10, max_length=500)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = QuarterSerializerField(help_text="First quarter, e.g. 2024Q1.")
        fields["to"] = QuarterSerializerField(help_text="Last quarter, e.g. 2025Q2.")
        return fields

    def validate(self, attrs):
        start, end = attrs["from"], attrs["to"]
        if start > end:
            raise serializers.ValidationError("'from' comes after 'to'.")
        if end - start >= MAX_QUARTERS:
            raise serializers.ValidationError(f"Consult at most {MAX_QUARTERS} quarters at a time.")
        return attrs


def _label(annex: int, field: str | None = None):
    """A read-only field: the label of the instance's code in ``annex`` (its ``code``, or ``field``), in the language
    of the request, "" when the code is empty or the annex does not have it."""

    class Label(serializers.CharField):
        def __init__(self, **kwargs):
            super().__init__(read_only=True, **kwargs)

        def get_attribute(self, instance):
            if field:
                return codelists.label(annex, getattr(instance, field))
            return codelists.label(annex, instance.code if hasattr(instance, "code") else instance.worker_code)

    return Label


class JointCommitteeLabel(serializers.CharField):
    """The official name of the instance's joint committee; "" for a number the portal's partial list lacks."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return codelists.joint_committee_label(instance.joint_committee)


class ServiceSerializer(serializers.ModelSerializer):
    label = _label(codelists.SERVICE_CODES)()

    class Meta:
        model = Service
        fields = ["sequence_number", "code", "label", "days", "hours", "flight_minutes"]


class RemunerationSerializer(serializers.ModelSerializer):
    label = _label(codelists.REMUNERATION_CODES)()

    class Meta:
        model = Remuneration
        fields = ["sequence_number", "code", "label", "bonus_payment_frequency", "percentage_paid", "amount"]


DEDUCTION_FIELDS = [
    "code",
    "label",
    "calculation_basis",
    "amount",
    "right_starting_date",
    "management_cost_months",
    "replaced_insz",
    "applicant_insz",
    "certificate_origin",
]


class OccupationDeductionSerializer(serializers.ModelSerializer):
    label = _label(codelists.REDUCTION_CODES)()

    class Meta:
        model = OccupationDeduction
        fields = [
            *DEDUCTION_FIELDS,
            "working_regulations_starting_date",
            "working_regulations_ending_date",
            "hours_before_reduction",
            "hours_after_reduction",
        ]


class OccupationSerializer(serializers.ModelSerializer):
    fraction = serializers.DecimalField(max_digits=8, decimal_places=4, read_only=True, allow_null=True)
    joint_committee_label = JointCommitteeLabel()
    employment_promotion_label = _label(codelists.EMPLOYMENT_PROMOTIONS, "employment_promotion")()
    reorganisation_measure_label = _label(codelists.REORGANISATION_MEASURES, "reorganisation_measure")()
    services = ServiceSerializer(many=True, read_only=True)
    remunerations = RemunerationSerializer(many=True, read_only=True)
    deductions = OccupationDeductionSerializer(many=True, read_only=True)

    class Meta:
        model = Occupation
        exclude = ["id", "worker_record"]


class WorkerContributionSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkerContribution
        exclude = ["id", "worker_record"]


class WorkerDeductionDetailSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkerDeductionDetail
        exclude = ["id", "deduction"]


class WorkerDeductionSerializer(serializers.ModelSerializer):
    label = _label(codelists.REDUCTION_CODES)()
    details = WorkerDeductionDetailSerializer(many=True, read_only=True)

    class Meta:
        model = WorkerDeduction
        fields = [*DEDUCTION_FIELDS, "details"]


class StudentSerializer(serializers.ModelSerializer):
    class Meta:
        model = StudentContribution
        exclude = ["id", "worker_record"]


class DismissedStatutorySerializer(serializers.ModelSerializer):
    class Meta:
        model = DismissedStatutoryWorkerContribution
        exclude = ["id", "worker_record"]


class EarlyRetirementSerializer(serializers.ModelSerializer):
    label = _label(codelists.EARLY_RETIREMENT_CODES)()

    class Meta:
        model = EarlyRetirementContribution
        exclude = ["id", "worker_record"]


class ComplementaryIndemnityContributionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ComplementaryIndemnityContribution
        exclude = ["id", "indemnity"]


class ComplementaryIndemnitySerializer(serializers.ModelSerializer):
    contributions = ComplementaryIndemnityContributionSerializer(many=True, read_only=True)
    joint_committee_label = JointCommitteeLabel()

    class Meta:
        model = ComplementaryIndemnity
        exclude = ["id", "worker_record"]


class IncapacityIndemnitySerializer(serializers.ModelSerializer):
    nature_label = _label(codelists.INDEMNITY_NATURES, "nature")()

    class Meta:
        model = IncapacityIndemnity
        exclude = ["id", "worker_record"]


class WorkerRecordSerializer(serializers.ModelSerializer):
    worker_code_label = serializers.SerializerMethodField()
    occupations = OccupationSerializer(many=True, read_only=True)
    contributions = WorkerContributionSerializer(many=True, read_only=True)
    deductions = WorkerDeductionSerializer(many=True, read_only=True)
    student = StudentSerializer(read_only=True, allow_null=True)
    dismissed_statutory = DismissedStatutorySerializer(read_only=True, allow_null=True)
    early_retirement = EarlyRetirementSerializer(many=True, read_only=True)
    complementary_indemnities = ComplementaryIndemnitySerializer(many=True, read_only=True)
    incapacity_indemnities = IncapacityIndemnitySerializer(many=True, read_only=True)

    class Meta:
        model = WorkerRecord
        exclude = ["id", "person"]

    def get_worker_code_label(self, record) -> str:
        return codelists.label(codelists.WORKER_CODES, record.worker_code)


class DeclarationRecordSerializer(serializers.ModelSerializer):
    """One quarter and employer: the declaration's identification and the person's worker records in it."""

    quarter = serializers.SerializerMethodField()
    registration_number = serializers.CharField(source="declaration.registration_number")
    enterprise_number = serializers.CharField(source="declaration.enterprise_number")
    form_reference = serializers.CharField(source="declaration.form_reference")
    worker_records = WorkerRecordSerializer(many=True, read_only=True)

    class Meta:
        model = NaturalPerson
        fields = ["quarter", "registration_number", "enterprise_number", "form_reference", "worker_records"]

    def get_quarter(self, person) -> str:
        return str(person.declaration.quarter)


class IdentitySerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonIdentity
        exclude = ["id", "insz", "updated_at"]


class PersonDeclarationsSerializer(serializers.Serializer):
    insz = serializers.CharField()
    period_from = serializers.CharField(source="start")
    period_until = serializers.CharField(source="end")
    consultable_quarters = serializers.ListField(
        child=serializers.CharField(), help_text="The requested quarters the agent may consult; data only for these."
    )
    not_consultable_quarters = serializers.ListField(
        child=serializers.CharField(),
        help_text=(
            "The requested quarters that the agent's institution does not integrate the person for as a job seeker "
            "(quality code 001) entirely: not consultable, no data returned for them."
        ),
    )
    identification = IdentitySerializer(allow_null=True)
    declarations = DeclarationRecordSerializer(many=True)
