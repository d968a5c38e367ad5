"""Factories of the authz app."""

from datetime import date

import factory

from authz.models import (
    AccessScope,
    EmployerAccess,
    Institution,
    InstitutionMembership,
    QualityCode,
    ReferenceDirectoryEntry,
)
from tests.portal.factories import UserFactory


class EmployerAccessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerAccess
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    repertory = "RSZ"
    registration_number = "123456749"
    role = "owner"
    valid_from = date(2020, 1, 1)

    @factory.post_generation
    def scopes(obj, create, extracted, **kwargs):
        if create:
            codes = extracted if extracted is not None else ["repertory", "calculator"]
            obj.scopes.set(AccessScope.objects.filter(code__in=codes))


class InstitutionMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstitutionMembership

    user = factory.SubFactory(UserFactory)
    institution = factory.LazyFunction(lambda: Institution.objects.get(code="BGDA"))
    role = "agent"
    valid_from = date(2020, 1, 1)


class IntegrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferenceDirectoryEntry

    institution = factory.LazyFunction(lambda: Institution.objects.get(code="BGDA"))
    insz = "90051512391"
    quality_code = factory.LazyFunction(lambda: QualityCode.objects.get(code="001"))
    valid_from = date(2024, 1, 1)
