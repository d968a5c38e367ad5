"""The repertory demo: employers A, B and C as the other apps expect them, every region, idempotent."""

import io

import pytest

from repertory import demo
from repertory.constants import Region
from repertory.models import Employer, OperatingSeat
from repertory.selectors import employer_facts

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent():
    demo.load(stdout=io.StringIO())
    first = sorted(Employer.objects.values_list("repertory", "registration_number", "name_nl", "name_fr"))
    demo.load(stdout=io.StringIO())
    assert sorted(Employer.objects.values_list("repertory", "registration_number", "name_nl", "name_fr")) == first
    a = employer_facts("RSZ", "123456749")
    assert a.enterprise_number == "0812345603" and a.regions == {Region.BRUSSELS.value} and not a.natural_person
    b = employer_facts("RSZ", "134567808")
    assert b.enterprise_number == "0823456754" and b.natural_person and b.regions == {Region.FLANDERS.value}
    c = employer_facts("RSZPPO", "12345672")
    assert c.enterprise_number == "0834567808" and c.legal_form == "411" and c.regions == {Region.WALLONIA.value}
    assert set(OperatingSeat.objects.values_list("region", flat=True)) == set(Region.values)
    assert OperatingSeat.objects.filter(german_language_area=True).exists()
    assert Employer.objects.exclude(deletion_date=None).exists()
    assert Employer.objects.filter(natural_person=True).exists() and Employer.objects.filter(repertory="RSZPPO")
