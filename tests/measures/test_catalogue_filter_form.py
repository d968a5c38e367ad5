"""The catalogue filter form hands each instance the declared fields without copying them: each form still has a
fields dict, errors and cleaned data of its own."""

from __future__ import annotations

from measures.forms import CatalogueFilterForm


def test_forms_read_their_own_data_with_the_same_fields():
    wrong, right = CatalogueFilterForm({"age": "abc", "level": "nowhere"}), CatalogueFilterForm({"age": "60"})
    assert wrong.invalid_fields() == ["level", "age"]
    assert right.invalid_fields() == [] and right.criteria().age == 60
    assert wrong.criteria().age is None
    assert right.fields["age"] is CatalogueFilterForm.base_fields["age"]  # shared, not copied


def test_a_form_that_drops_a_field_leaves_the_next_form_whole():
    form = CatalogueFilterForm({"age": "60"})
    del form.fields["age"]
    assert form.criteria().age is None
    assert "age" in CatalogueFilterForm.base_fields
    assert CatalogueFilterForm({"age": "60"}).criteria().age == 60
