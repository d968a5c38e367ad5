"""The in-process catalogue index: the same results, counts and order as the SQL selectors; rebuilt after a staff
change; the API and the page served from it without a query."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.cache import cache
from django.db.models import F

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from measures import catalogue_index, constants, selectors, services
from measures.criteria import Criteria
from measures.models import Measure, RuleVersion
from tests.measures.factories import BenefitRuleFactory, RuleVersionFactory, make_measure

pytestmark = pytest.mark.django_db

LEVEL_REGIONS = [
    ("federal", "BE", "nationwide"),
    ("flemish", "VLG", "operating_seat"),
    ("walloon", "WAL", "domicile"),
    ("brussels", "BRU", "domicile"),
    ("brussels", "BRU", "operating_seat"),
    ("german_speaking", "DG", "domicile"),
]
WORDS = ["Hire", "Start", "Wage", "Jeune", "Oudere", "Werk", "Emploi", "Bonus"]


def build_varied_catalogue(count: int = 36, *, seed: int = 3) -> None:
    """Measures that differ in every column a filter, a date or an order reads, with a few past, future, announced
    and unpublished versions and measures, missing translations and equal amounts."""
    rng = random.Random(seed)
    for index in range(count):
        level, region, basis = rng.choice(LEVEL_REGIONS)
        word = rng.choice(WORDS)
        fields = {
            "code": f"m-{index:02d}-{word.lower()}",
            "level": level,
            "region": region,
            "region_basis": basis,
            "technique": rng.choice(constants.Technique.values),
            "audiences": rng.choice([[], ["employer"], ["employer", "jobseeker"], ["worker"]]),
            "is_published": index % 11 != 5,
            "name_nl": f"{word} maatregel {index % 7}",
            "name_fr": f"Mesure {word.lower()} {index}",
            "name_en": rng.choice(["", f"{word} measure {index % 5}", "Same name"]),
            "name_de": rng.choice(["", f"Maßnahme {index}"]),
            "summary_en": rng.choice(["A measure to test with.", f"About {word.lower()} bonuses."]),
        }
        low = rng.choice([None, None, 25, 45, 55])
        version = {
            "age_min": low,
            "age_max": rng.choice([None, 64]) if low else rng.choice([None, 24, 29]),
            "jobseeker_months_min": rng.choice([None, 0, 6, 24]),
            "qualification_max": rng.choice(["", "", "lower_secondary", "upper_secondary"]),
            "reduced_work_capacity_required": rng.random() < 0.15,
            "work_fraction_min": rng.choice([None, Decimal("0.5"), Decimal("0.275")]),
            "employer_types": rng.choice([[], [], ["private"], ["non_profit", "public"]]),
            "employer_categories": rng.choice([[], [], ["010"], ["010", "084"]]),
            "employer_categories_excluded": rng.choice([[], [], ["084"]]),
            "nace_included": rng.choice([[], [], ["56"], ["47", "5610"]]),
            "nace_excluded": rng.choice([[], [], ["56101"]]),
            "joint_committees_included": rng.choice([[], [], ["302"], ["330"]]),
            "joint_committees_excluded": rng.choice([[], [], ["319", "330.01"]]),
            "size_min": rng.choice([None, None, 2]),
            "size_max": rng.choice([None, None, 4, 9]),
        }
        shape = rng.choice(["open", "open", "ended", "changed", "future", "announced"])
        if shape == "ended":
            version["valid_until"] = datetime.date(2022, 12, 31)
        if shape == "changed":
            version["valid_until"] = datetime.date(2024, 12, 31)
        if shape == "future":
            version["valid_from"] = datetime.date(2027, 1, 1)
            fields["valid_from"] = datetime.date(2027, 1, 1)
        measure = make_measure(amount=rng.choice([500, 1000, 1000, 2500]), periods=rng.choice([4, 8]), version=version)
        Measure.objects.filter(pk=measure.pk).update(**{k: v for k, v in fields.items() if k != "valid_from"})
        if shape in ("changed", "announced"):
            later = RuleVersionFactory(
                measure=measure,
                valid_from=datetime.date(2025, 1, 1),
                age_min=rng.choice([None, 50]),
                status=constants.Status.ANNOUNCED if shape == "announced" else constants.Status.IN_FORCE,
                announcement_key="src" if shape == "announced" else "",
            )
            if shape == "announced":
                RuleVersion.objects.filter(pk=later.pk).update(valid_from=datetime.date(2027, 6, 1))
            BenefitRuleFactory(version=later, steps=[[rng.choice([700, 1000]), 8]])
        services.refresh_derived(Measure.objects.get(pk=measure.pk))
    # A measure without an amount to sort by.
    RuleVersion.objects.filter(measure__code__startswith="m-03").update(sort_amount=None)
    RuleVersion.objects.filter(measure__code__startswith="m-04").update(sort_amount=F("sort_amount") + 1)


criteria_strategy = st.builds(
    Criteria,
    q=st.none() | st.sampled_from(["werk", "MESURE", "bonus", "m-1", "zzz", "é", "Same"]),
    audience=st.none() | st.sampled_from(constants.Audience.values),
    level=st.lists(st.sampled_from(constants.Level.values), max_size=2, unique=True).map(tuple),
    region=st.none() | st.sampled_from(constants.Region.values),
    seat_region=st.none() | st.sampled_from([r.value for r in constants.LOCAL_REGIONS]),
    domicile_region=st.none() | st.sampled_from([r.value for r in constants.LOCAL_REGIONS]),
    technique=st.lists(st.sampled_from(constants.Technique.values), max_size=2, unique=True).map(tuple),
    employer_type=st.none() | st.sampled_from(constants.EmployerType.values),
    employer_category=st.none() | st.sampled_from(["010", "084", "200"]),
    nace=st.none() | st.sampled_from(["56101", "56.101", "47110", "56", "5610"]),
    joint_committee=st.none() | st.sampled_from(["302", "319", "330", "330.01", "200"]),
    size=st.none() | st.integers(0, 9),
    age=st.none() | st.integers(14, 99),
    jobseeker_months=st.none() | st.integers(0, 60),
    qualification=st.none() | st.sampled_from(constants.Qualification.values),
    disability=st.none() | st.booleans(),
    fraction=st.none() | st.decimals(min_value=Decimal("0.01"), max_value=1, places=2),
    on=st.none()
    | st.sampled_from([datetime.date(2019, 6, 1), datetime.date(2022, 12, 31), datetime.date(2024, 12, 31)])
    | st.dates(datetime.date(2019, 1, 1), datetime.date(2028, 12, 31)),
    validity=st.none() | st.sampled_from(constants.Validity.values),
    sort=st.none() | st.sampled_from(constants.Sort.values),
)


class TestTheIndexAgreesWithTheSqlSelectors(TestCase):
    """For any combination of filters, date, validity and sort order: the same matches in the same order, the same
    total, counts per option and counts without each filter."""

    @classmethod
    def setUpTestData(cls):
        build_varied_catalogue()

    def setUp(self):
        cache.clear()  # a fresh generation: the index is built from this test's data

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(criteria=criteria_strategy, language=st.sampled_from(["nl", "fr", "de", "en"]))
    def test_same_results_order_and_counts(self, criteria, language):
        result = catalogue_index.search(criteria, language=language)
        expected = list(selectors.filter_measures(criteria, language=language))
        assert [hit.version.pk for hit in result.hits] == [version.pk for version in expected]
        assert [hit.name for hit in result.hits] == [version.display_name for version in expected]
        assert result.summary == selectors.summarise(criteria)

    def test_the_catalogue_has_the_variety_the_comparison_needs(self):
        """A comparison over a catalogue where every filter gives the same answer could not fail."""
        everything = Criteria(validity="all")
        total = catalogue_index.search(everything, language="en").summary.total
        assert 20 < total < Measure.objects.count()
        for name, value in [("age", 60), ("employer_category", "084"), ("nace", "56101"), ("joint_committee", "319")]:
            narrowed = catalogue_index.search(Criteria(validity="all", **{name: value}), language="en").summary.total
            assert 0 < narrowed < total, name
        assert catalogue_index.search(Criteria(validity="past"), language="en").summary.total > 0
        assert catalogue_index.search(Criteria(validity="future"), language="en").summary.total > 0

    def test_a_page_slice_is_the_same_as_the_slice_of_the_sql_result(self):
        criteria = Criteria(validity="all", age=40)
        hits = catalogue_index.search(criteria, language="en").hits
        whole = [version.pk for version in selectors.filter_measures(criteria, language="en")]
        assert len(whole) > 9  # a slice that can differ
        assert [hit.version.pk for hit in hits[3:9]] == whole[3:9]
        assert hits[-1].version.pk == whole[-1]
        assert hits[len(whole) : len(whole) + 5] == []


@pytest.fixture
def two_measures():
    return [make_measure(code="older", version={"age_min": 55}), make_measure(code="general")]


def test_the_index_is_rebuilt_after_a_staff_change(client, two_measures, django_capture_on_commit_callbacks):
    before = catalogue_index.current_index()
    assert catalogue_index.current_index() is before  # kept in the process while nothing changes
    assert catalogue_index.search(Criteria(age=60), language="en").summary.total == 2
    RuleVersion.objects.filter(measure__code="older").update(age_min=65)
    assert catalogue_index.search(Criteria(age=60), language="en").summary.total == 2  # not told yet
    with django_capture_on_commit_callbacks(execute=True):
        services.record_change(measure=Measure.objects.get(code="older"), user=None, origin="admin", summary="x")
    assert catalogue_index.current_index() is not before
    assert catalogue_index.search(Criteria(age=60), language="en").summary.total == 1
    assert "/en/measures/older/" not in client.get("/en/measures/?age=61").content.decode()


def test_the_api_and_the_page_are_served_from_the_index(client, two_measures, django_assert_num_queries):
    client.get("/api/v1/measures/")  # builds the index
    with django_assert_num_queries(0):
        body = client.get("/en/measures/?age=60&sort=name").content.decode()
    assert "/en/measures/older/" in body
    # The API reads only the rules of its page; the index decides which measures and in which order.
    RuleVersion.objects.filter(measure__code="older").update(age_min=65)  # unknown to the index until a change
    codes = [row["code"] for row in client.get("/api/v1/measures/?age=60&sort=name").json()["results"]]
    assert sorted(codes) == ["general", "older"]


def test_an_unknown_filter_name_is_refused():
    with pytest.raises(ValueError, match="unknown filter"):
        catalogue_index.CatalogueIndex([], {lang: [] for lang in selectors.LANGUAGES}).layout("en", "name").condition(
            "colour", "red"
        )
