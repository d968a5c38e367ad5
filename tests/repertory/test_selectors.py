"""employer_facts: the plain value the calculator reads; seats from the KBO win over those of the repertory file."""

from datetime import date

import pytest

from repertory.constants import Region
from repertory.models import EmployerActivity
from repertory.selectors import EmployerFacts, EmployerNotFound, NaceFact, employer_facts
from tests.repertory.factories import EmployerFactory, OperatingSeatFactory

pytestmark = pytest.mark.django_db


def test_facts_are_plain_values(reference_tables, django_assert_max_num_queries):
    employer = EmployerFactory(
        registration_number="123456749", importance_code=8, legal_form="610", category_codes=["010", "011"]
    )
    EmployerActivity.objects.create(
        employer=employer, category_id="010", nace_version="2008", nace_code="62010", source="repertory"
    )
    OperatingSeatFactory(employer=employer, postcode="4700", region=Region.WALLONIA, german_language_area=True)
    with django_assert_max_num_queries(4):
        facts = employer_facts("RSZ", "123456749")
    assert isinstance(facts, EmployerFacts)
    assert facts.category_codes == ("010", "011")
    assert facts.nace_codes == (NaceFact("010", "2008", "62010"),)
    assert (facts.legal_form, facts.importance_code, facts.size_band) == ("610", 8, "500+")
    assert facts.regions == {"WAL"} and facts.in_german_language_area
    assert not facts.is_deleted()


def test_kbo_seats_replace_those_of_the_repertory_file(reference_tables):
    employer = EmployerFactory(registration_number="123456749", deletion_date=date(2024, 1, 1))
    OperatingSeatFactory(employer=employer, postcode="1000", region=Region.BRUSSELS, source="repertory")
    OperatingSeatFactory(employer=employer, postcode="9000", region=Region.FLANDERS, source="kbo")
    facts = employer_facts("RSZ", "123456749")
    assert [seat.postcode for seat in facts.operating_seats] == ["9000"]
    assert facts.is_deleted(on=date(2025, 1, 1))


def test_unknown_employer_raises(reference_tables):
    EmployerFactory(repertory="RSZ", registration_number="123456749")
    with pytest.raises(EmployerNotFound):
        employer_facts("RSZPPO", "123456749")
