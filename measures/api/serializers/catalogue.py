"""Serializers of the public measures API: a measure with its rule versions, benefit rules and sources."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from foundation.formatting import institutions_in_text
from measures import constants, eligibility, selectors
from measures.models import BenefitRule, CumulationRule, Measure, RuleVersion
from measures.schema import LANGUAGES


def _translations(instance, field: str) -> dict[str, str]:
    return {lang: getattr(instance, f"{field}_{lang}") or "" for lang in LANGUAGES}


def _labels(instance, *fields: str) -> dict[str, str]:
    """The words the pages show for coded fields (``get_<field>_display``), in the request's language: the codes stay
    in their own fields for machines."""
    return {field: str(getattr(instance, f"get_{field}_display")()) for field in fields}


class BenefitRuleSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source_key")
    labels = serializers.SerializerMethodField(help_text="kind and status in words, in the chosen language.")

    class Meta:
        model = BenefitRule
        fields = [
            "label",
            "conditions",
            "kind",
            "steps",
            "percentage",
            "wage_base",
            "cap",
            "duration",
            "formula",
            "parameters",
            "share",
            "source",
            "status",
            "labels",
        ]

    def get_labels(self, benefit) -> dict[str, str]:
        return _labels(benefit, "kind", "status")


class EligibilitySerializer(serializers.Serializer):
    age_min = serializers.IntegerField(allow_null=True)
    age_max = serializers.IntegerField(allow_null=True)
    age_reference = serializers.CharField()
    jobseeker_months_min = serializers.IntegerField(allow_null=True)
    qualification_max = serializers.CharField(allow_blank=True)
    reduced_work_capacity_required = serializers.BooleanField()
    work_fraction_min = serializers.DecimalField(max_digits=4, decimal_places=3, allow_null=True)
    work_fraction_full = serializers.DecimalField(max_digits=4, decimal_places=3, allow_null=True)
    wage_ceiling = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    employer_types = serializers.ListField(child=serializers.CharField())
    employer_categories = serializers.ListField(child=serializers.CharField())
    employer_categories_excluded = serializers.ListField(child=serializers.CharField())
    nace_included = serializers.ListField(child=serializers.CharField())
    nace_excluded = serializers.ListField(child=serializers.CharField())
    joint_committees_included = serializers.ListField(child=serializers.CharField())
    joint_committees_excluded = serializers.ListField(child=serializers.CharField())
    size_min = serializers.IntegerField(allow_null=True)
    size_max = serializers.IntegerField(allow_null=True)
    conditions = serializers.SerializerMethodField(help_text="The conditions in plain words, in the chosen language.")

    def get_conditions(self, version) -> list[str]:
        return [criterion.describe for criterion in eligibility.criteria_for(version, self.context.get("measure"))]


class RuleVersionSerializer(serializers.ModelSerializer):
    eligibility = serializers.SerializerMethodField()
    benefits = BenefitRuleSerializer(many=True, read_only=True)
    source = serializers.CharField(source="source_key")
    typical_amount = serializers.DecimalField(source="sort_amount", max_digits=12, decimal_places=2, allow_null=True)
    labels = serializers.SerializerMethodField(help_text="status, date basis and period unit in words.")

    class Meta:
        model = RuleVersion
        fields = [
            "valid_from",
            "valid_until",
            "date_basis",
            "period_unit",
            "prorated",
            "placement_window",
            "note",
            "eligibility",
            "benefits",
            "typical_amount",
            "source",
            "status",
            "labels",
        ]

    def get_labels(self, version) -> dict[str, str]:
        return _labels(version, "status", "date_basis", "period_unit")

    @extend_schema_field(EligibilitySerializer)
    def get_eligibility(self, version):
        return EligibilitySerializer(version, context={**self.context, "measure": version.measure}).data


class CumulationRuleSerializer(serializers.ModelSerializer):
    other_measure = serializers.SlugRelatedField(slug_field="code", read_only=True)
    labels = serializers.SerializerMethodField(help_text="kind in words, in the chosen language.")

    class Meta:
        model = CumulationRule
        fields = ["kind", "other_measure", "other_text", "ceiling", "note", "source_key", "labels"]

    def get_labels(self, rule) -> dict[str, str]:
        return _labels(rule, "kind")


class MeasureSerializer(serializers.ModelSerializer):
    names = serializers.SerializerMethodField()
    validity = serializers.SerializerMethodField()
    eligibility = serializers.SerializerMethodField(help_text="The eligibility of the rules in force on the date.")
    rule_versions = serializers.SerializerMethodField()
    cumulation = CumulationRuleSerializer(source="cumulation_rules", many=True, read_only=True)
    assumptions = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    last_changed = serializers.DateTimeField(source="updated_at")
    labels = serializers.SerializerMethodField(
        help_text="The coded fields in words, as the pages write them, in the chosen language; the codes stay in their "
        "own fields. audiences: one label per audience code, in the same order; institution: its name in the language."
    )

    class Meta:
        model = Measure
        fields = [
            "code",
            "name",
            "names",
            "summary",
            "level",
            "region",
            "region_basis",
            "technique",
            "reduction_role",
            "audiences",
            "institution",
            "institution_url",
            "validity",
            "eligibility",
            "rule_versions",
            "cumulation",
            "legal_references",
            "sources",
            "assumptions",
            "last_changed",
            "url",
            "labels",
        ]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_labels(self, measure) -> dict[str, object]:
        labels: dict[str, object] = _labels(measure, "level", "region", "region_basis", "technique", "reduction_role")
        labels["audiences"] = [str(constants.Audience(code).label) for code in measure.audiences or []]
        labels["institution"] = institutions_in_text(measure.institution)
        return labels

    def get_names(self, measure) -> dict[str, str]:
        return _translations(measure, "name")

    def get_validity(self, measure) -> dict[str, str | None]:
        return {
            "from": measure.valid_from.isoformat() if measure.valid_from else None,
            "until": measure.valid_until.isoformat() if measure.valid_until else None,
        }

    @extend_schema_field(EligibilitySerializer(allow_null=True))
    def get_eligibility(self, measure):
        version = selectors.current_version(measure, self.context.get("on"))
        if version is None:
            return None
        return EligibilitySerializer(version, context={**self.context, "measure": measure}).data

    @extend_schema_field(RuleVersionSerializer(many=True))
    def get_rule_versions(self, measure):
        versions = sorted(measure.versions.all(), key=lambda version: version.valid_from)
        for version in versions:
            version.measure = measure
        return RuleVersionSerializer(versions, many=True, context=self.context).data

    def get_assumptions(self, measure) -> list[dict[str, str]]:
        return [{"about": item.about, "text": item.text} for item in measure.assumptions.all()]

    def get_url(self, measure) -> str:
        request = self.context.get("request")
        path = measure.get_absolute_url()
        return request.build_absolute_uri(path) if request else path
