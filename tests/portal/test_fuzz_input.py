"""Hypothesis fuzz of every identifier parser and every form (issue 16, build item 4): any text either parses or is
refused with the exception the caller handles, never anything else (which would be a 500)."""

import contextlib

from django import forms
from django.core.exceptions import ValidationError

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authz.forms import AuditSearchForm, MandateForm
from dmfa.forms import EmployerSearchForm, PersonSearchForm, UploadForm
from foundation.identifiers import (
    InvalidIdentifier,
    is_valid_enterprise_number,
    is_valid_insz,
    is_valid_rsz_number,
    validate_employer_number,
    validate_enterprise_number,
    validate_establishment_number,
    validate_insz,
    validate_registration_number,
)
from foundation.quarters import Quarter
from measures.calculator.forms import CalculationForm, CompareForm, HireForm
from measures.forms import CatalogueFilterForm, page_number
from repertory.forms import EmployerNumberForm, ImportUploadForm

#: Text a hostile client sends: digits and separators that look like identifiers, and anything else.
hostile_text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="0123456789 .-/Qq BEbe+", max_size=30),
    st.text(alphabet="0123456789²٣١", min_size=8, max_size=12),  # digits to str.isdigit(), not all to int()
    st.from_regex(r"\A[0-9]{8,12}\Z"),
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

PARSERS = [
    (validate_enterprise_number, (InvalidIdentifier,)),
    (validate_establishment_number, (InvalidIdentifier,)),
    (lambda raw: validate_registration_number(raw, repertory="RSZ"), (InvalidIdentifier,)),
    (lambda raw: validate_registration_number(raw, repertory="RSZPPO"), (InvalidIdentifier,)),
    (validate_employer_number, (InvalidIdentifier,)),
    (validate_insz, (ValidationError,)),
    (Quarter.parse, (ValueError,)),
    (is_valid_insz, ()),
    (is_valid_rsz_number, ()),
    (is_valid_enterprise_number, ()),
    (page_number, ()),
]


@pytest.mark.parametrize("parse, refusal", PARSERS, ids=lambda item: getattr(item, "__name__", "case"))
@FUZZ
@given(raw=hostile_text)
def test_an_identifier_parser_parses_or_refuses(parse, refusal, raw):
    with contextlib.suppress(*refusal):
        parse(raw)


FORMS = [
    (EmployerNumberForm, {}),
    (ImportUploadForm, {}),
    (PersonSearchForm, {}),
    (EmployerSearchForm, {}),
    (UploadForm, {}),
    (AuditSearchForm, {}),
    (MandateForm, {}),
    (CatalogueFilterForm, {}),
    (CalculationForm, {}),
    (HireForm, {}),
    (CompareForm, {}),
]


def form_data(form_class) -> st.SearchStrategy:
    fields = form_class.base_fields
    return st.fixed_dictionaries({}, optional=dict.fromkeys(fields, hostile_text))


@pytest.mark.django_db
@pytest.mark.parametrize("form_class, kwargs", FORMS, ids=lambda item: getattr(item, "__name__", ""))
@FUZZ
@given(data=st.data())
def test_a_form_validates_or_says_why(form_class, kwargs, data):
    form = form_class(data=data.draw(form_data(form_class)), **kwargs)
    if not form.is_valid():
        assert form.errors
        for messages in form.errors.values():
            assert all(isinstance(message, str) and message for message in messages)
    else:
        assert isinstance(form.cleaned_data, dict)


def test_every_form_of_the_apps_is_fuzzed():
    import importlib

    listed = {form_class for form_class, _kwargs in FORMS}
    for module in ("authz.forms", "dmfa.forms", "measures.forms", "measures.calculator.forms", "repertory.forms"):
        found = importlib.import_module(module)
        for value in vars(found).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module
                and not value.__name__.startswith("Base")
                and value.base_fields
                and value.__name__ != "ConsultationForm"  # abstract: its two subclasses are fuzzed
            ):
                assert value in listed, value


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["12345678²", "١٢٣٤٥٦٧٨٩", "0812345603²"])
def test_the_public_look_up_refuses_digits_int_cannot_read(client, number):
    response = client.get("/en/employer-category/", {"number": number})
    assert response.status_code in (200, 400)
