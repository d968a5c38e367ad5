"""The demo DmfA data: generated as XML, imported through the real importer, idempotent."""

import io

import pytest

from dmfa import demo
from dmfa.models import EmployerDeclaration, ImportJob, NaturalPerson, Occupation, OccupationDeduction, Service

pytestmark = pytest.mark.django_db


def test_the_demo_is_realistic_and_idempotent():
    out = io.StringIO()
    demo.load(stdout=out)
    assert "18 declarations imported" in out.getvalue()
    assert EmployerDeclaration.objects.count() == 18  # 3 employers x 6 quarters
    assert NaturalPerson.objects.values("insz").distinct().count() == 40
    for insz in ("90051512391", "85010123176", "64072008826", "01020314523"):
        assert NaturalPerson.objects.filter(insz=insz, declaration__registration_number="123456749").exists()
    assert Occupation.objects.filter(contract_type=0).exists() and Occupation.objects.filter(contract_type=1).exists()
    assert {"001", "002", "050", "071"} <= set(Service.objects.values_list("code", flat=True))
    assert {"4000", "3241"} <= set(OccupationDeduction.objects.values_list("code", flat=True))  # GECO and DSP
    before = NaturalPerson.objects.count()
    demo.load(stdout=io.StringIO())
    assert NaturalPerson.objects.count() == before and EmployerDeclaration.objects.count() == 18
    assert ImportJob.objects.filter(source="demo").count() == 2
