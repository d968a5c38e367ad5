"""Factories of the measures app: a measure with one rule version and one benefit rule, all valid."""

import datetime

import factory

from measures import constants
from measures.models import BenefitRule, CumulationRule, Measure, RuleVersion

SOURCES = [{"key": "src", "url": "https://example.org/source", "title": "Example source"}]


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    code = factory.Sequence(lambda n: f"test-measure-{n}")
    name_nl = factory.Sequence(lambda n: f"Maatregel {n}")
    name_fr = factory.Sequence(lambda n: f"Mesure {n}")
    name_en = factory.Sequence(lambda n: f"Measure {n}")
    summary_nl = "Een maatregel om te testen."
    summary_fr = "Une mesure pour tester."
    summary_en = "A measure to test with."
    level = constants.Level.FEDERAL
    region = constants.Region.BE
    region_basis = constants.RegionBasis.NATIONWIDE
    technique = constants.Technique.CONTRIBUTION_REDUCTION
    audiences = factory.LazyFunction(lambda: ["employer"])
    sources = factory.LazyFunction(lambda: [dict(item) for item in SOURCES])
    is_published = True
    valid_from = datetime.date(2020, 1, 1)


class RuleVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RuleVersion

    measure = factory.SubFactory(MeasureFactory)
    valid_from = datetime.date(2020, 1, 1)
    valid_until = None
    period_unit = constants.PeriodUnit.QUARTER
    source_key = "src"


class BenefitRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenefitRule

    version = factory.SubFactory(RuleVersionFactory)
    kind = constants.BenefitKind.FIXED_SCHEDULE
    steps = factory.LazyFunction(lambda: [[1000, 4]])
    source_key = "src"


class CumulationRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CumulationRule

    measure = factory.SubFactory(MeasureFactory)
    kind = constants.CumulationKind.CANNOT_COMBINE
    other_text_en = "another benefit"


def make_measure(*, amount=1000, periods=4, version=None, **measure_fields) -> Measure:
    """A published measure with one rule version (fields in ``version``) and one fixed schedule, derived values set."""
    from measures import services

    measure = MeasureFactory(**measure_fields)
    rule = RuleVersionFactory(measure=measure, **(version or {}))
    BenefitRuleFactory(version=rule, steps=[[amount, periods]])
    services.refresh_derived(measure)
    return measure
