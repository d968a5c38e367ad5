"""The rule model refuses bad data: database constraints, and validation on save (as admin and loader do)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

import pytest

from measures import constants, services
from measures.models import BenefitRule, CumulationRule, Measure, RuleVersion
from tests.measures.factories import BenefitRuleFactory, MeasureFactory, RuleVersionFactory, make_measure

pytestmark = pytest.mark.django_db


def _violates(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_rule_version_cannot_end_before_it_starts():
    measure = MeasureFactory()
    assert _violates(
        lambda: RuleVersion.objects.create(
            measure=measure,
            valid_from=datetime.date(2024, 1, 1),
            valid_until=datetime.date(2023, 1, 1),
            period_unit="quarter",
            source_key="src",
        )
    )


def test_age_bounds_must_be_in_order_in_the_database():
    assert _violates(lambda: RuleVersionFactory(age_min=60, age_max=55))


def test_a_fixed_schedule_needs_steps_in_the_database():
    version = RuleVersionFactory()
    assert _violates(lambda: BenefitRule.objects.create(version=version, kind="fixed_schedule", source_key="src"))


def test_a_percentage_above_one_is_refused_by_the_database():
    version = RuleVersionFactory()
    assert _violates(
        lambda: BenefitRule.objects.create(
            version=version, kind="percentage", percentage=Decimal("1.5"), wage_base="gross_wage", source_key="src"
        )
    )


def test_a_federal_measure_applies_in_region_be_only():
    assert _violates(lambda: MeasureFactory(level=constants.Level.FEDERAL, region=constants.Region.VLG))


def test_combining_within_a_ceiling_needs_the_ceiling():
    measure = MeasureFactory()
    assert _violates(lambda: CumulationRule.objects.create(measure=measure, kind="within_ceiling", other_text_en="x"))


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([[-5, 4]], "less than the minimum"),
        ([[100, 0]], "less than the minimum"),
        ([[100, None], [50, 4]], "Only the last step"),
        ([], "at least one step"),
        ([["a lot", 2]], "is not of type"),
    ],
)
def test_a_bad_schedule_cannot_be_saved(steps, message):
    benefit = BenefitRuleFactory.build(version=RuleVersionFactory(), steps=steps)
    with pytest.raises(ValidationError) as error:
        benefit.full_clean()
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("kind", "values", "field"),
    [
        ("percentage", {"steps": [["a", 2]]}, "steps"),
        ("percentage", {"steps": [[None, 2]]}, "steps"),
        ("percentage", {"steps": [["a"]]}, "steps"),
        ("percentage", {"steps": [0.5]}, "steps"),
        ("percentage", {"steps": 5}, "steps"),
        ("fixed_schedule", {"steps": {"amount": 5}}, "steps"),
        ("formula", {"formula": "rate * S", "parameters": ["rate"]}, "parameters"),
        ("formula", {"formula": "rate * S", "parameters": "rate"}, "parameters"),
        ("formula", {"formula": "rate * S", "parameters": 3}, "parameters"),
    ],
)
def test_a_value_of_the_wrong_shape_is_a_field_error_not_a_crash(kind, values, field):
    benefit = BenefitRule(version=RuleVersionFactory(), kind=kind, wage_base="gross_wage", source_key="src", **values)
    with pytest.raises(ValidationError) as error:
        benefit.full_clean()
    assert field in error.value.message_dict


def test_a_formula_may_only_use_its_parameters_and_known_variables():
    version = RuleVersionFactory()
    benefit = BenefitRule(
        version=version,
        kind="formula",
        formula="rate * max(0, ceiling - S) + bonus",
        parameters={"rate": {"value": 0.14}, "ceiling": {"value": 10000}},
        source_key="src",
    )
    with pytest.raises(ValidationError) as error:
        benefit.full_clean()
    assert "bonus" in str(error.value)


def test_a_formula_cannot_call_arbitrary_functions():
    benefit = BenefitRule(
        version=RuleVersionFactory(), kind="formula", formula="__import__('os')", parameters={}, source_key="src"
    )
    with pytest.raises(ValidationError):
        benefit.full_clean()


def test_overlapping_rule_versions_are_refused_on_save():
    first = RuleVersionFactory(valid_from=datetime.date(2020, 1, 1), valid_until=datetime.date(2022, 12, 31))
    overlapping = RuleVersionFactory.build(measure=first.measure, valid_from=datetime.date(2022, 6, 1))
    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()
    assert "overlaps" in str(error.value)
    following = RuleVersionFactory.build(measure=first.measure, valid_from=datetime.date(2023, 1, 1))
    following.full_clean()  # the next version may start the day after


def test_a_source_key_must_name_a_source_of_the_measure():
    version = RuleVersionFactory.build(measure=MeasureFactory(), source_key="nowhere")
    with pytest.raises(ValidationError) as error:
        version.full_clean()
    assert "source_key" in error.value.message_dict


def test_dutch_and_french_names_are_required():
    measure = MeasureFactory.build(name_fr="")
    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert "name_fr" in error.value.message_dict


def test_code_lists_round_trip_through_the_database():
    version = RuleVersionFactory(employer_types=["private", "non_profit"], joint_committees_excluded=["319"])
    version.refresh_from_db()
    assert version.employer_types == ["private", "non_profit"]
    assert version.joint_committees_excluded == ["319"]
    assert RuleVersion.objects.filter(employer_types__contains="|non_profit|").count() == 1


@pytest.mark.parametrize(
    ("field", "codes", "message"),
    [
        ("employer_types", ["private", "charity"], "Unknown code(s) charity: use private, non_profit"),
        ("employer_categories", ["10"], "3-digit codes such as 010; not 10"),
        ("employer_categories_excluded", ["0101", "abc"], "not 0101, abc"),
        ("employer_categories", ["٠١٠"], "not ٠١٠"),  # digits, but not the ones RSZ codes are written in
        ("nace_included", ["56.101"], "without dots"),
        ("nace_excluded", ["A"], "not A"),
        ("nace_included", ["5"], "2 to 5 digits"),
        ("joint_committees_included", ["30"], "such as 302 or 330.01; not 30"),
        ("joint_committees_excluded", ["330.1"], "not 330.1"),
        ("joint_committees_excluded", ["PC200"], "not PC200"),
    ],
)
def test_eligibility_code_lists_refuse_unknown_codes(field, codes, message):
    version = RuleVersionFactory.build(measure=MeasureFactory(), **{field: codes})
    with pytest.raises(ValidationError) as error:
        version.full_clean()
    assert message in " ".join(error.value.message_dict[field])


def test_eligibility_code_lists_take_the_codes_the_catalogue_filters_on():
    version = RuleVersionFactory.build(
        measure=MeasureFactory(),
        employer_types=["private", "local_authority"],
        employer_categories=["010", "951"],
        employer_categories_excluded=["084"],
        nace_included=["56", "56101"],
        nace_excluded=["8411"],
        joint_committees_included=["302", "330.01"],
        joint_committees_excluded=["319"],
    )
    version.full_clean()  # no error


def test_audiences_are_employer_worker_or_jobseeker():
    with pytest.raises(ValidationError) as error:
        MeasureFactory.build(audiences=["employr"]).full_clean()
    assert error.value.message_dict["audiences"] == ["Unknown code(s) employr: use employer, worker, jobseeker."]
    MeasureFactory.build(audiences=["employer", "worker", "jobseeker"]).full_clean()


def test_derived_values_follow_the_rule_versions():
    measure = make_measure(amount=1550, periods=5)
    RuleVersionFactory(measure=measure, valid_from=datetime.date(2030, 1, 1), valid_until=datetime.date(2031, 12, 31))
    services.refresh_derived(measure)
    measure = Measure.objects.get(pk=measure.pk)
    assert measure.valid_from == datetime.date(2020, 1, 1)
    assert measure.valid_until is None  # the first version has no end
    assert measure.versions.first().sort_amount == Decimal("7750.00")


@pytest.mark.parametrize(
    ("steps", "unit", "expected"),
    [
        ([[1550, 5], [1050, 4], [450, 4]], "quarter", Decimal("10900")),  # 5 x 1550 + 3 x 1050 within 8 quarters
        ([[350, 6], [800, 12], [350, 12]], "month", Decimal("13800")),  # 6 x 350 + 12 x 800 + 6 x 350
        ([[3100, None]], "quarter", Decimal("24800")),
        ([[10000, 1], [7500, 1], [5000, 1]], "year", Decimal("17500")),
    ],
)
def test_typical_amount_is_two_years_of_the_schedule(steps, unit, expected):
    version = RuleVersion(period_unit=unit)
    assert services.typical_amount(version, [BenefitRule(kind="fixed_schedule", steps=steps)]) == expected


def test_saving_a_revision_moves_the_catalogue_cache_on(django_capture_on_commit_callbacks):
    measure = MeasureFactory()
    before = services.catalogue_generation()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_change(measure=measure, user=None, origin="admin", summary="test")
    assert services.catalogue_generation() == before + 1
