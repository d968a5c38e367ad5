"""The demo loads the shipped catalogue, and loading it again brings a demo database up to date with the file."""

import io

import pytest

from measures.demo import DATA_FILE, load_shipped
from measures.loader import read
from measures.models import Measure, MeasureRevision

pytestmark = pytest.mark.django_db

CODES = [item["code"] for item in read(DATA_FILE)["measures"]]


def test_the_demo_loads_every_shipped_measure():
    out = io.StringIO()
    assert load_shipped(stdout=out) == len(CODES)
    assert set(Measure.objects.values_list("code", flat=True)) == set(CODES)
    assert Measure.objects.filter(is_published=True).count() == len(CODES)
    assert out.getvalue() == f"measures: {len(CODES)} created, 0 updated, 0 unchanged from measures.yaml"


def test_loading_the_demo_again_changes_nothing_and_records_no_revision():
    load_shipped()
    revisions = MeasureRevision.objects.count()
    last_changed = dict(Measure.objects.values_list("code", "updated_at"))
    out = io.StringIO()
    assert load_shipped(stdout=out) == 0
    assert MeasureRevision.objects.count() == revisions
    assert dict(Measure.objects.values_list("code", "updated_at")) == last_changed
    assert out.getvalue() == f"measures: 0 created, 0 updated, {len(CODES)} unchanged from measures.yaml"


def test_an_existing_demo_database_follows_the_edits_of_the_file():
    """A demo database loaded from an older file (here: a changed name, a missing version) is brought up to date."""
    load_shipped()
    first_hires = Measure.objects.get(code="fed-first-hires")
    versions = first_hires.versions.count()
    Measure.objects.filter(pk=first_hires.pk).update(name_en="An older name")
    first_hires.versions.order_by("valid_from").first().delete()
    assert load_shipped() == 1
    first_hires.refresh_from_db()
    assert first_hires.name_en != "An older name"
    assert first_hires.versions.count() == versions
    assert set(first_hires.revisions.first().changed_fields) >= {"name_en", "versions"}
