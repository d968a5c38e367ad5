"""The measures app's models, one module per concern: the catalogue (measures, rule versions, benefit and cumulation
rules, shared parameters, history), the calculator's saved scenarios, and the public change log."""

from measures.models.catalogue import (
    Assumption,
    BenefitRule,
    CumulationRule,
    Measure,
    MeasureQuerySet,
    MeasureRevision,
    Parameter,
    RuleVersion,
    announced_class,
)
from measures.models.changes import MeasureChange, PublishedRules
from measures.models.reevaluation import ChangeBatch, ChangeNotice, RulesEdition, ScenarioEvaluation
from measures.models.scenario import Scenario, hire_from_json, hire_to_json

__all__ = [
    "Assumption",
    "BenefitRule",
    "ChangeBatch",
    "ChangeNotice",
    "CumulationRule",
    "Measure",
    "MeasureChange",
    "MeasureQuerySet",
    "MeasureRevision",
    "Parameter",
    "PublishedRules",
    "RuleVersion",
    "RulesEdition",
    "Scenario",
    "ScenarioEvaluation",
    "announced_class",
    "hire_from_json",
    "hire_to_json",
]
