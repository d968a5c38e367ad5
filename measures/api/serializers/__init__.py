"""Serializers of the measures API: the catalogue (a measure with its rules) and the benefit calculator's request and
result."""

from measures.api.serializers.catalogue import (
    BenefitRuleSerializer,
    CumulationRuleSerializer,
    EligibilitySerializer,
    MeasureSerializer,
    RuleVersionSerializer,
)

__all__ = [
    "BenefitRuleSerializer",
    "CumulationRuleSerializer",
    "EligibilitySerializer",
    "MeasureSerializer",
    "RuleVersionSerializer",
]
