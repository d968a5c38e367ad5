"""Filtering the catalogue: each filter, counts per option, why a result is empty, and agreement with eligibility."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from measures import constants, eligibility, selectors
from measures.criteria import Criteria
from tests.measures.factories import make_measure

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 6, 1)


def codes(criteria: Criteria) -> set[str]:
    return {version.measure.code for version in selectors.filter_measures(criteria, language="en")}


def build_catalogue() -> dict:
    """Measures that differ in one way each (and one ended, one unpublished)."""
    return {
        "federal": make_measure(code="federal"),
        "flemish-seat": make_measure(
            code="flemish-seat",
            level="flemish",
            region="VLG",
            region_basis="operating_seat",
            version={"age_min": 55, "age_max": 64, "employer_types": ["private"], "joint_committees_excluded": ["319"]},
        ),
        "brussels-domicile": make_measure(
            code="brussels-domicile",
            level="brussels",
            region="BRU",
            region_basis="domicile",
            technique="activation_allowance",
            audiences=["employer", "jobseeker"],
            version={"jobseeker_months_min": 12, "work_fraction_min": Decimal("0.5")},
        ),
        "walloon-youth": make_measure(
            code="walloon-youth",
            level="walloon",
            region="WAL",
            region_basis="domicile",
            amount=500,
            periods=24,
            version={"age_max": 24, "qualification_max": "lower_secondary", "period_unit": "month"},
        ),
        "disability": make_measure(
            code="disability", technique="wage_subsidy", version={"reduced_work_capacity_required": True}
        ),
        "horeca": make_measure(
            code="horeca", version={"joint_committees_included": ["302"], "size_max": 4, "nace_included": ["56"]}
        ),
        "ended": make_measure(code="ended", version={"valid_until": datetime.date(2021, 12, 31)}),
        "unpublished": make_measure(code="unpublished", is_published=False),
    }


@pytest.fixture
def catalogue():
    return build_catalogue()


def test_without_filters_every_published_measure_valid_on_the_date(catalogue):
    assert codes(Criteria(on=ON)) == {
        "federal",
        "flemish-seat",
        "brussels-domicile",
        "walloon-youth",
        "disability",
        "horeca",
    }


def test_past_future_and_all(catalogue):
    assert codes(Criteria(on=ON, validity="past")) == {"ended"}
    assert codes(Criteria(on=datetime.date(2019, 1, 1), validity="future")) >= {"federal", "ended"}
    assert "ended" in codes(Criteria(on=ON, validity="all"))
    assert "unpublished" not in codes(Criteria(on=ON, validity="all"))


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        (Criteria(level=("flemish", "walloon")), {"flemish-seat", "walloon-youth"}),
        (Criteria(technique=("activation_allowance",)), {"brussels-domicile"}),
        (Criteria(audience="jobseeker"), {"brussels-domicile"}),
        (Criteria(region="VLG"), {"federal", "flemish-seat", "disability", "horeca"}),
        # A Flemish seat excludes seat-based measures elsewhere, not those decided by the domicile.
        (Criteria(seat_region="BRU"), {"federal", "brussels-domicile", "walloon-youth", "disability", "horeca"}),
        (Criteria(domicile_region="WAL"), {"federal", "flemish-seat", "walloon-youth", "disability", "horeca"}),
        (Criteria(age=30), {"federal", "brussels-domicile", "disability", "horeca"}),
        (Criteria(age=60), {"federal", "flemish-seat", "brussels-domicile", "disability", "horeca"}),
        (Criteria(jobseeker_months=6), {"federal", "flemish-seat", "walloon-youth", "disability", "horeca"}),
        (Criteria(qualification="higher"), {"federal", "flemish-seat", "brussels-domicile", "disability", "horeca"}),
        (Criteria(disability=False), {"federal", "flemish-seat", "brussels-domicile", "walloon-youth", "horeca"}),
        (Criteria(fraction=Decimal("0.4")), {"federal", "flemish-seat", "walloon-youth", "disability", "horeca"}),
        (
            Criteria(employer_type="non_profit"),
            {"federal", "brussels-domicile", "walloon-youth", "disability", "horeca"},
        ),
        (Criteria(joint_committee="319"), {"federal", "brussels-domicile", "walloon-youth", "disability"}),
        (
            Criteria(joint_committee="302"),
            {"federal", "flemish-seat", "brussels-domicile", "walloon-youth", "disability", "horeca"},
        ),
        (
            Criteria(nace="56101"),
            {"federal", "flemish-seat", "brussels-domicile", "walloon-youth", "disability", "horeca"},
        ),
        (Criteria(nace="47110"), {"federal", "flemish-seat", "brussels-domicile", "walloon-youth", "disability"}),
        (Criteria(size=7), {"federal", "flemish-seat", "brussels-domicile", "walloon-youth", "disability"}),
        (Criteria(q="walloon-y"), {"walloon-youth"}),
    ],
)
def test_each_filter(catalogue, criteria, expected):
    from dataclasses import replace

    assert codes(replace(criteria, on=ON)) == expected


def test_counts_beside_each_option_are_what_choosing_it_would_give(catalogue):
    criteria = Criteria(on=ON, age=60)
    counts = selectors.facet_counts(criteria)
    for facet, options in selectors.FACETS.items():
        for option in options:
            from dataclasses import replace

            value = (option,) if facet in ("level", "technique") else option
            chosen = replace(criteria, **{facet: value})
            assert counts[facet][option] == len(codes(chosen)), (facet, option)


def test_facet_counts_take_one_query(catalogue, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.facet_counts(Criteria(on=ON, age=30, region="VLG", technique=("contribution_reduction",)))


def test_an_empty_result_names_the_filter_that_removed_everything(catalogue):
    criteria = Criteria(on=ON, technique=("activation_allowance",), age=60, qualification="higher")
    assert codes(criteria) == {"brussels-domicile"}
    empty = Criteria(on=ON, technique=("activation_allowance",), disability=False, fraction=Decimal("0.3"))
    assert codes(empty) == set()
    explanation = selectors.summarise(empty)
    assert explanation.total == 0
    assert explanation.blocking == ["technique", "fraction"]
    assert explanation.total_without_filters == 6


def test_sorting_by_amount_and_by_name(catalogue):
    by_amount = [v.measure.code for v in selectors.filter_measures(Criteria(on=ON, sort="amount"), language="en")]
    assert by_amount[0] == "walloon-youth"  # 24 months x 500 = 12,000 over two years
    by_name = [v.display_name for v in selectors.filter_measures(Criteria(on=ON, sort="name"), language="en")]
    assert by_name == sorted(by_name)


def test_relevance_puts_a_name_match_first(catalogue):
    from measures.models import Measure

    Measure.objects.filter(code="horeca").update(name_en="Hotel staff reduction")
    results = [v.measure.code for v in selectors.filter_measures(Criteria(on=ON, q="hotel"), language="en")]
    assert results == ["horeca"]


situations = st.builds(
    Criteria,
    on=st.just(ON),
    age=st.none() | st.integers(14, 99),
    jobseeker_months=st.none() | st.integers(0, 60),
    qualification=st.none() | st.sampled_from(constants.Qualification.values),
    disability=st.none() | st.booleans(),
    fraction=st.none() | st.decimals(min_value=Decimal("0.01"), max_value=1, places=2),
    employer_type=st.none() | st.sampled_from(constants.EmployerType.values),
    joint_committee=st.none() | st.sampled_from(["302", "319", "200", "330.01"]),
    nace=st.none() | st.sampled_from(["56101", "47110", "56"]),
    size=st.none() | st.integers(0, 9),
    seat_region=st.none() | st.sampled_from([r.value for r in constants.LOCAL_REGIONS]),
    domicile_region=st.none() | st.sampled_from([r.value for r in constants.LOCAL_REGIONS]),
)


class TestFiltersAgreeWithEligibility(TestCase):
    """The SQL filter and the criteria the calculator uses give the same answer for any situation."""

    @classmethod
    def setUpTestData(cls):
        cls.measures = build_catalogue()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(criteria=situations)
    def test_same_measures(self, criteria):
        from measures.models import Measure

        expected = set()
        for measure in Measure.objects.published().prefetch_related("versions"):
            version = next((v for v in measure.versions.all() if v.is_valid_on(ON)), None)
            if version and not eligibility.reasons_not_eligible(version, criteria.situation(), measure):
                expected.add(measure.code)
        assert codes(criteria) == expected
        assert selectors.summarise(criteria).total == len(expected)
