"""Factories of the repertory app (the employer categories come from the shipped list: load_employer_categories)."""

import factory

from repertory.constants import EmployerType, Region, Repertory
from repertory.models import Employer, OperatingSeat, Source


def _rsz_number(n: int) -> str:
    radix = 1_000_000 + n
    check = 96 - (radix * 100) % 97
    return f"{radix}{check or 97:02d}"


def _kbo(first8: int) -> str:
    return f"{first8:08d}{97 - first8 % 97:02d}"


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer
        skip_postgeneration_save = True

    repertory = Repertory.RSZ
    registration_number = factory.Sequence(_rsz_number)
    enterprise_number = factory.Sequence(lambda n: _kbo(8_100_000 + n))
    name_nl = factory.Sequence(lambda n: f"Werkgever {n}")
    legal_form = "014"
    natural_person = False
    employer_type = EmployerType.PRIVATE
    importance_code = 3
    office_street = "Wetstraat"
    office_house_number = "16"
    office_postcode = "1000"
    office_municipality = "Brussel"

    @factory.post_generation
    def category_codes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.categories.set(extracted)


class OperatingSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperatingSeat

    employer = factory.SubFactory(EmployerFactory)
    postcode = "1000"
    municipality = "Brussel"
    street = "Wetstraat"
    region = Region.BRUSSELS
    source = Source.REPERTORY
